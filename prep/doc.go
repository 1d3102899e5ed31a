// Package prep cleans tracks before mixing: File runs the clean-up
// processors of package dsp/cleanup on one file — de-hum, de-click,
// noise reduction and strip silence, always in that order — and Session
// on every stem of a mixer session, writing cleaned stems and a session
// that points at them. Both stream (memory stays flat), write atomically,
// never overwrite their inputs, keep every file's length and alignment,
// and return a Report of what changed where (see Report's JSON form).
//
// Passes over a file: one hum analysis (with de-hum), one noise-profile
// pass on the de-hummed signal (with noise reduction), and the processing
// pass; de-hum's notches are warmed on the first two seconds so the hum
// is removed from the first sample on.
//
// # JSON report
//
// A Report encodes its steps as a list in processing order, each with its
// "name" (times in seconds, rounded to 1 ms; levels in dB re full scale):
//
//	{"file": "vocal.wav", "output": "vocal_clean.wav", "sampleRate": 48000,
//	 "channels": 1, "duration": 12.5,
//	 "steps": [
//	   {"name": "dehum", "detected": "60", "frequency": 59.98,
//	    "frequencyMin": 59.9, "frequencyMax": 60.05, "harmonics": 8,
//	    "harmonicsFound": 3, "levelDB": -42.1, "levelAfterDB": -78.0,
//	    "reductionDB": 36.1},
//	   {"name": "declick", "clicks": [{"time": 1.234, "samples": 3}], "count": 1},
//	   {"name": "denoise", "reductionDB": 12, "sensitivityDB": 6,
//	    "smoothingBands": 3, "attackMs": 20, "releaseMs": 100,
//	    "profile": [2.976, 3.509], "noiseLevelDB": -58.1},
//	   {"name": "stripSilence", "thresholdDB": -50,
//	    "regions": [[0.0, 1.2]], "silencedSeconds": 1.2}
//	 ],
//	 "passes": 3, "warnings": ["..."]}
//
// Steps not asked for are absent. "detected" is "none" when auto found no
// hum (the step changed nothing); a click on several channels at once is
// listed once; "regions" are the exact-zero parts (fades excluded).
// Session's report is {"session": path, "stems": [{"tracks": [names],
// "prep": Report}]}.
package prep
