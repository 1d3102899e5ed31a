// Package objects is the scene model: audio objects (mono stems whose
// direction, distance and gain change over time) and channel beds, read from
// a scene file in JSON or YAML and validated with messages that name the
// file, the object, the keyframe and the field.
//
// Scene file (times in seconds, gains in dB, angles in degrees, ADM
// convention: azimuth positive to the left):
//
//	{
//	  "sampleRate": 48000,
//	  "objects": [
//	    {"name": "heli", "file": "stems/heli.wav", "start": 12.5, "gain": -3,
//	     "positions": [
//	       {"time": 0, "azimuth": 30, "elevation": 0},
//	       {"time": 4, "azimuth": -110, "elevation": 30, "distance": 1},
//	       {"time": 6, "x": 0, "y": 1, "z": 0.5, "jump": true},
//	       {"time": 7, "azimuth": 0, "elevation": 90, "gain": -6}]}
//	  ],
//	  "beds": [{"name": "music", "file": "stems/music_712.wav", "layout": "7.1.2", "gain": 0}]
//	}
//
// Between keyframes the direction moves along the shortest great-circle arc
// and distance and gain move linearly (gain in dB); a keyframe with
// "jump": true is reached instantly at its time. Before the first keyframe
// an object holds it, after the last it holds the last.
package objects
