// Package delay holds the feedback delay of immerse's mixer: free time in
// ms or tempo-synced note values ("1/4", "1/8." dotted, "1/8t" triplet),
// feedback, ping-pong, low- and high-cut filters in the feedback path and
// a dry/wet mix, with interpolated, gliding delay-time automation.
package delay
