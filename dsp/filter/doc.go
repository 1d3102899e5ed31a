// Package filter holds the biquad filters of immerse's mixer: the designs of
// the RBJ Audio EQ Cookbook (peak, low and high shelves with slope or Q,
// low/high-pass with Q or with slopes of 6 to 48 dB/oct as Butterworth
// cascades, band-pass with 0 dB peak gain, notch, all-pass), a Filter that
// runs one design on N channels, and an EQ that chains bands.
//
// Filters run in transposed direct form II with float64 state, which stays
// accurate for low corner frequencies at high sample rates (a 20 Hz
// 8th-order high-pass at 192 kHz is stable and exact to 0.05 dB).
//
// Every design answers Response(freq) and MagnitudeDB(freq) for plots,
// reports and tests; Design returns the raw sections.
package filter
