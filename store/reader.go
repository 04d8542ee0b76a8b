package store

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/graphbuild/graphbuild/extract"
)

// Entity is a node of the graph, as the store knows it: from its gb:type,
// gb:name and gb:alias quads, so graph.yaml is not needed to read it.
type Entity struct {
	ID      string   `json:"id"`
	Type    string   `json:"type,omitempty"`
	Name    string   `json:"name,omitempty"`
	Aliases []string `json:"aliases,omitempty"` // sorted; the name is not repeated
}

// Label is what to call the entity in text: its name, or its id if it has none.
func (e Entity) Label() string {
	if e.Name != "" {
		return e.Name
	}
	return e.ID
}

// Edge is a fact edge, From —Relation→ To, with where it is stated.
type Edge struct {
	From     string `json:"from"`     // entity id of the subject
	Relation string `json:"relation"` // "reviewed", or "not_licensed", "maybe_banned"
	To       string `json:"to"`       // entity id of the object
	// Docs are the documents that state the edge, sorted.
	Docs []string `json:"docs"`
	// EvidenceCount is how many evidence nodes support the edge in Docs.
	EvidenceCount int `json:"evidence_count"`
}

// Evidence is one sighting of a fact: where it was read, and how.
type Evidence struct {
	ID       string `json:"id"`  // "DOC/N": the N-th evidence of document DOC, 1-based
	Doc      string `json:"doc"` // document id
	Sentence string `json:"sentence,omitempty"`
	// Start and End delimit the match in the document's file, in bytes (0-based).
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Rule    string `json:"rule,omitempty"`
	RulePos string `json:"rule_pos,omitempty"` // "graph.yaml:120:5": where the rule is
	// SentenceStart and SentenceEnd delimit the sentence in the file, in
	// bytes (0-based); both 0 when the store does not say.
	SentenceStart int    `json:"sentence_start,omitempty"`
	SentenceEnd   int    `json:"sentence_end,omitempty"`
	Date          string `json:"date,omitempty"`
	Modality      string `json:"modality,omitempty"` // "negated", "hedged" or "" (asserted)
	// SubjectVia and ObjectVia are the references ("It", "the company")
	// resolved to fill the subject and the object.
	SubjectVia []string `json:"subject_via,omitempty"`
	ObjectVia  []string `json:"object_via,omitempty"`

	n int // N of the ID, for sorting
}

// reader answers one question about the graph. It caches what it reads
// (node names, relation adjacency, entities) for the time of that
// question: a query touches the same nodes again and again, and each read
// of the store is a transaction.
type reader struct {
	ctx context.Context
	qs  graph.QuadStore
	g   *Graph // whose memo outlives the question

	names    map[any]quad.Value   // node key → its value
	isRel    map[any]bool         // predicate key → it is a relation (rel:…)
	attrs    map[quad.IRI]any     // attribute → its node key (nil: not in the store)
	entities map[any]*Entity      // entity key → the entity
	out, in  map[any][]graph.Ref  // entity key → relation neighbours, deduplicated
	both     map[any][]graph.Ref  // out and in together
	edges    map[any][]*edgeFacts // entity key → its edges with evidence counts
	types    map[string]*Type     // type id → the type

	assertedOnly bool // not_ and maybe_ edges are not relations to this reader
}

func (g *Graph) reader(ctx context.Context) *reader {
	return &reader{
		ctx:      ctx,
		qs:       g.qs,
		g:        g,
		names:    make(map[any]quad.Value),
		isRel:    make(map[any]bool),
		attrs:    make(map[quad.IRI]any),
		entities: make(map[any]*Entity),
		out:      make(map[any][]graph.Ref),
		in:       make(map[any][]graph.Ref),
		both:     make(map[any][]graph.Ref),
		edges:    make(map[any][]*edgeFacts),
		types:    make(map[string]*Type),
	}
}

// key returns the comparable key of a node or quad reference.
func key(r graph.Ref) any { return graph.ToKey(r) }

