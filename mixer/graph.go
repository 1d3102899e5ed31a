package mixer

import (
	"fmt"
	"strings"
)

// The routing graph: nodes are the tracks (0 .. T-1), the buses (T ..
// T+B-1) and the master (T+B); an edge u -> v means v needs u's signal of
// the same block: u outputs or sends to v, or u keys a sidechain of v.

type edgeKind int

const (
	edgeOutput edgeKind = iota
	edgeSend
	edgeKey
)

func (k edgeKind) String() string {
	return [...]string{"output", "send", "sidechain"}[k]
}

type edge struct {
	to   int
	kind edgeKind
}

type graph struct {
	label []string // `track "Kick"`, `bus "Drums"`, `master`
	adj   [][]edge
	in    [][]edge // reversed: in[v] lists (u, kind) for u -> v
}

// buildGraph builds the routing graph of a session whose names resolve
// (outputs, sends and sidechains name existing strips).
func buildGraph(s *Session) *graph {
	nt, nb := len(s.Tracks), len(s.Buses)
	n := nt + nb + 1
	g := &graph{label: make([]string, n), adj: make([][]edge, n), in: make([][]edge, n)}
	master := nt + nb
	node := func(name string) int { // a bus name, "" or master
		if i := s.busIndex(name); i >= 0 {
			return nt + i
		}
		if name == "" || name == MasterName {
			return master
		}
		return -1
	}
	source := func(name string) int { // a track or bus name
		if i := s.trackIndex(name); i >= 0 {
			return i
		}
		if i := s.busIndex(name); i >= 0 {
			return nt + i
		}
		return -1
	}
	add := func(u, v int, k edgeKind) {
		if u < 0 || v < 0 {
			return
		}
		g.adj[u] = append(g.adj[u], edge{v, k})
		g.in[v] = append(g.in[v], edge{u, k})
	}
	keys := func(v int, inserts []Insert) {
		for _, in := range inserts {
			if in.Sidechain != "" {
				add(source(in.Sidechain), v, edgeKey)
			}
		}
	}
	for i, t := range s.Tracks {
		g.label[i] = fmt.Sprintf("track %q", t.Name)
		add(i, node(t.Output), edgeOutput)
		for _, sd := range t.Sends {
			add(i, node(sd.Bus), edgeSend)
		}
		keys(i, t.Inserts)
	}
	for i, b := range s.Buses {
		u := nt + i
		g.label[u] = fmt.Sprintf("bus %q", b.Name)
		add(u, node(b.Output), edgeOutput)
		for _, sd := range b.Sends {
			add(u, node(sd.Bus), edgeSend)
		}
		keys(u, b.Inserts)
	}
	g.label[master] = "master"
	keys(master, s.Master.Inserts)
	return g
}

// order returns the nodes in a topological order (every node after all
// nodes it needs), preferring lower indices so the order is reproducible.
// A cycle is an error naming its path.
func (g *graph) order() ([]int, error) {
	n := len(g.adj)
	indeg := make([]int, n)
	for u := range g.adj {
		for _, e := range g.adj[u] {
			indeg[e.to]++
		}
	}
	var out []int
	done := make([]bool, n)
	for len(out) < n {
		next := -1
		for v := 0; v < n; v++ {
			if !done[v] && indeg[v] == 0 {
				next = v
				break
			}
		}
		if next < 0 {
			return nil, g.cycleError(done)
		}
		done[next] = true
		out = append(out, next)
		for _, e := range g.adj[next] {
			indeg[e.to]--
		}
	}
	return out, nil
}

// cycleError finds a cycle among the nodes not yet ordered and describes
// it: `routing cycle: bus "A" -send-> bus "B" -output-> bus "A"`.
func (g *graph) cycleError(done []bool) error {
	n := len(g.adj)
	state := make([]int, n) // 0 new, 1 on the stack, 2 finished
	type frame struct {
		v    int
		kind edgeKind // the edge that led to v
	}
	var stack []frame
	var found []frame
	var visit func(v int, k edgeKind) bool
	visit = func(v int, k edgeKind) bool {
		state[v] = 1
		stack = append(stack, frame{v, k})
		for _, e := range g.adj[v] {
			if done[e.to] {
				continue
			}
			if state[e.to] == 1 {
				for i, f := range stack {
					if f.v == e.to {
						found = append(append([]frame{}, stack[i:]...), frame{e.to, e.kind})
						return true
					}
				}
			}
			if state[e.to] == 0 && visit(e.to, e.kind) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		state[v] = 2
		return false
	}
	for v := 0; v < n; v++ {
		if !done[v] && state[v] == 0 && visit(v, 0) {
			break
		}
	}
	if len(found) == 0 {
		return fmt.Errorf("routing cycle; break the loop between outputs, sends and sidechains")
	}
	var b strings.Builder
	b.WriteString(g.label[found[0].v])
	for _, f := range found[1:] {
		fmt.Fprintf(&b, " -%s-> %s", f.kind, g.label[f.v])
	}
	return fmt.Errorf("routing cycle: %s; a signal cannot feed itself: remove one of these routes", b.String())
}
