package store

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/graphbuild/graphbuild/extract"
)

// adjacency is the graph's relation edges held in memory for ranked path
// searches: every entity that takes part in a fact, its degree, and for
// each neighbour the cheapest edge each way. Reading the store hop by hop
// costs a transaction per node, which a search that weighs hubs cannot
// afford: it looks at many more nodes than a breadth-first search that
// stops at the first meeting. It is read once per opened graph, from the
// edges file the build wrote beside the store (edgefile.go), or where
// there is none in one scan of every quad; for a million edges that is
// 1.1 s of CPU against 4.2 s (BenchmarkLoadPaths), and it never changes:
// a new build is a new store, opened anew. Its degrees also tell which end of a hop is
// cheaper to read evidence from (reader.smaller).
type adjacency struct {
	ids   []string       // node → entity id; nodes are numbered in id order
	vals  []quad.Value   // node → its value (its store node: see ref)
	index map[string]int // entity id → node
	deg   []int32        // node → fact edges it takes part in (subject, relation, object)
	off   []int32        // node i's arcs are arcs[off[i]:off[i+1]], by neighbour
	arcs  []arc
}

// arc is a node's tie to one neighbour: the cost of the cheapest edge
// from the node to it (Out) and from it to the node (In), first over all
// edges and then over plain facts only (OutPlain, InPlain). A cost is
// +Inf where there is no such edge.
type arc struct {
	to                         int32
	out, in, outPlain, inPlain float32
}

// cost returns the cheapest way over a, walked forward when forward (or
// either way unless directed), over plain facts only when plain.
func (a *arc) cost(forward, directed, plain bool) float32 {
	out, in := a.out, a.in
	if plain {
		out, in = a.outPlain, a.inPlain
	}
	if !forward {
		out, in = in, out
	}
	if directed {
		return out
	}
	return min(out, in)
}

// adjCache loads a graph's adjacency once; a load cut short (its
// context ended) is not kept, and the next search tries again.
type adjCache struct {
	mu    sync.Mutex
	adj   *adjacency
	ready atomic.Pointer[adjacency] // adj once loaded, read without the lock
}

// adjacency returns the graph's adjacency, reading it on first use.
func (g *Graph) adjacency(ctx context.Context) (*adjacency, error) {
	g.adj.mu.Lock()
	defer g.adj.mu.Unlock()
	if g.adj.adj != nil {
		return g.adj.adj, nil
	}
	a, ok, err := readEdgesFile(g.dir)
	if err == nil && !ok {
		a, err = g.reader(ctx).loadAdjacency()
	}
	if err != nil {
		return nil, err
	}
	g.adj.adj = a
	g.adj.ready.Store(a)
	return a, nil
}

// degree returns how many fact edges node n takes part in, or -1 if the
// relation edges are not in memory (yet): a hint of which end of a hop is
// cheaper to read, never a reason to wait for the load.
func (r *reader) degree(n graph.Ref) int {
	a := r.g.adj.ready.Load()
	if a == nil {
		return -1
	}
	i, ok := a.index[r.entityID(n)]
	if !ok {
		return 0
	}
	return int(a.deg[i])
}

// smaller reports whether node x is known to take part in fewer fact
// edges than node y, so that reading x's quads is the cheaper way to a
// tie between them.
func (r *reader) smaller(x, y graph.Ref) bool {
	dx, dy := r.degree(x), r.degree(y)
	return dx >= 0 && dy >= 0 && dx < dy
}

// LoadPaths reads what ranked path searches need into memory now rather
// than at the first search, so that a server answers its first request
// as fast as the others.
func (g *Graph) LoadPaths(ctx context.Context) (err error) {
	defer g.guard(&err)()
	_, err = g.adjacency(ctx)
	return err
}

