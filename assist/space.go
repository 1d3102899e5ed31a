package assist

import (
	"fmt"
	"math"

	"immerse/dsp"
	"immerse/mixer"
)

// Space: the reverb (and delay) return of each track, in LU relative to
// its dry signal in the mix, where the track plays. The return of a track
// is its share of the bus's output: the bus output (measured) split among
// the tracks sending to it in proportion to what each sends.

// A bus the assistant creates: a high-pass keeps the low end out of the
// reverb (starting point), then a fully wet reverb of the genre's decay.
const (
	newReverbName     = "Reverb"
	newReverbHPHz     = 150
	newReverbSize     = 0.6
	newReverbPredelay = 20
	// wetRefDecayS: the reverb's wet output carries about the energy of
	// its input at a 1.5 s decay, and the energy grows with the decay
	// (dsp/reverb normalises its network so; the energy of an
	// exponential decay is proportional to its RT60).
	wetRefDecayS = 1.5
)

// busKind tells a reverb return ("reverb": a fully wet reverb insert) or a
// delay return ("delay") from other buses ("").
func busKind(b *mixer.Bus) string {
	kind := ""
	for _, in := range b.Inserts {
		mix, ok := in.Params["mix"]
		switch in.Type {
		case "reverb":
			if !ok {
				mix = 0.25
			}
			if mix >= 0.5 {
				return "reverb"
			}
		case "delay":
			if !ok {
				mix = 0.3
			}
			if mix >= 0.5 {
				kind = "delay"
			}
		}
	}
	return kind
}

// sendEnergy is what track i sends to bus name per series entry (before
// the bus), measured: its level after pan, its fader (post-fader sends),
// and the send level with its automation. ok is false without a send.
func (as *assistant) sendEnergy(i int, name string) (e []float64, ok bool) {
	t := as.tr[i]
	st := &as.a.Session.Tracks[i]
	k := -1
	for j, sd := range st.Sends {
		if sd.Bus == name {
			k = j
			break
		}
	}
	if k < 0 || !t.ta.Heard {
		return nil, false
	}
	sd := st.Sends[k]
	pts, auto := st.Automation["sends."+name]
	e = make([]float64, len(t.ta.series))
	for j, m := range t.ta.series {
		if m <= dsp.MinDB {
			continue
		}
		lv := sd.Level
		if auto {
			lv = autoValue(pts, float64(j+1)*seriesStep-0.2)
		}
		db := m + 0.691 + lv
		if !sd.Pre {
			db += t.faderAt[j]
		}
		e[j] = math.Pow(10, db/10) * t.panFactor
	}
	return e, true
}

// space checks each track's reverb and delay returns against the genre.
func (as *assistant) space() {
	s := as.a.Session
	var reverbBus = -1
	for j := range s.Buses {
		if busKind(&s.Buses[j]) == "reverb" {
			reverbBus = j
			break
		}
	}
	var wantNew []int
	for i, t := range as.tr {
		if !t.ta.Heard || t.ta.IntegratedLUFS <= -70 {
			continue
		}
		for _, kind := range []string{"reverb", "delay"} {
			targets := as.g.Reverb
			if kind == "delay" {
				targets = as.g.Delay
			}
			target, want := lookup(targets, t.role)
			if !want {
				continue
			}
			sent := false
			for _, sd := range s.Tracks[i].Sends {
				if j := busIndex(s, sd.Bus); j >= 0 && busKind(&s.Buses[j]) == kind {
					as.adjustSend(i, j, kind, target)
					sent = true
					break
				}
			}
			if sent || kind == "delay" {
				continue
			}
			if reverbBus >= 0 {
				as.newSend(i, &s.Buses[reverbBus], as.busGain(reverbBus), target)
			} else if as.g.CreateReverb {
				wantNew = append(wantNew, i)
			}
		}
	}
	if len(wantNew) > 0 {
		as.createReverb(wantNew)
	}
}

// busOut is the bus's output in the mix (after its inserts, fader and the
// buses on its way to the master) per series entry.
func (as *assistant) busOut(j int) []float64 {
	b := as.a.Buses[j]
	bus := &as.a.Session.Buses[j]
	down := -1
	if k := busIndex(as.a.Session, bus.Output); k >= 0 {
		down = k
	}
	e := make([]float64, len(b.series))
	for k, m := range b.series {
		if m > dsp.MinDB {
			e[k] = math.Pow(10, (m+0.691+bus.Gain)/10)
			if down >= 0 && k < len(as.busT[down]) {
				e[k] *= as.busT[down][k]
			}
		}
	}
	return e
}

// dryOut is track i's dry signal in the mix without the master's gain
// (the returns do not include it either).
func (as *assistant) dryOut(i int) ([]float64, []bool) {
	e, a := as.mixEnergyBefore(i)
	m := math.Pow(10, -as.a.Session.Master.Gain/10)
	for j := range e {
		e[j] *= m
	}
	return e, a
}

