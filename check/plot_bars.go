package check

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// correlationPlot: the 2.0 stage's windowed correlation over time.
func correlationPlot(r *Report) (*plot.Plot, error) {
	st := stereoStage2(r)
	p := newPlot(fmt.Sprintf("Phase correlation of the %s fold-down (400 ms windows) — %s", st.Name, base(r.File)), "time (s)", "correlation (−1 … +1)")
	pts := make(plotter.XYs, len(st.CorrelationSeries))
	for i, v := range st.CorrelationSeries {
		// A window is plotted at its centre, 0.2 s before its end.
		pts[i] = plotter.XY{X: st.CorrelationStart + float64(i)*st.CorrelationStep - 0.2, Y: v}
	}
	if len(pts) > 0 {
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = plotutil.Color(0), vg.Points(1.5)
		p.Add(l)
		p.Legend.Add("correlation", l)
	}
	zero, err := hline(0, 0, r.Duration, color.Gray{Y: 90})
	if err != nil {
		return nil, err
	}
	zero.Dashes = nil
	zero.Width = vg.Points(1)
	thr, err := hline(st.Correlation.Threshold, 0, r.Duration, warnColor)
	if err != nil {
		return nil, err
	}
	p.Add(zero, thr)
	p.Legend.Add(fmt.Sprintf("warning below %.2f for more than %.1f s", st.Correlation.Threshold, r.Thresholds.CorrelationWarnSeconds), thr)
	p.Y.Min, p.Y.Max = -1.05, 1.05
	p.X.Min, p.X.Max = 0, max(r.Duration, 1)
	p.Legend.Top = false
	return p, nil
}

// barChart returns bars at x = xmin, xmin+1, … from floor up to values
// (each value clamped to [floor, ceil]), sized for slots bars in all.
func barChart(values []float64, floor, ceil, xmin float64, slots int, fill color.Color) ([]plot.Plotter, *plotter.BarChart, error) {
	baseVals := make(plotter.Values, len(values))
	top := make(plotter.Values, len(values))
	for i, v := range values {
		baseVals[i] = floor
		top[i] = min(max(v, floor), ceil) - floor
	}
	// About two thirds of the slot of a bar in the 800 pt wide data area.
	w := vg.Points(min(60, 0.65*800/float64(max(slots, 1))))
	baseBars, err := plotter.NewBarChart(baseVals, w)
	if err != nil {
		return nil, nil, err
	}
	baseBars.Color = color.Transparent
	baseBars.LineStyle.Width = 0
	baseBars.XMin = xmin
	bars, err := plotter.NewBarChart(top, w)
	if err != nil {
		return nil, nil, err
	}
	bars.Color = fill
	bars.LineStyle.Width = vg.Points(0.5)
	bars.XMin = xmin
	bars.StackOn(baseBars)
	return []plot.Plotter{baseBars, bars}, bars, nil
}

// valueLabels writes each value above its bar.
func valueLabels(values []float64, floor, ceil, xmin float64, format func(float64) string) (*plotter.Labels, error) {
	var xyl plotter.XYLabels
	for i, v := range values {
		xyl.XYs = append(xyl.XYs, plotter.XY{X: xmin + float64(i), Y: min(max(v, floor), ceil)})
		xyl.Labels = append(xyl.Labels, format(v))
	}
	l, err := plotter.NewLabels(xyl)
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font.Size = vg.Points(10)
		l.TextStyle[i].XAlign = -0.5
	}
	l.Offset = vg.Point{Y: vg.Points(4)}
	return l, nil
}

