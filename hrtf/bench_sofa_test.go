package hrtf

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoadSOFA reads each shared SOFA file (bytes: the file size).
func BenchmarkLoadSOFA(b *testing.B) {
	for _, c := range corpusShapes {
		path := filepath.Join(sharedSOFA, c.file)
		st, err := os.Stat(path)
		if err != nil {
			b.Skipf("%s absent", path)
		}
		b.Run(c.file, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(st.Size())
			for i := 0; i < b.N; i++ {
				if _, err := LoadSOFA(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDefaultDecode is the work of Default's first call: decoding the
// embedded table.
func BenchmarkDefaultDecode(b *testing.B) {
	data, err := kemarFS.ReadFile(kemarTable)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		var s Set
		if err := s.UnmarshalBinary(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResampled converts the KEMAR set to 48 kHz (1420 responses).
func BenchmarkResampled(b *testing.B) {
	s := Default()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.Resampled(48000); err != nil {
			b.Fatal(err)
		}
	}
}
