package store

import (
	"container/heap"
	"math"
	"slices"

	"github.com/graphbuild/graphbuild/extract"
)

// edgeCost is the cost of a fact edge as a hop (see ByCost).
func edgeCost(m extract.Modality, docs, evidence int) float64 {
	docs = max(docs, 1)
	evidence = max(evidence, docs)
	f := 1.0
	switch m {
	case extract.Hedged:
		f = 6
	case extract.Negated:
		f = 10
	}
	return f * (1 + 1/float64(docs) + 1/float64(evidence)) / 3
}

// passCost is what passing through an entity of the given degree costs (see ByCost).
func passCost(degree int32) float64 { return 1 + math.Log(float64(max(degree, 1))) }

// ranker finds the cheapest simple paths to one target over an adjacency.
type ranker struct {
	a        *adjacency
	to       int
	directed bool // walk edges from subject to object only
	plain    bool // walk plain facts only
	maxHops  int
	// toward[v] is the fewest hops from v to the target, when fewer than
	// maxHops; -1 otherwise. It prunes what cannot reach the target in
	// time and makes the search an A* one (see lower).
	toward  []int8
	minHop  float64     // the cheapest hop of the graph
	minPass float64     // the cheapest pass through an inner entity (degree 2)
	settled []int8      // node → fewest hops it was settled at in this search (127: not)
	touched []int32     // nodes whose settled is set, to reset
	ban     bans[int32] // what the spur search of kCheapest avoids
}

func newRanker(a *adjacency, to int, directed, plain bool, maxHops int) *ranker {
	k := &ranker{a: a, to: to, directed: directed, plain: plain, maxHops: maxHops}
	k.minHop = math.Inf(1)
	for i := range a.arcs {
		k.minHop = min(k.minHop, float64(a.arcs[i].cost(true, false, plain)))
	}
	k.minPass = passCost(2)
	k.settled = make([]int8, len(a.ids))
	for i := range k.settled {
		k.settled[i] = math.MaxInt8
	}
	k.toward = make([]int8, len(a.ids))
	for i := range k.toward {
		k.toward[i] = -1
	}
	// Backward from the target, over the arcs a path would walk forward.
	k.toward[to] = 0
	frontier := []int32{int32(to)}
	for d := 1; d < maxHops && len(frontier) > 0; d++ {
		var next []int32
		for _, u := range frontier {
			for i := a.off[u]; i < a.off[u+1]; i++ {
				x := &a.arcs[i]
				if k.toward[x.to] >= 0 || math.IsInf(float64(x.cost(false, directed, plain)), 1) {
					continue
				}
				k.toward[x.to] = int8(d)
				next = append(next, x.to)
			}
		}
		frontier = next
	}
	return k
}

// lower is a lower bound on the cost from v to the target: hops of at
// least the cheapest hop and, between them, passes of at least the
// cheapest pass. It never overestimates and drops by at most the cost of
// one hop and pass, so the first time the search takes the target it has
// the cheapest path.
func (k *ranker) lower(v int32) float64 {
	d := float64(k.toward[v])
	return d*k.minHop + max(d-1, 0)*k.minPass
}

// label is a node reached by the search: by which label, at what cost.
type label struct {
	node   int32
	hops   int8
	parent int32 // index of the label it was reached from; -1 at the start
	cost   float64
	f      float64 // cost + lower(node)
}

type labelHeap struct {
	ls  []label
	idx []int32
}

func (h *labelHeap) Len() int { return len(h.idx) }
func (h *labelHeap) Less(i, j int) bool {
	a, b := &h.ls[h.idx[i]], &h.ls[h.idx[j]]
	if a.f != b.f {
		return a.f < b.f
	}
	if a.hops != b.hops {
		return a.hops < b.hops
	}
	if a.node != b.node {
		return a.node < b.node // nodes are numbered in id order
	}
	return h.idx[i] < h.idx[j]
}
func (h *labelHeap) Swap(i, j int) { h.idx[i], h.idx[j] = h.idx[j], h.idx[i] }
func (h *labelHeap) Push(x any)    { h.idx = append(h.idx, x.(int32)) }
func (h *labelHeap) Pop() any {
	x := h.idx[len(h.idx)-1]
	h.idx = h.idx[:len(h.idx)-1]
	return x
}

