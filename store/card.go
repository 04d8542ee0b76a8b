package store

import (
	"context"
	"sort"
	"strconv"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Card is what the graph knows of one entity.
type Card struct {
	Entity
	// Documents are the documents that mention the entity, by id.
	Documents []CardDocument `json:"documents"`
	Out       []FactGroup    `json:"out"` // facts with the entity as subject, by relation
	In        []FactGroup    `json:"in"`  // facts with the entity as object, by relation
}

// CardDocument is a document that mentions an entity.
type CardDocument struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	File  string `json:"file,omitempty"`
	// Mentions counts the entity's mentions in the document, resolved
	// references included; Evidence the evidence with the entity as
	// subject or object.
	Mentions int `json:"mentions"`
	Evidence int `json:"evidence"`
}

// FactGroup is the facts of one relation on one side of an entity.
type FactGroup struct {
	Relation string     `json:"relation"`
	Facts    []CardFact `json:"facts"` // by the other entity's id
}

// CardFact is one edge of an entity, with an example of its evidence.
type CardFact struct {
	Edge
	Other   Entity    `json:"other"`             // the entity at the other end
	Example *Evidence `json:"example,omitempty"` // the first, by document and position
}

// Card returns the card of the entity with the given id.
func (g *Graph) Card(ctx context.Context, id string) (_ *Card, err error) {
	defer g.guard(&err)()
	r := g.reader(ctx)
	n, err := r.entityRef(id)
	if err != nil {
		return nil, err
	}
	e, err := r.entity(n)
	if err != nil {
		return nil, err
	}
	c := &Card{Entity: *e, Documents: []CardDocument{}, Out: []FactGroup{}, In: []FactGroup{}}

	edges, err := r.entityEdges(n, true)
	if err != nil {
		return nil, err
	}
	perDoc := map[string]int{}
	for _, ef := range edges {
		edge, _ := r.edge(ef, nil)
		f := CardFact{Edge: edge}
		var evs []Evidence
		for _, ev := range ef.evs {
			e, _, _, _, err := r.evidence(ev)
			if err != nil {
				return nil, err
			}
			evs = append(evs, e)
			perDoc[e.Doc]++
		}
		if len(evs) > 0 {
			sortEvidence(evs)
			f.Example = &evs[0]
		}
		if key(ef.from) == key(n) {
			o, err := r.entity(ef.to)
			if err != nil {
				return nil, err
			}
			f.Other = *o
			c.Out = addFact(c.Out, f)
		}
		if key(ef.to) == key(n) {
			o, err := r.entity(ef.from)
			if err != nil {
				return nil, err
			}
			f.Other = *o
			c.In = addFact(c.In, f)
		}
	}
	sortGroups(c.Out)
	sortGroups(c.In)

	mentions := map[string]int{}
	err = r.each(quad.Subject, n, func(q graph.Ref) bool {
		switch p := r.dir(q, quad.Predicate); {
		case r.is(p, attrMentionedIn):
			doc := r.dir(q, quad.Object)
			c.Documents = append(c.Documents, CardDocument{ID: r.id(doc, schemeDocument)})
		case r.is(p, attrMentions):
			n, _ := strconv.Atoi(r.text(r.dir(q, quad.Object)))
			mentions[r.id(r.dir(q, quad.Label), schemeDocument)] = n
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	for i := range c.Documents {
		d := &c.Documents[i]
		d.Mentions, d.Evidence = mentions[d.ID], perDoc[d.ID]
		var err error
		d.Title, d.File, _, err = r.docAttrs(r.ref(documentIRI(d.ID)))
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(c.Documents, func(i, j int) bool { return c.Documents[i].ID < c.Documents[j].ID })
	return c, nil
}

// addFact adds f to the group of its relation.
func addFact(gs []FactGroup, f CardFact) []FactGroup {
	for i := range gs {
		if gs[i].Relation == f.Relation {
			gs[i].Facts = append(gs[i].Facts, f)
			return gs
		}
	}
	return append(gs, FactGroup{Relation: f.Relation, Facts: []CardFact{f}})
}

func sortGroups(gs []FactGroup) {
	sort.Slice(gs, func(i, j int) bool { return gs[i].Relation < gs[j].Relation })
	for _, g := range gs {
		sort.Slice(g.Facts, func(i, j int) bool { return g.Facts[i].Other.ID < g.Facts[j].Other.ID })
	}
}
