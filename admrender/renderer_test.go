package admrender

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"immerse/adm"
	"immerse/dsp"
	"immerse/encoders"
	"immerse/speakers"
)

// objectsMaster writes the objects test master (with every object
// feature) once per test.
func objectsMaster(t testing.TB, frames int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "objects.wav")
	writeMaster(t, "testdata/ear/objects.xml", path, frames)
	return path
}

func layout(t testing.TB, name string) *speakers.Layout {
	t.Helper()
	l, err := speakers.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// readBlocks renders a whole file reading blocks of n frames.
func readBlocks(t *testing.T, path string, opt Options, n int) [][]float32 {
	t.Helper()
	r, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := make([][]float32, r.Channels())
	buf := dsp.NewBuffer(r.Channels(), n)
	for {
		got, err := r.Read(buf)
		for c := range out {
			out[c] = append(out[c], buf[c][:got]...)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if int64(len(out[0])) != r.Length() {
		t.Fatalf("read %d frames, Length says %d", len(out[0]), r.Length())
	}
	return out
}

// Reading with blocks of 1, 7, 64, 512 or 4096 frames, with one or three
// decorrelation workers, gives the same samples, bit for bit.
func TestBlockSizeInvariance(t *testing.T) {
	path := objectsMaster(t, 57600)
	opt := Options{Layout: layout(t, "4+7+0"), Workers: 1}
	ref := readBlocks(t, path, opt, 4096)
	sizes := []int{1, 7, 64, 512}
	if testing.Short() {
		sizes = []int{7, 512}
	}
	for _, n := range sizes {
		opt.Workers = 1 + 2*(n%2) // 3 workers for odd sizes
		got := readBlocks(t, path, opt, n)
		for c := range ref {
			for i := range ref[c] {
				if got[c][i] != ref[c][i] {
					t.Fatalf("blocks of %d: channel %d frame %d is %g, blocks of 4096 give %g", n, c, i, got[c][i], ref[c][i])
				}
			}
		}
	}
}

// With KeepLatency the stream is the compensated one, Latency frames
// later and as much longer; the objects master has diffuse objects, so the
// latency is the decorrelators' 255 frames.
func TestKeepLatency(t *testing.T) {
	path := objectsMaster(t, 9600)
	l := layout(t, "4+7+0")
	aligned := readBlocks(t, path, Options{Layout: l}, 1000)
	raw := readBlocks(t, path, Options{Layout: l, KeepLatency: true}, 1000)
	if len(raw[0]) != len(aligned[0])+DecorrelatorDelay {
		t.Fatalf("raw stream %d frames, aligned %d", len(raw[0]), len(aligned[0]))
	}
	for c := range raw {
		for i, v := range aligned[c] {
			if raw[c][i+DecorrelatorDelay] != v {
				t.Fatalf("channel %d: raw frame %d differs from aligned frame %d", c, i+DecorrelatorDelay, i)
			}
		}
	}
}

// Read allocates nothing once running, across block boundaries, gain
// ramps and the decorrelators.
func TestReadAllocs(t *testing.T) {
	path := objectsMaster(t, 57600)
	r, err := Open(path, Options{Layout: layout(t, "4+7+0")})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := dsp.NewBuffer(r.Channels(), 480)
	r.Read(buf)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := r.Read(buf); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Read allocates %.1f times per block", allocs)
	}
}

// A muted object is silent, and a nested object plays at the product of
// its and its parents' gains: the "child" object (-6 dB, in a group at
// 0 dB) of the objects master, alone at az -135 el 30 = U-135 of 4+7+0,
// appears there at -6 dB; the muted object adds nothing.
func TestMuteAndNestedGain(t *testing.T) {
	path := objectsMaster(t, 4800)
	l := layout(t, "4+7+0")
	r, err := Open(path, Options{Layout: l})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var child *objectItem
	for _, o := range r.objects {
		if o.where == "audioObject AO_1009, audioChannelFormat AC_00031009" {
			child = o
		}
		if o.where == "audioObject AO_1010, audioChannelFormat AC_00031010" {
			if err := o.enter(0); err != nil {
				t.Fatal(err)
			}
			for _, g := range o.cur {
				if g != 0 {
					t.Fatalf("muted object has gains %v", o.cur)
				}
			}
		}
	}
	if child == nil {
		t.Fatal("no child object")
	}
	if err := child.enter(0); err != nil {
		t.Fatal(err)
	}
	want := math.Pow(10, -6.0/20)
	if g := child.cur[l.Index("U-135")]; math.Abs(g-want) > 1e-12 {
		t.Errorf("child on U-135: gain %g, want %g", g, want)
	}
}

func layoutByName(name string) (*speakers.Layout, error) { return speakers.Get(name) }

// The selected programme decides what plays: APR_1002 (added to the
// objects master) holds only the 5.1 bed (gain 0.8), so 7.1.4 gets its
// front channel on M+030 at 0.8, its surrounds on M±135 and nothing on
// the height channels.
func TestProgrammeSelection(t *testing.T) {
	xml, err := os.ReadFile("testdata/ear/objects.xml")
	if err != nil {
		t.Fatal(err)
	}
	extra := ` <audioProgramme audioProgrammeID="APR_1002" audioProgrammeName="bed only"><audioContentIDRef>ACO_1002</audioContentIDRef></audioProgramme>
 <audioContent audioContentID="ACO_1002" audioContentName="bed"><audioObjectIDRef>AO_1011</audioObjectIDRef></audioContent>
`
	xml = bytes.Replace(xml, []byte(" <audioContent "), []byte(extra+" <audioContent "), 1)
	b := masterBytes(t, xml, 4800)
	path := filepath.Join(t.TempDir(), "m.wav")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	l := layout(t, "7.1.4")
	r, err := Open(path, Options{Layout: l, Select: adm.SelectOptions{Programme: "APR_1002"}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := dsp.NewBuffer(12, 4800)
	if n, err := r.Read(out); n != 4800 || err != nil {
		t.Fatal(n, err)
	}
	in, err := encoders.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	tracks := dsp.NewBuffer(in.Channels(), 4800)
	dsp.ReadFull(in, tracks)
	check := func(label string, track int) {
		c := l.Index(label)
		for i := range out[c] {
			want := float32(0)
			if track > 0 {
				want = float32(float64(tracks[track-1][i]) * 0.8)
			}
			if out[c][i] != want {
				t.Fatalf("%s frame %d: %g, want %g", label, i, out[c][i], want)
			}
		}
	}
	check("M+030", 10)
	check("M+135", 14) // M+110 of 5.1 maps to M+135
	check("U+045", 0)
	if len(r.Items()) != 6 {
		t.Errorf("%d items rendered, want the bed's 6", len(r.Items()))
	}
}
