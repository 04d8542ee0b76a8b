package store

import (
	"fmt"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// edgeFacts is an edge as read from the store: its three nodes and, per
// document that states it, how many evidence nodes support it there.
type edgeFacts struct {
	from, rel, to graph.Ref
	docs          map[string]int
	evs           []graph.Ref // its evidence nodes, when asked for
}

// other returns the end of e that is not n.
func (e *edgeFacts) other(n graph.Ref) graph.Ref {
	if key(e.from) == key(n) {
		return e.to
	}
	return e.from
}

// edgeSet gathers edges by their three nodes.
type edgeSet struct {
	m     map[[3]any]*edgeFacts
	order []*edgeFacts
}

func newEdgeSet() *edgeSet { return &edgeSet{m: make(map[[3]any]*edgeFacts)} }

func (s *edgeSet) get(from, rel, to graph.Ref) *edgeFacts {
	k := [3]any{key(from), key(rel), key(to)}
	e := s.m[k]
	if e == nil {
		e = &edgeFacts{from: from, rel: rel, to: to, docs: make(map[string]int)}
		s.m[k] = e
		s.order = append(s.order, e)
	}
	return e
}

// sorted returns the edges by subject id, relation, object id.
func (s *edgeSet) sorted(r *reader) []*edgeFacts {
	es := s.order
	sort.Slice(es, func(i, j int) bool { return r.lessEdge(es[i], es[j]) })
	return es
}

func (r *reader) lessEdge(a, b *edgeFacts) bool {
	if x, y := r.entityID(a.from), r.entityID(b.from); x != y {
		return x < y
	}
	if x, y := r.id(a.rel, schemeRelation), r.id(b.rel, schemeRelation); x != y {
		return x < y
	}
	return r.entityID(a.to) < r.entityID(b.to)
}

// edge makes the Edge of e, counting only the documents in docs (all
// when docs is nil). It reports false when none of them states e.
func (r *reader) edge(e *edgeFacts, docs map[string]bool) (Edge, bool) {
	out := Edge{From: r.entityID(e.from), Relation: r.id(e.rel, schemeRelation), To: r.entityID(e.to), Docs: []string{}}
	for _, d := range sortedKeys(e.docs) {
		if docs == nil || docs[d] {
			out.Docs = append(out.Docs, d)
			out.EvidenceCount += e.docs[d]
		}
	}
	return out, len(out.Docs) > 0
}

// evidenceRef is an evidence node that names an entity, with the document
// it belongs to (its quad's label).
type evidenceRef struct {
	ev  graph.Ref
	doc string
}

// entityEdges returns the edges into and out of entity n, sorted, with
// their evidence counts per document; with evs, each edge lists its
// evidence nodes too. It reads n's quads in both directions once: the
// edge quads, and the gb:subject and gb:object quads of the evidence that
// names n; then the relation and the other end of each such evidence.
func (r *reader) entityEdges(n graph.Ref, evs bool) ([]*edgeFacts, error) {
	k := key(n)
	if es, ok := r.edges[k]; ok && !evs {
		return es, nil
	}
	set := newEdgeSet()
	var asSubject, asObject []evidenceRef
	err := r.each(quad.Subject, n, func(q graph.Ref) bool {
		if p := r.dir(q, quad.Predicate); r.relation(p) {
			set.get(n, p, r.dir(q, quad.Object)).docs[r.id(r.dir(q, quad.Label), schemeDocument)] += 0
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	err = r.each(quad.Object, n, func(q graph.Ref) bool {
		p := r.dir(q, quad.Predicate)
		doc := func() string { return r.id(r.dir(q, quad.Label), schemeDocument) }
		switch {
		case r.relation(p):
			set.get(r.dir(q, quad.Subject), p, n).docs[doc()] += 0
		case r.is(p, attrSubject):
			asSubject = append(asSubject, evidenceRef{r.dir(q, quad.Subject), doc()})
		case r.is(p, attrObject):
			asObject = append(asObject, evidenceRef{r.dir(q, quad.Subject), doc()})
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	count := func(ev evidenceRef, subject bool) error {
		s, p, o, err := r.evidenceEnds(ev.ev)
		if err != nil || s == nil || p == nil || o == nil {
			return err
		}
		if !subject && key(s) == k {
			return nil // a loop: counted as the subject's
		}
		e := set.get(s, p, o)
		e.docs[ev.doc]++
		if evs {
			e.evs = append(e.evs, ev.ev)
		}
		return nil
	}
	for _, ev := range asSubject {
		if err := count(ev, true); err != nil {
			return nil, err
		}
	}
	for _, ev := range asObject {
		if err := count(ev, false); err != nil {
			return nil, err
		}
	}
	es := set.sorted(r)
	if !evs {
		r.edges[k] = es
	}
	return es, nil
}

// evidenceEnds returns the subject, relation and object of an evidence node.
func (r *reader) evidenceEnds(ev graph.Ref) (s, p, o graph.Ref, err error) {
	err = r.each(quad.Subject, ev, func(q graph.Ref) bool {
		pred := r.dir(q, quad.Predicate)
		switch {
		case r.is(pred, attrSubject):
			s = r.dir(q, quad.Object)
		case r.is(pred, attrPredicate):
			p = r.dir(q, quad.Object)
		case r.is(pred, attrObject):
			o = r.dir(q, quad.Object)
		}
		return s == nil || p == nil || o == nil
	})
	return s, p, o, err
}

// allEdges returns every edge of the graph, sorted, with evidence counts,
// in one scan of all quads: the store has no index by predicate.
func (r *reader) allEdges() ([]*edgeFacts, error) {
	set := newEdgeSet()
	type ends struct {
		s, p, o graph.Ref
		doc     string
	}
	evs := make(map[any]*ends)
	end := func(q graph.Ref) *ends {
		k := key(r.dir(q, quad.Subject))
		e := evs[k]
		if e == nil {
			e = &ends{doc: r.id(r.dir(q, quad.Label), schemeDocument)}
			evs[k] = e
		}
		return e
	}
	it := r.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(r.ctx) {
		q := it.Result()
		p := r.dir(q, quad.Predicate)
		switch {
		case r.relation(p):
			set.get(r.dir(q, quad.Subject), p, r.dir(q, quad.Object)).docs[r.id(r.dir(q, quad.Label), schemeDocument)] += 0
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
			set.get(e.s, e.p, e.o).docs[e.doc]++
		}
	}
	return set.sorted(r), nil
}

// Type is a node type, with what a picture needs of it.
type Type struct {
	ID     string `json:"id"`
	Parent string `json:"parent,omitempty"`
	Color  string `json:"color,omitempty"` // as graph.yaml gives it, not inherited
	Shape  string `json:"shape,omitempty"` // likewise
}

// typeInfo reads a type's parent, colour and shape.
func (r *reader) typeInfo(id string) (*Type, error) {
	if t, ok := r.types[id]; ok {
		return t, nil
	}
	t := &Type{ID: id}
	r.types[id] = t // before reading: a cycle of parents must end
	err := r.each(quad.Subject, r.ref(typeIRI(id)), func(q graph.Ref) bool {
		p, o := r.dir(q, quad.Predicate), r.dir(q, quad.Object)
		switch {
		case r.is(p, attrParent):
			t.Parent = r.id(o, schemeType)
		case r.is(p, attrColor):
			t.Color = r.text(o)
		case r.is(p, attrShape):
			t.Shape = r.text(o)
		}
		return true
	})
	return t, err
}

// ancestry returns a type and its ancestors, nearest first.
func (r *reader) ancestry(id string) ([]*Type, error) {
	var ts []*Type
	seen := map[string]bool{}
	for id != "" && !seen[id] {
		seen[id] = true
		t, err := r.typeInfo(id)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
		id = t.Parent
	}
	return ts, nil
}

// Filter narrows a neighbourhood or a picture. Its lists hold ids; an
// empty list keeps everything.
type Filter struct {
	Types       []string // entities of these types or of their subtypes
	Relations   []string // edges of these relations ("reviewed", "not_licensed")
	Docs        []string // edges stated in these documents; evidence is counted in them only
	MinEvidence int      // edges with at least this many evidence nodes
}

// filter is a Filter checked against the store.
type filter struct {
	types  map[string]bool
	rels   map[any]bool
	docs   map[string]bool
	minEv  int
	typeOK map[string]bool // entity type → it passes, cached
}

// compile checks that every type, relation and document of f is in the
// store, so that a typing error is reported rather than giving nothing.
func (r *reader) compile(f Filter) (*filter, error) {
	cf := &filter{minEv: f.MinEvidence, typeOK: make(map[string]bool)}
	if len(f.Types) > 0 {
		cf.types = make(map[string]bool)
		for _, t := range f.Types {
			if r.ref(typeIRI(t)) == nil {
				return nil, fmt.Errorf("unknown type %q", t)
			}
			cf.types[t] = true
		}
	}
	if len(f.Relations) > 0 {
		cf.rels = make(map[any]bool)
		for _, rel := range f.Relations {
			n := r.ref(relationIRI(rel))
			if n == nil {
				return nil, fmt.Errorf("unknown relation %q", rel)
			}
			cf.rels[key(n)] = true
		}
	}
	if len(f.Docs) > 0 {
		cf.docs = make(map[string]bool)
		for _, d := range f.Docs {
			if r.ref(documentIRI(d)) == nil {
				return nil, fmt.Errorf("unknown document %q", d)
			}
			cf.docs[d] = true
		}
	}
	return cf, nil
}

// edge returns the Edge of e if it passes the filter.
func (f *filter) edge(r *reader, e *edgeFacts) (Edge, bool) {
	if f.rels != nil && !f.rels[key(e.rel)] {
		return Edge{}, false
	}
	out, ok := r.edge(e, f.docs)
	if !ok || out.EvidenceCount < f.minEv {
		return Edge{}, false
	}
	return out, true
}

// entity reports whether entity n passes the filter.
func (f *filter) entity(r *reader, n graph.Ref) (bool, error) {
	if f.types == nil {
		return true, nil
	}
	e, err := r.entity(n)
	if err != nil {
		return false, err
	}
	if ok, seen := f.typeOK[e.Type]; seen {
		return ok, nil
	}
	ts, err := r.ancestry(e.Type)
	if err != nil {
		return false, err
	}
	ok := false
	for _, t := range ts {
		ok = ok || f.types[t.ID]
	}
	f.typeOK[e.Type] = ok
	return ok, nil
}
