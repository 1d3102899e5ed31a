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
//	       {"time": 7, "azimuth": 0, "elevation": 90, "gain": -6}]},
//	    {"name": "rain", "file": "stems/rain.wav",
//	     "positions": [
//	       {"time": 0, "azimuth": 0, "elevation": 30, "width": 120, "height": 40,
//	        "depth": 0.2, "diffuse": 0.6,
//	        "divergence": {"value": 0.3, "azimuthRange": 45},
//	        "channelLock": {"maxDistance": 0.5},
//	        "zoneExclusion": [{"minAzimuth": 100, "maxAzimuth": -100,
//	                           "minElevation": -90, "maxElevation": 90}]}]}
//	  ],
//	  "beds": [{"name": "music", "file": "stems/music_712.wav", "layout": "7.1.2", "gain": 0}]
//	}
//
// Between keyframes the direction moves along the shortest great-circle arc
// and distance and gain move linearly (gain in dB); a keyframe with
// "jump": true is reached instantly at its time. Before the first keyframe
// an object holds it, after the last it holds the last.
//
// Keyframes may carry the object metadata of ADM (ITU-R BS.2076), with the
// meaning and ranges ADM gives it for polar audioBlockFormats: "width" and
// "height" (degrees, 0..360) and "depth" (distance, 0..1) are the object's
// extent; "diffuse" (0..1) the share of its power rendered diffuse;
// "divergence" ({"value": 0..1, "azimuthRange": 0..180 degrees}) splits it
// into three images; "channelLock" (true, false or {"maxDistance": 0..2})
// snaps it to the nearest loudspeaker; "zoneExclusion" (a list of polar
// zones {"minAzimuth", "maxAzimuth", "minElevation", "maxElevation"}, the
// azimuth range running anticlockwise from min to max, or cartesian
// zones {"minX", "maxX", "minY", "maxY", "minZ", "maxZ"} on the cube of
// side 2) silences the loudspeakers inside the zones. Each field is an
// automation lane of its own, like the keyframe gain: a keyframe that
// leaves a field out neither sets nor interrupts it. The numbers (width,
// height, depth, diffuse, divergence value and azimuthRange) move linearly
// between the keyframes that give them, step at a jump, and hold before
// the first such keyframe and after the last; channelLock and
// zoneExclusion hold from the keyframe that gives them until the next one
// that does ("channelLock": false and "zoneExclusion": [] end them),
// as ADM holds them per block. Trajectory.At returns them in State.
package objects
