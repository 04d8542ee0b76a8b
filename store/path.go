package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// DefaultMaxHops is the longest path Paths looks for unless told otherwise.
const DefaultMaxHops = 4

// Order is how Paths ranks paths.
type Order string

const (
	// ByCost ranks paths by their cost, the smallest first. A path's cost
	// is the sum of what its hops cost and what passing through each of
	// its inner entities costs:
	//
	//	cost(path)   = Σ hop cost + Σ pass cost of each entity between the ends
	//	pass cost(e) = 1 + ln(degree of e), degree = the fact edges it takes part in
	//	hop cost     = the cheapest edge between the two entities (in the
	//	               direction walked, when directed):
	//	edge cost    = m × (1 + 1/documents + 1/evidence) / 3
	//	               m = 1 for a plain fact, 6 hedged (maybe_), 10 negated (not_)
	//
	// So passing through "China", tied to 24 facts in the shipped graph,
	// costs 4.2, and through an entity with 3 facts 2.1: a path through
	// specific entities wins over a shorter one through a hub unless it is
	// much longer. A plain fact stated once costs 1; one stated by 4
	// evidence in 2 documents 0.58 (never less than a third of m); an edge
	// with no evidence recorded counts its documents as its evidence.
	//
	// A hedged fact costs 6 and a negated one 10: a chain of facts is only
	// as sure as its weakest link, so a hop that a source only supposes
	// costs about what a detour through two entities of 10 facts each
	// does (2 × (1 + ln 10) = 6.6), and one it denies more. They still
	// count as ties; PathOptions.Asserted leaves them out. The ends of a
	// path cost nothing: they are what was asked about.
	//
	// On the shipped graph, Apple to Xi Jinping by hops is Apple
	// ─cooperates_with▶ Chinese government ─maybe_nationalized▶ Ant Group
	// ◀halted_listing_of─ Xi Jinping (3 hops, cost 14.33); by cost it is
	// Apple ─stores_data_in▶ China ◀located_in─ Alibaba ─owns▶ Ant Group
	// ◀halted_listing_of─ Xi Jinping (4 hops, cost 13.46), plain facts
	// only. Tesla to the CAC is the same both ways: every tie of Tesla's
	// passes a hub.
	ByCost Order = "cost"
	// ByHops ranks paths by their number of hops alone.
	ByHops Order = "hops"
)

// PathOptions says which paths Paths finds.
type PathOptions struct {
	By       Order // how to rank them ("": ByCost)
	K        int   // how many paths, best first (0: 1)
	MaxHops  int   // the longest path wanted, in hops (0: DefaultMaxHops)
	Directed bool  // walk edges only from subject to object
	Asserted bool  // walk plain facts only, never a negated or hedged edge
}

// Path is a chain of entities, each linked to the next by one or more edges.
type Path struct {
	Entities []Entity `json:"entities"` // first to last; one more than Hops
	Hops     []Hop    `json:"hops"`
	// Cost is the path's cost when ranked by cost (see ByCost), 0 by hops.
	Cost float64 `json:"cost,omitempty"`
}

// Hop is one step of a path, over every edge between its two entities.
type Hop struct {
	From  string `json:"from"` // entity ids, in the order the path walks them
	To    string `json:"to"`
	Links []Link `json:"links"` // at least one: forward links first, then by relation
}

// Link is an edge as a hop walks it, with its evidence.
type Link struct {
	Edge
	// Forward is set when the hop walks the edge from subject to object.
	Forward  bool       `json:"forward"`
	Evidence []Evidence `json:"evidence"` // by document, then position in it
}

