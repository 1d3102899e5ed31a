package assist

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestEmbeddedProfilesCiteSources: every number of the embedded profiles
// carries a source that is a reference key of the file (with its note) or
// the words "starting point".
func TestEmbeddedProfilesCiteSources(t *testing.T) {
	p := DefaultProfiles()
	count := 0
	check := func(where, src string) {
		count++
		if strings.HasPrefix(src, StartingPoint) {
			return
		}
		for key := range p.References {
			if strings.HasPrefix(src, key) {
				return
			}
		}
		t.Errorf("%s: source %q is neither a reference key nor %q", where, src, StartingPoint)
	}
	var walk func(where string, v reflect.Value)
	walk = func(where string, v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(where, v.Elem())
			}
		case reflect.Struct:
			switch x := v.Interface().(type) {
			case Num:
				check(where, x.Source)
				return
			case Span:
				check(where, x.Source)
				return
			}
			for i := 0; i < v.NumField(); i++ {
				walk(where+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(where+"["+string(rune('0'+i%10))+"]", v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(where+"."+k.String(), v.MapIndex(k))
			}
		}
	}
	walk("profiles", reflect.ValueOf(p))
	t.Logf("%d numbers, each with its source", count)
	if count < 300 {
		t.Errorf("only %d numbers walked; the walk misses fields", count)
	}
	for _, g := range []string{"pop", "rock", "hiphop", "electronic", "classical", "podcast"} {
		if _, err := p.Genre(g); err != nil {
			t.Error(err)
		}
	}
	for _, r := range []string{"kick", "bass", "lead-vocal", "dialogue", "other"} {
		if p.Roles[r] == nil {
			t.Errorf("role %q missing", r)
		}
	}
}

func TestLoadUserProfile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "mine.yaml")
	user := `genres:
  - name: mine
    doc: my own
    focus: lead-vocal
    focusOverRestLU: 3
    balanceToleranceLU: 1
    shares: {default: 0, kick: 4}
    spread: {default: 12}
    reverbLU: {lead-vocal: -12}
    delayLU: {}
    reverbDecayS: 1.2
    panSpread: 0.5
  - name: pop
    doc: my pop
    focusOverRestLU: [2, "my ears"]
    balanceToleranceLU: 2
    panSpread: 0.6
`
	if err := os.WriteFile(path, []byte(user), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProfiles(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := p.Genre("mine")
	if err != nil || g.FocusOverRestLU.Value != 3 || g.Shares["kick"].Value != 4 {
		t.Fatalf("mine: %+v, %v", g, err)
	}
	if pop, _ := p.Genre("pop"); pop.Doc != "my pop" || pop.FocusOverRestLU.Source != "my ears" {
		t.Errorf("pop was not replaced: %+v", pop)
	}
	if len(p.Genres) != len(DefaultProfiles().Genres)+1 || p.Roles["kick"] == nil {
		t.Errorf("merge: %d genres, kick %v", len(p.Genres), p.Roles["kick"])
	}
	for name, body := range map[string]string{
		"unknown field": "genres:\n  - name: x\n    colour: red\n",
		"unknown role":  "genres:\n  - name: x\n    panSpread: 0.5\n    shares: {banjo: 3}\n",
		"bad number":    "genres:\n  - name: x\n    panSpread: [wide, \"me\"]\n",
		"duplicate":     "genres:\n  - {name: x, panSpread: 0.5}\n  - {name: x, panSpread: 0.5}\n",
		"empty":         "",
		"tolerance":     "genres:\n  - {name: x, panSpread: 0.5, balanceToleranceLU: 99}\n",
	} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadProfiles(path)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		t.Logf("%s: %v", name, err)
	}
}

func FuzzParseProfiles(f *testing.F) {
	f.Add(embeddedProfiles)
	f.Add([]byte("genres:\n  - name: x\n    panSpread: 0.5\n"))
	f.Add([]byte("roles:\n  kick: {priority: [8, \"x\"], keyBands: [[40, 120]]}\n"))
	f.Add([]byte("genres: [{name: y, shares: {default: [1, a]}}]"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProfiles(data, "fuzz.yaml")
		if err != nil {
			return
		}
		for _, g := range p.Genres {
			_, _ = p.Genre(g.Name)
		}
	})
}
