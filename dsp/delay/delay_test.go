package delay

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"immerse/dsp"
)

const rate = 48000

// run processes x in blocks (dsp.ProcessAll).
func run(p dsp.Processor, x [][]float32, block int) [][]float32 { return dsp.ProcessAll(p, x, block) }

func must(t testing.TB, p Params, ch int) *Delay {
	t.Helper()
	d, err := New(p, rate, ch)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func impulse(ch, n int) [][]float32 {
	x := dsp.NewBuffer(ch, n)
	for c := range x {
		x[c][0] = 1
	}
	return x
}

func TestNoteValues(t *testing.T) {
	cases := []struct {
		note string
		bpm  float64
		ms   float64
	}{
		{"1/4", 120, 500}, {"1/8.", 120, 375}, {"1/8t", 120, 166.6666666666667},
		{"1/1", 120, 2000}, {"1/16", 90, 166.6666666666667}, {"1/2.", 100, 1800}, {"3/16", 120, 375},
	}
	for _, c := range cases {
		s, err := NoteSeconds(c.note, c.bpm)
		if err != nil || math.Abs(1000*s-c.ms) > 1e-9 {
			t.Errorf("%s at %g bpm: %v ms (%v), want %v", c.note, c.bpm, 1000*s, err, c.ms)
		}
	}
	for _, bad := range []string{"", "1/0", "quarter", "1/4x", "-1/4"} {
		if _, err := NoteSeconds(bad, 120); err == nil {
			t.Errorf("note %q accepted", bad)
		}
	}
	p := DefaultParams()
	p.Note, p.BPM = "1/1.", 40 // 9 s
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "longer than 4000 ms") {
		t.Errorf("9 s note: %v", err)
	}
}

// TestImpulseTaps: with the filters off an impulse gives the dry impulse
// times (1−mix) and repeats at exactly k·time·fs frames of mix·feedback^(k−1).
func TestImpulseTaps(t *testing.T) {
	for _, tc := range []struct {
		note   string
		timeMs float64
		frames int
	}{{"", 125, 6000}, {"1/8t", 0, 8000}, {"1/16.", 0, 9000}} {
		p := DefaultParams()
		p.TimeMs, p.Note, p.BPM, p.Feedback, p.Mix = math.Max(1, tc.timeMs), tc.note, 120, 0.6, 0.4
		d := must(t, p, 2)
		n := 6*tc.frames + 10
		y := run(d, impulse(2, n), 256)
		for c := range y {
			if math.Abs(float64(y[c][0])-0.6) > 1e-7 {
				t.Errorf("%s: dry tap %g, want 0.6", tc.note, y[c][0])
			}
			for i := 1; i < n; i++ {
				want := 0.0
				if k := i / tc.frames; i%tc.frames == 0 {
					want = 0.4 * math.Pow(0.6, float64(k-1))
				}
				if math.Abs(float64(y[c][i])-want) > 1e-6 {
					t.Fatalf("time %g ms note %q: ch %d frame %d: %g, want %g", tc.timeMs, tc.note, c, i, y[c][i], want)
				}
			}
		}
	}
}

func TestPingPong(t *testing.T) {
	p := DefaultParams()
	p.TimeMs, p.Feedback, p.Mix, p.PingPong = 100, 0.5, 1, true
	d := must(t, p, 2)
	const T = 4800
	y := run(d, impulse(2, 5*T+1), 100)
	for k := 1; k <= 5; k++ {
		want := math.Pow(0.5, float64(k-1))
		on, off := 0, 1 // odd repeats left, even ones right
		if k%2 == 0 {
			on, off = 1, 0
		}
		if math.Abs(float64(y[on][k*T])-want) > 1e-6 || y[off][k*T] != 0 {
			t.Errorf("repeat %d: L %g R %g, want %g on %s only", k, y[0][k*T], y[1][k*T], want, []string{"L", "R"}[on])
		}
	}
	if _, err := New(p, rate, 1); err == nil {
		t.Error("mono ping-pong accepted")
	}
}

