// Package check is immerse's fold-down check: it proves that a mix
// survives being heard narrower — 7.1.4 as 5.1, as stereo on phones, as
// mono on a smart speaker — with no loudness jumps, no clipping after
// summing and no phase cancellation.
//
// File (or Source, for a stream such as a render) reads the audio once.
// Every block is put in the layout's BS.2051 channel order (files are in
// WAV order; Layout.WAVOrder), folded down through the whole chain of
// matrices into preallocated buffers, and every stage's meters are fed:
// memory stays flat whatever the duration and nothing is allocated per
// block.
//
// # Stages
//
// Stage 1 is the file's own layout ("7.1.4"); the next stages are those of
// bed.FoldChain ("5.1", "2.0", "1.0"; Lo/Ro per ITU-R BS.775-3, LFE dropped,
// mono M = 0.7071·(L + R)), or of a preset (Options.Fold, bed.FoldPresets:
// default, heights-0db, no-heights, ltrt, surround-minus6) or of a custom
// chain (Options.Downmix). A stage is named by its layout's "x.y(.z)"
// alias, else its BS.2051 or custom name. For each stage the check
// reports:
//
//   - integrated loudness, loudness range, maximum momentary and
//     short-term loudness (ITU-R BS.1770-5 / EBU R 128, package
//     dsp/loudness), sample peak and true peak (with its time);
//   - clipped samples: samples with |x| > 1 (full scale) in the stage as
//     summed, before any limiter, with the time of the first;
//   - the loudness change from the previous stage;
//   - extras: the DC offset (mean) of every channel, and the leading and
//     trailing silence: the time before the first and after the last
//     sample whose magnitude reaches the silence level (Options.SilenceDBFS,
//     default −60 dBFS) in any channel — the whole duration for a silent
//     stage;
//   - for the 2.0 stage (package dsp/stereometer): the Pearson correlation
//     of 400 ms windows every 100 ms (mean, minimum, fraction below 0, the
//     longest run below the warning level and the worst windows), and the
//     mono loss loudness(L, R) − loudness((L + R)/√2) over the programme,
//     for the worst window and per octave band (31.5 Hz … 16 kHz). The loss
//     is capped at 100 LU when the mono sum cancels.
//
// # Channel weights
//
// Loudness uses the BS.1770-5 position-dependent weights
// (loudness.ChannelWeight) from each channel's nominal position: 1.41 for
// mid-layer channels at 60°…120° azimuth (5.1's M±110, 7.1.4's M±090),
// 1.0 for all others including M±135 and every height channel, 0 for LFE.
// ffmpeg's ebur128 filter weighs by channel name instead, so for 7.1 and
// 7.1.4 it gives BL/BR (M±135) and TBL/TBR (U±135) 1.41: its integrated
// loudness of those layouts reads higher than ours. The two agree for
// mono, stereo and 5.1 (the tests cross-check 5.1, 2.0 and 1.0 stages
// with ffmpeg within 0.1 LU).
//
// # Verdict
//
// Thresholds (DefaultThresholds; every one can be overridden). A value
// exactly at a limit passes; the comparisons use the report's rounded
// figures.
//
//	rule                                                  severity  default
//	true peak over MaxTruePeakDBTP, any stage             fail      -1 dBTP
//	first stage's integrated loudness off TargetLUFS
//	  by more than ToleranceLU (only with a target)       fail      none, ±1 LU
//	2.0 mono loss over MonoLossWarnLU                     warn      3 LU
//	2.0 mono loss over MonoLossFailLU                     fail      6 LU
//	an octave band's mono loss over MonoLossFailLU        warn      6 LU
//	correlation below CorrelationWarn for more than
//	  CorrelationWarnSeconds in a row (100 ms per window)  warn     -0.3, 1 s
//	stage-to-stage loudness change over ±JumpWarnLU       warn      2 LU
//	clipped samples in a stage (|x| > 1 after summing)    warn      -
//
// The verdict is "fail" when any problem fails (or, with Strict, when there
// is any problem at all), "warn" when there are only warnings, else
// "pass". The command exits 0 for pass and warn, 1 for fail, 2 for bad
// input. Note that uncorrelated stereo loses 3 LU in mono, so a very wide
// mix warns on the 2.0 -> 1.0 change with the default 2 LU.
//
// # JSON
//
// A Report encodes as (numbers rounded to 0.01 dB/LU, 0.001 for
// correlations and seconds; silence reads -200):
//
//	{
//	  "file": "out.wav",             // string ("" for a stream)
//	  "layout": "7.1.4",             // string: the first stage's name
//	  "sampleRate": 48000,           // integer, Hz
//	  "duration": 60.0,              // number, s
//	  "stages": [                    // the file's layout, then each fold-down
//	    {
//	      "name": "2.0",             // string
//	      "channels": 2,             // integer
//	      "downmix": "Lo/Ro, ...",   // string; absent on the first stage
//	      "integratedLUFS": -18.2, "loudnessRangeLU": 6.1,
//	      "maxMomentaryLUFS": -12.0, "maxShortTermLUFS": -14.9,
//	      "samplePeakDBFS": -1.6, "truePeakDBTP": -1.2, "truePeakTime": 12.35,
//	      "clippedSamples": 0,       // integer
//	      "firstClipTime": 3.2,      // number; only when clippedSamples > 0
//	      "loudnessChangeLU": -0.4,  // number; absent on the first stage or
//	                                 // when either stage is silent
//	      "leadingSilenceSeconds": 0.0, "trailingSilenceSeconds": 1.2,
//	      "perChannel": [{"label": "M+030", "weight": 1, "samplePeakDBFS": -1.6,
//	                      "truePeakDBTP": -1.2, "dcOffset": 0.0, "clippedSamples": 0}],
//	      // the 2.0 stage only:
//	      "correlation": {"mean": 0.61, "min": -0.12, "minTime": 30.4,
//	                      "negativeFraction": 0.0, "threshold": -0.3,
//	                      "longestBelowSeconds": 0.0, "longestBelowTime": 0.0,
//	                      "runsOverLimit": 0, "secondsOverLimit": 0.0},
//	      "monoLossLU": 1.4, "monoLossMaxWindowLU": 4.2, "monoLossMaxWindowTime": 30.4,
//	      "monoLossByBandLU": {"31.5": 0.1, "63": 0.2, "125": 0.4, "...": 0, "16000": 3.0},
//	      "worstWindows": [{"start": 30.0, "end": 30.4, "correlation": -0.12, "monoLossLU": 4.2}]
//	    }
//	  ],
//	  "verdict": "pass",             // "pass" | "warn" | "fail"
//	  "problems": [                  // [] when none
//	    {"stage": "1.0", "metric": "truePeakDBTP", "severity": "fail",
//	     "value": 0.4, "limit": -1.0, "time": 12.35, "message": "..."}
//	  ],                             // time: number, s, or null (whole programme)
//	  "thresholds": {"targetLUFS": -14, "toleranceLU": 1, "maxTruePeakDBTP": -1,
//	                 "monoLossWarnLU": 3, "monoLossFailLU": 6, "correlationWarn": -0.3,
//	                 "correlationWarnSeconds": 1, "jumpWarnLU": 2, "strict": false},
//	                                 // targetLUFS only when set
//	  "notes": ["..."]               // optional
//	}
//
// A problem's metric is the name of the stage field it concerns:
// truePeakDBTP, integratedLUFS, monoLossLU, monoLossByBandLU, correlation
// (value and limit in seconds below the threshold), loudnessChangeLU or
// clippedSamples.
//
// # Platforms and playback
//
// Options.Platform (a preset of package delivery, `check --platform`)
// makes the preset's true-peak ceiling the limit of every stage and adds
// its loudness rule for the first stage: a normalising platform's target
// missed by more than ±1 LU is a warning, a specification missed by more
// than its tolerance or a ceiling exceeded is a failure, both as a problem
// with metric "platform" whose message says what the platform will do.
// A dialogue-gated preset (netflix) also runs delivery.DialogueMeter on
// the first stage — an approximation, reported as such. The report gets
//
//	"platform": {"name": "spotify", "title": "Spotify", "targetLUFS": -14,
//	             "toleranceLU": 1, "maxTruePeakDBTP": -1,
//	             "measurement": "integrated",   // or "dialogue-gated (approximation)",
//	                                            // "integrated (full-programme rule: too little dialogue)"
//	             "measuredLUFS": -9.8, "integratedLUFS": -9.8,
//	             "dialogueLUFS": -27.4, "dialoguePercent": 41.2,  // dialogue-gated presets only
//	             "truePeakDBTP": -0.4, "gainDB": -4.2,
//	             "modes": [{"name": "loud", "targetLUFS": -11, "gainDB": -1.2}, ...],
//	             "verdict": "warn", "action": "Spotify will turn this down 4.2 dB ...",
//	             "notes": ["..."]}
//
// Options.Playback (`check --playback phone,earbuds,laptop,car,tv`) runs
// the 2.0 stage (a mono file: its own single channel) through the
// playback models of package delivery and adds, one entry per model,
//
//	"playback": [{"system": "phone", "title": "phone speaker", "channels": "mono",
//	              "loudnessChangeLU": -9.1,
//	              "lossByBandLU": {"31.5": -75.2, "63": -58.3, ..., "16000": -9.8},
//	              "lowEndLostPercent": 99.9,   // of the power in 22–177 Hz
//	              "summary": "100% of the low end (22–177 Hz) does not come out of the phone speaker; ...",
//	              "curve": "...", "basis": "..."}]
//
// A chain without a 2.0 or 1.0 stage cannot be checked for playback.
//
// # Custom downmix
//
// ParseDownmix reads a chain of matrices from JSON: each stage names a
// built-in layout and gives, for each of its output channels, the linear
// gain of each input channel of the previous stage (of the file's layout
// for the first stage), by BS.2051 label. Missing entries are 0. Gains
// must be finite, at most 16 in magnitude; at most 8 stages; unknown
// keys, unknown layouts and labels are errors that name the stage, output
// and input. A stage with layout 2.0 gets the stereo measures.
//
//	{"stages": [
//	  {"layout": "5.1", "matrix": {
//	    "M+030": {"M+030": 1, "U+045": 0.7071},
//	    "M-030": {"M-030": 1, "U-045": 0.7071},
//	    "M+000": {"M+000": 1},
//	    "LFE1":  {"LFE1": 1},
//	    "M+110": {"M+090": 0.7071, "M+135": 0.7071, "U+135": 0.7071},
//	    "M-110": {"M-090": 0.7071, "M-135": 0.7071, "U-135": 0.7071}}},
//	  {"layout": "2.0", "matrix": {
//	    "M+030": {"M+030": 1, "M+000": 0.7071, "M+110": 0.5},
//	    "M-030": {"M-030": 1, "M+000": 0.7071, "M-110": 0.5}}},
//	  {"layout": "1.0", "matrix": {"M+000": {"M+030": 0.5, "M-030": 0.5}}}
//	]}
//
// # Plots
//
// WritePlots draws PNGs of 1200 × 600 pixels: the short-term loudness of
// every stage over time, the 2.0 correlation over time, the 2.0 mono loss
// per octave band, and the true peak of every channel of every stage,
// each with its limits.
package check
