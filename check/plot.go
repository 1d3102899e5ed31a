package check

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Size of every plot WritePlots writes, in pixels (at 96 dpi).
const (
	PlotWidth  = 1200
	PlotHeight = 600
	plotDPI    = 96
)

// Plot files WritePlots writes (the 2.0 plots only when there is a 2.0
// stage).
const (
	PlotLoudness    = "loudness.png"    // short-term loudness over time, one line per stage
	PlotCorrelation = "correlation.png" // 2.0 phase correlation over time
	PlotMonoLoss    = "monoloss.png"    // 2.0 mono loss per octave band
	PlotTruePeak    = "truepeak.png"    // true peak of every channel of every stage
)

// loudnessFloor is the lowest loudness plotted (the BS.1770 absolute gate);
// quieter stretches leave a gap in the line.
const loudnessFloor = -70.0

// WritePlots writes the report's plots as PNG files of PlotWidth ×
// PlotHeight pixels into dir (created when missing) and returns their
// paths. Each file is written to a temporary name and renamed.
func WritePlots(r *Report, dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("check: plot directory: %w", err)
	}
	type job struct {
		name string
		make func(*Report) (*plot.Plot, error)
	}
	jobs := []job{{PlotLoudness, loudnessPlot}}
	if st := stereoStage2(r); st != nil {
		jobs = append(jobs, job{PlotCorrelation, correlationPlot})
		if len(st.MonoLossByBandLU) > 0 {
			jobs = append(jobs, job{PlotMonoLoss, monoLossPlot})
		}
	}
	jobs = append(jobs, job{PlotTruePeak, truePeakPlot})
	var paths []string
	for _, j := range jobs {
		p, err := j.make(r)
		if err != nil {
			return paths, fmt.Errorf("check: plot %s: %w", j.name, err)
		}
		path := filepath.Join(dir, j.name)
		if err := savePNG(p, path); err != nil {
			return paths, fmt.Errorf("check: plot %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// stereoStage2 returns the first stage with the 2.0 measures, or nil.
func stereoStage2(r *Report) *Stage {
	for i := range r.Stages {
		if r.Stages[i].Correlation != nil {
			return &r.Stages[i]
		}
	}
	return nil
}

func savePNG(p *plot.Plot, path string) error {
	w := vg.Length(PlotWidth) * vg.Inch / plotDPI
	h := vg.Length(PlotHeight) * vg.Inch / plotDPI
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(plotDPI))
	p.Draw(draw.New(c))
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(f)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// newPlot returns a plot with a title, axis labels, a grid and fonts sized
// for PlotWidth × PlotHeight.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(16)
	p.X.Label.Text, p.Y.Label.Text = x, y
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(13)
		a.Tick.Label.Font.Size = vg.Points(11)
	}
	p.Legend.TextStyle.Font.Size = vg.Points(12)
	g := plotter.NewGrid()
	g.Horizontal.Color = color.Gray{Y: 215}
	g.Vertical.Color = color.Gray{Y: 215}
	p.Add(g)
	return p
}

// hline returns a dashed horizontal line at y from x0 to x1.
func hline(y, x0, x1 float64, c color.Color) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return nil, err
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
	return l, nil
}

var (
	warnColor = color.RGBA{R: 230, G: 150, B: 0, A: 255}
	failColor = color.RGBA{R: 200, G: 30, B: 30, A: 255}
)

// loudnessPlot: short-term loudness of every stage over time.
func loudnessPlot(r *Report) (*plot.Plot, error) {
	p := newPlot(fmt.Sprintf("Short-term loudness (3 s window) per fold-down stage — %s", base(r.File)), "time (s)", "short-term loudness (LUFS)")
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, st := range r.Stages {
		segs := segments(st.ShortTerm, st.ShortTermStep, st.ShortTermStep, loudnessFloor)
		col := plotutil.Color(i)
		for k, seg := range segs {
			l, err := plotter.NewLine(seg)
			if err != nil {
				return nil, err
			}
			l.Color, l.Width = col, vg.Points(2)
			p.Add(l)
			if k == 0 {
				p.Legend.Add(fmt.Sprintf("%s (I %s LUFS)", st.Name, level(st.IntegratedLUFS)), l)
			}
			for _, pt := range seg {
				lo, hi = min(lo, pt.Y), max(hi, pt.Y)
			}
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = loudnessFloor, 0
	}
	if t := r.Thresholds.TargetLUFS; t != nil {
		l, err := hline(*t, 0, r.Duration, color.Black)
		if err != nil {
			return nil, err
		}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("target %.1f LUFS", *t), l)
		lo, hi = min(lo, *t), max(hi, *t)
	}
	p.Y.Min, p.Y.Max = math.Floor(lo/5)*5-2, math.Ceil(hi/5)*5+2
	p.X.Min, p.X.Max = 0, max(r.Duration, 1)
	p.Legend.Top = true
	return p, nil
}

// segments turns a series (entry i at t0 + i·step) into lines, leaving
// out values at or below floor.
func segments(v []float64, t0, step, floor float64) []plotter.XYs {
	var segs []plotter.XYs
	var cur plotter.XYs
	for i, y := range v {
		if y <= floor {
			if len(cur) > 0 {
				segs = append(segs, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, plotter.XY{X: t0 + float64(i)*step, Y: y})
	}
	if len(cur) > 0 {
		segs = append(segs, cur)
	}
	return segs
}

func base(path string) string {
	if path == "" {
		return "stream"
	}
	return filepath.Base(path)
}
