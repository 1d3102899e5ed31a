package assist

import (
	"fmt"
	"math"
	"slices"

	"immerse/delivery"
	"immerse/dsp"
	"immerse/dsp/saturate"
	"immerse/mixer"
)

// Translation: how much of each track a playback device keeps, from the
// track's long-term spectrum and the device's response, K-weighted as
// loudness is: keptLU = 10·log10(Σ P·K·|H|² / Σ P·K). The devices are the
// playback models of package delivery (phone, earbuds, laptop, car, TV:
// documented approximations, see delivery.Systems); |H|² is averaged over
// each 1/3-octave band. A track's spectrum sums its channels, so a phone's
// mono sum is not modelled per track (the master's check in delivery
// does that).

// deviceGain returns the device's power response on a band.
func deviceGain(d *delivery.System, rate int) func(b Band) float64 {
	return func(b Band) float64 {
		s := 0.0
		const pts = 5
		for k := 0; k < pts; k++ {
			f := b.Low * math.Pow(b.High/b.Low, (float64(k)+0.5)/pts)
			s += math.Pow(10, d.ResponseDB(math.Min(f, 0.49*float64(rate)), rate)/10)
		}
		return s / pts
	}
}

// devices are the playback models translation reports.
func devices() []*delivery.System {
	sys := delivery.Systems()
	out := make([]*delivery.System, len(sys))
	for i := range sys {
		out[i] = &sys[i]
	}
	return out
}

// phoneModel is the model whose losses flag a low end.
const phoneModel = "phone"

// Harmonics for a low end that small speakers lose (starting points): a
// parallel asymmetric saturation (even and odd harmonics) driven so the
// track's peaks reach twice the curve's knee, its output trimmed back by
// the drive, mixed in at 30 %.
const (
	harmonicsMix       = 0.3
	harmonicsPeakDrive = 2.0 // the curve input the track's sample peak reaches
	lowEndHz           = 150 // the low end whose harmonics are simulated
)

func (as *assistant) translation() {
	kw := kWeights(as.a.Bands, as.a.SampleRate)
	var phone *delivery.System
	devs := devices()
	for _, d := range devs {
		if d.Name == phoneModel {
			phone = d
		}
	}
	for i, t := range as.tr {
		if !t.ta.Heard || t.ta.IntegratedLUFS <= -70 {
			continue
		}
		p := powers(t.ta.SpectrumDB)
		t.keptLU = map[string]float64{}
		for _, d := range devs {
			t.keptLU[d.Name] = roundTo(loudnessChange(p, as.a.Bands, kw, deviceGain(d, as.a.SampleRate)), 0.1)
		}
		if phone == nil || !t.rp.LowEnd {
			continue
		}
		kept := t.keptLU[phone.Name]
		if kept >= -as.set.TranslationLossLU.Value {
			continue
		}
		if slices.ContainsFunc(as.out.Tracks[i].Inserts, func(in mixer.Insert) bool {
			return in.Type == "saturation" || in.Type == "exciter"
		}) {
			as.warnf(t.ta.Name, KindTranslation, "a phone keeps %.1f LU of it: its energy sits below what small speakers play, although it has a saturation or exciter; drive it harder", kept)
			continue
		}
		in, after, ok := as.harmonics(i, phone, kw)
		if !ok {
			continue
		}
		as.add(Suggestion{Track: t.ta.Name, Kind: KindTranslation,
			Reason: fmt.Sprintf("a phone speaker keeps %.1f LU of it (more than %g LU lost; the %s model: %s): its energy sits below what the phone plays; add harmonics it can play (parallel saturation)", kept, as.set.TranslationLossLU.Value, phone.Name, phone.Curve),
			Change: Change{Op: OpAddInsert, Insert: &in},
			Expected: map[string]Effect{
				"phoneKeptLU": {From: kept, To: roundTo(after, 0.1), Unit: "LU"},
			}})
	}
}

// harmonics designs the saturation and predicts the phone's keptLU after
// it: a sine at the track's strongest low band, at the track's RMS level,
// is run through the saturator (dsp/saturate) and measured; the track's
// low end takes the spectrum the sine turned into.
func (as *assistant) harmonics(i int, phone *delivery.System, kw []float64) (mixer.Insert, float64, bool) {
	t := as.tr[i]
	bands := as.a.Bands
	p := powers(t.ta.SpectrumDB)
	f0, best, low := 0.0, 0.0, 0.0
	for k, b := range bands {
		if b.Centre < lowEndHz {
			low += p[k]
			if p[k] > best {
				best, f0 = p[k], b.Centre
			}
		}
	}
	if f0 == 0 || low <= 0 || t.ta.SamplePeakDBFS <= dsp.MinDB {
		return mixer.Insert{}, 0, false
	}
	drive := roundTo(math.Max(0, math.Min(48, dsp.GainToDB(harmonicsPeakDrive)-t.ta.SamplePeakDBFS)), 0.5)
	params := saturate.DefaultParams()
	params.Curve = saturate.Asym
	params.DriveDB = drive
	params.OutputDB = math.Max(-48, -drive)
	params.Mix = harmonicsMix
	rate := as.a.SampleRate
	sat, err := saturate.New(params, rate, 1)
	if err != nil {
		return mixer.Insert{}, 0, false
	}
	// One second of the sine at the track's RMS level.
	n := rate
	amp := math.Sqrt(2) * math.Pow(10, t.ta.RMSDBFS/20)
	x := make([]float32, n)
	for k := range x {
		x[k] = float32(amp * math.Sin(2*math.Pi*f0*float64(k)/float64(rate)))
	}
	buf := [][]float32{x}
	sat.Process(buf, buf)
	sig, err := newSignal(as.a.f, 1, sigOpts{seconds: 1})
	if err != nil {
		return mixer.Insert{}, 0, false
	}
	sig.push(buf)
	sig.finish(int64(n))
	all := make([]bool, sig.nFrames())
	for k := range all {
		all[k] = k > 0 && k < len(all)-1 // skip the edges
	}
	simDB := longTerm(sig.third, sig.nThird, all)
	sim := powers(simDB)
	var simIn float64
	for k, b := range bands {
		if b.Centre < lowEndHz {
			simIn += sim[k]
		}
	}
	if simIn <= 0 {
		return mixer.Insert{}, 0, false
	}
	// The track's low end, turned into the sine's output spectrum.
	after := make([]float64, len(p))
	for k, b := range bands {
		if b.Centre >= lowEndHz {
			after[k] = p[k]
		}
		after[k] += low * sim[k] / simIn
	}
	dev := deviceGain(phone, rate)
	var in0, out0 float64
	for k, b := range bands {
		in0 += after[k] * kw[k]
		out0 += after[k] * kw[k] * dev(b)
	}
	kept := 10 * math.Log10(out0/in0)
	ins := mixer.Insert{Type: "saturation", Params: map[string]float64{"drive": drive, "output": params.OutputDB, "mix": harmonicsMix},
		Choices: map[string]string{"curve": string(saturate.Asym)}}
	return ins, kept, true
}
