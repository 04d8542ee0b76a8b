package store

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Entities returns every entity that has a name, an alias or a type, by
// id, read through the index of those three attributes: what a search box
// completes over.
func (g *Graph) Entities(ctx context.Context) (_ []Entity, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	byKey := map[any]*Entity{}
	get := func(n graph.Ref) *Entity {
		k := key(n)
		e := byKey[k]
		if e == nil {
			e = &Entity{ID: r.entityID(n)}
			byKey[k] = e
		}
		return e
	}
	for _, a := range []quad.IRI{attrName, attrAlias, attrType} {
		err := r.each(quad.Predicate, r.ref(a), func(q graph.Ref) bool {
			s, o := r.dir(q, quad.Subject), r.dir(q, quad.Object)
			if r.id(s, schemeEntity) == "" {
				return true // a document's or an evidence's type
			}
			e := get(s)
			switch a {
			case attrName:
				e.Name = r.text(o)
			case attrAlias:
				e.Aliases = append(e.Aliases, r.text(o))
			case attrType:
				e.Type = r.id(o, schemeType)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]Entity, 0, len(byKey))
	for _, e := range byKey {
		sort.Strings(e.Aliases)
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Types returns the given types and all their ancestors, by id, with
// their colours and shapes as graph.yaml gives them.
func (g *Graph) Types(ctx context.Context, ids []string) (_ []Type, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	seen := map[string]bool{}
	var out []Type
	for _, id := range ids {
		ts, err := r.ancestry(id)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if !seen[t.ID] {
				seen[t.ID] = true
				out = append(out, *t)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// EdgeEvidence returns the evidence of the edge from —relation→ to (ids;
// the relation as stored, "maybe_banned" for a hedged one), by document
// and position. An edge the graph does not have gives none and no error.
func (g *Graph) EdgeEvidence(ctx context.Context, from, relation, to string) (_ []Evidence, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	s, err := r.entityRef(from)
	if err != nil {
		return nil, err
	}
	o, err := r.entityRef(to)
	if err != nil {
		return nil, err
	}
	p := r.ref(relationIRI(relation))
	if p == nil {
		return nil, fmt.Errorf("unknown relation %q", relation)
	}
	evs, err := r.evidenceFor(s, p, o)
	if evs == nil {
		evs = []Evidence{}
	}
	return evs, err
}

// Document is what the graph read from one document.
type Document struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	File  string `json:"file,omitempty"` // as the build was given it: "corpus/D.txt"
	Date  string `json:"date,omitempty"`
	// Mentions are the entities it mentions, by id, with how often.
	Mentions []DocumentMention `json:"mentions"`
	// Facts are its evidence in text order, each with the fact it supports.
	Facts []DocumentFact `json:"facts"`
}

// DocumentMention is an entity a document mentions.
type DocumentMention struct {
	Entity
	Count int `json:"count"` // mentions, resolved references included
}

// DocumentFact is one evidence of a document and the edge it supports.
type DocumentFact struct {
	From     string   `json:"from"`
	Relation string   `json:"relation"`
	To       string   `json:"to"`
	Evidence Evidence `json:"evidence"`
}

// docAttrs reads the title, file and date of the document node n; the
// entity card and the document view show the same ones.
func (r *reader) docAttrs(n graph.Ref) (title, file, date string, err error) {
	err = r.each(quad.Subject, n, func(q graph.Ref) bool {
		p, o := r.dir(q, quad.Predicate), r.dir(q, quad.Object)
		switch {
		case r.is(p, attrTitle):
			title = r.text(o)
		case r.is(p, attrFile):
			file = r.text(o)
		case r.is(p, attrDate):
			date = r.text(o)
		}
		return true
	})
	return title, file, date, err
}

// Document returns what the graph read from the document with the given
// id. It reads the quads whose object is the document (its mentions and
// its evidence's gb:document) through the object index: a KV store has no
// index by label.
func (g *Graph) Document(ctx context.Context, id string) (_ *Document, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	n := r.ref(documentIRI(id))
	if n == nil {
		return nil, fmt.Errorf("unknown document %q", id)
	}
	d := &Document{ID: id, Mentions: []DocumentMention{}, Facts: []DocumentFact{}}
	d.Title, d.File, d.Date, err = r.docAttrs(n)
	if err != nil {
		return nil, err
	}
	var ents, evs []graph.Ref
	err = r.each(quad.Object, n, func(q graph.Ref) bool {
		switch p := r.dir(q, quad.Predicate); {
		case r.is(p, attrMentionedIn):
			ents = append(ents, r.dir(q, quad.Subject))
		case r.is(p, attrDocument):
			evs = append(evs, r.dir(q, quad.Subject))
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		ent, err := r.entity(e)
		if err != nil {
			return nil, err
		}
		m := DocumentMention{Entity: *ent}
		err = r.each(quad.Subject, e, func(q graph.Ref) bool {
			if r.is(r.dir(q, quad.Predicate), attrMentions) && r.id(r.dir(q, quad.Label), schemeDocument) == id {
				m.Count, _ = strconv.Atoi(r.text(r.dir(q, quad.Object)))
				return false
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		d.Mentions = append(d.Mentions, m)
	}
	sort.Slice(d.Mentions, func(i, j int) bool { return d.Mentions[i].ID < d.Mentions[j].ID })
	for _, ev := range evs {
		e, s, p, o, err := r.evidence(ev)
		if err != nil {
			return nil, err
		}
		d.Facts = append(d.Facts, DocumentFact{From: r.entityID(s), Relation: r.id(p, schemeRelation), To: r.entityID(o), Evidence: e})
	}
	sort.Slice(d.Facts, func(i, j int) bool { return d.Facts[i].Evidence.n < d.Facts[j].Evidence.n })
	return d, nil
}