// each calls fn with every quad that has node in direction d, until fn
// returns false. It stops with an error when the context ends.
func (r *reader) each(d quad.Direction, node graph.Ref, fn func(q graph.Ref) bool) error {
	if node == nil {
		return nil
	}
	it := r.qs.QuadIterator(d, node)
	defer it.Close()
	for it.Next(r.ctx) {
		if !fn(it.Result()) {
			break
		}
	}
	if err := it.Err(); err != nil {
		return err
	}
	return r.ctx.Err()
}

// dir returns the node of quad q in direction d.
func (r *reader) dir(q graph.Ref, d quad.Direction) graph.Ref { return r.qs.QuadDirection(q, d) }

// name returns the value of a node, cached.
func (r *reader) name(n graph.Ref) quad.Value {
	if n == nil {
		return nil
	}
	k := key(n)
	if v, ok := r.names[k]; ok {
		return v
	}
	if v, ok := r.g.memo.names.Load(k); ok {
		r.names[k] = v.(quad.Value)
		return v.(quad.Value)
	}
	v := r.qs.NameOf(n)
	r.names[k] = v
	if v != nil {
		r.g.memo.names.Store(k, v)
	}
	return v
}

// text returns a literal node's text (or an IRI's, for that matter).
func (r *reader) text(n graph.Ref) string {
	v := r.name(n)
	if v == nil {
		return ""
	}
	return quad.ToString(v)
}

// id returns the id inside a node's IRI of the given scheme, or "" if the
// node is something else.
func (r *reader) id(n graph.Ref, scheme string) string {
	v := r.name(n)
	if v == nil {
		return ""
	}
	id, err := idOf(v, scheme)
	if err != nil {
		return ""
	}
	return id
}

// entityID returns an entity node's id; a node that is not an entity
// (a malformed store) gets its value as written, so it still sorts.
func (r *reader) entityID(n graph.Ref) string { return entityIDOf(r.name(n)) }

// entityIDOf is entityID of a node's value.
func entityIDOf(v quad.Value) string {
	if v == nil {
		return ""
	}
	if id, err := idOf(v, schemeEntity); err == nil && id != "" {
		return id
	}
	if ts, ok := v.(quad.TypedString); ok {
		return string(ts.Value) // a date, the object of a fact
	}
	return v.String()
}

// ref returns the node of a value, or nil if the store has no such node.
// The SQL store's ValueOf is the value's hash, whether or not a node has
// it; a node the store cannot name is not there.
func (r *reader) ref(v quad.Value) graph.Ref {
	n := r.qs.ValueOf(v)
	if n == nil {
		return nil
	}
	k := key(n)
	if _, ok := r.names[k]; !ok && r.qs.NameOf(n) == nil {
		return nil
	}
	r.names[k] = v
	return n
}

// attr returns the key of an attribute predicate, or nil if no quad uses it.
func (r *reader) attr(a quad.IRI) any {
	if k, ok := r.attrs[a]; ok {
		return k
	}
	var k any
	if n := r.ref(a); n != nil {
		k = key(n)
	}
	r.attrs[a] = k
	return k
}

// is reports whether node n is attribute a.
func (r *reader) is(n graph.Ref, a quad.IRI) bool {
	k := r.attr(a)
	return k != nil && n != nil && key(n) == k
}

// relation reports whether a predicate node is a relation (<rel:…>).
func (r *reader) relation(p graph.Ref) bool {
	if p == nil {
		return false
	}
	k := key(p)
	if rel, ok := r.isRel[k]; ok {
		return rel
	}
	rel := isRelation(r.name(p))
	if rel && r.assertedOnly {
		_, m := extract.ParseRelation(r.id(p, schemeRelation))
		rel = m == extract.Asserted
	}
	r.isRel[k] = rel
	return rel
}

