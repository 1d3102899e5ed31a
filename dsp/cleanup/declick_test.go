package cleanup

import (
	"fmt"
	"math"
	"testing"

	"immerse/dsp"
)

// planted is a click added to a test signal.
type planted struct {
	at, length int
	amp        float64
	shape      string
}

var clickLengths = []int{1, 2, 3, 5, 8, 13, 20, 30, 40}
var clickAmps = []float64{0.05, 0.1, 0.2, 0.5, 0.9}
var clickShapes = []string{"impulse", "burst", "pulse"}

// plantClicks adds clicks every 0.15 to 0.25 s: every length, amplitude
// and shape in turn, random sign. An "impulse" is a sharp spike that
// rings down over its length (a high-frequency stylus ringing), a "burst"
// a Hann-shaped noise burst (a scratch), a "pulse" a jump away and back
// (a pop with two sharp edges; the top sags by 20%).
func plantClicks(x []float32, seed uint64) ([]float32, []planted) {
	r := rng(seed)
	y := append([]float32(nil), x...)
	var out []planted
	i := 0
	for t := testRate / 4; t < len(x)-testRate/4; t += testRate*15/100 + r.IntN(testRate/10) {
		p := planted{at: t, length: clickLengths[i%len(clickLengths)], amp: clickAmps[(i/len(clickLengths))%len(clickAmps)],
			shape: clickShapes[(i/3)%len(clickShapes)]}
		i++
		sign := 1.0
		if r.IntN(2) == 0 {
			sign = -1
		}
		for k := 0; k < p.length; k++ {
			var v float64
			u := float64(k) / float64(p.length)
			switch p.shape {
			case "impulse":
				v = math.Exp(-4*u) * math.Cos(2.2*float64(k))
			case "burst":
				v = math.Sin(math.Pi*(float64(k)+0.5)/float64(p.length)) * math.Max(-1, math.Min(1, r.NormFloat64()*0.6))
			case "pulse":
				v = 1 - 0.2*u
			}
			y[t+k] += float32(sign * p.amp * v)
		}
		out = append(out, p)
	}
	return y, out
}

// declickRun runs mono x through a Declicker in blocks and returns the
// aligned output and the clicks.
func declickRun(t testing.TB, x []float32, p DeclickParams, block int) ([]float32, []Click) {
	t.Helper()
	d, err := NewDeclicker(p, testRate, 1)
	if err != nil {
		t.Fatal(err)
	}
	lat := d.Latency()
	buf := make([]float32, len(x)+lat)
	copy(buf, x)
	var clicks []Click
	for i := 0; i < len(buf); i += block {
		b := [][]float32{buf[i:min(i+block, len(buf))]}
		d.Process(b, b)
		clicks = d.TakeClicks(clicks)
	}
	return buf[lat:], clicks
}

// oracleRepairDB is the error reduction of the best AR repair of the
// span [s, s+m): least-squares interpolation with the model (order 3m,
// at least 32) estimated from the clean signal itself, centred on the
// span. It is the bound any AR repair of that span can reach.
func oracleRepairDB(clean, x []float32, s, m, a, b int) float64 {
	p := min(maxRepairOrder, max(32, 3*m))
	w0 := s + m/2 - 1024
	xc := make([]float64, 2048)
	for i := range xc {
		xc[i] = float64(clean[w0+i])
	}
	win := make([]float64, len(xc))
	for i := range win {
		win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*(float64(i)+0.5)/float64(len(win)))
	}
	r, coef := make([]float64, p+1), make([]float64, p+1)
	autocorr(r, xc, win, make([]float64, len(xc)))
	levinson(coef, r, make([]float64, p+1))
	y := append([]float64(nil), xc...)
	newInterpolator(m, p).fill(y, coef, s-w0, m)
	var before, after float64
	for i := a; i < b; i++ {
		before += sq(float64(x[i] - clean[i]))
		v := float64(x[i])
		if i >= s && i < s+m {
			v = y[i-w0]
		}
		after += sq(v - float64(clean[i]))
	}
	return dsp.PowerToDB(before / after)
}