// TestFeedbackFilters: a low-cut and a high-cut in the loop shape each
// repeat by the filters' response once more than the previous one.
func TestFeedbackFilters(t *testing.T) {
	p := DefaultParams()
	p.TimeMs, p.Feedback, p.Mix, p.HighCutHz, p.LowCutHz = 50, 0.9, 1, 3000, 200
	d := must(t, p, 1)
	// A steady 1 kHz tone: the wet steady state is the geometric sum
	// H_delay/(1 − fb·H_f·z^−T); simpler to check energy decay per repeat
	// on a burst of 10 ms: each repeat's energy ratio equals fb²·|H_f|² at
	// the burst's frequency (within the burst's bandwidth).
	n := 2400 * 6
	x := make([]float32, n)
	for i := 0; i < 480; i++ {
		x[i] = float32(math.Sin(2*math.Pi*8000*float64(i)/rate) * 0.5 * (1 - math.Cos(2*math.Pi*float64(i)/480)))
	}
	y := run(d, [][]float32{x}, 64)[0]
	e := func(k int) float64 {
		s := 0.0
		for _, v := range y[k*2400 : (k+1)*2400] {
			s += float64(v) * float64(v)
		}
		return s
	}
	r := dsp.PowerToDB(e(3) / e(2))
	fr := filterGainDB(3000, 200, 8000)
	want := dsp.GainToDB(0.9) + fr // energy ratio in dB = amplitude gain in dB
	t.Logf("8 kHz burst: repeat-to-repeat %.2f dB, loop gain %.2f dB", r, want)
	if math.Abs(r-want) > 0.5 {
		t.Errorf("repeat-to-repeat %.2f dB, want %.2f", r, want)
	}
}

// filterGainDB is the magnitude of first-order bilinear LP(lp)·HP(hp) at f.
func filterGainDB(lp, hp, f float64) float64 {
	w := math.Tan(math.Pi * f / rate)
	kl := math.Tan(math.Pi * lp / rate)
	kh := math.Tan(math.Pi * hp / rate)
	l := 1 / math.Sqrt(1+w*w/(kl*kl))
	h := 1 / math.Sqrt(1+kh*kh/(w*w))
	return dsp.GainToDB(l * h)
}

// TestTimeAutomation glides the time of a delay carrying a 440 Hz tone
// from 200 to 260 ms by per-block automation: the wet output stays smooth
// (no zipper: its second difference stays at the level of the shifted
// sine's), and the glide lands exactly on the new time.
func TestTimeAutomation(t *testing.T) {
	p := DefaultParams()
	p.TimeMs, p.Feedback, p.Mix = 200, 0, 1
	d := must(t, p, 1)
	n := rate * 2
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(0.5 * math.Sin(2*math.Pi*440*float64(i)/rate))
	}
	y := make([]float32, n)
	for from := 0; from < n; from += 64 {
		if from >= rate/2 && from < rate {
			d.SetTimeMs(200 + 60*float64(from-rate/2)/float64(rate/2))
		}
		if from == rate {
			d.SetTimeMs(260)
		}
		d.Process([][]float32{y[from : from+64]}, [][]float32{x[from : from+64]})
	}
	worst := 0.0
	for i := rate/2 - 100; i < n-1; i++ {
		worst = math.Max(worst, math.Abs(float64(y[i+1])-2*float64(y[i])+float64(y[i-1])))
	}
	bound := 0.5 * math.Pow(2*math.Pi*440*1.2/rate, 2) // a sine pitched up to 20%
	t.Logf("max second difference during the glide %.3g (a 20%% higher sine: %.3g)", worst, bound)
	if worst > bound {
		t.Errorf("time automation is not smooth: second difference %g > %g", worst, bound)
	}
	if got := d.TimeFrames(); got != 260*48 {
		t.Errorf("after the glide the time is %g frames, want %d", got, 260*48)
	}
	for i := n - 1000; i < n; i++ {
		if math.Abs(float64(y[i]-x[i-260*48])) > 1e-6 {
			t.Fatalf("after the glide frame %d is %g, want %g", i, y[i], x[i-260*48])
		}
	}
}