// loadAdjacency reads every relation edge and counts its documents and
// evidence, in one scan of all quads (a KV store has no index by
// predicate). It works on the store's node references, never on values:
// each predicate is classified once, the ends of the edges are numbered
// densely as they come, and only the entities that take part in an edge
// are named, in one batch at the end, to number them in id order and lay
// out their arcs. Naming every node as it came was most of the time on a
// large store (a transaction per node).
func (r *reader) loadAdjacency() (*adjacency, error) {
	// What a predicate is to the scan; a relation's index in mods is
	// kind - predRelation.
	const (
		predOther = iota
		predSubject
		predPredicate
		predObject
		predRelation
	)
	kinds := map[any]int{}
	var mods []extract.Modality
	kindOf := func(p graph.Ref) int {
		k := key(p)
		if c, ok := kinds[k]; ok {
			return c
		}
		c := predOther
		switch {
		case r.is(p, attrSubject):
			c = predSubject
		case r.is(p, attrPredicate):
			c = predPredicate
		case r.is(p, attrObject):
			c = predObject
		case r.relation(p):
			_, m := extract.ParseRelation(r.id(p, schemeRelation))
			c = predRelation + len(mods)
			mods = append(mods, m)
		}
		kinds[k] = c
		return c
	}
	// Nodes in order of first sight; renumbered in id order below.
	nodes := map[any]int32{}
	var refs []graph.Ref
	node := func(n graph.Ref) int32 {
		k := key(n)
		i, ok := nodes[k]
		if !ok {
			i = int32(len(refs))
			nodes[k] = i
			refs = append(refs, n)
		}
		return i
	}
	edges := map[edgeKey]*support{}
	// An evidence node's subject, relation and object, as read.
	type ends struct{ s, p, o graph.Ref }
	evs := map[any]*ends{}
	end := func(q graph.Ref) *ends {
		k := key(r.dir(q, quad.Subject))
		e := evs[k]
		if e == nil {
			e = &ends{}
			evs[k] = e
		}
		return e
	}
	it := r.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(r.ctx) {
		q := it.Result()
		switch c := kindOf(r.dir(q, quad.Predicate)); c {
		case predOther:
		case predSubject:
			end(q).s = r.dir(q, quad.Object)
		case predPredicate:
			end(q).p = r.dir(q, quad.Object)
		case predObject:
			end(q).o = r.dir(q, quad.Object)
		default:
			s, o := r.dir(q, quad.Subject), r.dir(q, quad.Object)
			if key(s) == key(o) {
				continue // a loop is on no path
			}
			k := edgeKey{node(s), int32(c - predRelation), node(o)}
			e := edges[k]
			if e == nil {
				e = &support{}
				edges[k] = e
			}
			e.docs++ // a fact edge is one quad per document that states it
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	for _, e := range evs {
		if e.s == nil || e.p == nil || e.o == nil {
			continue
		}
		s, ok := nodes[key(e.s)]
		o, ok2 := nodes[key(e.o)]
		c, ok3 := kinds[key(e.p)]
		if ok && ok2 && ok3 && c >= predRelation {
			if sup := edges[edgeKey{s, int32(c - predRelation), o}]; sup != nil {
				sup.evidence++
			}
		}
	}

	// Name the nodes in one batch.
	vals, err := graph.ValuesOf(r.ctx, r.qs, refs)
	if err != nil {
		return nil, err
	}
	list := make([]edge, 0, len(edges))
	for k, sup := range edges {
		list = append(list, edge{k, *sup})
	}
	return layoutAdjacency(vals, list, mods), nil
}

// edgeKey is a relation edge: its subject and object nodes and its
// relation (an index into the relations' modalities).
type edgeKey struct{ s, rel, o int32 }

// support is what an edge's cost weighs: the documents stating it and
// its evidence.
type support struct{ docs, evidence int32 }

// edge is an edge with its support.
type edge struct {
	edgeKey
	support
}

// layoutAdjacency makes the adjacency of edges between nodes numbered as
// they came, whose values are vals: it renumbers the nodes in the order of
// their entity ids and lays out their arcs.
func layoutAdjacency(vals []quad.Value, edges []edge, mods []extract.Modality) *adjacency {
	ids := make([]string, len(vals))
	for i, v := range vals {
		ids[i] = entityIDOf(v)
	}
	order := make([]int32, len(ids)) // new number → first-sight number
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(ids[x], ids[y]) })
	renum := make([]int32, len(ids)) // first-sight number → new number
	a := &adjacency{
		ids:   make([]string, len(ids)),
		index: make(map[string]int, len(ids)),
		deg:   make([]int32, len(ids)),
		off:   make([]int32, len(ids)+1),
		vals:  make([]quad.Value, len(ids)),
	}
	for i, old := range order {
		renum[old] = int32(i)
		a.ids[i], a.vals[i] = ids[old], vals[old]
		a.index[ids[old]] = i
	}

	// Each edge makes an arc at both of its ends, laid out by node; arcs
	// to the same neighbour are then merged, keeping the cheapest edge
	// each way.
	for _, k := range edges {
		a.deg[renum[k.s]]++
		a.deg[renum[k.o]]++
	}
	for i, d := range a.deg {
		a.off[i+1] = a.off[i] + d
	}
	all := make([]arc, a.off[len(a.deg)])
	next := slices.Clone(a.off[:len(a.deg)])
	inf := float32(math.Inf(1))
	for _, e := range edges {
		k, sup := e.edgeKey, e.support
		s, o := renum[k.s], renum[k.o]
		m := mods[k.rel]
		w := float32(edgeCost(m, int(sup.docs), int(sup.evidence)))
		wp := inf
		if m == extract.Asserted {
			wp = w
		}
		all[next[s]] = arc{to: o, out: w, in: inf, outPlain: wp, inPlain: inf}
		next[s]++
		all[next[o]] = arc{to: s, out: inf, in: w, outPlain: inf, inPlain: wp}
		next[o]++
	}
	n := int32(0) // arcs kept so far, merged in place
	for i := range a.deg {
		as := all[a.off[i]:a.off[i+1]]
		slices.SortFunc(as, func(x, y arc) int { return int(x.to) - int(y.to) })
		a.off[i] = n
		for j, x := range as {
			if j > 0 && all[n-1].to == x.to {
				m := &all[n-1]
				m.out, m.in = min(m.out, x.out), min(m.in, x.in)
				m.outPlain, m.inPlain = min(m.outPlain, x.outPlain), min(m.inPlain, x.inPlain)
				continue
			}
			all[n] = x
			n++
		}
	}
	a.off[len(a.deg)] = n
	a.arcs = slices.Clip(all[:n])
	return a
}
