package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// testRules is a small rule file: a type tree (with colours and a shape
// for pictures), entities (one whose id needs escaping) and predicates.
func testRules() *schema.File {
	return &schema.File{
		Name:    "graph.yaml",
		Version: 1,
		Types: []schema.Type{
			{ID: "actor"},
			{ID: "company", Parent: "actor", Color: "#4e79a7"},
			{ID: "agency", Parent: "actor"},
			{ID: "city", Color: "lightblue", Shape: "ellipse"},
		},
		Entities: []schema.Entity{
			{ID: "didi", Type: "company", Name: "Didi Chuxing", Aliases: []string{"Didi", "DiDi"}},
			{ID: "cac", Type: "agency", Name: "Cyberspace Administration of China", Aliases: []string{"CAC"}},
			{ID: "pboc", Type: "agency", Name: "People's Bank of China", Aliases: []string{"PBOC"}},
			{ID: "sesame-credit", Type: "company", Name: "Sesame Credit"},
			{ID: "São Paulo", Type: "city", Name: "São Paulo"},
		},
		Predicates: []schema.Predicate{
			{ID: "reviewed", Label: "opened a review into"},
			{ID: "licensed"},
			{ID: "hosts"},
		},
	}
}

// testDocs are two documents: the first with a fact stated twice (once
// through a resolved reference), a negated fact and dates; the second
// with a hedged fact, an entity whose id needs escaping, and a sentence
// full of characters that N-Quads must escape.
func testDocs() []*extract.Result {
	a := &extract.Document{ID: "a-2021", Path: "corpus/a-2021.txt", Title: "China's tech crackdown", Date: "2021"}
	b := &extract.Document{ID: "b", Path: "corpus/b.txt", Title: "Cities \"and\" platforms"}
	return []*extract.Result{
		{
			Doc: a,
			Mentions: []extract.Mention{
				{Entity: "cac", Span: extract.Span{Start: 10, End: 13}},
				{Entity: "didi", Span: extract.Span{Start: 40, End: 44}},
				{Entity: "cac", Span: extract.Span{Start: 60, End: 62}, Reference: true},
				{Entity: "pboc", Span: extract.Span{Start: 100, End: 104}},
				{Entity: "sesame-credit", Span: extract.Span{Start: 130, End: 143}},
			},
			Evidence: []extract.Evidence{
				{
					Fact:         extract.Fact{Subject: "cac", Predicate: "reviewed", Object: "didi"},
					Doc:          "a-2021",
					Sentence:     "In 2017, the CAC opened a review into Didi.",
					SentenceSpan: extract.Span{Start: 0, End: 45},
					Span:         extract.Span{Start: 10, End: 44},
					Rule:         "opened-review",
					RulePos:      schema.Pos{Line: 12, Col: 5},
					Date:         "2017",
				},
				{
					Fact:         extract.Fact{Subject: "cac", Predicate: "reviewed", Object: "didi"},
					Doc:          "a-2021",
					Sentence:     "It opened a second review into Didi.",
					SentenceSpan: extract.Span{Start: 46, End: 82},
					Span:         extract.Span{Start: 60, End: 81},
					Rule:         "opened-review",
					RulePos:      schema.Pos{Line: 12, Col: 5},
					Resolved: []extract.Resolution{
						{Slot: "subject", Text: "It", Span: extract.Span{Start: 60, End: 62}, Entity: "cac", Antecedent: extract.Span{Start: 10, End: 13}},
					},
				},
				{
					Fact:         extract.Fact{Subject: "pboc", Predicate: "licensed", Object: "sesame-credit", Modality: extract.Negated},
					Doc:          "a-2021",
					Sentence:     "The PBOC did not license Sesame Credit.",
					SentenceSpan: extract.Span{Start: 96, End: 144},
					Span:         extract.Span{Start: 100, End: 143},
					Rule:         "licence",
					RulePos:      schema.Pos{Line: 20, Col: 7},
				},
			},
		},
		{
			Doc: b,
			Mentions: []extract.Mention{
				{Entity: "São Paulo", Span: extract.Span{Start: 0, End: 10}},
				{Entity: "didi", Span: extract.Span{Start: 20, End: 24}},
			},
			Evidence: []extract.Evidence{
				{
					Fact:         extract.Fact{Subject: "São Paulo", Predicate: "hosts", Object: "didi", Modality: extract.Hedged},
					Doc:          "b",
					Sentence:     "São Paulo may host \"Didi\"\tnow\\then,\nsaid one.",
					SentenceSpan: extract.Span{Start: 0, End: 50},
					Span:         extract.Span{Start: 0, End: 24},
					Rule:         "hosts",
					RulePos:      schema.Pos{Line: 30, Col: 3},
				},
			},
		},
	}
}

// build writes a graph of docs into out and commits it.
func build(t testing.TB, out string, rules *schema.File, docs []*extract.Result) Stats {
	t.Helper()
	w, err := Create(out, rules)
	if err != nil {
		t.Fatal(err)
	}
	return commitDocs(t, w, docs)
}

// commitDocs adds docs to w and commits it; on error it aborts w.
func commitDocs(t testing.TB, w Builder, docs []*extract.Result) Stats {
	t.Helper()
	for _, r := range docs {
		if err := w.Add(r); err != nil {
			w.Abort()
			t.Fatal(err)
		}
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// open opens the graph in out and closes it when the test ends.
func open(t testing.TB, out string) *Graph {
	t.Helper()
	g, err := Open(out, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := g.Close(); err != nil {
			t.Error(err)
		}
	})
	return g
}

// run runs a query with a generous time limit and returns its JSON text,
// truncated at limit.
func run(t testing.TB, g *Graph, q string, limit int) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var buf bytes.Buffer
	if err := g.Query(ctx, q, limit, &buf); err != nil && !errors.Is(err, ErrTruncated) {
		t.Fatalf("%s: %v", q, err)
	}
	return buf.String()
}

// ids runs a query of nodes and returns their "id"s, sorted.
func ids(t testing.TB, g *Graph, q string) []string {
	t.Helper()
	var rs []map[string]any
	out := run(t, g, q, 0)
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("%s: %v in\n%s", q, err, out)
	}
	var s []string
	for _, r := range rs {
		id, _ := r["id"].(string)
		s = append(s, id)
	}
	sort.Strings(s)
	return s
}

// snapshot records the names in out, where the link points and graph.nq,
// to show that a failed build changed nothing.
func snapshot(t testing.TB, out string) string {
	t.Helper()
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, e := range ents {
		b.WriteString(e.Name() + "\n")
	}
	target, err := os.Readlink(filepath.Join(out, linkName))
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString("-> " + target + "\n")
	nq, err := os.ReadFile(filepath.Join(out, nqName))
	if err != nil {
		t.Fatal(err)
	}
	b.Write(nq)
	return b.String()
}
