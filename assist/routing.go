package assist

import (
	"math"

	"immerse/dsp"
	"immerse/mixer"
)

// seriesStep is the time step of the loudness series (the BS.1770
// gating-block hop).
const seriesStep = 0.1

// routing works out how track i reaches the master: its fader (and its
// automation on the 100 ms series grid), the faders of the buses its
// output runs through, the master's, and what its pan, balance and width
// do to its energy.
func (as *assistant) routing(i int) {
	t := as.tr[i]
	st := &as.a.Session.Tracks[i]
	s := as.a.Session
	buses := pathDB(s, st.Output) + s.Master.Gain
	n := len(t.ta.series)
	t.gainDB = st.Gain + buses
	t.faderAt = make([]float64, n)
	pts, auto := st.Automation["gain"]
	sum := 0.0
	for j := range t.faderAt {
		t.faderAt[j] = st.Gain
		if auto {
			// Entry j is the window ending at (j+1)·0.1 s; its centre.
			t.faderAt[j] = autoValue(pts, float64(j+1)*seriesStep-0.2)
		}
		sum += t.faderAt[j]
	}
	if auto && n > 0 {
		t.gainDB = sum/float64(n) + buses
	}
	t.panFactor = 1
	if !t.ta.Heard || t.ta.sig == nil {
		return
	}
	if t.ta.Channels == 1 {
		l, r := mixer.PanGains(st.Pan, s.Law())
		t.panFactor = l*l + r*r
		return
	}
	var ll, rr, lr float64
	for k, a := range t.ta.active {
		if a {
			ll += t.ta.sig.hopLL[k]
			rr += t.ta.sig.hopRR[k]
			lr += t.ta.sig.hopLR[k]
		}
	}
	if ll+rr <= 0 {
		return
	}
	w := st.WidthValue()
	mm, dd, md := (ll+rr+2*lr)/4, (ll+rr-2*lr)/4, (ll-rr)/4
	bl, br := mixer.BalanceGains(st.Balance)
	el := mm + 2*w*md + w*w*dd
	er := mm - 2*w*md + w*w*dd
	t.panFactor = (bl*bl*el + br*br*er) / (ll + rr)
}

// pathDB is the sum of the bus faders from the strip output out to the
// master (0 for the master itself).
func pathDB(s *mixer.Session, out string) float64 {
	db := 0.0
	seen := map[string]bool{}
	for out != "" && out != mixer.MasterName && !seen[out] {
		seen[out] = true
		j := busIndex(s, out)
		if j < 0 {
			break
		}
		db += s.Buses[j].Gain
		out = s.Buses[j].Output
	}
	return db
}

func busIndex(s *mixer.Session, name string) int {
	for j := range s.Buses {
		if s.Buses[j].Name == name {
			return j
		}
	}
	return -1
}

// autoValue evaluates automation breakpoints at time t (s): held before
// the first and after the last, linear between.
func autoValue(pts []mixer.Breakpoint, t float64) float64 {
	if len(pts) == 0 {
		return 0
	}
	if t <= pts[0][0] {
		return pts[0][1]
	}
	for k := 1; k < len(pts); k++ {
		if t <= pts[k][0] {
			a, b := pts[k-1], pts[k]
			if b[0] == a[0] {
				return b[1]
			}
			return a[1] + (b[1]-a[1])*(t-a[0])/(b[0]-a[0])
		}
	}
	return pts[len(pts)-1][1]
}

// mixEnergy returns the track's energy in the mix per series entry (the
// K-weighted mean square, as 10^((LUFS+0.691)/10)), with the predicted
// change deltaLU, and whether it plays there (the activity gate).
func (as *assistant) mixEnergy(i int) (e []float64, active []bool) {
	t := as.tr[i]
	ta := t.ta
	n := len(ta.series)
	e = make([]float64, n)
	active = make([]bool, n)
	if !ta.Heard || ta.IntegratedLUFS <= dsp.MinDB {
		return e, active
	}
	floor := math.Max(-70, ta.IntegratedLUFS-activityGateLU)
	for j, m := range ta.series {
		if m <= dsp.MinDB {
			continue
		}
		g := t.faderAt[j] + as.a.Session.Master.Gain
		e[j] = math.Pow(10, (m+0.691+g+t.deltaLU)/10) * t.panFactor * as.trackTransfer(i, j)
		active[j] = m > floor
	}
	return e, active
}

// energyLU converts a mean K-weighted energy back to LUFS.
func energyLU(e float64) float64 {
	if e <= 0 {
		return dsp.MinDB
	}
	return -0.691 + 10*math.Log10(e)
}

// Bus transfer: what a bus does to the energy of its inputs on their way
// to the master, per series entry, measured. A bus's ratio R is its
// output (tapped after its inserts) over the sum of what reaches it
// (tracks' outputs and sends, other buses' outputs and sends, as
// energies of uncorrelated signals); its transfer T is R times its
// fader and, recursively, the transfer of where its output and its
// sends go (the master's is 1). Returns (reverb and delay buses) are
// space, not balance: sends to them are left out. So a drum bus's
// compression and its parallel "crush" send count in a kick's loudness in
// the mix.

