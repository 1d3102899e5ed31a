package mixer

import (
	"runtime"
	"sync"
)

// Tracks are processed in parallel in waves: wave 0 holds the active
// tracks without a sidechain, wave k the tracks keyed only by tracks of
// earlier waves. Within a block every track of a wave reads its stem, runs
// its inserts and its fader on its own buffers (a key is only read, and
// its source finished in an earlier wave); the sums into buses then run in
// the one processing order. So the output is bit-identical for any number
// of workers. Tracks keyed by a bus wait for the bus, in order.

// pool runs the waves of a block on worker goroutines.
type pool struct {
	waves [][]*strip
	tasks chan *strip
	wg    sync.WaitGroup
	pos   int64
	m     *Mixer
}

// planWaves marks the tracks that can run in parallel and groups them in
// waves; it starts workers when more than one track can run at once.
func (m *Mixer) planWaves(workers int) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	wave := map[*strip]int{}
	var waves [][]*strip
	for _, st := range m.order {
		if st.kind != trackStrip || !st.active {
			continue
		}
		w, ok := 0, true
		for _, in := range st.inserts {
			if in.key == nil {
				continue
			}
			kw, isTrack := wave[in.key]
			if !isTrack {
				ok = false // keyed by a bus (or a track that waits for one)
				break
			}
			w = max(w, kw+1)
		}
		if !ok {
			continue
		}
		wave[st] = w
		for len(waves) <= w {
			waves = append(waves, nil)
		}
		waves[w] = append(waves[w], st)
		st.parallel = true
	}
	widest := 0
	for _, w := range waves {
		widest = max(widest, len(w))
	}
	if workers < 2 || widest < 2 {
		return
	}
	p := &pool{waves: waves, tasks: make(chan *strip), m: m}
	for i := 0; i < min(workers, widest); i++ {
		go p.work()
	}
	m.pool = p
}

func (p *pool) work() {
	for st := range p.tasks {
		st.err = p.m.processTrack(st, p.pos)
		p.wg.Done()
	}
}

// run processes every wave of the block starting at stream frame pos.
func (p *pool) run(pos int64) {
	p.pos = pos
	for _, w := range p.waves {
		p.wg.Add(len(w))
		for _, st := range w {
			p.tasks <- st
		}
		p.wg.Wait()
	}
}

func (p *pool) stop() { close(p.tasks) }

// processTrack reads a track's block and runs its inserts and fader.
func (m *Mixer) processTrack(st *strip, pos int64) error {
	if err := m.readStem(st, pos); err != nil {
		return err
	}
	st.runInserts(pos)
	if st.audible {
		st.fader(pos)
	}
	return nil
}