// entity reads an entity's type, name and aliases.
func (r *reader) entity(n graph.Ref) (*Entity, error) {
	k := key(n)
	if e, ok := r.entities[k]; ok {
		return e, nil
	}
	if e, ok := r.g.memo.entities.Load(k); ok {
		r.entities[k] = e.(*Entity)
		return e.(*Entity), nil
	}
	e := &Entity{ID: r.entityID(n)}
	err := r.each(quad.Subject, n, func(q graph.Ref) bool {
		p := r.dir(q, quad.Predicate)
		switch {
		case r.is(p, attrType):
			e.Type = r.id(r.dir(q, quad.Object), schemeType)
		case r.is(p, attrName):
			e.Name = r.text(r.dir(q, quad.Object))
		case r.is(p, attrAlias):
			e.Aliases = append(e.Aliases, r.text(r.dir(q, quad.Object)))
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(e.Aliases)
	e.Aliases = slices.Compact(e.Aliases) // a found entity's, once per document
	r.entities[k] = e
	r.g.memo.entities.Store(k, e)
	return e, nil
}

// entityRef returns the node of the entity with the given id, or an error
// if the store has none.
func (r *reader) entityRef(id string) (graph.Ref, error) {
	n := r.ref(entityIRI(id))
	if n == nil {
		return nil, fmt.Errorf("unknown entity %q", id)
	}
	return n, nil
}

// neighbours returns the entities one relation edge away from n: the
// objects of its edges when out, the subjects of edges into it when not
// out. Each appears once; n itself (a loop) never does.
func (r *reader) neighbours(n graph.Ref, out bool) ([]graph.Ref, error) {
	cache, d, other := r.in, quad.Object, quad.Subject
	if out {
		cache, d, other = r.out, quad.Subject, quad.Object
	}
	k := key(n)
	if ns, ok := cache[k]; ok {
		return ns, nil
	}
	var ns []graph.Ref
	seen := map[any]bool{k: true}
	err := r.each(d, n, func(q graph.Ref) bool {
		if !r.relation(r.dir(q, quad.Predicate)) {
			return true
		}
		m := r.dir(q, other)
		if _, ok := r.name(m).(quad.IRI); !ok {
			return true // a date: a value, not a node to walk through
		}
		if mk := key(m); !seen[mk] {
			seen[mk] = true
			ns = append(ns, m)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	cache[k] = ns
	return ns, nil
}

// neighboursBoth returns the entities one relation edge away from n in
// either direction, each once.
func (r *reader) neighboursBoth(n graph.Ref) ([]graph.Ref, error) {
	k := key(n)
	if ns, ok := r.both[k]; ok {
		return ns, nil
	}
	out, err := r.neighbours(n, true)
	if err != nil {
		return nil, err
	}
	in, err := r.neighbours(n, false)
	if err != nil {
		return nil, err
	}
	ns := append(make([]graph.Ref, 0, len(out)+len(in)), out...)
	seen := make(map[any]bool, len(out))
	for _, m := range out {
		seen[key(m)] = true
	}
	for _, m := range in {
		if !seen[key(m)] {
			ns = append(ns, m)
		}
	}
	r.both[k] = ns
	return ns, nil
}

// evidence reads every attribute of an evidence node, and returns the
// nodes of its subject, relation and object as well.
func (r *reader) evidence(ev graph.Ref) (e Evidence, s, p, o graph.Ref, err error) {
	e.ID = r.id(ev, schemeEvidence)
	if i := strings.LastIndexByte(e.ID, '/'); i >= 0 {
		e.n, _ = strconv.Atoi(e.ID[i+1:])
	}
	err = r.each(quad.Subject, ev, func(q graph.Ref) bool {
		pred, obj := r.dir(q, quad.Predicate), r.dir(q, quad.Object)
		num := func() int { n, _ := strconv.Atoi(r.text(obj)); return n }
		switch {
		case r.is(pred, attrSubject):
			s = obj
		case r.is(pred, attrPredicate):
			p = obj
		case r.is(pred, attrObject):
			o = obj
		case r.is(pred, attrDocument):
			e.Doc = r.id(obj, schemeDocument)
		case r.is(pred, attrSentence):
			e.Sentence = r.text(obj)
		case r.is(pred, attrStart):
			e.Start = num()
		case r.is(pred, attrEnd):
			e.End = num()
		case r.is(pred, attrRule):
			e.Rule = r.text(obj)
		case r.is(pred, attrRulePos):
			e.RulePos = r.text(obj)
		case r.is(pred, attrSentenceStart):
			e.SentenceStart = num()
		case r.is(pred, attrSentenceEnd):
			e.SentenceEnd = num()
		case r.is(pred, attrDate):
			e.Date = r.text(obj)
		case r.is(pred, attrModality):
			e.Modality = r.text(obj)
		case r.is(pred, attrSubjectVia):
			e.SubjectVia = append(e.SubjectVia, r.text(obj))
		case r.is(pred, attrObjectVia):
			e.ObjectVia = append(e.ObjectVia, r.text(obj))
		}
		return true
	})
	return e, s, p, o, err
}

// sortEvidence orders evidence by document, then by position in it.
func sortEvidence(evs []Evidence) {
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].Doc != evs[j].Doc {
			return evs[i].Doc < evs[j].Doc
		}
		if evs[i].n != evs[j].n {
			return evs[i].n < evs[j].n
		}
		return evs[i].ID < evs[j].ID
	})
}

// evidenceFor returns the evidence of the edge s —p→ o, sorted. When the
// relation edges are in memory it reads the evidence nodes of the end
// with fewer edges (one index scan) and keeps those whose subject,
// relation and object are the edge's: a hub's quads are never read
// through. Otherwise it intersects the evidence nodes whose gb:subject is
// s with those whose gb:object is o (two index scans), then keeps those
// whose gb:predicate is p.
func (r *reader) evidenceFor(s, p, o graph.Ref) ([]Evidence, error) {
	if r.smaller(s, o) || r.smaller(o, s) {
		return r.evidenceFrom(s, p, o, r.smaller(o, s))
	}
	bySubject := make(map[any]graph.Ref)
	err := r.each(quad.Object, s, func(q graph.Ref) bool {
		if r.is(r.dir(q, quad.Predicate), attrSubject) {
			ev := r.dir(q, quad.Subject)
			bySubject[key(ev)] = ev
		}
		return true
	})
	if err != nil || len(bySubject) == 0 {
		return nil, err
	}
	var both []graph.Ref
	err = r.each(quad.Object, o, func(q graph.Ref) bool {
		if r.is(r.dir(q, quad.Predicate), attrObject) {
			if ev, ok := bySubject[key(r.dir(q, quad.Subject))]; ok {
				both = append(both, ev)
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	var evs []Evidence
	for _, ev := range both {
		e, _, evp, _, err := r.evidence(ev)
		if err != nil {
			return nil, err
		}
		if evp != nil && key(evp) == key(p) {
			evs = append(evs, e)
		}
	}
	sortEvidence(evs)
	return evs, nil
}

// evidenceFrom returns the evidence of the edge s —p→ o, sorted, reading
// the evidence nodes of one end only: o's when fromObject, s's if not.
func (r *reader) evidenceFrom(s, p, o graph.Ref, fromObject bool) ([]Evidence, error) {
	end, attr := s, attrSubject
	if fromObject {
		end, attr = o, attrObject
	}
	var cands []graph.Ref
	err := r.each(quad.Object, end, func(q graph.Ref) bool {
		if r.is(r.dir(q, quad.Predicate), attr) {
			cands = append(cands, r.dir(q, quad.Subject))
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	var evs []Evidence
	for _, ev := range cands {
		e, es, evp, evo, err := r.evidence(ev)
		if err != nil {
			return nil, err
		}
		if es != nil && evp != nil && evo != nil && key(es) == key(s) && key(evp) == key(p) && key(evo) == key(o) {
			evs = append(evs, e)
		}
	}
	sortEvidence(evs)
	return evs, nil
}

// sortedKeys returns the keys of a set of strings, sorted.
func sortedKeys(m map[string]int) []string {
	s := make([]string, 0, len(m))
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}