// TestDeclickFindsAndRepairs: clicks of 1 to 40 samples (three shapes,
// amplitudes 0.05 to 0.9 of full scale) in music-like signals (RMS -20
// dBFS) are found (>= 95% within 1 ms, no other detections). Every loud
// click (amplitude >= 0.5) is repaired: the error against the clean
// signal within 2 ms of it falls by >= 20 dB. Every found click is
// repaired by >= 20 dB or within 10 dB of the best AR repair of its span
// (the interpolation with the clean signal's own model; measured: at most
// 4.5 dB short over the full run, 8.7 dB in -short): quieter clicks fall
// short of 20 dB where the music itself cannot be interpolated that well
// or their own noise spoils the model.
func TestDeclickFindsAndRepairs(t *testing.T) {
	n := 20 * testRate
	if testing.Short() {
		n = 8 * testRate
	}
	total, found, loud, loudOK, over20, falsePos := 0, 0, 0, 0, 0, 0
	worstLoud, worstGap := math.Inf(1), 0.0
	for seed := uint64(1); seed <= 2; seed++ {
		clean := musicLike(seed, n, testRate)
		x, clicks := plantClicks(clean, seed+100)
		y, got := declickRun(t, x, DefaultDeclickParams(), 4096)
		used := make([]bool, len(got))
		for _, c := range clicks {
			total++
			k := -1
			for j, g := range got {
				if !used[j] && g.Frame >= int64(c.at-48) && g.Frame <= int64(c.at+48) {
					used[j], k = true, j
					break
				}
			}
			if k < 0 {
				t.Logf("missed click at %d (%d samples, %g, %s)", c.at, c.length, c.amp, c.shape)
				continue
			}
			found++
			a, b := c.at-96, c.at+c.length+96
			var before, after float64
			for i := a; i < b; i++ {
				before += sq(float64(x[i] - clean[i]))
				after += sq(float64(y[i] - clean[i]))
			}
			red := dsp.PowerToDB(before / after)
			if red >= 20 {
				over20++
			}
			if c.amp >= 0.5 {
				loud++
				worstLoud = math.Min(worstLoud, red)
				if red >= 20 {
					loudOK++
				} else {
					t.Errorf("loud click at %d (%d samples, %g, %s): error reduced by %.1f dB, want >= 20", c.at, c.length, c.amp, c.shape, red)
				}
			}
			best := oracleRepairDB(clean, x, int(got[k].Frame), got[k].Length, a, b)
			if red < 20 {
				worstGap = math.Max(worstGap, best-red)
			}
			if red < 20 && red < best-10 {
				t.Errorf("click at %d (%d samples, %g, %s): repaired by %.1f dB, the best AR repair of its span %.1f dB", c.at, c.length, c.amp, c.shape, red, best)
			}
		}
		for k, u := range used {
			if !u {
				falsePos++
				t.Errorf("detection where no click was planted: %+v", got[k])
			}
		}
	}
	t.Logf("%d clicks: %d found within 1 ms (%.1f%%), %d other detections; loud ones: %d of %d repaired by >= 20 dB (worst %.1f dB); all found: %d (%.1f%%) by >= 20 dB, the others at most %.2f dB short of the best AR repair",
		total, found, 100*float64(found)/float64(total), falsePos, loudOK, loud, worstLoud, over20, 100*float64(over20)/float64(found), worstGap)
	if float64(found) < 0.95*float64(total) {
		t.Errorf("found %d of %d clicks, want >= 95%%", found, total)
	}
}

func sq(x float64) float64 { return x * x }

// TestDeclickLeavesMusicalAttacksAlone: a drum loop, speech and plucked
// strings have no detections and pass bit for bit.
func TestDeclickLeavesMusicalAttacksAlone(t *testing.T) {
	n := 16 * testRate
	if testing.Short() {
		n = 6 * testRate
	}
	for name, x := range map[string][]float32{
		"drum loop": drumLoop(1, n, testRate), "speech": speechLike(2, n, testRate),
		"plucked strings": plucked(3, n, testRate), "music": musicLike(4, n, testRate),
	} {
		// The generators stop mid-sound at n: fade out over 20 ms, 50 ms
		// before the end, as a recording ends (a plosive burst cut to a
		// few samples by the end of the buffer, then silence, would be a
		// click).
		f, end := testRate/50, n-testRate/20
		for i := 0; i < f; i++ {
			x[end-f+i] *= float32(0.5 + 0.5*math.Cos(math.Pi*float64(i)/float64(f)))
		}
		clear(x[end:])
		y, got := declickRun(t, x, DefaultDeclickParams(), 1000)
		if len(got) > 0 {
			t.Errorf("%s: %d detections, first %s", name, len(got), describeClicks(got))
		}
		for i := range x {
			if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
				t.Errorf("%s: frame %d changed", name, i)
				break
			}
		}
	}
}

func describeClicks(c []Click) string {
	s := ""
	for i, x := range c {
		if i == 5 {
			break
		}
		s += fmt.Sprintf("[%.3f s, %d] ", float64(x.Frame)/testRate, x.Length)
	}
	return s
}