// Paths returns the best simple paths between two entities (ids) over
// relation edges, at most opt.K of them, best first, each of at most
// opt.MaxHops hops. No path gives none and no error.
//
// By cost (the default), the best paths are the cheapest (see ByCost:
// hubs, hedged and negated facts cost more, well-supported facts less);
// equal costs go to fewer hops, then to the paths whose entity ids, in
// order, sort first. The search runs over the relation edges held in
// memory, read once per opened graph (see adjacency): A* over (entity,
// hops) for the cheapest path, Yen's algorithm on top for more.
//
// By hops, the best paths are the shortest; paths of the same length come
// in the order of their entity ids. It reads the store through its
// indexes alone: a bidirectional breadth-first search, from both ends a
// layer at a time, the smaller frontier first, and Yen's algorithm on top
// of it for further paths.
//
// Either way the answer is the same on every run, and each hop then reads
// its edges and their evidence.
func (g *Graph) Paths(ctx context.Context, from, to string, opt PathOptions) (_ []Path, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	r.assertedOnly = opt.Asserted
	s, err := r.entityRef(from)
	if err != nil {
		return nil, err
	}
	t, err := r.entityRef(to)
	if err != nil {
		return nil, err
	}
	if opt.K < 1 {
		opt.K = 1
	}
	if opt.MaxHops < 1 {
		opt.MaxHops = DefaultMaxHops
	}
	var chains [][]graph.Ref
	var costs []float64
	switch opt.By {
	case ByHops:
		w := &walker{r: r, directed: opt.Directed}
		chains, err = w.kShortest(s, t, opt.K, opt.MaxHops)
	case ByCost, "":
		chains, costs, err = g.kCheapest(ctx, r, s, t, opt)
	default:
		err = fmt.Errorf("unknown path order %q (want %q or %q)", opt.By, ByCost, ByHops)
	}
	if err != nil {
		return nil, err
	}
	paths := make([]Path, 0, len(chains))
	for i, c := range chains {
		p, err := r.path(c, opt.Directed)
		if err != nil {
			return nil, err
		}
		if costs != nil {
			p.Cost = math.Round(costs[i]*1000) / 1000
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// kCheapest returns the opt.K cheapest paths from s to t and their costs.
func (g *Graph) kCheapest(ctx context.Context, r *reader, s, t graph.Ref, opt PathOptions) ([][]graph.Ref, []float64, error) {
	a, err := g.adjacency(ctx)
	if err != nil {
		return nil, nil, err
	}
	si, ok := a.index[r.entityID(s)]
	ti, ok2 := a.index[r.entityID(t)]
	if !ok || !ok2 {
		if key(s) == key(t) {
			return [][]graph.Ref{{s}}, []float64{0}, nil
		}
		return nil, nil, nil // an entity in no fact
	}
	k := newRanker(a, ti, opt.Directed, opt.Asserted, opt.MaxHops)
	var chains [][]graph.Ref
	var costs []float64
	for _, p := range k.kCheapest(int32(si), opt.K) {
		c := make([]graph.Ref, len(p.nodes))
		for i, n := range p.nodes {
			c[i] = a.ref(r, n)
		}
		chains = append(chains, c)
		costs = append(costs, p.cost)
	}
	return chains, costs, ctx.Err()
}

// walker finds paths over relation edges, in either direction or, if
// directed, from subject to object only.
type walker struct {
	r        *reader
	directed bool
}

// side is one end of a bidirectional search.
type side struct {
	source   bool                // the search from the path's first node
	dist     map[any]int         // node → hops from this end
	parents  map[any][]graph.Ref // node → its neighbours one hop nearer this end
	frontier []graph.Ref         // the nodes dist hops away
	depth    int
}

func newSide(n graph.Ref, source bool) *side {
	return &side{
		source:   source,
		dist:     map[any]int{key(n): 0},
		parents:  map[any][]graph.Ref{},
		frontier: []graph.Ref{n},
	}
}

// step returns the nodes a search side reaches from n in one hop.
func (w *walker) step(sd *side, n graph.Ref) ([]graph.Ref, error) {
	if !w.directed {
		return w.r.neighboursBoth(n)
	}
	// The source walks edges forward, the target backward.
	return w.r.neighbours(n, sd.source)
}

// shortest returns the shortest path from s to t of at most maxHops hops
// that avoids b, or nil. Of several, it returns the one whose entity ids,
// read in order, sort first.
func (w *walker) shortest(s, t graph.Ref, maxHops int, b bans[any]) ([]graph.Ref, error) {
	if key(s) == key(t) {
		return []graph.Ref{s}, nil
	}
	src, dst := newSide(s, true), newSide(t, false)
	for src.depth+dst.depth < maxHops {
		x, y := src, dst
		if len(dst.frontier) < len(src.frontier) {
			x, y = dst, src
		}
		if len(x.frontier) == 0 {
			return nil, nil
		}
		meet, err := w.expand(x, y, b)
		if err != nil {
			return nil, err
		}
		if len(meet) > 0 {
			return w.first(s, t, src, dst, meet), nil
		}
	}
	return nil, nil
}

// expand moves side x a layer further and returns the nodes of the new
// layer that side y has reached. Since the two sides had not met before,
// those are all at y's depth: the shortest paths have x.depth+y.depth hops.
func (w *walker) expand(x, y *side, b bans[any]) ([]graph.Ref, error) {
	d := x.depth + 1
	var next, meet []graph.Ref
	for _, u := range x.frontier {
		ns, err := w.step(x, u)
		if err != nil {
			return nil, err
		}
		uk := key(u)
		for _, v := range ns {
			vk := key(v)
			if b.nodes[vk] {
				continue
			}
			arc := [2]any{uk, vk}
			if !x.source {
				arc = [2]any{vk, uk}
			}
			if b.arcs[arc] {
				continue
			}
			if dv, seen := x.dist[vk]; seen {
				if dv == d {
					x.parents[vk] = append(x.parents[vk], u)
				}
				continue
			}
			x.dist[vk] = d
			x.parents[vk] = []graph.Ref{u}
			next = append(next, v)
			if _, met := y.dist[vk]; met {
				meet = append(meet, v)
			}
		}
	}
	x.frontier, x.depth = next, d
	return meet, nil
}

// first returns, of the shortest paths through the meeting nodes, the one
// whose ids sort first: it walks from s, at each hop taking the smallest
// id among the nodes that still lie on a shortest path. On the source's
// side those are the ancestors of the meeting nodes; from a meeting node
// on, every parent towards t is one.
func (w *walker) first(s, t graph.Ref, src, dst *side, meet []graph.Ref) []graph.Ref {
	children := map[any][]graph.Ref{}
	on := map[any]bool{}
	queue := slices.Clone(meet)
	for _, m := range meet {
		on[key(m)] = true
	}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, p := range src.parents[key(v)] {
			pk := key(p)
			children[pk] = append(children[pk], v)
			if !on[pk] {
				on[pk] = true
				queue = append(queue, p)
			}
		}
	}
	path := []graph.Ref{s}
	u := s
	for src.dist[key(u)] < src.depth {
		u = w.smallest(children[key(u)])
		path = append(path, u)
	}
	for key(u) != key(t) {
		u = w.smallest(dst.parents[key(u)])
		path = append(path, u)
	}
	return path
}

// smallest returns the node with the smallest entity id.
func (w *walker) smallest(ns []graph.Ref) graph.Ref {
	best, bestID := ns[0], w.r.entityID(ns[0])
	for _, n := range ns[1:] {
		if id := w.r.entityID(n); id < bestID {
			best, bestID = n, id
		}
	}
	return best
}

// kShortest returns up to k shortest simple paths from s to t of at most
// maxHops hops, by Yen's algorithm: each next path leaves an earlier one
// at some node (the spur) and takes the shortest way to t that avoids the
// nodes before the spur and the hops the earlier paths took from it.
// Candidates are ranked by length, then by their ids in order, and a spur
// path is the first of its length in that order, so the ranking is total
// and the answer the same on every run.
func (w *walker) kShortest(s, t graph.Ref, k, maxHops int) ([][]graph.Ref, error) {
	p, err := w.shortest(s, t, maxHops, bans[any]{})
	if err != nil {
		return nil, err
	}
	spur := func(from graph.Ref, maxHops int, b bans[any]) ([]graph.Ref, error) {
		return w.shortest(from, t, maxHops, b)
	}
	return yen(p, k, maxHops, key, spur, w.less)
}

// less orders paths by length, then by their entity ids in order.
func (w *walker) less(a, b []graph.Ref) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	for i := range a {
		if x, y := w.r.entityID(a[i]), w.r.entityID(b[i]); x != y {
			return x < y
		}
	}
	return false
}

// path makes a Path of a chain of nodes: the entities, and for each hop
// every edge between its two ends (only forward ones when directed), with
// its documents and evidence.
func (r *reader) path(chain []graph.Ref, directed bool) (Path, error) {
	p := Path{Entities: make([]Entity, 0, len(chain)), Hops: make([]Hop, 0, len(chain)-1)}
	for _, n := range chain {
		e, err := r.entity(n)
		if err != nil {
			return Path{}, err
		}
		p.Entities = append(p.Entities, *e)
	}
	for i := 0; i+1 < len(chain); i++ {
		a, b := chain[i], chain[i+1]
		links, err := r.links(a, b, true)
		if err != nil {
			return Path{}, err
		}
		if !directed {
			back, err := r.links(b, a, false)
			if err != nil {
				return Path{}, err
			}
			links = append(links, back...) // after the forward ones
		}
		p.Hops = append(p.Hops, Hop{From: r.entityID(a), To: r.entityID(b), Links: links})
	}
	return p, nil
}

// links returns the edges from s to o, by relation, with their evidence.
func (r *reader) links(s, o graph.Ref, forward bool) ([]Link, error) {
	// The edges are read from the end with fewer of them: from a hub to
	// a specific node, the quads into the node.
	set := newEdgeSet()
	from, node, other, want := quad.Subject, s, quad.Object, key(o)
	if r.smaller(o, s) {
		from, node, other, want = quad.Object, o, quad.Subject, key(s)
	}
	err := r.each(from, node, func(q graph.Ref) bool {
		if p := r.dir(q, quad.Predicate); r.relation(p) && key(r.dir(q, other)) == want {
			set.get(s, p, o).docs[r.id(r.dir(q, quad.Label), schemeDocument)] += 0
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	var links []Link
	for _, e := range set.order {
		evs, err := r.evidenceFor(s, e.rel, o)
		if err != nil {
			return nil, err
		}
		for _, ev := range evs {
			e.docs[ev.Doc]++
		}
		edge, _ := r.edge(e, nil)
		if evs == nil {
			evs = []Evidence{}
		}
		links = append(links, Link{Edge: edge, Forward: forward, Evidence: evs})
	}
	sort.Slice(links, func(i, j int) bool { return links[i].Relation < links[j].Relation })
	return links, nil
}
