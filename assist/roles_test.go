package assist

import (
	"testing"

	"immerse/mixer"
)

func TestRoleForName(t *testing.T) {
	cases := map[string]string{
		"Kick In": "kick", "KickOut": "kick", "Bass Drum": "kick", "BD 2": "kick", "Sub Kick": "kick",
		"Snare Top": "snare", "SN btm": "snare", "Hats": "hihat", "HH": "hihat", "Floor Tom": "toms",
		"OH L": "overheads", "Overheads": "overheads", "Room Mics": "room", "Shaker": "percussion",
		"Drum Loop": "drums", "Lead Vocal": "lead-vocal", "LeadVox": "lead-vocal", "Main Vox": "lead-vocal",
		"BV 1": "backing-vocal", "Harmonies": "backing-vocal", "Vocal Double": "backing-vocal",
		"Vocal": "vocal", "Vox": "vocal", "Host": "dialogue", "Guest Mic": "dialogue", "Bass DI": "bass",
		"808": "bass", "Sub": "bass", "Gtr L": "guitar", "Guitars": "guitar", "Acoustic Gtr": "guitar",
		"Piano": "piano", "Rhodes": "keys", "Keys": "keys", "Lead Synth": "synth", "Arp": "synth",
		"Pad": "pad", "Strings": "strings", "Cello": "strings", "Horns": "brass", "Sax": "brass",
		"Flute": "woodwinds", "Riser FX": "fx", "Atmos": "ambience", "Track 7": "", "Audio 1": "",
	}
	for name, want := range cases {
		if got := RoleForName(name); got != want {
			t.Errorf("RoleForName(%q) = %q, want %q", name, got, want)
		}
	}
	for _, r := range nameRules {
		found := false
		for _, m := range mixer.Roles {
			found = found || m == r.role
		}
		if !found {
			t.Errorf("name rule role %q is not a mixer role", r.role)
		}
	}
}

// TestRoleFromSound: the demo's stems under names that say nothing and
// without session roles are recognised by their sound (the kick, the
// bass, the hi-hats and the snare), the others by their names, a role
// written in the session wins over the name, and the report says which.
func TestRoleFromSound(t *testing.T) {
	t.Parallel()
	f := demoFixture()
	want := map[string]string{"Kick": "kick", "Bass": "bass", "Hats": "hihat", "Snare": "snare"}
	anon := map[string]string{}
	for i := range f.s.Tracks {
		tr := &f.s.Tracks[i]
		tr.Role = ""
		if w, ok := want[tr.Name]; ok {
			name := "Track " + string(rune('A'+i))
			anon[name] = w
			renameTrack(f.s, tr.Name, name)
		}
	}
	trackByName(f.s, "Keys").Role = "pad" // a session role wins over the name
	r := f.assist(t, Options{})
	for _, tr := range r.Tracks {
		w, ok := anon[tr.Name]
		if tr.Name == "Keys" {
			if tr.Role != "pad" || tr.RoleFrom != RoleFromSession {
				t.Errorf("Keys: %s from %s, want pad from the session", tr.Role, tr.RoleFrom)
			}
			continue
		}
		if !ok {
			if tr.RoleFrom != RoleFromName {
				t.Errorf("%s: role from %s, want name", tr.Name, tr.RoleFrom)
			}
			continue
		}
		t.Logf("%s (%s): %s from %s, features %+v", tr.Name, w, tr.Role, tr.RoleFrom, tr.Measurements.Sound)
		if tr.Role != w || tr.RoleFrom != RoleFromSound {
			t.Errorf("%s: %s from %s, want %s from its sound", tr.Name, tr.Role, tr.RoleFrom, w)
		}
	}
}

// renameTrack renames a track and every reference to it.
func renameTrack(s *mixer.Session, from, to string) {
	for i := range s.Tracks {
		t := &s.Tracks[i]
		if t.Name == from {
			t.Name = to
		}
		for k := range t.Inserts {
			if t.Inserts[k].Sidechain == from {
				t.Inserts[k].Sidechain = to
			}
		}
	}
	for i := range s.Buses {
		for k := range s.Buses[i].Inserts {
			if s.Buses[i].Inserts[k].Sidechain == from {
				s.Buses[i].Inserts[k].Sidechain = to
			}
		}
	}
}
