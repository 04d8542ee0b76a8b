package store

import (
	"context"
	"sort"

	"github.com/cayleygraph/cayley/graph"
)

// Neighbor is an entity near another, and how it is reached.
type Neighbor struct {
	Entity
	Depth int `json:"depth"` // hops from the entity asked about (1 or more)
	// Edges are its edges to the entities one hop nearer, sorted.
	Edges []Edge `json:"edges"`
}

// Neighbors returns the entities within depth hops (at least 1) of the
// entity with the given id, over relation edges in either direction,
// nearest first and then by id. The walk keeps to the edges and entities
// the filter lets through (the entity itself always passes), so every
// neighbour is connected to it by what is listed.
func (g *Graph) Neighbors(ctx context.Context, id string, depth int, f Filter) (_ []Neighbor, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	n, err := r.entityRef(id)
	if err != nil {
		return nil, err
	}
	cf, err := r.compile(f)
	if err != nil {
		return nil, err
	}
	reached, err := r.walk(n, max(depth, 1), cf)
	if err != nil {
		return nil, err
	}
	out := []Neighbor{}
	for _, w := range reached[1:] {
		e, err := r.entity(w.node)
		if err != nil {
			return nil, err
		}
		sort.Slice(w.via, func(i, j int) bool { return lessEdge(w.via[i], w.via[j]) })
		out = append(out, Neighbor{Entity: *e, Depth: w.depth, Edges: w.via})
	}
	return out, nil
}

// reach is a node a walk reached: how far, and by which edges.
type reach struct {
	node  graph.Ref
	depth int
	via   []Edge // edges to nodes at depth-1
}

// walk returns the nodes within depth hops of n through the edges and
// entities f lets through: n first, then by depth and id.
func (r *reader) walk(n graph.Ref, depth int, f *filter) ([]*reach, error) {
	at := map[any]*reach{key(n): {node: n}}
	all := []*reach{at[key(n)]}
	frontier := []graph.Ref{n}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		var next []graph.Ref
		for _, u := range frontier {
			es, err := r.entityEdges(u, false)
			if err != nil {
				return nil, err
			}
			for _, ef := range es {
				v := ef.other(u)
				vk := key(v)
				if vk == key(u) {
					continue
				}
				if w, ok := at[vk]; ok && w.depth != d {
					continue
				}
				edge, ok := f.edge(r, ef)
				if !ok {
					continue
				}
				w := at[vk]
				if w == nil {
					pass, err := f.entity(r, v)
					if err != nil {
						return nil, err
					}
					if !pass {
						continue
					}
					w = &reach{node: v, depth: d}
					at[vk] = w
					all = append(all, w)
					next = append(next, v)
				}
				w.via = append(w.via, edge)
			}
		}
		frontier = next
	}
	sort.SliceStable(all[1:], func(i, j int) bool {
		a, b := all[1+i], all[1+j]
		if a.depth != b.depth {
			return a.depth < b.depth
		}
		return r.entityID(a.node) < r.entityID(b.node)
	})
	return all, nil
}

// lessEdge orders edges by subject, relation, object.
func lessEdge(a, b Edge) bool {
	if a.From != b.From {
		return a.From < b.From
	}
	if a.Relation != b.Relation {
		return a.Relation < b.Relation
	}
	return a.To < b.To
}
