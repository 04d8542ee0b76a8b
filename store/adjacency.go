package store

import (
	"context"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/graphbuild/graphbuild/extract"
)

// adjacency is the graph's relation edges held in memory for ranked path
// searches: every entity that takes part in a fact, its degree, and for
// each neighbour the cheapest edge each way. Reading the store hop by hop
// costs a transaction per node, which a search that weighs hubs cannot
// afford: it looks at many more nodes than a breadth-first search that
// stops at the first meeting. It is read once per opened graph, in one scan
// of every quad (about 2 s for a million edges; notes/cayley-v0.7.7.md),
// and never changes: a new build is a new store, opened anew.
type adjacency struct {
	ids   []string       // node → entity id; nodes are numbered in id order
	refs  []graph.Ref    // node → the store's node
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
	mu  sync.Mutex
	adj *adjacency
}

// adjacency returns the graph's adjacency, reading it on first use.
func (g *Graph) adjacency(ctx context.Context) (*adjacency, error) {
	g.adj.mu.Lock()
	defer g.adj.mu.Unlock()
	if g.adj.adj != nil {
		return g.adj.adj, nil
	}
	a, err := g.reader(ctx).loadAdjacency()
	if err != nil {
		return nil, err
	}
	g.adj.adj = a
	return a, nil
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
// predicate), then numbers the entities in id order and lays out their
// arcs.
func (r *reader) loadAdjacency() (*adjacency, error) {
	type support struct {
		docs, evidence int
		modality       extract.Modality
	}
	edges := map[[3]any]*support{}
	nodes := map[any]graph.Ref{}
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
	modality := map[any]extract.Modality{}
	it := r.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(r.ctx) {
		q := it.Result()
		p := r.dir(q, quad.Predicate)
		switch {
		case r.relation(p):
			s, o := r.dir(q, quad.Subject), r.dir(q, quad.Object)
			sk, pk, ok := key(s), key(p), key(o)
			if sk == ok {
				continue // a loop is on no path
			}
			e := edges[[3]any{sk, pk, ok}]
			if e == nil {
				m, seen := modality[pk]
				if !seen {
					_, m = extract.ParseRelation(r.id(p, schemeRelation))
					modality[pk] = m
				}
				e = &support{modality: m}
				edges[[3]any{sk, pk, ok}] = e
				nodes[sk], nodes[ok] = s, o
			}
			e.docs++ // a fact edge is one quad per document that states it
		case r.is(p, attrSubject):
			end(q).s = r.dir(q, quad.Object)
		case r.is(p, attrPredicate):
			end(q).p = r.dir(q, quad.Object)
		case r.is(p, attrObject):
			end(q).o = r.dir(q, quad.Object)
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	for _, e := range evs {
		if e.s != nil && e.p != nil && e.o != nil {
			if sup := edges[[3]any{key(e.s), key(e.p), key(e.o)}]; sup != nil {
				sup.evidence++
			}
		}
	}

	a := &adjacency{index: make(map[string]int, len(nodes))}
	byKey := make(map[any]int32, len(nodes))
	for _, n := range nodes {
		a.refs = append(a.refs, n)
	}
	ids := make([]string, len(a.refs))
	for i, n := range a.refs {
		ids[i] = r.entityID(n)
	}
	sort.Sort(byID{ids, a.refs})
	a.ids = ids
	for i, n := range a.refs {
		a.index[ids[i]] = i
		byKey[key(n)] = int32(i)
	}

	// Each edge makes an arc at both of its ends; arcs to the same
	// neighbour are then merged, keeping the cheapest edge each way.
	inf := float32(math.Inf(1))
	a.deg = make([]int32, len(ids))
	per := make([][]arc, len(ids))
	for k, sup := range edges {
		s, o := byKey[k[0]], byKey[k[2]]
		a.deg[s]++
		a.deg[o]++
		w := float32(edgeCost(sup.modality, sup.docs, sup.evidence))
		wp := inf
		if sup.modality == extract.Asserted {
			wp = w
		}
		per[s] = append(per[s], arc{to: o, out: w, in: inf, outPlain: wp, inPlain: inf})
		per[o] = append(per[o], arc{to: s, out: inf, in: w, outPlain: inf, inPlain: wp})
	}
	a.off = make([]int32, len(ids)+1)
	for i, as := range per {
		slices.SortFunc(as, func(x, y arc) int { return int(x.to) - int(y.to) })
		for j, x := range as {
			if j > 0 && a.arcs[len(a.arcs)-1].to == x.to {
				m := &a.arcs[len(a.arcs)-1]
				m.out, m.in = min(m.out, x.out), min(m.in, x.in)
				m.outPlain, m.inPlain = min(m.outPlain, x.outPlain), min(m.inPlain, x.inPlain)
				continue
			}
			a.arcs = append(a.arcs, x)
		}
		a.off[i+1] = int32(len(a.arcs))
		per[i] = nil
	}
	return a, nil
}

// byID sorts nodes by a parallel slice of ids.
type byID struct {
	ids  []string
	refs []graph.Ref
}

func (b byID) Len() int           { return len(b.ids) }
func (b byID) Less(i, j int) bool { return b.ids[i] < b.ids[j] }
func (b byID) Swap(i, j int) {
	b.ids[i], b.ids[j] = b.ids[j], b.ids[i]
	b.refs[i], b.refs[j] = b.refs[j], b.refs[i]
}
