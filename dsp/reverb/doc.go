// Package reverb holds the algorithmic reverb of immerse's mixer: a
// 16-line feedback delay network with a Hadamard feedback matrix, input
// diffusion, RT60-matched absorptive filters after Jot, predelay, stereo
// width and mix. See Reverb for the structure.
//
// References: J.-M. Jot and A. Chaigne, "Digital delay networks for
// designing artificial reverberators", AES 90th Convention, 1991 (the FDN
// and the absorptive filters); M. R. Schroeder, "Natural sounding
// artificial reverberation", JAES 10(3), 1962 (allpass diffusers, and the
// backward integration the tests measure RT60 with).
package reverb
