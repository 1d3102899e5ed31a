package hrtf

import (
	"math"
	"slices"
	"sync"
	"testing"
)

func TestDefaultKEMAR(t *testing.T) {
	d := Default()
	if d.Len() != 710 || d.Taps() != 512 || d.SampleRate != 44100 {
		t.Fatalf("Default: %d directions, %d taps, %d Hz; want 710, 512, 44100", d.Len(), d.Taps(), d.SampleRate)
	}
	if d.Meta["DatabaseName"] != "MIT" || d.Meta["SOFAConventions"] != "SimpleFreeFieldHRIR" {
		t.Errorf("Meta %v", d.Meta)
	}
	if err := d.Validate(); err != nil {
		t.Error(err)
	}
}

// TestDefaultEqualsSOFA: the embedded table holds exactly what LoadSOFA
// reads from the MIT file, sample for sample.
func TestDefaultEqualsSOFA(t *testing.T) {
	want, err := LoadSOFA(sharedFile(t, "MIT_KEMAR_normal_pinna.sofa"))
	if err != nil {
		t.Fatal(err)
	}
	got := Default()
	if got.SampleRate != want.SampleRate || !slices.Equal(got.Directions, want.Directions) ||
		!slices.Equal(got.Distances, want.Distances) || !slices.Equal(got.Delay, want.Delay) {
		t.Fatal("rate, directions, distances or delays differ")
	}
	for i := range want.IR {
		for ear := 0; ear < 2; ear++ {
			if !slices.Equal(got.IR[i][ear], want.IR[i][ear]) {
				t.Fatalf("measurement %d ear %d differs", i, ear)
			}
		}
	}
	for k, v := range want.Meta {
		if got.Meta[k] != v {
			t.Errorf("Meta[%q] = %q, want %q", k, got.Meta[k], v)
		}
	}
}

func TestDefaultConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	sets := make([]*Set, 8)
	for i := range sets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sets[i] = Default()
		}()
	}
	wg.Wait()
	for _, s := range sets {
		if s != sets[0] {
			t.Fatal("Default returned different sets")
		}
	}
}

func TestTableRoundTrip(t *testing.T) {
	s := defaultSpec()
	s.delay = []float64{0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3.25, -1}
	s.delayDim = []int{8, 2}
	set := mustReadSpec(t, s)
	b, err := set.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Set
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if got.SampleRate != set.SampleRate || !slices.Equal(got.Directions, set.Directions) || !slices.Equal(got.Delay, set.Delay) ||
		!slices.Equal(got.Distances, set.Distances) || len(got.Meta) != len(set.Meta) || got.Meta["Title"] != "synthetic" {
		t.Fatal("round trip changed the set")
	}
	for i := range set.IR {
		if !slices.Equal(got.IR[i][0], set.IR[i][0]) || !slices.Equal(got.IR[i][1], set.IR[i][1]) {
			t.Fatalf("IR %d differs", i)
		}
	}
	// Every truncation and a garbled body are refused, without panics.
	for n := 0; n < len(b); n += 1 + len(b)/64 {
		if err := new(Set).UnmarshalBinary(b[:n]); err == nil {
			t.Fatalf("truncated table of %d bytes accepted", n)
		}
	}
	bad := slices.Clone(b)
	bad[len(bad)/2] ^= 0xff
	_ = new(Set).UnmarshalBinary(bad)
}

func TestClone(t *testing.T) {
	d := Default()
	c := d.Clone()
	c.IR[0][0][0] = 42
	c.Directions[0][0] = 7
	c.Meta["Title"] = "changed"
	if d.IR[0][0][0] == 42 || d.Directions[0][0] == 7 || d.Meta["Title"] == "changed" {
		t.Error("Clone shares memory with the original")
	}
}

// crossLag returns the lag (samples) that maximises the cross-correlation
// of a (left) and b (right): positive when b lags a.
func crossLag(a, b []float32, maxLag int) int {
	best, lag := math.Inf(-1), 0
	for l := -maxLag; l <= maxLag; l++ {
		var s float64
		for i := range a {
			if j := i + l; j >= 0 && j < len(b) {
				s += float64(a[i]) * float64(b[j])
			}
		}
		if s > best {
			best, lag = s, l
		}
	}
	return lag
}

func TestResampledKEMAR(t *testing.T) {
	src := Default()
	set, err := src.Resampled(48000)
	if err != nil {
		t.Fatal(err)
	}
	if set.SampleRate != 48000 || set.Taps() != 558 || set.Len() != 710 {
		t.Fatalf("%d Hz, %d taps (want 558 = ceil(512*48000/44100)), %d directions", set.SampleRate, set.Taps(), set.Len())
	}
	if err := set.Validate(); err != nil {
		t.Fatal(err)
	}
	// Energy per second, per response and in total.
	var total44, total48, worst float64
	for i := range src.IR {
		for ear := 0; ear < 2; ear++ {
			e44 := sumSquares(src.IR[i][ear]) / 44100
			e48 := sumSquares(set.IR[i][ear]) / 48000
			total44 += e44
			total48 += e48
			worst = math.Max(worst, math.Abs(10*math.Log10(e48/e44)))
		}
	}
	totalDB := 10 * math.Log10(total48/total44)
	t.Logf("energy change: total %+.4f dB, worst response %.4f dB", totalDB, worst)
	if math.Abs(totalDB) > 0.1 || worst > 0.1 {
		t.Errorf("energy changes by %+.3f dB in total and up to %.3f dB per response; want within 0.1 dB", totalDB, worst)
	}
	// Interaural time difference of the source at the left (+90°).
	i := -1
	for k, d := range src.Directions {
		if near(d, Default().Directions[k], 0) && math.Abs(d.Azimuth()-90) < 1e-9 && math.Abs(d.Elevation()) < 1e-9 {
			i = k
		}
	}
	if i < 0 {
		t.Fatal("no measurement at azimuth 90")
	}
	lag44 := crossLag(src.IR[i][0], src.IR[i][1], 60)
	lag48 := crossLag(set.IR[i][0], set.IR[i][1], 60)
	itd44, itd48 := float64(lag44)/44100, float64(lag48)/48000
	t.Logf("ITD at +90°: %d samples at 44.1 kHz (%.0f µs), %d samples at 48 kHz (%.0f µs)", lag44, itd44*1e6, lag48, itd48*1e6)
	if math.Abs(itd48-itd44)*48000 > 1 {
		t.Errorf("ITD changed from %.0f µs to %.0f µs: more than one sample at 48 kHz", itd44*1e6, itd48*1e6)
	}
	if lag44 < 20 {
		t.Errorf("ITD of %d samples is implausibly small for a lateral source", lag44)
	}
	// Same rate: a copy.
	same, err := src.Resampled(44100)
	if err != nil || same == src || !slices.Equal(same.IR[5][1], src.IR[5][1]) {
		t.Errorf("Resampled(44100): %v", err)
	}
	if _, err := src.Resampled(0); err == nil {
		t.Error("Resampled(0) succeeded")
	}
}

func TestResampledDelay(t *testing.T) {
	s := defaultSpec()
	s.delay, s.delayDim = []float64{10, 20}, []int{1, 2}
	set := mustReadSpec(t, s)
	r, err := set.Resampled(96000)
	if err != nil {
		t.Fatal(err)
	}
	if r.Delay[3] != [2]float64{20, 40} || r.Taps() != 32 {
		t.Errorf("delay %v taps %d", r.Delay[3], r.Taps())
	}
}
