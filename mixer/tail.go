package mixer

import (
	"math"

	"immerse/dsp/delay"
	"immerse/dsp/reverb"
)

// AutoTailMax bounds the automatic tail (seconds).
const AutoTailMax = 30.0

// AutoTail is the tail the mix gets when Config.TailSeconds is 0: the time
// the session's reverbs and delays take to fall by 60 dB after the input
// stops — for a reverb its decay (RT60) plus predelay, for a delay the
// time of the repeat that is 60 dB down (time · ⌈ln 0.001 / ln feedback⌉)
// — taking the largest static or automated values, at most AutoTailMax.
// A session without reverbs and delays gets no tail.
func (s *Session) AutoTail() float64 {
	tail := 0.0
	visit := func(inserts []Insert, auto Automation, kind stripKind, sends []Send) {
		for i := range inserts {
			in := &inserts[i]
			e := effectByName(in.Type)
			if e == nil {
				continue
			}
			p, _, err := e.values(in)
			if err != nil {
				continue
			}
			most := func(name string, v float64) float64 {
				for path, pts := range auto {
					tg, err := resolvePath(path, kind, sends, inserts)
					if err != nil || tg.kind != targetInsert || tg.insert != i || tg.param.name != name {
						continue
					}
					for _, pt := range pts {
						v = math.Max(v, pt[1])
					}
				}
				return v
			}
			switch q := p.(type) {
			case *reverb.Params:
				tail = math.Max(tail, most("decay", q.DecayS)+q.PredelayMs/1000)
			case *delay.Params:
				fb := most("feedback", q.Feedback)
				repeats := 1.0
				if fb > 0 {
					repeats = math.Ceil(math.Log(1e-3) / math.Log(fb))
				}
				ms := q.DelayMs()
				if q.Note == "" {
					ms = most("time", ms)
				}
				tail = math.Max(tail, ms/1000*repeats)
			}
		}
	}
	for i := range s.Tracks {
		t := &s.Tracks[i]
		visit(t.Inserts, t.Automation, trackStrip, t.Sends)
	}
	for i := range s.Buses {
		b := &s.Buses[i]
		visit(b.Inserts, b.Automation, busStrip, b.Sends)
	}
	visit(s.Master.Inserts, s.Master.Automation, masterStrip, nil)
	return math.Min(tail, AutoTailMax)
}
