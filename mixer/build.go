package mixer

import (
	"fmt"

	"immerse/dsp"
	"immerse/dsp/dynamics"
	"immerse/encoders"
)

// Stem is a track's input opened for reading (a dsp.Source with a length).
type Stem interface {
	dsp.Source
	// Length is the stem's length in frames, or -1 when the file does not
	// say (the mix then finds the end while reading).
	Length() int64
	Close() error
}

// OpenFunc opens a stem; it gets the path resolved against the session's
// directory (Session.Path).
type OpenFunc func(path string) (Stem, error)

// OpenFile opens a stem file with package encoders (WAV family or FLAC).
func OpenFile(path string) (Stem, error) {
	r, err := encoders.Open(path)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Config controls a Mixer.
type Config struct {
	// TailSeconds is how long the mix runs on after the last stem ends,
	// so that reverbs and delays ring out: 0 picks it from the session
	// (Session.AutoTail), a negative value means no tail.
	TailSeconds float64
	// TruePeak measures the master's true peak (4× oversampled) as well.
	TruePeak bool
	// Workers is the number of goroutines processing tracks (default
	// GOMAXPROCS; 1 processes everything on the caller's goroutine). The
	// output is bit-identical for any value.
	Workers int
}

// MaxTailSeconds bounds Config.TailSeconds.
const MaxTailSeconds = 600

// openStems opens every track's stem and checks channels and rates;
// it returns the sample rate.
func (m *Mixer) openStems(open OpenFunc) (int, error) {
	s := m.s
	rate, rateFrom := s.SampleRate, "the session's sampleRate"
	for i := range s.Tracks {
		t := &s.Tracks[i]
		st, err := open(s.Path(t.File))
		if err != nil {
			return 0, invalid(s, fmt.Errorf("track %q: stem %q: %w", t.Name, t.File, err))
		}
		m.stems[i] = st
		if ch := st.Channels(); ch != 1 && ch != 2 {
			return 0, invalid(s, fmt.Errorf("track %q: stem %q has %d channels; tracks take mono or stereo stems (split it into mono or stereo files)", t.Name, t.File, ch))
		}
		r := st.SampleRate()
		if rate == 0 {
			rate, rateFrom = r, fmt.Sprintf("track %q (%s)", t.Name, t.File)
		} else if r != rate {
			return 0, invalid(s, fmt.Errorf("track %q: stem %q is %d Hz but %s is %d Hz; all stems must share one rate (resample the stem, e.g. with `ffmpeg -i in.wav -ar %d out.wav`)", t.Name, t.File, r, rateFrom, rate, rate))
		}
	}
	return rate, nil
}

// build creates the strips in processing order with their inserts,
// latencies and routes.
func (m *Mixer) build(order []int, cfg Config) error {
	s := m.s
	nt, nb := len(s.Tracks), len(s.Buses)
	all := make([]*strip, nt+nb+1)
	anySolo := false
	for _, t := range s.Tracks {
		anySolo = anySolo || t.Solo
	}
	keySource := map[string]bool{}
	eachInsert(s, func(_ string, _ []Insert, in *Insert) {
		if in.Sidechain != "" {
			keySource[in.Sidechain] = true
		}
	})
	for i := range s.Tracks {
		t := &s.Tracks[i]
		st := &strip{label: fmt.Sprintf("track %q", t.Name), name: t.Name, kind: trackStrip,
			channels: m.stems[i].Channels(), stem: m.stems[i], stemEnd: -1, invert: t.PhaseInvert,
			lawDB: s.Law(), gain: dsp.DBToGain(t.Gain), pan: t.Pan, bal: t.Balance, wid: t.WidthValue()}
		st.mono = st.channels == 1
		st.audible = !t.Mute && (!anySolo || t.Solo)
		st.active = st.audible || keySource[t.Name]
		if err := m.checkPanning(t, st.mono); err != nil {
			return err
		}
		all[i] = st
	}
	for i := range s.Buses {
		b := &s.Buses[i]
		all[nt+i] = &strip{label: fmt.Sprintf("bus %q", b.Name), name: b.Name, kind: busStrip, channels: 2,
			gain: dsp.DBToGain(b.Gain), audible: true, active: true}
	}
	all[nt+nb] = &strip{label: "master", name: MasterName, kind: masterStrip, channels: 2,
		gain: dsp.DBToGain(s.Master.Gain), audible: true, active: true}
	m.tracks, m.buses, m.master = all[:nt], all[nt:nt+nb], all[nt+nb]
	byName := func(name string) *strip {
		if name == "" || name == MasterName {
			return m.master
		}
		for _, st := range all[:nt+nb] {
			if st.name == name {
				return st
			}
		}
		return nil
	}
	// Sources feeding each strip (for input latencies and routes).
	feeds := map[*strip][]*strip{}
	for _, st := range all {
		if !st.audible || st.kind == masterStrip {
			continue
		}
		sends, out := stripRouting(s, st)
		for _, d := range append([]string{out}, sends...) {
			feeds[byName(d)] = append(feeds[byName(d)], st)
		}
	}
	for _, idx := range order {
		st := all[idx]
		m.order = append(m.order, st)
		if !st.active {
			continue
		}
		for _, src := range feeds[st] {
			st.inLat = max(st.inLat, src.lat)
		}
		inserts, auto := stripSettings(s, st)
		if err := m.buildChain(st, inserts, auto, byName); err != nil {
			return err
		}
		if err := m.buildFader(st, auto); err != nil {
			return err
		}
		st.meter = newMeter(cfg.TruePeak && st.kind == masterStrip)
	}
	// Routes: one per destination, delayed to the destination's input
	// latency (plugin delay compensation).
	for _, st := range m.order {
		if !st.audible || st.kind == masterStrip {
			continue
		}
		sends, out := stripRouting(s, st)
		dests := map[*strip]*route{}
		get := func(d *strip) *route {
			r, ok := dests[d]
			if !ok {
				r = &route{dst: d, delay: newDelayLine(2, d.inLat-st.lat)}
				if r.delay != nil {
					r.scratch = dsp.NewBuffer(2, blockFrames)
				}
				dests[d] = r
				st.routes = append(st.routes, r)
			}
			return r
		}
		get(byName(out)).main = true
		for k, name := range sends {
			r := get(byName(name))
			r.sends = append(r.sends, st.sends[k])
			st.sends[k].dst = r.dst
		}
	}
	m.latency = m.master.lat
	return nil
}

// checkPanning rejects settings that do not apply to the stem's channels.
func (m *Mixer) checkPanning(t *Track, mono bool) error {
	_, panAuto := t.Automation["pan"]
	_, balAuto := t.Automation["balance"]
	_, widAuto := t.Automation["width"]
	switch {
	case mono && (t.Balance != 0 || balAuto):
		return invalid(m.s, fmt.Errorf("track %q: field \"balance\": stem %q is mono; balance is for stereo tracks, use \"pan\"", t.Name, t.File))
	case mono && (t.Width != nil && *t.Width != 1 || widAuto):
		return invalid(m.s, fmt.Errorf("track %q: field \"width\": stem %q is mono; width is for stereo tracks", t.Name, t.File))
	case !mono && (t.Pan != 0 || panAuto):
		return invalid(m.s, fmt.Errorf("track %q: field \"pan\": stem %q is stereo; place a stereo track with \"balance\" (-1 .. 1) and \"width\"", t.Name, t.File))
	}
	return nil
}

// stripRouting returns the bus names a strip sends to (in send order) and
// its output.
func stripRouting(s *Session, st *strip) (sends []string, out string) {
	var list []Send
	switch st.kind {
	case trackStrip:
		t := &s.Tracks[s.trackIndex(st.name)]
		list, out = t.Sends, t.Output
	case busStrip:
		b := &s.Buses[s.busIndex(st.name)]
		list, out = b.Sends, b.Output
	}
	for _, sd := range list {
		sends = append(sends, sd.Bus)
	}
	return sends, out
}

// stripSettings returns a strip's inserts and automation.
func stripSettings(s *Session, st *strip) ([]Insert, Automation) {
	switch st.kind {
	case trackStrip:
		t := &s.Tracks[s.trackIndex(st.name)]
		return t.Inserts, t.Automation
	case busStrip:
		b := &s.Buses[s.busIndex(st.name)]
		return b.Inserts, b.Automation
	}
	return s.Master.Inserts, s.Master.Automation
}

func stripSends(s *Session, st *strip) []Send {
	switch st.kind {
	case trackStrip:
		return s.Tracks[s.trackIndex(st.name)].Sends
	case busStrip:
		return s.Buses[s.busIndex(st.name)].Sends
	}
	return nil
}

// buildChain constructs a strip's inserts, their automation and the
// delays that line sidechain keys up with the inserts' inputs.
func (m *Mixer) buildChain(st *strip, inserts []Insert, auto Automation, byName func(string) *strip) error {
	st.buf = dsp.NewBuffer(st.channels, blockFrames)
	sends := stripSends(m.s, st)
	type automated struct {
		path string
		tg   target
		env  *envelope
	}
	targets := map[int][]automated{}
	for _, path := range sortedKeys(auto) {
		tg, _ := resolvePath(path, st.kind, sends, inserts) // validated
		if tg.kind != targetInsert && tg.kind != targetBand {
			continue
		}
		targets[tg.insert] = append(targets[tg.insert], automated{path, tg, newEnvelope(auto[path], m.rate)})
	}
	lat := st.inLat
	for i := range inserts {
		e := effectByName(inserts[i].Type)
		where := fmt.Sprintf("%s insert %d (%s)", st.label, i+1, e.name)
		in := cloneInserts(inserts[i : i+1])[0]
		// An automated parameter starts at its automation's first value.
		for _, a := range targets[i] {
			v := a.env.value(0)
			if a.tg.kind == targetInsert {
				setParam(&in.Params, a.tg.param.name, v)
			} else {
				setParam(&in.Bands[a.tg.band].Params, a.tg.bparam.name, v)
			}
		}
		if err := checkNyquist(&in, e, m.rate, where); err != nil {
			return invalid(m.s, err)
		}
		for _, a := range targets[i] {
			if err := checkNyquistPoints(a.tg, a.path, auto[a.path], m.rate, where); err != nil {
				return invalid(m.s, err)
			}
		}
		proc, err := e.construct(&in, m.rate, st.channels)
		if err != nil {
			return invalid(m.s, fmt.Errorf("%s: %w", where, err))
		}
		sl := &slot{proc: proc, hdr: make([][]float32, 0, 2), khdr: make([][]float32, 0, 2)}
		if in.Sidechain != "" {
			key := byName(in.Sidechain)
			sl.key, sl.sc = key, proc.(dynamics.SidechainProcessor)
			if key.lat > lat {
				sl.pre = newDelayLine(st.channels, key.lat-lat)
				lat = key.lat
			} else if d := lat - key.lat; d > 0 {
				sl.keyDelay = newDelayLine(key.channels, d)
				sl.keyBuf = dsp.NewBuffer(key.channels, blockFrames)
			}
		}
		sl.latIn = lat
		for _, a := range targets[i] {
			ia := &insertAuto{env: a.env, last: a.env.value(0)}
			if a.tg.kind == targetInsert {
				set := a.tg.param.set
				ia.apply = func(v float64) { set(proc, v) }
			} else {
				f, set := e.band(proc, a.tg.band), a.tg.bparam.set
				ia.apply = func(v float64) { set(f, v) }
			}
			sl.autos = append(sl.autos, ia)
			st.grid = true
		}
		lat += proc.Latency()
		st.inserts = append(st.inserts, sl)
	}
	st.lat = lat
	return nil
}

// checkNyquist checks that the static frequencies of an insert are below
// the Nyquist frequency of the mix.
func checkNyquist(in *Insert, e *effect, rate int, where string) error {
	ny := float64(rate) / 2
	for _, name := range sortedKeys(in.Params) {
		if p := e.param(name); p != nil && e.info(p).Unit == "Hz" && in.Params[name] >= ny {
			return fmt.Errorf("%s: field %q: %g Hz is not below the Nyquist frequency %g Hz at %d Hz; lower it", where, name, in.Params[name], ny, rate)
		}
	}
	for j, b := range in.Bands {
		if v := b.Params["freq"]; v >= ny {
			return fmt.Errorf("%s band %d: field \"freq\": %g Hz is not below the Nyquist frequency %g Hz at %d Hz; lower it", where, j+1, v, ny, rate)
		}
	}
	return nil
}

// checkNyquistPoints checks an automated frequency's values against the
// Nyquist frequency.
func checkNyquistPoints(tg target, path string, pts []Breakpoint, rate int, where string) error {
	if tg.info.Unit != "Hz" {
		return nil
	}
	ny := float64(rate) / 2
	for k, p := range pts {
		if p[1] >= ny {
			return fmt.Errorf("%s: automation %q point %d: %g Hz is not below the Nyquist frequency %g Hz at %d Hz; lower it", where, path, k+1, p[1], ny, rate)
		}
	}
	return nil
}

// buildFader sets up the strip's gain, pan and send stages.
func (m *Mixer) buildFader(st *strip, auto Automation) error {
	env := func(path string) *envelope {
		if pts, ok := auto[path]; ok {
			return newEnvelope(pts, m.rate)
		}
		return nil
	}
	st.gainEnv = env("gain")
	if st.kind == trackStrip {
		st.panEnv, st.balEnv, st.widEnv = env("pan"), env("balance"), env("width")
	}
	st.gainC, st.leftC, st.rightC, st.widthC = newCurve(), newCurve(), newCurve(), newCurve()
	st.panned = dsp.NewBuffer(2, blockFrames)
	st.post = dsp.NewBuffer(2, blockFrames)
	for _, sd := range stripSends(m.s, st) {
		st.sends = append(st.sends, &sendSlot{pre: sd.Pre, level: dsp.DBToGain(sd.Level),
			env: env("sends." + sd.Bus), levelC: newCurve()})
	}
	return nil
}

// eachInsert calls f for every insert of the session with its strip's
// label.
func eachInsert(s *Session, f func(where string, list []Insert, in *Insert)) {
	for i := range s.Tracks {
		t := &s.Tracks[i]
		for k := range t.Inserts {
			f(fmt.Sprintf("track %q", t.Name), t.Inserts, &t.Inserts[k])
		}
	}
	for i := range s.Buses {
		b := &s.Buses[i]
		for k := range b.Inserts {
			f(fmt.Sprintf("bus %q", b.Name), b.Inserts, &b.Inserts[k])
		}
	}
	for k := range s.Master.Inserts {
		f("master", s.Master.Inserts, &s.Master.Inserts[k])
	}
}