// monoLossPlot: the 2.0 stage's mono loss per octave band, with the
// warning and failure levels.
func monoLossPlot(r *Report) (*plot.Plot, error) {
	st := stereoStage2(r)
	p := newPlot(fmt.Sprintf("Mono loss per octave band (%s -> mono, programme %.1f LU) — %s", st.Name, deref(st.MonoLossLU), base(r.File)),
		"octave band centre (Hz)", "mono loss (LU)")
	var vals []float64
	var names []string
	for _, b := range st.MonoLossByBandLU {
		vals = append(vals, b.LU)
		names = append(names, BandKey(b.CentreHz))
	}
	th := r.Thresholds
	hi := 0.0
	for _, v := range vals {
		hi = max(hi, v)
	}
	// Up to 40 LU on the axis; taller bars are cut there and labelled.
	ceil := min(max(th.MonoLossFailLU*1.5, hi*1.15, 1), 40)
	bars, _, err := barChart(vals, 0, ceil, 0, len(vals), color.RGBA{R: 70, G: 130, B: 190, A: 255})
	if err != nil {
		return nil, err
	}
	p.Add(bars...)
	labels, err := valueLabels(vals, 0, ceil, 0, func(v float64) string {
		if v > ceil {
			return fmt.Sprintf("%.0f!", v)
		}
		return fmt.Sprintf("%.1f", v)
	})
	if err != nil {
		return nil, err
	}
	p.Add(labels)
	x1 := float64(len(vals)) - 0.5
	warn, err := hline(th.MonoLossWarnLU, -0.5, x1, warnColor)
	if err != nil {
		return nil, err
	}
	fail, err := hline(th.MonoLossFailLU, -0.5, x1, failColor)
	if err != nil {
		return nil, err
	}
	p.Add(warn, fail)
	p.Legend.Add(fmt.Sprintf("warn > %.1f LU", th.MonoLossWarnLU), warn)
	p.Legend.Add(fmt.Sprintf("fail > %.1f LU", th.MonoLossFailLU), fail)
	p.Legend.Top = true
	p.NominalX(names...)
	p.X.Label.Text = "octave band centre (Hz)"
	p.Y.Min, p.Y.Max = 0, ceil*1.08
	return p, nil
}

// truePeakPlot: the true peak of every channel of every stage, one colour
// per stage, with the limit.
func truePeakPlot(r *Report) (*plot.Plot, error) {
	p := newPlot(fmt.Sprintf("True peak per channel and stage — %s", base(r.File)), "channel (stage label)", "true peak (dBTP)")
	lo, hi := math.Inf(1), r.Thresholds.MaxTruePeakDBTP
	for _, st := range r.Stages {
		for _, c := range st.PerChannel {
			if c.TruePeakDBTP > -120 {
				lo = min(lo, c.TruePeakDBTP)
			}
			hi = max(hi, c.TruePeakDBTP)
		}
	}
	if math.IsInf(lo, 1) {
		lo = -60
	}
	floor := math.Floor((min(lo, hi)-6)/10) * 10
	// Headroom above the highest bar for the value labels and the legend.
	ceil := math.Ceil(hi + 0.3*(hi-floor))
	var names []string
	x, slots := 0.0, 0
	for _, st := range r.Stages {
		slots += len(st.PerChannel)
	}
	for i, st := range r.Stages {
		var vals []float64
		for _, c := range st.PerChannel {
			vals = append(vals, c.TruePeakDBTP)
			names = append(names, st.Name+" "+c.Label)
		}
		bars, top, err := barChart(vals, floor, ceil, x, slots, plotutil.Color(i))
		if err != nil {
			return nil, err
		}
		p.Add(bars...)
		p.Legend.Add(st.Name, top)
		labels, err := valueLabels(vals, floor, ceil, x, func(v float64) string {
			if v <= floor {
				return "-inf"
			}
			return fmt.Sprintf("%.1f", v)
		})
		if err != nil {
			return nil, err
		}
		p.Add(labels)
		x += float64(len(vals))
	}
	limit, err := hline(r.Thresholds.MaxTruePeakDBTP, -0.5, x-0.5, failColor)
	if err != nil {
		return nil, err
	}
	p.Add(limit)
	p.Legend.Add(fmt.Sprintf("limit %.1f dBTP", r.Thresholds.MaxTruePeakDBTP), limit)
	p.Legend.Top = true
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = math.Pi / 3
	p.X.Tick.Label.XAlign = -1
	p.X.Tick.Label.YAlign = -0.5
	p.X.Label.Text = "channel (stage label)"
	p.Y.Min, p.Y.Max = floor, ceil
	return p, nil
}
