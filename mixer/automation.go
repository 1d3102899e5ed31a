package mixer

import (
	"fmt"
	"strconv"
	"strings"

	"immerse/dsp"
)

// stripKind says which automation paths a strip has.
type stripKind int

const (
	trackStrip  stripKind = iota // gain, pan, balance, width, sends, inserts
	busStrip                     // gain, sends, inserts
	masterStrip                  // gain, inserts
)

// targetKind is what an automation path moves.
type targetKind int

const (
	targetGain targetKind = iota
	targetPan
	targetBalance
	targetWidth
	targetSend
	targetInsert
	targetBand
)

// target is a resolved automation path.
type target struct {
	kind   targetKind
	send   int // targetSend: index into the strip's sends
	insert int // targetInsert, targetBand: index into the inserts
	band   int // targetBand: index into the insert's bands
	param  *param
	bparam *bandParam
	info   dsp.ParamInfo // unit and range of the values
	check  func(float64) string
}

var (
	gainInfo  = dsp.ParamInfo{Name: "gain", Unit: "dB", Min: MinGainDB, Max: MaxGainDB}
	panInfo   = dsp.ParamInfo{Name: "pan", Min: -1, Max: 1}
	widthInfo = dsp.ParamInfo{Name: "width", Min: 0, Max: 2}
)

// resolvePath parses an automation path of a strip: "gain", "pan",
// "balance", "width" (tracks), "sends.<bus>" (tracks and buses),
// "inserts.<i>.<param>" and "inserts.<i>.bands.<j>.<param>" (i, j from 0).
func resolvePath(path string, kind stripKind, sends []Send, inserts []Insert) (target, error) {
	simple := map[string]target{
		"gain":    {kind: targetGain, info: gainInfo},
		"pan":     {kind: targetPan, info: panInfo},
		"balance": {kind: targetBalance, info: dsp.ParamInfo{Name: "balance", Min: -1, Max: 1}},
		"width":   {kind: targetWidth, info: widthInfo},
	}
	known := []string{"gain"}
	if kind == trackStrip {
		known = append(known, "pan", "balance", "width")
	}
	if kind != masterStrip {
		known = append(known, "sends.<bus>")
	}
	known = append(known, "inserts.<i>.<param>")
	if t, ok := simple[path]; ok && (kind == trackStrip || path == "gain") {
		return t, nil
	}
	switch {
	case strings.HasPrefix(path, "sends.") && kind != masterStrip:
		bus := strings.TrimPrefix(path, "sends.")
		for i, s := range sends {
			if s.Bus == bus {
				return target{kind: targetSend, send: i, info: dsp.ParamInfo{Name: "level", Unit: "dB", Min: MinGainDB, Max: MaxGainDB}}, nil
			}
		}
		return target{}, fmt.Errorf("the strip has no send to bus %q; add the send first", bus)
	case strings.HasPrefix(path, "inserts."):
		return resolveInsertPath(strings.Split(strings.TrimPrefix(path, "inserts."), "."), inserts)
	}
	names := append([]string{}, known...)
	if g := suggest(path, []string{"gain", "pan", "balance", "width"}); g != "" && (kind == trackStrip || g == "gain") {
		return target{}, fmt.Errorf("unknown parameter (did you mean %q?); automatable: %s", g, strings.Join(names, ", "))
	}
	return target{}, fmt.Errorf("unknown parameter; automatable: %s", strings.Join(names, ", "))
}

