package hrtf

import (
	"embed"
	"sync"
)

//go:generate go run ./internal/gen -in /usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa -out kemar/kemar_default.bin

// kemarFS holds the embedded default set, written by go generate (see
// kemar/README.md). The directory, not the file, is embedded so that the
// package still builds, and the generator still runs, without the table.
//
//go:embed kemar
var kemarFS embed.FS

const kemarTable = "kemar/kemar_default.bin"

var defaultSet = sync.OnceValue(func() *Set {
	data, err := kemarFS.ReadFile(kemarTable)
	if err != nil {
		panic("hrtf: the embedded default HRIR set " + kemarTable + " is missing; run go generate in immerse/hrtf")
	}
	s := new(Set)
	if err := s.UnmarshalBinary(data); err != nil {
		panic("hrtf: the embedded default HRIR set is corrupt: " + err.Error())
	}
	return s
})

// Default returns the built-in HRIR set: the MIT Media Lab KEMAR
// measurements (normal pinna; 710 directions, 512 taps, 44.1 kHz). It is
// decoded on first use and shared: callers must not modify it (Clone it
// first). Safe for concurrent use. It panics if the embedded table is
// missing or corrupt, which only a broken build can cause (go generate
// rewrites it).
func Default() *Set { return defaultSet() }
