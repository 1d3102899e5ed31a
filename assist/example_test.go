package assist_test

import (
	"fmt"

	"immerse/assist"
	"immerse/demo"
	"immerse/mixer"
)

// Assist the demo session with its lead vocal buried 12 dB: the vocal is
// raised, with the measurement that says so.
func ExampleAssist() {
	s, stems := demo.Session(48000)
	bury := assist.Suggestion{Track: "Lead Vocal", Change: assist.Change{Op: assist.OpSet, Field: "gain", To: -15.0}}
	if err := bury.Apply(s); err != nil {
		panic(err)
	}
	r, err := assist.Assist(s, assist.Options{Genre: "pop", Open: func(p string) (mixer.Stem, error) { return stems.Source(p, 48000) }})
	if err != nil {
		panic(err)
	}
	for _, sg := range r.Suggestions {
		if sg.Track == "Lead Vocal" && sg.Kind == assist.KindBalance {
			up := sg.Change.To.(float64) - sg.Change.From.(float64)
			fmt.Printf("%s %s: %s raised by about %.0f dB\n", sg.Kind, sg.Track, sg.Change.Field, up)
		}
	}
	fmt.Println(r.Tracks[7].Role, "from", r.Tracks[7].RoleFrom)
	// Output:
	// balance Lead Vocal: gain raised by about 15 dB
	// lead-vocal from session
}

func ExampleRoleForName() {
	for _, n := range []string{"Kick In", "Lead Vox", "Gtr L", "BV 2", "Track 12"} {
		fmt.Printf("%q -> %q\n", n, assist.RoleForName(n))
	}
	// Output:
	// "Kick In" -> "kick"
	// "Lead Vox" -> "lead-vocal"
	// "Gtr L" -> "guitar"
	// "BV 2" -> "backing-vocal"
	// "Track 12" -> ""
}

func ExampleDefaultProfiles() {
	p := assist.DefaultProfiles()
	pop, _ := p.Genre("pop")
	fmt.Println(p.GenreNames())
	fmt.Printf("pop: lead vocal reverb %+g LU (%s)\n", pop.Reverb["lead-vocal"].Value, pop.Reverb["lead-vocal"].Source)
	// Output:
	// [pop rock hiphop electronic classical podcast]
	// pop: lead vocal reverb -9 LU (PR2014: reverb about 9 LU under the dry signal)
}
