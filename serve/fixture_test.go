package serve

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
	"github.com/graphbuild/graphbuild/store"
)

// fixtureRules are the rules of the test graph: companies, an agency, a
// country, with colours and a shape, and a few relations.
const fixtureRules = `version: 1
types:
  - id: actor
  - {id: company, parent: actor, color: "#4e79a7"}
  - {id: agency, parent: actor, color: "#e15759", shape: ellipse}
  - {id: country, parent: actor, color: "#59a14f"}
entities:
  - {id: tesla, type: company, name: Tesla}
  - {id: didi, type: company, name: Didi Chuxing, aliases: [Didi, DiDi]}
  - {id: cac, type: agency, name: Cyberspace Administration of China, aliases: [CAC]}
  - {id: china, type: country, name: China}
  - {id: meituan, type: company, name: Meituan}
references:
  - {words: [the company, it], types: [company]}
predicates:
  - {id: stores_data_in, subject: [company], object: [country]}
  - {id: located_in, subject: [company], object: [country]}
  - {id: reviewed, subject: [agency], object: [company]}
  - {id: fined, subject: [agency], object: [company]}
rules:
  - id: keeps-data
    predicate: stores_data_in
    patterns: ["{subject} ...4 keep* ...5 data ...4 in {object}"]
  - id: based-in
    predicate: located_in
    patterns: ["{subject} ...6 based in {object}"]
  - id: opened-review
    predicate: reviewed
    patterns: ["{subject} opened a ...3 review of {object}"]
  - id: fined
    predicate: fined
    patterns: ["{subject} ...3 fined {object}"]
cues:
  negation: [not]
  hedge: [may]
`

// fixtureCorpus is the test corpus: sentences written for these tests.
var fixtureCorpus = map[string]string{
	"carmaker-2021.txt": "Carmakers and their data\n" +
		"Tesla said it would keep all of its car data in China from now on.\n" +
		"Didi, the ride-hailing group based in China, planned a listing abroad.\n",
	"review-2021.txt": "A review and a fine\n" +
		"The regulator moved quickly. In July the CAC opened a security review of Didi after its listing. The app stores dropped it the same week.\n" +
		"Later the CAC may have fined Meituan, one report said.\n",
}

// buildGraph writes a rule file and a corpus under dir, builds the graph
// into dir/out with the real reader, matcher and store, and returns dir.
func buildGraph(t testing.TB, dir, rules string, corpus map[string]string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "corpus"), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := schema.Parse("graph.yaml", []byte(rules))
	if err != nil {
		t.Fatal(err)
	}
	m := extract.Compile(f)
	w, err := store.Create(filepath.Join(dir, "out"), f)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range corpus {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		raw := []byte(corpus[name])
		if err := os.WriteFile(filepath.Join(dir, "corpus", name), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := extract.Read("corpus/"+name, raw)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Add(m.Extract(d)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// newServer serves the graph built in dir/out as graphbuild serve does:
// reopened when out/graph.bolt points elsewhere.
func newServer(t testing.TB, dir string, opt Options) (*Server, *httptest.Server) {
	t.Helper()
	out := filepath.Join(dir, "out")
	if opt.Open == nil {
		opt.Open = func(context.Context) (*store.Graph, error) { return store.Open(out, time.Second) }
	}
	if opt.Version == nil {
		opt.Version = func() (string, error) { return os.Readlink(filepath.Join(out, "graph.bolt")) }
	}
	opt.Root = dir
	s, err := New(t.Context(), opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(LoopbackHosts(s))
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return s, ts
}
