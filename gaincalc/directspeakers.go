package gaincalc

import (
	"immerse/geom"
	"immerse/speakers"
)

// The two helpers below expose parts of the object gain calculation that
// the DirectSpeakers renderer of BS.2127 (§8) shares with it: the
// allocentric loudspeaker positions (for cartesian DirectSpeakers bounds)
// and the screen edge lock (for speakers locked to the screen).

// AllocentricPosition returns the position of a loudspeaker in the
// allocentric cube (BS.2127 §11.2), as the allocentric panner uses it.
// LFE channels take the §10 mapping of their nominal direction.
func AllocentricPosition(c *speakers.Channel) geom.Vec { return alloPosition(c) }

// LockToScreenEdge applies the screen edge lock of BS.2127 §7.3.4 to a
// position given as a vector (polar positions as geom.Cart of azimuth,
// elevation, distance; cartesian ones as X, Y, Z with cartesian true): it
// takes the azimuth and elevation of the reproduction screen's locked
// edges. Without a lock, or for a Calculator configured with NoScreen, the
// position is returned unchanged.
func (c *Calculator) LockToScreenEdge(pos geom.Vec, lock ScreenEdgeLock, cartesian bool) geom.Vec {
	b := BlockFormat{Cartesian: cartesian}
	b.Position.ScreenEdgeLock = lock
	return c.screenEdgeLock(pos, &b)
}