// TestDeclickBlockInvariance: blocks of 1, 7, 64, 512 and 4096 frames give
// the same output and the same clicks; a Reset processor equals a new one.
func TestDeclickBlockInvariance(t *testing.T) {
	clean := musicLike(7, 2*testRate, testRate)
	x, _ := plantClicks(clean, 77)
	ref, refClicks := declickRun(t, x, DefaultDeclickParams(), 4096)
	if len(refClicks) == 0 {
		t.Fatal("no clicks found")
	}
	for _, block := range []int{1, 7, 64, 512} {
		y, c := declickRun(t, x, DefaultDeclickParams(), block)
		if len(c) != len(refClicks) {
			t.Fatalf("block %d: %d clicks, want %d", block, len(c), len(refClicks))
		}
		for i := range y {
			if math.Float32bits(y[i]) != math.Float32bits(ref[i]) {
				t.Fatalf("block %d: frame %d differs", block, i)
			}
		}
	}
	d, _ := NewDeclicker(DefaultDeclickParams(), testRate, 1)
	junk := whiteNoise(1, 0.3, 10000)
	d.Process([][]float32{junk}, [][]float32{junk})
	d.Reset()
	lat := d.Latency()
	buf := append(append([]float32(nil), x...), make([]float32, lat)...)
	d.Process([][]float32{buf}, [][]float32{buf})
	for i, v := range buf[lat:] {
		if math.Float32bits(v) != math.Float32bits(ref[i]) {
			t.Fatalf("after Reset: frame %d differs", i)
		}
	}
}

// TestDeclickChannelsIndependent: a click in the left channel is repaired
// there and the right channel passes bit for bit.
func TestDeclickChannelsIndependent(t *testing.T) {
	l := musicLike(8, testRate, testRate)
	r := musicLike(9, testRate, testRate)
	lc := append([]float32(nil), l...)
	for k := 0; k < 5; k++ {
		lc[20000+k] += 0.5
	}
	d, _ := NewDeclicker(DefaultDeclickParams(), testRate, 2)
	lat := d.Latency()
	buf := [][]float32{append(lc, make([]float32, lat)...), append(append([]float32(nil), r...), make([]float32, lat)...)}
	d.Process(buf, buf)
	clicks := d.TakeClicks(nil)
	if len(clicks) != 1 || clicks[0].Channel != 0 || math.Abs(float64(clicks[0].Frame-20000)) > 3 {
		t.Fatalf("clicks %+v, want one on channel 0 at 20000", clicks)
	}
	for i, v := range buf[1][lat:] {
		if math.Float32bits(v) != math.Float32bits(r[i]) {
			t.Fatalf("right channel frame %d changed", i)
		}
	}
	var e float64
	for i := 19900; i < 20100; i++ {
		e += sq(float64(buf[0][lat+i] - l[i]))
	}
	if red := dsp.PowerToDB(5 * 0.25 / e); red < 20 {
		t.Errorf("left click reduced by %.1f dB", red)
	}
}

// TestDeclickNoAllocs: Process allocates nothing, clicks or not.
func TestDeclickNoAllocs(t *testing.T) {
	clean := musicLike(5, 2*testRate, testRate)
	x, _ := plantClicks(clean, 55)
	d, _ := NewDeclicker(DefaultDeclickParams(), testRate, 1)
	buf := make([]float32, 1024)
	i := 0
	allocs := testing.AllocsPerRun(60, func() {
		copy(buf, x[i:i+1024])
		d.Process([][]float32{buf}, [][]float32{buf})
		d.TakeClicks(nil)
		i = (i + 1024) % (len(x) - 1024)
	})
	if allocs != 0 {
		t.Errorf("%g allocations per Process", allocs)
	}
	if d.Detected() == 0 {
		t.Error("the allocation test saw no click")
	}
}

// TestDeclickLatency: an unchanged signal comes out delayed by exactly
// Latency frames.
func TestDeclickLatency(t *testing.T) {
	x := musicLike(6, testRate/2, testRate)
	d, _ := NewDeclicker(DefaultDeclickParams(), 44100, 1)
	y := process(d, append(append([]float32(nil), x...), make([]float32, d.Latency())...), 333)
	for i := range x {
		if y[i+d.Latency()] != x[i] {
			t.Fatalf("frame %d: %g, want %g (latency %d)", i, y[i+d.Latency()], x[i], d.Latency())
		}
	}
	t.Logf("latency at 44.1 kHz: %d frames (%.1f ms)", d.Latency(), 1000*float64(d.Latency())/44100)
}
