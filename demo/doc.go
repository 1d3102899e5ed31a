// Package demo synthesises the built-in demo material, so that the first
// command a new user runs needs no files: a scene with an object circling
// overhead, a helicopter-like object flying from the front over the top to
// the back, a static voice-like object in front, and a 7.1.2 ambience bed
// with LFE. Everything is generated deterministically from fixed seeds.
package demo
