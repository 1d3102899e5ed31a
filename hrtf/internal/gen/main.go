// Command gen writes the embedded default HRIR table of package hrtf: it
// reads the MIT KEMAR SOFA file with hrtf.LoadSOFA and writes
// Set.MarshalBinary. Run through go generate in immerse/hrtf.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"immerse/hrtf"
)

func main() {
	in := flag.String("in", "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa", "MIT KEMAR SOFA file to read")
	out := flag.String("out", "kemar/kemar_default.bin", "table to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	s, err := hrtf.LoadSOFA(in)
	if err != nil {
		return fmt.Errorf("%w (install Debian's libmysofa1 or pass -in with a copy of MIT_KEMAR_normal_pinna.sofa)", err)
	}
	if s.Len() != 710 || s.Taps() != 512 || s.SampleRate != 44100 {
		return fmt.Errorf("%s: %d directions, %d taps, %d Hz; want the MIT KEMAR set (710, 512, 44100)", in, s.Len(), s.Taps(), s.SampleRate)
	}
	b, err := s.MarshalBinary()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".kemar-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	fmt.Printf("gen: wrote %s: %d bytes (%d directions x 2 x %d taps at %d Hz)\n", out, len(b), s.Len(), s.Taps(), s.SampleRate)
	return nil
}
