package check

import (
	"fmt"
	"testing"
)

// fakeReport is a clean 7.1.4 -> 5.1 -> 2.0 -> 1.0 report (every figure
// well inside the default thresholds), for the rules to be pushed one at a
// time.
func fakeReport() *Report {
	stage := func(name string, i float64) Stage {
		return Stage{Name: name, IntegratedLUFS: i, TruePeakDBTP: -3, SamplePeakDBFS: -3.2, TruePeakTime: 1.5}
	}
	r := &Report{Stages: []Stage{stage("7.1.4", -20), stage("5.1", -20.5), stage("2.0", -21), stage("1.0", -22)}}
	for i := 1; i < len(r.Stages); i++ {
		r.Stages[i].LoudnessChangeLU = ptr(r.Stages[i].IntegratedLUFS - r.Stages[i-1].IntegratedLUFS)
	}
	s := &r.Stages[2]
	s.Correlation = &Correlation{Mean: 0.6, Min: 0.1, Threshold: -0.3}
	s.MonoLossLU, s.MonoLossMaxWindowLU, s.MonoLossMaxWindowTime = ptr(1), ptr(2), ptr(3)
	s.MonoLossByBandLU = BandLosses{{CentreHz: 31.5, LU: 0.5}, {CentreHz: 1000, LU: 1.5}}
	return r
}

// TestThresholds triggers every rule exactly at its documented default:
// a value equal to the limit passes, one 0.01 over it (the report's
// resolution) trips it.
func TestThresholds(t *testing.T) {
	d := DefaultThresholds()
	if d.MaxTruePeakDBTP != -1 || d.MonoLossWarnLU != 3 || d.MonoLossFailLU != 6 || d.CorrelationWarn != -0.3 ||
		d.CorrelationWarnSeconds != 1 || d.JumpWarnLU != 2 || d.ToleranceLU != 1 || d.TargetLUFS != nil || d.Strict {
		t.Fatalf("defaults changed: %+v; update the documentation", d)
	}
	target := -14.0
	withTarget := d
	withTarget.TargetLUFS = &target
	cases := []struct {
		name    string
		th      Thresholds
		set     func(r *Report, v float64)
		at      float64 // the limit: passes
		over    float64 // just over: trips
		stage   string
		metric  string
		sev     string
		verdict string
	}{
		{"true peak", d, func(r *Report, v float64) { r.Stages[3].TruePeakDBTP = v }, -1, -0.99, "1.0", "truePeakDBTP", Fail, Fail},
		{"mono loss warn", d, func(r *Report, v float64) { r.Stages[2].MonoLossLU = &v }, 3, 3.01, "2.0", "monoLossLU", Warn, Warn},
		{"mono loss fail", d, func(r *Report, v float64) { r.Stages[2].MonoLossLU = &v }, 6, 6.01, "2.0", "monoLossLU", Fail, Fail},
		{"band mono loss", d, func(r *Report, v float64) { r.Stages[2].MonoLossByBandLU[0].LU = v }, 6, 6.01, "2.0", "monoLossByBandLU", Warn, Warn},
		{"correlation", d, func(r *Report, v float64) { r.Stages[2].Correlation.LongestBelowSeconds = v }, 1, 1.1, "2.0", "correlation", Warn, Warn},
		{"jump louder", d, func(r *Report, v float64) { r.Stages[1].LoudnessChangeLU = &v }, 2, 2.01, "5.1", "loudnessChangeLU", Warn, Warn},
		{"jump quieter", d, func(r *Report, v float64) { r.Stages[3].LoudnessChangeLU = &v }, -2, -2.01, "1.0", "loudnessChangeLU", Warn, Warn},
		{"target low", withTarget, func(r *Report, v float64) { r.Stages[0].IntegratedLUFS = v }, -15, -15.01, "7.1.4", "integratedLUFS", Fail, Fail},
		{"target high", withTarget, func(r *Report, v float64) { r.Stages[0].IntegratedLUFS = v }, -13, -12.99, "7.1.4", "integratedLUFS", Fail, Fail},
		{"clipping", d, func(r *Report, v float64) { r.Stages[1].ClippedSamples = int64(v) }, 0, 1, "5.1", "clippedSamples", Warn, Warn},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := fakeReport()
			if c.name == "target high" || c.name == "target low" {
				r.Stages[0].IntegratedLUFS = target
			}
			judge(r, c.th)
			if r.Verdict != Pass {
				t.Fatalf("clean report: verdict %s %+v", r.Verdict, r.Problems)
			}
			c.set(r, c.at)
			judge(r, c.th)
			atVerdict := Pass
			if c.name == "mono loss fail" {
				atVerdict = Warn // 6 LU is still over the 3 LU warning
			}
			if r.Verdict != atVerdict {
				t.Errorf("at the limit %g: verdict %s %+v", c.at, r.Verdict, r.Problems)
			}
			c.set(r, c.over)
			judge(r, c.th)
			if r.Verdict != c.verdict || len(r.Problems) != 1 {
				t.Fatalf("at %g: verdict %s, problems %+v", c.over, r.Verdict, r.Problems)
			}
			p := r.Problems[len(r.Problems)-1]
			if p.Stage != c.stage || p.Metric != c.metric || p.Severity != c.sev || p.Value != c.over || p.Message == "" {
				t.Errorf("problem %+v", p)
			}
			// Strict turns any warning into a failed verdict.
			strict := c.th
			strict.Strict = true
			judge(r, strict)
			if r.Verdict != Fail {
				t.Errorf("strict: verdict %s", r.Verdict)
			}
		})
	}
}

// TestThresholdsOverride: the same report judged with other limits.
func TestThresholdsOverride(t *testing.T) {
	r := fakeReport()
	r.Stages[3].TruePeakDBTP = -0.5
	r.Stages[2].MonoLossLU = ptr(4)
	th := DefaultThresholds()
	judge(r, th)
	if got := problemList(r); got != "2.0 monoLossLU warn, 1.0 truePeakDBTP fail" {
		t.Errorf("defaults: %s", got)
	}
	th.MaxTruePeakDBTP, th.MonoLossWarnLU, th.MonoLossFailLU = 0, 4.5, 8
	judge(r, th)
	if r.Verdict != Pass {
		t.Errorf("relaxed: %s %s", r.Verdict, problemList(r))
	}
	th.MonoLossWarnLU, th.MonoLossFailLU = 1, 3.5
	judge(r, th)
	if got := problemList(r); r.Verdict != Fail || got != "2.0 monoLossLU fail" {
		t.Errorf("strict mono loss: %s %s", r.Verdict, got)
	}
}

func TestThresholdsValidate(t *testing.T) {
	bad := []func(*Thresholds){
		func(t *Thresholds) { v := 3.0; t.TargetLUFS = &v },
		func(t *Thresholds) { t.MonoLossFailLU = 2 },
		func(t *Thresholds) { t.CorrelationWarn = -1.5 },
		func(t *Thresholds) { t.ToleranceLU = -1 },
		func(t *Thresholds) { t.JumpWarnLU = -0.5 },
		func(t *Thresholds) { t.CorrelationWarnSeconds = -1 },
	}
	for i, f := range bad {
		th := DefaultThresholds()
		f(&th)
		if err := th.Validate(); err == nil {
			t.Errorf("case %d: %+v accepted", i, th)
		}
	}
	if err := DefaultThresholds().Validate(); err != nil {
		t.Error(err)
	}
}

func problemList(r *Report) string {
	s := ""
	for i, p := range r.Problems {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s %s %s", p.Stage, p.Metric, p.Severity)
	}
	return s
}
