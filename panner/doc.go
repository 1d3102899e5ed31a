// Package panner implements the point-source panner of ITU-R BS.2127 (the
// ADM renderer; reference implementation: the EBU ADM Renderer): VBAP
// (Pulkki 1997) over the convex hull of a layout's loudspeakers, with the
// standard's refinements:
//
//   - the hull is built from the nominal loudspeaker positions, the gains
//     from the real ones, so a room whose speakers deviate within the
//     BS.2051 ranges keeps the same regions (§6.1.2.1);
//   - where a layer (upper or lower) has no speaker above or below a
//     mid-layer speaker, a virtual speaker is placed there and its gain is
//     folded into the mid-layer speaker (§6.1.2.2);
//   - virtual speakers straight above and below the listener turn the polar
//     caps into virtual n-gons whose centre gain is shared equally by the
//     n real speakers around it (§6.1.2.3);
//   - facets of the hull with four coplanar speakers are panned as
//     quadrilaterals, symmetrically, not split into two arbitrary triangles
//     (§6.1.2.4);
//   - the 0+2+0 layout pans on 0+5+0 and folds down as BS.775 does, with the
//     centre coefficient chosen to keep the velocity vector (§6.1.2.5);
//   - gains are power normalised.
//
// Configuration (hull, inverse bases, quad polynomials) happens once in
// NewPointSource; Gains is cheap, allocation-free and safe for concurrent
// use.
package panner