// adjustSend moves track i's send to bus j so its return sits at target.
func (as *assistant) adjustSend(i, j int, kind string, target Num) {
	t := as.tr[i]
	name := as.a.Session.Buses[j].Name
	out := as.busOut(j)
	mine, _ := as.sendEnergy(i, name)
	all := make([]float64, len(out))
	for k := range as.tr {
		if e, ok := as.sendEnergy(k, name); ok {
			for x := range all {
				if x < len(e) {
					all[x] += e[x]
				}
			}
		}
	}
	dry, act := as.dryOut(i)
	var wet, d float64
	for x := range dry {
		if act[x] && x < len(out) && all[x] > 0 {
			wet += out[x] * mine[x] / all[x]
			d += dry[x]
		}
	}
	if wet <= 0 || d <= 0 {
		return
	}
	meas := 10 * math.Log10(wet/d)
	diff := target.Value - meas
	if math.Abs(diff) < as.set.ReverbToleranceLU.Value {
		return
	}
	var from float64
	for _, sd := range as.out.Tracks[i].Sends {
		if sd.Bus == name {
			from = sd.Level
		}
	}
	to := roundTo(math.Max(mixer.MinGainDB, math.Min(mixer.MaxGainDB, from+diff)), 0.1)
	src := target.Source
	as.add(Suggestion{Track: t.ta.Name, Kind: KindSpace,
		Reason: fmt.Sprintf("its %s return (bus %q) sits %.1f LU against its dry signal where it plays; the %s profile wants %+.0f LU for a %s (%s)", kind, name, meas, as.g.Name, target.Value, t.role, src),
		Change: Change{Op: OpSet, Field: "sends." + name, From: from, To: to},
		Expected: map[string]Effect{
			kind + "LU": {From: roundTo(meas, 0.1), To: roundTo(meas+to-from, 0.1), Unit: "LU"},
		}})
}

// busGain estimates a bus's output per unit of input energy: measured
// from what its senders send when it has any, else from its reverb's
// decay.
func (as *assistant) busGain(j int) float64 {
	name := as.a.Session.Buses[j].Name
	out := as.busOut(j)
	var in, o float64
	for k := range as.tr {
		if e, ok := as.sendEnergy(k, name); ok {
			for x := range e {
				if x < len(out) {
					in += e[x]
				}
			}
		}
	}
	for _, v := range out {
		o += v
	}
	if in > 0 && o > 0 {
		return o / in
	}
	return reverbGainEstimate(&as.a.Session.Buses[j])
}

// reverbGainEstimate is the energy gain of a bus's reverb from its decay
// (and the bus fader).
func reverbGainEstimate(b *mixer.Bus) float64 {
	decay := 1.5
	for _, in := range b.Inserts {
		if in.Type == "reverb" {
			if d, ok := in.Params["decay"]; ok {
				decay = d
			}
		}
	}
	return decay / wetRefDecayS * math.Pow(10, b.Gain/10)
}

// newSend adds a post-fader send from track i to the reverb bus b, whose
// output is g times its input energy (with its fader), at the level that
// puts the track's return at target.
func (as *assistant) newSend(i int, b *mixer.Bus, g float64, target Num) {
	t := as.tr[i]
	// return/dry = send·g·path(bus)/path(track out); path(bus) is in g
	// only for the bus fader; the buses after it:
	post := pathDB(as.a.Session, b.Output)
	level := target.Value - 10*math.Log10(g) - post + t.outPathDB
	level = roundTo(math.Max(mixer.MinGainDB, math.Min(mixer.MaxGainDB, level)), 0.1)
	as.add(Suggestion{Track: t.ta.Name, Kind: KindSpace,
		Reason: fmt.Sprintf("a %s gets a reverb return %+.0f LU against its dry signal in the %s profile (%s) and sends to no reverb: send to %q", t.role, target.Value, as.g.Name, target.Source, b.Name),
		Change: Change{Op: OpAddSend, Send: &mixer.Send{Bus: b.Name, Level: level}},
		Expected: map[string]Effect{
			"reverbLU": {From: dsp.MinDB, To: target.Value, Unit: "LU"},
		}})
}

// createReverb adds a reverb bus of the genre's decay and sends the
// tracks that want reverb to it.
func (as *assistant) createReverb(tracks []int) {
	name := newReverbName
	for n := 2; busIndex(as.out, name) >= 0 || trackIndex(as.out, name) >= 0; n++ {
		name = fmt.Sprintf("%s %d", newReverbName, n)
	}
	bus := mixer.Bus{Name: name, Inserts: []mixer.Insert{
		{Type: "highpass", Params: map[string]float64{"freq": newReverbHPHz, "slope": 12}},
		{Type: "reverb", Params: map[string]float64{"size": newReverbSize, "decay": as.g.ReverbDecayS.Value,
			"predelay": newReverbPredelay, "damping": 0.5, "mix": 1}},
	}}
	as.add(Suggestion{Track: name, Kind: KindSpace,
		Reason:   fmt.Sprintf("the %s profile wants reverb (%s) and the session has no reverb bus: add one with a %g s decay (%s)", as.g.Name, as.g.Reverb["default"].Source, as.g.ReverbDecayS.Value, as.g.ReverbDecayS.Source),
		Change:   Change{Op: OpAddBus, Bus: &bus},
		Expected: map[string]Effect{"reverbDecayS": {From: 0, To: as.g.ReverbDecayS.Value, Unit: "s"}}})
	// Sends, estimated from the decay: the bus is not measured yet.
	g := reverbGainEstimate(&bus)
	for _, i := range tracks {
		target, _ := lookup(as.g.Reverb, as.tr[i].role)
		as.newSend(i, &bus, g, target)
	}
}

func trackIndex(s *mixer.Session, name string) int {
	for i := range s.Tracks {
		if s.Tracks[i].Name == name {
			return i
		}
	}
	return -1
}