func noise(ch, n int, seed uint64) [][]float32 {
	r := rand.New(rand.NewPCG(seed, 5))
	x := dsp.NewBuffer(ch, n)
	for c := range x {
		for i := range x[c] {
			x[c][i] = float32(2*r.Float64() - 1)
		}
	}
	return x
}

func makers() map[string]Params {
	a := DefaultParams()
	a.TimeMs, a.Feedback, a.HighCutHz, a.LowCutHz = 33.3, 0.7, 5000, 100
	b := DefaultParams()
	b.Note, b.PingPong, b.Feedback = "1/32t", true, 0.8
	return map[string]Params{"fractional-filtered": a, "pingpong": b}
}

func TestBlockSizeInvariance(t *testing.T) {
	x := noise(2, 12000, 1)
	for name, p := range makers() {
		want := run(must(t, p, 2), x, 4096)
		for _, b := range []int{1, 7, 64, 512} {
			got := run(must(t, p, 2), x, b)
			for c := range got {
				for i := range got[c] {
					if got[c][i] != want[c][i] {
						t.Fatalf("%s block %d: ch %d frame %d: %g != %g", name, b, c, i, got[c][i], want[c][i])
					}
				}
			}
		}
	}
}

func TestResetEqualsNew(t *testing.T) {
	x := noise(2, 6000, 2)
	for name, p := range makers() {
		d := must(t, p, 2)
		run(d, noise(2, 3000, 3), 512)
		d.Reset()
		got, want := run(d, x, 512), run(must(t, p, 2), x, 512)
		for c := range got {
			for i := range got[c] {
				if got[c][i] != want[c][i] {
					t.Fatalf("%s: ch %d frame %d: %g after Reset, %g new", name, c, i, got[c][i], want[c][i])
				}
			}
		}
	}
}

func TestAllocs(t *testing.T) {
	d := must(t, makers()["pingpong"], 2)
	x := noise(2, 512, 1)
	if a := testing.AllocsPerRun(20, func() {
		d.Process(x, x)
		d.SetTimeMs(300)
		d.SetFeedback(0.5)
		d.SetHighCut(4000)
		_ = d.SetNote("1/8")
		d.SetBPM(128)
	}); a != 0 {
		t.Errorf("Process and setters allocate %v times", a)
	}
}

func TestDescribe(t *testing.T) {
	p := DefaultParams()
	if p.TimeMs != 250 || p.BPM != 120 || p.Note != "" || p.Mix != 0.3 || p.Feedback != 0.35 {
		t.Errorf("defaults %+v", p)
	}
	for _, d := range p.Describe() {
		if d.Doc == "" || d.Min > d.Max {
			t.Errorf("bad entry %+v", d)
		}
	}
	p.Feedback = 1
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "feedback = 1 is outside the allowed range [0, 0.98]") {
		t.Errorf("feedback 1: %v", err)
	}
	p = DefaultParams()
	p.Note = "1/5"
	if err := p.Validate(); err == nil {
		t.Error("note 1/5 accepted")
	}
}

func BenchmarkDelay(b *testing.B) {
	for name, p := range makers() {
		b.Run(name, func(b *testing.B) {
			d := must(b, p, 2)
			x := noise(2, 512, 1)
			y := dsp.NewBuffer(2, 512)
			b.ReportAllocs()
			b.SetBytes(2 * 512 * 4)
			for b.Loop() {
				d.Process(y, x)
			}
			b.ReportMetric(512.0/rate*1e9/(float64(b.Elapsed().Nanoseconds())/float64(b.N)), "x_realtime")
		})
	}
}
