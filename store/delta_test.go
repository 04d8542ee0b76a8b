package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// buildCached builds docs into out through the cache, as graphbuild build
// does: each document's block keyed by its id and a version of its text,
// and, in an incremental build, a PreviousBlock for a document the current
// graph holds under the same key.
func buildCached(t *testing.T, out string, rules *schema.File, rulesKey string, docs []*extract.Result, versions map[string]int, incremental bool) Stats {
	t.Helper()
	cache := OpenCache(out)
	var prev map[string]string
	if incremental {
		_, prev = PreviousBlocks(out)
	}
	w, err := CreateCached(out, rules, cache, rulesKey, incremental)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range docs {
		b, err := Encode(r, rules.Name)
		if err != nil {
			t.Fatal(err)
		}
		b.Key = DocKey(rulesKey, r.Doc.Path, []byte(r.Doc.ID+"@"+strconv.Itoa(versions[r.Doc.ID])))
		if prev[b.Doc] == b.Key {
			b = PreviousBlock(b.Doc, b.Key)
		}
		if err := w.AddBlock(b); err != nil {
			t.Fatal(err)
		}
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// sameGraph checks that two outputs hold the same graph: the same
// graph.nq bytes and, read back through Cayley, the same quads and the
// same answers for every value in every direction.
func sameGraph(t *testing.T, got, want string) {
	t.Helper()
	a, _ := os.ReadFile(filepath.Join(got, "graph.nq"))
	b, _ := os.ReadFile(filepath.Join(want, "graph.nq"))
	if !bytes.Equal(a, b) {
		t.Fatalf("graph.nq of the incremental build differs from the full build's")
	}
	resolve := func(out string) string {
		p, err := filepath.EvalSymlinks(filepath.Join(out, linkName))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	compareStores(t, resolve(got), resolve(want), true)
	// The indexes beside the store, and their counts, which the next
	// incremental build starts from.
	for _, name := range []string{namesName, namesCountName, edgesName, edgesHiddenName, manifestName} {
		a, _ := os.ReadFile(filepath.Join(resolve(got), name))
		b, err := os.ReadFile(filepath.Join(resolve(want), name))
		if err != nil || !bytes.Equal(a, b) {
			t.Fatalf("%s of the incremental build differs from the full build's (%v):\n%s\nwant\n%s", name, err, a, b)
		}
	}
}

// TestIncremental changes a built graph document by document and rule by
// rule; after each step the incremental build must equal a full build of
// the same inputs, and only the changed documents touch the store.
func TestIncremental(t *testing.T) {
	rules := benchRules()
	rules.Entities = rules.Entities[:300]
	key := RulesKey("graph.yaml", []byte("rules v1"))
	docs := func(ids ...int) []*extract.Result {
		var rs []*extract.Result
		for _, i := range ids {
			rs = append(rs, benchDoc(i))
		}
		return rs
	}
	out := t.TempDir()
	versions := map[string]int{}
	buildCached(t, out, rules, key, docs(1, 2, 3, 4), versions, true)

	steps := []struct {
		name     string
		docs     []*extract.Result
		change   string // a document whose text changes
		rulesKey string
		changed  int64
		delta    bool // the store is changed, not written afresh
	}{
		{"nothing changed", docs(1, 2, 3, 4), "", key, 0, false},
		{"one document added", docs(1, 2, 3, 4, 5), "", key, 1, true},
		{"one document replaced by another", docs(1, 2, 7, 4, 5), "", key, 2, true},
		{"one document removed", docs(1, 2, 7, 5), "", key, 1, true},
		{"same document, new text", append(docs(1, 2, 7), relabel(benchDoc(8), benchDoc(5).Doc)), benchDoc(5).Doc.ID, key, 1, true},
		{"a rule changed, no block with it", append(docs(1, 2, 7), relabel(benchDoc(8), benchDoc(5).Doc)), "", RulesKey("graph.yaml", []byte("rules v2")), 0, false},
	}
	for _, step := range steps {
		if step.change != "" {
			versions[step.change]++
		}
		st := buildCached(t, out, rules, step.rulesKey, step.docs, versions, true)
		if st.Changed != step.changed || (st.Delta > 0) != step.delta {
			t.Errorf("%s: %d documents changed, %d quads changed in the old store; want %d, store changed %v", step.name, st.Changed, st.Delta, step.changed, step.delta)
		}
		full := t.TempDir()
		buildCached(t, full, rules, step.rulesKey, step.docs, versions, false)
		sameGraph(t, out, full)
		if t.Failed() {
			t.Fatalf("after %q", step.name)
		}
	}
	// Only the current graph's blocks stay in the cache.
	if _, n := OpenCache(out).Size(); n != 4+1 {
		t.Errorf("cache holds %d blocks, want 5", n)
	}
}

// relabel gives result r the document of another one: the same document
// with new text.
func relabel(r *extract.Result, d *extract.Document) *extract.Result {
	nd := *r.Doc
	nd.ID, nd.Path = d.ID, d.Path
	r.Doc = &nd
	for i := range r.Evidence {
		r.Evidence[i].Doc = d.ID
	}
	return r
}

// TestKilledIncremental abandons an incremental build halfway, as a
// killed process would: the previous graph stays whole and readable, and
// the next incremental build is right.
func TestKilledIncremental(t *testing.T) {
	rules := benchRules()
	rules.Entities = rules.Entities[:100]
	key := RulesKey("graph.yaml", []byte("rules"))
	out := t.TempDir()
	versions := map[string]int{}
	first := []*extract.Result{benchDoc(1), benchDoc(2)}
	buildCached(t, out, rules, key, first, versions, true)
	link, _ := os.Readlink(filepath.Join(out, linkName))
	nq, _ := os.ReadFile(filepath.Join(out, "graph.nq"))

	killed, err := CreateCached(out, rules, OpenCache(out), key, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encode(benchDoc(3), rules.Name)
	if err != nil {
		t.Fatal(err)
	}
	b.Key = DocKey(key, "corpus/3", []byte("3"))
	if err := killed.AddBlock(b); err != nil {
		t.Fatal(err)
	}
	// Killed here: no Commit, no Abort.
	if got, _ := os.Readlink(filepath.Join(out, linkName)); got != link {
		t.Errorf("an unfinished incremental build moved the link to %q (was %q)", got, link)
	}
	if again, _ := os.ReadFile(filepath.Join(out, "graph.nq")); !bytes.Equal(again, nq) {
		t.Error("an unfinished incremental build changed graph.nq")
	}
	g, err := Open(out, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(t, g, `g.V("<doc:doc-0000002>").In("<gb:mentionedIn>").All()`); len(got) == 0 {
		t.Error("the previous graph is not readable after a killed build")
	}
	g.Close()
	killed.Abort() // the process is gone; free the test's files

	next := []*extract.Result{benchDoc(1), benchDoc(2), benchDoc(3)}
	buildCached(t, out, rules, key, next, versions, true)
	full := t.TempDir()
	buildCached(t, full, rules, key, next, versions, false)
	sameGraph(t, out, full)
}