func resolveInsertPath(parts []string, inserts []Insert) (target, error) {
	i, err := index(parts[0], len(inserts), "insert")
	if err != nil {
		return target{}, err
	}
	in := &inserts[i]
	e := effectByName(in.Type)
	if e == nil {
		return target{}, fmt.Errorf("insert %d has an unknown type %q", i, in.Type)
	}
	switch {
	case len(parts) == 2:
		p := e.param(parts[1])
		if p == nil {
			if g := suggest(parts[1], e.automatable()); g != "" {
				return target{}, fmt.Errorf("%s has no parameter %q (did you mean %q?)", e.name, parts[1], g)
			}
			return target{}, fmt.Errorf("%s has no parameter %q; automatable: %s", e.name, parts[1], strings.Join(e.automatable(), ", "))
		}
		if p.set == nil {
			return target{}, fmt.Errorf("parameter %q of %s is fixed when the mix starts and cannot be automated; automatable: %s", p.name, e.name, strings.Join(e.automatable(), ", "))
		}
		return target{kind: targetInsert, insert: i, param: p, info: e.info(p), check: p.check}, nil
	case len(parts) == 4 && parts[1] == "bands" && e.bands:
		j, err := index(parts[2], len(in.Bands), "band")
		if err != nil {
			return target{}, err
		}
		bp := bandParamByName(parts[3])
		if bp == nil || bp.set == nil {
			var auto []string
			for _, b := range bandParams {
				if b.set != nil {
					auto = append(auto, b.name)
				}
			}
			return target{}, fmt.Errorf("band parameter %q cannot be automated; automatable: %s", parts[3], strings.Join(auto, ", "))
		}
		return target{kind: targetBand, insert: i, band: j, bparam: bp, info: bandInfo(bp.tag), check: bp.check}, nil
	}
	if e.bands {
		return target{}, fmt.Errorf("write inserts.<i>.<param> or inserts.<i>.bands.<j>.<param>")
	}
	return target{}, fmt.Errorf("write inserts.<i>.<param> (%s parameters: %s)", e.name, strings.Join(e.automatable(), ", "))
}

// index parses a list index counted from 0 and checks it against n.
func index(s string, n int, what string) (int, error) {
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || s != strconv.Itoa(i) {
		return 0, fmt.Errorf("%q is not an %s index; count %ss from 0", s, what, what)
	}
	if i >= n {
		if n == 0 {
			return 0, fmt.Errorf("%s index %d: there are no %ss", what, i, what)
		}
		return 0, fmt.Errorf("%s index %d: there are %d %ss (indices 0 to %d)", what, i, n, what, n-1)
	}
	return i, nil
}

// envelope evaluates automation breakpoints at stream frames: the value
// is held before the first point and after the last, linear in between.
// A cursor makes monotonic evaluation O(1) per frame.
type envelope struct {
	at  []float64 // breakpoint frames (time · rate)
	v   []float64
	seg int // at[seg] <= the last frame asked for (or seg = 0)
}

func newEnvelope(pts []Breakpoint, rate int) *envelope {
	e := &envelope{at: make([]float64, len(pts)), v: make([]float64, len(pts))}
	for i, p := range pts {
		e.at[i] = p[0] * float64(rate)
		e.v[i] = p[1]
	}
	return e
}

// value returns the envelope at frame f (fractional frames allowed).
// Frames must not go backwards by more than one segment between calls
// for the cursor to stay cheap; any order gives correct values.
func (e *envelope) value(f float64) float64 {
	n := len(e.at)
	if f <= e.at[0] {
		e.seg = 0
		return e.v[0]
	}
	if f >= e.at[n-1] {
		e.seg = n - 1
		return e.v[n-1]
	}
	for e.seg > 0 && e.at[e.seg] > f {
		e.seg--
	}
	for e.seg+1 < n && e.at[e.seg+1] <= f {
		e.seg++
	}
	a, b := e.at[e.seg], e.at[e.seg+1]
	return e.v[e.seg] + (e.v[e.seg+1]-e.v[e.seg])*(f-a)/(b-a)
}

// constantFrom reports whether the envelope is constant on frames
// [f, f+n): then value(f) holds for all of them.
func (e *envelope) constantFrom(f float64, n int) bool {
	last := len(e.at) - 1
	end := f + float64(n-1)
	if end <= e.at[0] || f >= e.at[last] {
		return true
	}
	e.value(f)
	k := e.seg
	return k+1 <= last && end <= e.at[k+1] && e.v[k] == e.v[k+1]
}