// cheapest returns the cheapest path from s to the target of at most
// maxHops hops that avoids the banned nodes and arcs, or nil. The search
// is Dijkstra's over (entity, hops) with the lower bound as an A*
// heuristic; an entity is expanded again only when reached in fewer hops
// than before, since then it may still reach the target in time. Ties go
// to fewer hops, then to smaller ids.
func (k *ranker) cheapest(s int32, maxHops int) []int32 {
	defer func() {
		for _, n := range k.touched {
			k.settled[n] = math.MaxInt8
		}
		k.touched = k.touched[:0]
	}()
	h := &labelHeap{ls: []label{{node: s, parent: -1, f: k.lower0(s)}}}
	heap.Push(h, int32(0))
	for h.Len() > 0 {
		li := heap.Pop(h).(int32)
		l := h.ls[li]
		if k.settled[l.node] <= l.hops {
			continue
		}
		if k.settled[l.node] == math.MaxInt8 {
			k.touched = append(k.touched, l.node)
		}
		k.settled[l.node] = l.hops
		if int(l.node) == k.to {
			var p []int32
			for i := li; i >= 0; i = h.ls[i].parent {
				p = append(p, h.ls[i].node)
			}
			slices.Reverse(p)
			return p
		}
		hops := int(l.hops) + 1
		if hops > maxHops {
			continue
		}
		pass := 0.0
		if l.parent >= 0 {
			pass = passCost(k.a.deg[l.node])
		}
		a := k.a
		for i := a.off[l.node]; i < a.off[l.node+1]; i++ {
			x := &a.arcs[i]
			v := x.to
			if int(v) != k.to && (k.toward[v] < 0 || hops+int(k.toward[v]) > maxHops) {
				continue
			}
			if k.settled[v] <= int8(hops) || k.ban.nodes[v] || k.ban.arcs[[2]int32{l.node, v}] {
				continue
			}
			c := float64(x.cost(true, k.directed, k.plain))
			if math.IsInf(c, 1) {
				continue
			}
			cost := l.cost + pass + c
			h.ls = append(h.ls, label{node: v, hops: int8(hops), parent: li, cost: cost, f: cost + k.lower(v)})
			heap.Push(h, int32(len(h.ls)-1))
		}
	}
	return nil
}

// lower0 is lower for a start node, which may lie further from the
// target than toward records.
func (k *ranker) lower0(s int32) float64 {
	if k.toward[s] < 0 {
		return 0
	}
	return k.lower(s)
}

// arcCost returns the cost of the hop from u to v as walked.
func (k *ranker) arcCost(u, v int32) float64 {
	a := k.a
	as := a.arcs[a.off[u]:a.off[u+1]]
	i, ok := slices.BinarySearchFunc(as, v, func(x arc, v int32) int { return int(x.to) - int(v) })
	if !ok {
		return math.Inf(1)
	}
	return float64(as[i].cost(true, k.directed, k.plain))
}

// pathCost returns the cost of a path (see edgeCost).
func (k *ranker) pathCost(p []int32) float64 {
	c := 0.0
	for i := 0; i+1 < len(p); i++ {
		if i > 0 {
			c += passCost(k.a.deg[p[i]])
		}
		c += k.arcCost(p[i], p[i+1])
	}
	return c
}

// ranked is a path found, with its cost.
type ranked struct {
	nodes []int32
	cost  float64
}

// lessRanked orders paths by cost, then hops, then their ids in order.
func (k *ranker) lessRanked(x, y ranked) bool {
	if x.cost != y.cost {
		return x.cost < y.cost
	}
	if len(x.nodes) != len(y.nodes) {
		return len(x.nodes) < len(y.nodes)
	}
	for i := range x.nodes {
		if x.nodes[i] != y.nodes[i] {
			return x.nodes[i] < y.nodes[i]
		}
	}
	return false
}

// kCheapest returns up to n cheapest simple paths from s to the target,
// cheapest first, by Yen's algorithm as kShortest does with hops: each
// next path leaves an earlier one at a spur node and takes the cheapest
// way to the target that avoids the nodes before the spur and the hops
// earlier paths took from it.
func (k *ranker) kCheapest(s int32, n int) []ranked {
	if int(s) == k.to {
		return []ranked{{nodes: []int32{s}}}
	}
	spur := func(from int32, maxHops int, b bans[int32]) ([]int32, error) {
		k.ban = b
		defer func() { k.ban = bans[int32]{} }()
		return k.cheapest(from, maxHops), nil
	}
	less := func(x, y []int32) bool {
		return k.lessRanked(ranked{x, k.pathCost(x)}, ranked{y, k.pathCost(y)})
	}
	id := func(n int32) int32 { return n }
	paths, _ := yen(k.cheapest(s, k.maxHops), n, k.maxHops, id, spur, less)
	found := make([]ranked, len(paths))
	for i, p := range paths {
		found[i] = ranked{p, k.pathCost(p)}
	}
	return found
}