// transfers computes as.busT.
func (as *assistant) transfers() {
	s := as.a.Session
	nb := len(s.Buses)
	n := 0
	for _, b := range as.a.Buses {
		n = max(n, len(b.series))
	}
	in := make([][]float64, nb)
	out := make([][]float64, nb)
	for b := range in {
		in[b] = make([]float64, n)
		out[b] = make([]float64, n)
		for j, m := range as.a.Buses[b].series {
			if m > dsp.MinDB {
				out[b][j] = math.Pow(10, (m+0.691)/10)
			}
		}
	}
	addTo := func(dst []float64, e []float64, g float64) {
		for j := range dst {
			if j < len(e) {
				dst[j] += e[j] * g
			}
		}
	}
	post := make([][]float64, len(as.tr))
	for i, t := range as.tr {
		if !t.ta.Heard {
			continue
		}
		st := &s.Tracks[i]
		post[i] = as.postFader(i)
		if b := busIndex(s, st.Output); b >= 0 {
			addTo(in[b], post[i], 1)
			// Correlated tracks (microphones on one source) sum as they
			// are, at their measured zero-lag correlation.
			for k := 0; k < i; k++ {
				if post[k] == nil || s.Tracks[k].Output != st.Output {
					continue
				}
				if p, ok := as.pairOf(k, i); ok && math.Abs(p.Correlation) >= as.set.RelatedCorr.Value {
					for j := range in[b] {
						if j < len(post[i]) && j < len(post[k]) {
							in[b][j] += 2 * p.ZeroLag * math.Sqrt(post[i][j]*post[k][j])
						}
					}
				}
			}
		}
		for _, sd := range st.Sends {
			if b := busIndex(s, sd.Bus); b >= 0 {
				if e, ok := as.sendEnergy(i, sd.Bus); ok {
					addTo(in[b], e, 1)
				}
			}
		}
	}
	for y := range s.Buses {
		by := &s.Buses[y]
		g := math.Pow(10, by.Gain/10)
		if b := busIndex(s, by.Output); b >= 0 {
			addTo(in[b], out[y], g)
		}
		for _, sd := range by.Sends {
			if b := busIndex(s, sd.Bus); b >= 0 {
				gs := math.Pow(10, sd.Level/10)
				if !sd.Pre {
					gs *= g
				}
				addTo(in[b], out[y], gs)
			}
		}
	}
	ratio := make([][]float64, nb)
	for b := range ratio {
		ratio[b] = make([]float64, n)
		for j := range ratio[b] {
			r := 1.0
			in[b][j] = math.Max(0, in[b][j])
			if in[b][j] > 0 {
				r = math.Max(1e-6, math.Min(1e6, out[b][j]/in[b][j]))
			}
			ratio[b][j] = r
		}
	}
	as.busT = make([][]float64, nb)
	var visit func(b int) []float64
	visit = func(b int) []float64 {
		if as.busT[b] != nil {
			return as.busT[b]
		}
		bus := &s.Buses[b]
		g := math.Pow(10, bus.Gain/10)
		t := make([]float64, n)
		as.busT[b] = t // a cycle is impossible in a validated session
		dest := func(name string) []float64 {
			if k := busIndex(s, name); k >= 0 {
				return visit(k)
			}
			return nil // the master
		}
		down := dest(bus.Output)
		for j := range t {
			d := 1.0
			if down != nil {
				d = down[j]
			}
			t[j] = g * d
		}
		for _, sd := range bus.Sends {
			k := busIndex(s, sd.Bus)
			if k < 0 || busKind(&s.Buses[k]) != "" {
				continue
			}
			gs := math.Pow(10, sd.Level/10)
			if !sd.Pre {
				gs *= g
			}
			dk := visit(k)
			for j := range t {
				t[j] += gs * dk[j]
			}
		}
		for j := range t {
			t[j] *= ratio[b][j]
		}
		return t
	}
	for b := range s.Buses {
		visit(b)
	}
	// The time average (dB) of each track's output transfer where it
	// plays, for the reports and for sends the assistant adds.
	for i, t := range as.tr {
		_, act := as.mixEnergy(i)
		var sum, cnt float64
		for j, a := range act {
			if a {
				sum += as.outTransfer(i, j)
				cnt++
			}
		}
		t.outPathDB = 0
		if cnt > 0 && sum > 0 {
			t.outPathDB = 10 * math.Log10(sum/cnt)
		}
	}
}

// postFader is track i's energy after its fader and pan (before its
// output bus), per series entry, measured.
func (as *assistant) postFader(i int) []float64 {
	t := as.tr[i]
	e := make([]float64, len(t.ta.series))
	for j, m := range t.ta.series {
		if m > dsp.MinDB {
			e[j] = math.Pow(10, (m+0.691+t.faderAt[j])/10) * t.panFactor
		}
	}
	return e
}

// outTransfer is the transfer of track i's output bus at entry j (1 for
// the master).
func (as *assistant) outTransfer(i, j int) float64 {
	b := busIndex(as.a.Session, as.a.Session.Tracks[i].Output)
	if b < 0 || as.busT == nil || j >= len(as.busT[b]) {
		return 1
	}
	return as.busT[b][j]
}

// trackTransfer is what reaches the master of track i's post-fader
// energy at entry j: through its output, and through its sends to buses
// that are not returns (relative to its post-fader energy).
func (as *assistant) trackTransfer(i, j int) float64 {
	tr := as.outTransfer(i, j)
	if as.busT == nil {
		return tr
	}
	s := as.a.Session
	st := &s.Tracks[i]
	for _, sd := range st.Sends {
		b := busIndex(s, sd.Bus)
		if b < 0 || busKind(&s.Buses[b]) != "" || j >= len(as.busT[b]) {
			continue
		}
		lv := sd.Level
		if pts, ok := st.Automation["sends."+sd.Bus]; ok {
			lv = autoValue(pts, float64(j+1)*seriesStep-0.2)
		}
		g := math.Pow(10, lv/10)
		if sd.Pre {
			g /= math.Pow(10, as.tr[i].faderAt[j]/10)
		}
		tr += g * as.busT[b][j]
	}
	return tr
}
