package check

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// The JSON schema of a Report, as documented in the package documentation:
// a small checker of required and optional keys and their types, refusing
// unknown keys.

type kind int

const (
	kString kind = iota
	kNumber
	kInteger
	kBool
	kNumberOrNull
	kObject
	kArray
	kNumberMap // object of numbers with any keys
)

type field struct {
	kind     kind
	required bool
	obj      *schema // kObject, or kArray of objects
	elem     kind    // kArray of scalars
	enum     []string
}

type schema map[string]field

var (
	thresholdsSchema = schema{
		"targetLUFS":             {kind: kNumber},
		"toleranceLU":            {kind: kNumber, required: true},
		"maxTruePeakDBTP":        {kind: kNumber, required: true},
		"monoLossWarnLU":         {kind: kNumber, required: true},
		"monoLossFailLU":         {kind: kNumber, required: true},
		"correlationWarn":        {kind: kNumber, required: true},
		"correlationWarnSeconds": {kind: kNumber, required: true},
		"jumpWarnLU":             {kind: kNumber, required: true},
		"strict":                 {kind: kBool, required: true},
	}
	channelSchema = schema{
		"label":          {kind: kString, required: true},
		"weight":         {kind: kNumber, required: true},
		"samplePeakDBFS": {kind: kNumber, required: true},
		"truePeakDBTP":   {kind: kNumber, required: true},
		"dcOffset":       {kind: kNumber, required: true},
		"clippedSamples": {kind: kInteger, required: true},
	}
	correlationSchema = schema{
		"mean": {kind: kNumber, required: true}, "min": {kind: kNumber, required: true},
		"minTime": {kind: kNumber, required: true}, "negativeFraction": {kind: kNumber, required: true},
		"threshold": {kind: kNumber, required: true}, "longestBelowSeconds": {kind: kNumber, required: true},
		"longestBelowTime": {kind: kNumber, required: true}, "runsOverLimit": {kind: kInteger, required: true},
		"secondsOverLimit": {kind: kNumber, required: true},
	}
	windowSchema = schema{
		"start": {kind: kNumber, required: true}, "end": {kind: kNumber, required: true},
		"correlation": {kind: kNumber, required: true}, "monoLossLU": {kind: kNumber, required: true},
	}
	stageSchema = schema{
		"name":                   {kind: kString, required: true},
		"channels":               {kind: kInteger, required: true},
		"downmix":                {kind: kString},
		"integratedLUFS":         {kind: kNumber, required: true},
		"loudnessRangeLU":        {kind: kNumber, required: true},
		"maxMomentaryLUFS":       {kind: kNumber, required: true},
		"maxShortTermLUFS":       {kind: kNumber, required: true},
		"samplePeakDBFS":         {kind: kNumber, required: true},
		"truePeakDBTP":           {kind: kNumber, required: true},
		"truePeakTime":           {kind: kNumber, required: true},
		"clippedSamples":         {kind: kInteger, required: true},
		"firstClipTime":          {kind: kNumber},
		"loudnessChangeLU":       {kind: kNumber},
		"leadingSilenceSeconds":  {kind: kNumber, required: true},
		"trailingSilenceSeconds": {kind: kNumber, required: true},
		"perChannel":             {kind: kArray, required: true, obj: &channelSchema},
		"correlation":            {kind: kObject, obj: &correlationSchema},
		"monoLossLU":             {kind: kNumber},
		"monoLossMaxWindowLU":    {kind: kNumber},
		"monoLossMaxWindowTime":  {kind: kNumber},
		"monoLossByBandLU":       {kind: kNumberMap},
		"worstWindows":           {kind: kArray, obj: &windowSchema},
	}
	problemSchema = schema{
		"stage":    {kind: kString, required: true},
		"metric":   {kind: kString, required: true},
		"severity": {kind: kString, required: true, enum: []string{"warn", "fail"}},
		"value":    {kind: kNumber, required: true},
		"limit":    {kind: kNumber, required: true},
		"time":     {kind: kNumberOrNull, required: true},
		"message":  {kind: kString, required: true},
	}
	modeSchema = schema{
		"name": {kind: kString, required: true}, "targetLUFS": {kind: kNumber, required: true}, "gainDB": {kind: kNumber, required: true},
	}
	platformSchema = schema{
		"name": {kind: kString, required: true}, "title": {kind: kString, required: true},
		"targetLUFS": {kind: kNumber, required: true}, "toleranceLU": {kind: kNumber, required: true},
		"maxTruePeakDBTP": {kind: kNumber, required: true},
		"measurement":     {kind: kString, required: true, enum: []string{"integrated", "dialogue-gated (approximation)", "integrated (full-programme rule: too little dialogue)"}},
		"measuredLUFS":    {kind: kNumber, required: true}, "integratedLUFS": {kind: kNumber, required: true},
		"dialogueLUFS": {kind: kNumber}, "dialoguePercent": {kind: kNumber},
		"truePeakDBTP": {kind: kNumber, required: true}, "gainDB": {kind: kNumber, required: true},
		"modes":   {kind: kArray, obj: &modeSchema},
		"verdict": {kind: kString, required: true, enum: []string{"pass", "warn", "fail"}},
		"action":  {kind: kString, required: true}, "notes": {kind: kArray, elem: kString},
	}
	playbackSchema = schema{
		"system": {kind: kString, required: true}, "title": {kind: kString, required: true},
		"channels":          {kind: kString, required: true, enum: []string{"mono", "stereo"}},
		"loudnessChangeLU":  {kind: kNumber, required: true},
		"lossByBandLU":      {kind: kNumberMap, required: true},
		"lowEndLostPercent": {kind: kNumber, required: true},
		"summary":           {kind: kString, required: true}, "curve": {kind: kString, required: true}, "basis": {kind: kString, required: true},
	}
	reportSchema = schema{
		"file":       {kind: kString, required: true},
		"layout":     {kind: kString, required: true},
		"sampleRate": {kind: kInteger, required: true},
		"duration":   {kind: kNumber, required: true},
		"stages":     {kind: kArray, required: true, obj: &stageSchema},
		"verdict":    {kind: kString, required: true, enum: []string{"pass", "warn", "fail"}},
		"problems":   {kind: kArray, required: true, obj: &problemSchema},
		"thresholds": {kind: kObject, required: true, obj: &thresholdsSchema},
		"notes":      {kind: kArray, elem: kString},
		"platform":   {kind: kObject, obj: &platformSchema},
		"playback":   {kind: kArray, obj: &playbackSchema},
	}
	// The 2.0 stage must carry these; the other stages must not.
	stereoKeys = []string{"correlation", "monoLossLU", "monoLossMaxWindowLU", "monoLossMaxWindowTime", "monoLossByBandLU"}
)

