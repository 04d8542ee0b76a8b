package store

import (
	"context"
	"sort"

	"github.com/cayleygraph/cayley/graph"
)

// Subgraph is a part of the graph to draw: entities, the edges between
// them, and their types with what a picture needs of them.
type Subgraph struct {
	Focus    string   `json:"focus,omitempty"` // the entity it is drawn around, if any
	Entities []Entity `json:"entities"`        // by id
	Edges    []Edge   `json:"edges"`           // by subject, relation, object
	// Types are the entities' types and all their ancestors, by id.
	Types []Type `json:"types"`
}

// Subgraph returns the part of the graph the filter lets through: with a
// focus (an entity id), the entities within depth hops of it (see
// Neighbors) and every edge between them that passes; without one, every
// edge that passes and its two ends, so that an entity without edges is
// not drawn. The whole graph is read in one scan of every quad.
func (g *Graph) Subgraph(ctx context.Context, focus string, depth int, f Filter) (_ *Subgraph, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	cf, err := r.compile(f)
	if err != nil {
		return nil, err
	}
	sg := &Subgraph{Focus: focus, Entities: []Entity{}, Edges: []Edge{}, Types: []Type{}}
	nodes := map[any]graph.Ref{}
	if focus != "" {
		n, err := r.entityRef(focus)
		if err != nil {
			return nil, err
		}
		reached, err := r.walk(n, max(depth, 1), cf)
		if err != nil {
			return nil, err
		}
		for _, w := range reached {
			nodes[key(w.node)] = w.node
		}
		for _, w := range reached {
			es, err := r.entityEdges(w.node, false)
			if err != nil {
				return nil, err
			}
			for _, ef := range es {
				if _, ok := nodes[key(ef.other(w.node))]; !ok {
					continue
				}
				if edge, ok := cf.edge(r, ef); ok {
					sg.Edges = append(sg.Edges, edge)
				}
			}
		}
	} else {
		es, err := r.allEdges()
		if err != nil {
			return nil, err
		}
		for _, ef := range es {
			edge, ok := cf.edge(r, ef)
			if !ok {
				continue
			}
			pass := true
			for _, n := range []graph.Ref{ef.from, ef.to} {
				ok, err := cf.entity(r, n)
				if err != nil {
					return nil, err
				}
				pass = pass && ok
			}
			if !pass {
				continue
			}
			sg.Edges = append(sg.Edges, edge)
			nodes[key(ef.from)] = ef.from
			nodes[key(ef.to)] = ef.to
		}
	}
	sort.Slice(sg.Edges, func(i, j int) bool { return lessEdge(sg.Edges[i], sg.Edges[j]) })
	sg.Edges = dedupEdges(sg.Edges)

	types := map[string]bool{}
	for _, n := range nodes {
		e, err := r.entity(n)
		if err != nil {
			return nil, err
		}
		sg.Entities = append(sg.Entities, *e)
		ts, err := r.ancestry(e.Type)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if !types[t.ID] {
				types[t.ID] = true
				sg.Types = append(sg.Types, *t)
			}
		}
	}
	sort.Slice(sg.Entities, func(i, j int) bool { return sg.Entities[i].ID < sg.Entities[j].ID })
	sort.Slice(sg.Types, func(i, j int) bool { return sg.Types[i].ID < sg.Types[j].ID })
	return sg, nil
}

// dedupEdges drops repeats from sorted edges: an edge read from both of
// its ends is the same edge.
func dedupEdges(es []Edge) []Edge {
	out := es[:0]
	for i, e := range es {
		if i > 0 && e.From == es[i-1].From && e.Relation == es[i-1].Relation && e.To == es[i-1].To {
			continue
		}
		out = append(out, e)
	}
	return out
}
