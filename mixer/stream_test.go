package mixer

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"immerse/dsp"
	"immerse/encoders"
)

// exampleStems are synthetic stems for testdata/session.json.
func exampleStems(seconds float64) memStems {
	n := int(seconds * testRate)
	kick := make([]float32, n)
	for i := 0; i < n; i += testRate / 2 {
		copy(kick[i:], sine(min(4000, n-i), 60, 0.8))
	}
	return memStems{
		"testdata/kick.wav": {kick},
		"testdata/bass.wav": {sine(n, 55, 0.4)},
		"testdata/vox.flac": {noise(n, 9, 0.3)},
	}
}

// TestBlockSizeInvariance: the mix of the example session (sidechain,
// parallel compression, automation, reverb, delay, latency) is
// bit-identical whatever the size of the blocks it is read in.
func TestBlockSizeInvariance(t *testing.T) {
	s, err := LoadSession("testdata/session.json")
	if err != nil {
		t.Fatal(err)
	}
	stems := exampleStems(1)
	cfg := Config{TailSeconds: 0.3}
	ref := mixWith(t, s, stems, cfg, 4096)
	for _, block := range []int{1, 7, 64, 512} {
		got := mixWith(t, s, stems, cfg, block)
		for c := range ref {
			if len(got[c]) != len(ref[c]) {
				t.Fatalf("block %d: %d frames, want %d", block, len(got[c]), len(ref[c]))
			}
			for i := range ref[c] {
				if got[c][i] != ref[c][i] {
					t.Fatalf("block %d: channel %d frame %d: %g, want %g", block, c, i, got[c][i], ref[c][i])
				}
			}
		}
	}
}

// TestReadAllocatesNothing: after set-up, Read allocates nothing, so
// memory stays flat however long the mix.
func TestReadAllocatesNothing(t *testing.T) {
	s, err := LoadSession("testdata/session.json")
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(s, exampleStems(4).open(testRate), Config{TruePeak: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	buf := dsp.NewBuffer(2, 1000)
	m.Read(buf)
	if a := testing.AllocsPerRun(50, func() { m.Read(buf) }); a != 0 {
		t.Errorf("Read allocates %g times per call", a)
	}
}

// unknownLength hides a stem's length, like a FLAC stream without a total.
type unknownLength struct{ *dsp.BufferSource }

func (unknownLength) Length() int64 { return -1 }

func TestUnknownStemLength(t *testing.T) {
	s := parse(t, oneTrack("", ""))
	x := noise(10000, 5, 0.5)
	m, err := New(s, func(string) (Stem, error) { return unknownLength{dsp.NewBufferSource([][]float32{x}, testRate)}, nil }, Config{TailSeconds: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Length() != -1 {
		t.Errorf("Length %d before the end is known", m.Length())
	}
	buf := dsp.NewBuffer(2, 333)
	total := 0
	for {
		n, err := m.Read(buf)
		total += n
		if err == io.EOF {
			break
		}
	}
	if want := 10000 + 480; total != want || m.Length() != int64(want) {
		t.Errorf("read %d frames, Length %d; want %d", total, m.Length(), want)
	}
}

func TestStemErrors(t *testing.T) {
	dir := t.TempDir()
	s := parse(t, `{"tracks": [{"name": "Kick", "file": "kick.wav"}, {"name": "Bass", "file": "bass.wav"}]}`)
	s.Dir = dir
	_, err := New(s, nil, Config{})
	wantErr(t, err, `track "Kick": stem "kick.wav": encoders: `+filepath.Join(dir, "kick.wav"))
	if !errors.Is(err, ErrInvalid) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing stem: %v is not ErrInvalid and ErrNotExist", err)
	}
	write := func(name string, rate, ch int) {
		w, err := encoders.Create(filepath.Join(dir, name), encoders.Format{SampleRate: rate, Channels: ch, BitDepth: 16}, encoders.WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(dsp.NewBuffer(ch, 100))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write("kick.wav", 48000, 1)
	write("bass.wav", 44100, 1)
	_, err = New(s, nil, Config{})
	wantErr(t, err, `track "Bass": stem "bass.wav" is 44100 Hz but track "Kick" (kick.wav) is 48000 Hz; all stems must share one rate (resample the stem, e.g. with `+"`ffmpeg -i in.wav -ar 48000 out.wav`")
	s.SampleRate = 44100
	_, err = New(s, nil, Config{})
	wantErr(t, err, `track "Kick": stem "kick.wav" is 48000 Hz but the session's sampleRate is 44100 Hz`)
	s.SampleRate = 0
	os.Remove(filepath.Join(dir, "bass.wav"))
	write("bass.wav", 48000, 3)
	_, err = New(s, nil, Config{})
	wantErr(t, err, `track "Bass": stem "bass.wav" has 3 channels; tracks take mono or stereo stems`)
	os.Remove(filepath.Join(dir, "bass.wav"))
	write("bass.wav", 48000, 2)
	m, err := New(s, nil, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if m.SampleRate() != 48000 || m.Length() != 100 {
		t.Errorf("rate %d length %d", m.SampleRate(), m.Length())
	}
	if err := m.Close(); err != nil {
		t.Error(err)
	}
	// Rate-dependent limits are checked once the rate is known.
	s = parse(t, oneTrack(`[{"type": "lowpass", "freq": 30000}]`, ""))
	s.SampleRate = 0
	_, err = New(s, memStems{"t.wav": {make([]float32, 10)}}.open(44100), Config{})
	wantErr(t, err, `track "T" insert 1 (lowpass): field "freq": 30000 Hz is not below the Nyquist frequency 22050 Hz at 44100 Hz; lower it`)
}

// TestWorkersBitIdentical: tracks processed by 1, 2 or 5 workers give the
// same bits (the sums into buses keep one order).
func TestWorkersBitIdentical(t *testing.T) {
	s, stems := benchSession(9)
	s.Tracks[3].Inserts[1].Sidechain = "T00" // a second wave
	s.Buses = append(s.Buses, Bus{Name: "Side"})
	s.Tracks[0].Output = "Side"
	s.Tracks[5].Inserts[1].Sidechain = "Side" // waits for a bus
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	var ref [][]float32
	for _, w := range []int{1, 2, 5} {
		got := mixWith(t, s, stems, Config{TailSeconds: 0.2, Workers: w}, 1000)
		if ref == nil {
			ref = got
			continue
		}
		for c := range ref {
			for i := range ref[c] {
				if got[c][i] != ref[c][i] {
					t.Fatalf("%d workers: channel %d frame %d: %g, want %g", w, c, i, got[c][i], ref[c][i])
				}
			}
		}
	}
	m, err := New(s, stems.open(testRate), Config{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.pool == nil || len(m.pool.waves) != 2 || len(m.pool.waves[1]) != 1 || m.tracks[5].parallel {
		t.Errorf("waves %v", m.pool)
	}
}
