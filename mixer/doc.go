// Package mixer mixes stereo sessions: tracks (mono or stereo stems) with
// insert effects, faders, pans and sends, buses (which may send to other
// buses, e.g. parallel compression) and a master, with sidechains and
// automation, streaming to a stereo output.
//
// # Sessions
//
// A session file is JSON or YAML (LoadSession, ParseSession) with
// sampleRate, panLaw, tracks, buses and master; Effects lists every insert
// type with its parameters, units (dB, Hz, ms, s), ranges and defaults,
// taken from the dsp packages' Describe tables. Validate rejects unknown
// fields (suggesting the name meant), values out of range, unknown buses
// and sidechain sources, routing cycles (naming the loop) and bad
// automation, with messages that locate the problem:
//
//	mixer: session.json: track "Lead Vocal" insert 2 (compressor): field "ratio": 0.5 is out of range; allowed 1 to 100
//
// # Signal flow
//
// Track: stem -> phase invert -> inserts -> pan (mono: the pan law) or
// width and balance (stereo) -> gain -> its output bus (default master).
// Sends take the signal after the gain (post-fader, the default) or before
// it ("pre": true; after the pan). Bus: the sum of its inputs -> inserts
// -> gain -> output, with sends. Master: sum -> inserts -> gain -> the mix.
// A sidechain key ("sidechain" on a compressor or gate) is the named
// track's or bus's signal after its inserts and before its fader: it is
// not affected by the source's gain, pan or mute (a muted kick still keys
// the bass — a ghost trigger). Mute silences a track's output and sends;
// when any track is soloed the others are muted, while buses stay live
// (solo-safe), so a soloed vocal keeps its reverb.
//
// # Timing
//
// Strips are processed in a topological order of the routing graph (one
// that puts every source before what it feeds or keys), in internal
// blocks of 256 frames whatever the caller's Read size: the output is
// bit-identical for any block size. Tracks may run on several goroutines
// (Config.Workers); the sums into buses keep one order, so the output is
// bit-identical for any number of workers too. Plugin delay compensation: each
// strip's latency is the sum of its inserts' Latency() (lookahead
// compressors, gates and limiters, oversampled saturation) after its
// input; every path into a bus is delayed to the slowest path in, a
// sidechain key is delayed (or the keyed insert's input is) so that the
// two line up, and the master's latency is dropped from the start of the
// output, so the mix is sample-aligned with its stems. After the last
// stem ends the mix runs on for the tail (Config.TailSeconds, by default
// Session.AutoTail: the session's reverb and delay decays).
//
// # Automation
//
// Breakpoints [time_s, value], held before the first and after the last
// point, linear in between in the parameter's unit (dB parameters in dB).
// Gains, pans, balances, widths and send levels are computed per sample.
// Insert parameters ("inserts.<i>.<param>", "inserts.<i>.bands.<j>.<param>")
// are set through the effects' setters on a fixed grid of AutomationGrid
// frames (effects that smooth their own changes, such as gains and mixes,
// glide over dsp.RampSeconds). Automation times are times of the stems:
// latency compensation applies to them too.
//
// # Pan laws
//
// See PanGains: -3 dB (constant power, sin/cos; the default), -4.5 dB,
// -6 dB (linear) and 0 dB (balance-style), as the level of each side for a
// centred mono track. Stereo tracks have a balance (BalanceGains) and a
// width that scales the side signal (L−R)/2.
//
// Levels in reports: peak in dBFS, RMS as 10·log10 of the mean square of
// both channels over the mix (a full-scale sine reads -3.01 dBFS),
// headroom = -peak (the true peak, 4× oversampled, when measured).
package mixer
