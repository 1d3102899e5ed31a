package mixer

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"immerse/dsp"
	"immerse/dsp/filter"
)

// notInSessions lists the dsp parameters an insert type deliberately does
// not expose (the single-band filters fix their kind).
var notInSessions = map[string][]string{
	"highpass": {"kind", "gain_db", "shelf_slope"},
	"lowpass":  {"kind", "gain_db", "shelf_slope"},
}

// TestEffectsCoverDSPTables: every parameter of every dsp table is mapped
// exactly once, so a parameter added to a dsp package shows up here.
func TestEffectsCoverDSPTables(t *testing.T) {
	for _, e := range effects {
		if e.describe == nil {
			continue
		}
		mapped := map[string]int{}
		for _, p := range e.params {
			mapped[p.tag]++
			e.info(&p) // panics when the tag is not in the table
		}
		for _, info := range e.describe() {
			skip := false
			for _, n := range notInSessions[e.name] {
				skip = skip || n == info.Name
			}
			if !skip && mapped[info.Name] != 1 {
				t.Errorf("%s: dsp parameter %q is mapped %d times", e.name, info.Name, mapped[info.Name])
			}
		}
	}
	mapped := map[string]bool{bandTypeTag: true}
	for _, p := range bandParams {
		mapped[p.tag] = true
	}
	for _, info := range filter.DefaultBandParams().Describe() {
		if !mapped[info.Name] {
			t.Errorf("eq band: dsp parameter %q is not mapped", info.Name)
		}
	}
}

// TestSettersMoveTheirParameter: each automation setter changes the dsp
// parameter its name maps to (read back through the processor's Params).
func TestSettersMoveTheirParameter(t *testing.T) {
	for _, e := range effects {
		ch := 2
		for _, p := range e.params {
			if p.set == nil {
				continue
			}
			proc, err := e.construct(&Insert{Type: e.name}, testRate, ch)
			if err != nil {
				t.Fatalf("%s: %v", e.name, err)
			}
			info := e.info(&p)
			v := info.Min + 0.37*(info.Max-info.Min)
			if info.Unit == "Hz" {
				v = info.Min + 0.37*(min(info.Max, 16000)-info.Min)
			}
			p.set(proc, v)
			got := paramField(t, proc, p.tag)
			if got != v {
				t.Errorf("%s: set %s = %g, the processor's %s is %g", e.name, p.name, v, p.tag, got)
			}
		}
	}
	in := &Insert{Type: "eq", Bands: []Band{{}, {Type: "lowshelf"}}}
	proc, err := effectByName("eq").construct(in, testRate, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, bp := range bandParams {
		if bp.set == nil {
			continue
		}
		info := bandInfo(bp.tag)
		v := info.Min + 0.31*(min(info.Max, 16000)-info.Min)
		f := effectByName("eq").band(proc, 1)
		bp.set(f, v)
		got := reflect.ValueOf(f.Params()).FieldByNameFunc(func(n string) bool {
			sf, _ := reflect.TypeOf(filter.BandParams{}).FieldByName(n)
			return strings.HasPrefix(sf.Tag.Get("json"), bp.tag)
		}).Float()
		if got != v {
			t.Errorf("band %s: set %g, got %g", bp.name, v, got)
		}
	}
}

// paramField reads the field tagged tag of proc.Params().
func paramField(t *testing.T, proc dsp.Processor, tag string) float64 {
	t.Helper()
	pv := reflect.ValueOf(proc).MethodByName("Params").Call(nil)[0]
	for i := 0; i < pv.NumField(); i++ {
		name, _, _ := strings.Cut(pv.Type().Field(i).Tag.Get("json"), ",")
		if name == tag {
			f := pv.Field(i)
			if f.CanFloat() {
				return f.Float()
			}
			return float64(f.Int())
		}
	}
	t.Fatalf("%T.Params() has no field %q", proc, tag)
	return 0
}

func TestEffectsListing(t *testing.T) {
	list := Effects()
	if len(list) != len(effects) {
		t.Fatalf("%d effects listed", len(list))
	}
	data, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	var back []struct {
		Type   string
		Params []struct {
			Name        string
			Unit        string
			Min, Max    float64
			Default     float64
			Automatable bool
		}
		BandParams []struct{ Name string }
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	find := func(typ, name string) (u string, lo, hi, def float64, auto bool) {
		for _, e := range back {
			if e.Type != typ {
				continue
			}
			for _, p := range e.Params {
				if p.Name == name {
					return p.Unit, p.Min, p.Max, p.Default, p.Automatable
				}
			}
		}
		t.Fatalf("%s %s not listed", typ, name)
		return
	}
	if u, lo, hi, def, auto := find("compressor", "ratio"); u != "ratio" || lo != 1 || hi != 100 || def != 4 || !auto {
		t.Errorf("compressor ratio: %s %g..%g default %g auto %v", u, lo, hi, def, auto)
	}
	if u, _, _, def, auto := find("reverb", "decay"); u != "s" || def != 1.5 || !auto {
		t.Errorf("reverb decay: %s default %g auto %v", u, def, auto)
	}
	if u, _, _, _, auto := find("reverb", "size"); u != "" || auto {
		t.Errorf("reverb size: %q auto %v (fixed at construction)", u, auto)
	}
	if u, _, hi, _, _ := find("delay", "lowpass"); u != "Hz" || hi != 20000 {
		t.Errorf("delay lowpass: %s max %g", u, hi)
	}
	for _, e := range back {
		if (e.Type == "eq" || e.Type == "midside") != (len(e.BandParams) == 6) {
			t.Errorf("%s: %d band params", e.Type, len(e.BandParams))
		}
	}
}

// TestEveryEffectBuilds: every insert type builds with its defaults on
// the channel counts it takes, and processes a block.
func TestEveryEffectBuilds(t *testing.T) {
	for _, e := range effects {
		for ch := 1; ch <= 2; ch++ {
			in := &Insert{Type: e.name}
			if e.bands {
				in.Bands = []Band{{Type: "peak", Params: map[string]float64{"gain": 3}}}
				if e.name == "midside" {
					in.Choices = map[string]string{"eqTarget": "side"}
				}
			}
			if err := checkInsert(in, "x"); err != nil {
				t.Fatal(err)
			}
			proc, err := e.construct(in, testRate, ch)
			if e.stereo && ch == 1 {
				if err == nil || !strings.Contains(err.Error(), "needs a stereo signal") {
					t.Errorf("%s on mono: %v", e.name, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s on %d channels: %v", e.name, ch, err)
			}
			buf := dsp.NewBuffer(ch, 256)
			buf[0][3] = 0.5
			proc.Process(buf, buf)
		}
	}
}