// validate checks v against s and returns every violation.
func validate(v any, s schema, path string) []string {
	obj, ok := v.(map[string]any)
	if !ok {
		return []string{path + ": not an object"}
	}
	var errs []string
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, known := s[k]
		if !known {
			errs = append(errs, fmt.Sprintf("%s: unknown key %q", path, k))
			continue
		}
		errs = append(errs, validateValue(obj[k], f, path+"."+k)...)
	}
	for k, f := range s {
		if _, ok := obj[k]; f.required && !ok {
			errs = append(errs, fmt.Sprintf("%s: missing key %q", path, k))
		}
	}
	return errs
}

func validateValue(v any, f field, path string) []string {
	bad := func(want string) []string { return []string{fmt.Sprintf("%s: %v (%T) is not %s", path, v, v, want)} }
	switch f.kind {
	case kString:
		s, ok := v.(string)
		if !ok {
			return bad("a string")
		}
		if f.enum != nil && !strings.Contains(","+strings.Join(f.enum, ",")+",", ","+s+",") {
			return bad("one of " + strings.Join(f.enum, "|"))
		}
	case kNumber:
		if _, ok := v.(float64); !ok {
			return bad("a number")
		}
	case kNumberOrNull:
		if _, ok := v.(float64); !ok && v != nil {
			return bad("a number or null")
		}
	case kInteger:
		x, ok := v.(float64)
		if !ok || x != float64(int64(x)) {
			return bad("an integer")
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			return bad("a boolean")
		}
	case kObject:
		return validate(v, *f.obj, path)
	case kNumberMap:
		m, ok := v.(map[string]any)
		if !ok || len(m) == 0 {
			return bad("a non-empty object of numbers")
		}
		for k, x := range m {
			if _, ok := x.(float64); !ok {
				return bad("an object of numbers (key " + k + ")")
			}
		}
	case kArray:
		a, ok := v.([]any)
		if !ok {
			return bad("an array")
		}
		var errs []string
		for i, e := range a {
			p := fmt.Sprintf("%s[%d]", path, i)
			if f.obj != nil {
				errs = append(errs, validate(e, *f.obj, p)...)
			} else {
				errs = append(errs, validateValue(e, field{kind: f.elem}, p)...)
			}
		}
		return errs
	}
	return nil
}

