package assist

import (
	"fmt"
	"io"
	"math"

	"immerse/dsp"
	"immerse/dsp/loudness"
	"immerse/mixer"
)

// mixCheck is what a mix of the edited session measures: the master's
// true peak (BS.1770, as the analysis measures it), its integrated
// loudness, and the post-fader peaks of the strips.
type mixCheck struct {
	truePeak, integrated float64
	tracks, buses        []mixer.StripMeter
}

// checkMix mixes s and measures it.
func checkMix(s *mixer.Session, open mixer.OpenFunc, workers int, progress func(done, total int64)) (*mixCheck, error) {
	m, err := mixer.New(s, open, mixer.Config{Workers: workers})
	if err != nil {
		return nil, err
	}
	defer m.Close()
	mtr, err := loudness.New(m.SampleRate(), 2, nil, loudness.WithSeries(0))
	if err != nil {
		return nil, err
	}
	buf := dsp.NewBuffer(2, 4096)
	var done int64
	for {
		n, rerr := m.Read(buf)
		if n > 0 {
			mtr.Process([][]float32{buf[0][:n], buf[1][:n]})
			done += int64(n)
			if progress != nil {
				progress(done, m.Length())
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, rerr
		}
	}
	r := mtr.Result()
	c := &mixCheck{truePeak: r.TruePeakDBTP, integrated: r.IntegratedLUFS}
	c.tracks, c.buses, _ = m.Meters()
	return c, nil
}

// gainStaging trims so that no track or bus clips inside the mix and the
// master's true peak sits at -HeadroomDB (left alone when it peaks up to
// Settings.HeadroomSlackDB under it). When other suggestions change the
// mix, the edited session is mixed once more and measured: the master
// fader comes after the master's inserts, so its move sets the peak
// exactly. With reference loudness matching, the master gain takes the
// mix to the reference's loudness instead (see matchReference).
func (as *assistant) gainStaging(progress func(done, total int64)) error {
	peak, tracks, buses := as.a.Master.TruePeakDBTP, as.a.TrackMeters, as.a.BusMeters
	integrated := as.a.Master.IntegratedLUFS
	if as.mixed {
		c, err := checkMix(as.out, as.opt.Open, as.opt.Workers, progress)
		if err != nil {
			return err
		}
		peak, tracks, buses, integrated = c.truePeak, c.tracks, c.buses, c.integrated
	}
	if peak <= dsp.MinDB {
		return nil
	}
	// Strips clipping inside the mix: every track down, the master up by
	// as much (the sum at the master is unchanged while its inserts work
	// linearly).
	over, who := dsp.MinDB, ""
	for _, group := range [][]mixer.StripMeter{tracks, buses} {
		for _, st := range group {
			if !st.Muted && st.PeakDBFS > over {
				over, who = st.PeakDBFS, st.Name
			}
		}
	}
	if over > 0 {
		trim := roundTo(over+1, 0.1)
		for i := range as.out.Tracks {
			if !as.tr[i].ta.Heard {
				continue
			}
			from := as.out.Tracks[i].Gain
			to := roundTo(math.Max(mixer.MinGainDB, from-trim), 0.1)
			as.add(Suggestion{Track: as.out.Tracks[i].Name, Kind: KindGain,
				Reason:   fmt.Sprintf("gain staging: %s peaks at %+.1f dBFS inside the mix; every track comes down %.1f dB and the master up as much, so nothing clips on its way", who, over, trim),
				Change:   Change{Op: OpSet, Field: "gain", From: from, To: to},
				Expected: map[string]Effect{"stripPeakDBFS": {From: roundTo(over, 0.1), To: roundTo(over-trim, 0.1), Unit: "dBFS"}}})
		}
		from := as.out.Master.Gain
		as.add(Suggestion{Track: mixer.MasterName, Kind: KindGain,
			Reason:   fmt.Sprintf("gain staging: the master makes up the %.1f dB the tracks came down", trim),
			Change:   Change{Op: OpSet, Field: "gain", From: from, To: roundTo(from+trim, 0.1)},
			Expected: map[string]Effect{"masterGainDB": {From: from, To: roundTo(from+trim, 0.1), Unit: "dB"}}})
	}
	if as.loudnessTarget != nil {
		return as.matchLoudness(integrated, peak)
	}
	target := -as.opt.HeadroomDB
	if peak <= target+headroomTolDB && peak >= target-as.set.HeadroomSlackDB.Value {
		return nil
	}
	from := as.out.Master.Gain
	to := roundTo(math.Max(mixer.MinGainDB, math.Min(mixer.MaxGainDB, from+target-peak)), 0.01)
	what := "peaks above"
	if peak < target {
		what = fmt.Sprintf("peaks more than %g dB under", as.set.HeadroomSlackDB.Value)
	}
	as.add(Suggestion{Track: mixer.MasterName, Kind: KindGain,
		Reason: fmt.Sprintf("gain staging: the master's true peak is %.2f dBTP, which %s the %.0f dBTP a mix headed to mastering keeps (%g dB of headroom); move the master fader", peak, what, target, as.opt.HeadroomDB),
		Change: Change{Op: OpSet, Field: "gain", From: from, To: to},
		Expected: map[string]Effect{
			"masterTruePeakDBTP": {From: roundTo(peak, 0.01), To: roundTo(peak+to-from, 0.01), Unit: "dBTP"},
		}})
	return nil
}

// headroomTolDB: a master peaking this little over the target is left
// alone (the rounding of the fader).
const headroomTolDB = 0.5
