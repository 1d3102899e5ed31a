// Package normalize brings an audio file to a target integrated loudness
// (ITU-R BS.1770-5 / EBU R 128) under a true-peak ceiling, the way a
// podcast or streaming delivery asks for (-16 LUFS / -1 dBTP, -14 / -1,
// EBU R 128's -23 / -1).
//
// File streams the input twice or more, never holding it in memory:
//
//  1. measure the integrated loudness I and true peak TP (package
//     dsp/loudness, with the BS.1770-5 channel weights of the file's layout);
//  2. gain G = target − I. When TP + G stays under the ceiling less
//     TruePeakGuardDB, the output is the input times G, exactly (the
//     output's loudness is the target to float precision);
//  3. otherwise a true-peak lookahead limiter (dsp/dynamics.Limiter, linked
//     over all channels) follows the gain. Limiting lowers the loudness a
//     little, so the gain is refined over a few passes (secant method)
//     until the limited output measures within ToleranceLU (0.05 LU) of the
//     target and its true peak under ceiling − TruePeakGuardDB; if that is
//     not reached in six passes the closest output is kept with a warning.
//
// The limiter delays the audio by its lookahead; File drops that many
// frames at the start and feeds as many frames of silence at the end, so
// the output has the input's length and every sample stays at its time.
//
// The output is written atomically (a temporary file renamed at the end;
// a failure leaves nothing), is refused when it exists (unless Overwrite)
// and always when it is the input itself or a link to it. It keeps the
// input's format (sample rate, channels, channel mask, bit depth; 8-bit
// becomes 16-bit and 64-bit float 32-bit float) unless BitDepth is set.
// Integer output is rounded without dither. The Report says what was done:
// the gain, whether the limiter ran and its largest gain reduction, and
// the output's integrated loudness and true peak as measured on the
// samples written.
//
// Options.Platform (`normalize --platform NAME`) takes the target and the
// ceiling from a delivery preset; a ceiling preset (atmos-music, at most
// -18 LKFS) aims 0.1 LU under it. A dialogue-gated preset (netflix) also
// measures the dialogue in the first pass (delivery.DialogueMeter, an
// approximation) and moves the integrated target by the difference
// between the programme's integrated and dialogue loudness, so that the
// dialogue lands on the preset's target; with too little dialogue the
// preset's full-programme fallback applies. The Report says which.
package normalize