// validateReport checks a report's JSON against the schema, plus the
// per-stage rules: the 2.0 stage has the stereo keys and no other stage
// has them; every stage after the first has "downmix"; the band keys are
// frequencies in ascending order.
func validateReport(t *testing.T, data []byte) {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	errs := validate(v, reportSchema, "$")
	stages, _ := v["stages"].([]any)
	if len(stages) == 0 {
		errs = append(errs, "$.stages: empty")
	}
	for i, s := range stages {
		st, _ := s.(map[string]any)
		is20 := st["name"] == "2.0"
		for _, k := range stereoKeys {
			if _, has := st[k]; has != is20 {
				errs = append(errs, fmt.Sprintf("$.stages[%d] (%v): key %q present %v", i, st["name"], k, has))
			}
		}
		if _, has := st["downmix"]; has != (i > 0) {
			errs = append(errs, fmt.Sprintf("$.stages[%d]: downmix present %v", i, has))
		}
	}
	if len(errs) > 0 {
		t.Errorf("schema violations:\n  %s\n%s", strings.Join(errs, "\n  "), data)
	}
}

// TestJSONSchema checks real reports: a failing 7.1.4 check (anti-phase
// fronts, hot level) with problems, and a quiet passing stereo one.
func TestJSONSchema(t *testing.T) {
	dir := t.TempDir()
	l := mustLayout(t, "7.1.4")
	const n = 4 * rate
	src := make([][]float32, 12)
	x := musicLike(5, n)
	for c := range src {
		src[c] = musicLike(uint64(10+c), n)
	}
	for i := range x {
		x[i] *= 3
	}
	src[0], src[1] = x, neg(x)
	hot := layoutFile(t, dir, "hot.wav", l, src)
	// A mostly centred stereo mix: common material plus a little of each
	// side's own (uncorrelated channels would lose 3 LU in mono and warn).
	common, ql, qr := musicLike(1, n), musicLike(2, n), musicLike(3, n)
	for i := range common {
		ql[i] = common[i] + 0.3*ql[i]
		qr[i] = common[i] + 0.3*qr[i]
	}
	quiet := writeFile(t, dir, "quiet.wav", 0, [][]float32{ql, qr})
	for _, path := range []string{hot, quiet} {
		r, err := File(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		validateReport(t, data)
		if path == hot && (len(r.Problems) == 0 || r.Verdict != Fail) {
			t.Errorf("hot file: verdict %s, %d problems", r.Verdict, len(r.Problems))
		}
		if path == quiet && r.Verdict != Pass {
			t.Errorf("quiet file: verdict %s %+v", r.Verdict, r.Problems)
		}
		// The bands are written in frequency order, and read back.
		var back Report
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatal(err)
		}
		st := stageByName(t, &back, "2.0")
		if len(st.MonoLossByBandLU) != 10 || st.MonoLossByBandLU[0].CentreHz != 31.5 || st.MonoLossByBandLU[9].CentreHz != 16000 {
			t.Errorf("bands read back: %+v", st.MonoLossByBandLU)
		}
		if i := strings.Index(string(data), `"monoLossByBandLU":{"31.5":`); i < 0 || !strings.Contains(string(data[i:]), `"8000":`) ||
			strings.Index(string(data[i:]), `"63":`) > strings.Index(string(data[i:]), `"125":`) {
			t.Errorf("band keys not in frequency order: %s", data)
		}
	}
}

// TestSchemaCheckerCatches: the checker itself finds unknown, missing and
// mistyped keys (so TestJSONSchema can fail).
func TestSchemaCheckerCatches(t *testing.T) {
	good := map[string]any{"stage": "2.0", "metric": "m", "severity": "warn", "value": 1.0, "limit": 2.0, "time": nil, "message": "x"}
	if errs := validate(good, problemSchema, "$"); len(errs) != 0 {
		t.Fatal(errs)
	}
	for _, mutate := range []func(map[string]any){
		func(m map[string]any) { m["extra"] = 1.0 },
		func(m map[string]any) { delete(m, "limit") },
		func(m map[string]any) { m["value"] = "1" },
		func(m map[string]any) { m["severity"] = "error" },
		func(m map[string]any) { m["time"] = "soon" },
	} {
		m := map[string]any{}
		for k, v := range good {
			m[k] = v
		}
		mutate(m)
		if errs := validate(m, problemSchema, "$"); len(errs) == 0 {
			t.Errorf("%v passed the schema", m)
		}
	}
}
