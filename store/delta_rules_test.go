package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// ruleEdit is what an edit of the rule file does to one document's
// extraction result; nil for an edit that changes no document.
type ruleEdit func(*extract.Result)

// dropRule is the rule deleted: its evidence goes.
func dropRule(rule string) ruleEdit {
	return func(r *extract.Result) {
		r.Evidence = slicesDeleteFunc(r.Evidence, func(e extract.Evidence) bool { return e.Rule == rule })
	}
}

// shiftLines is a line inserted at the top of the rule file: every
// evidence's rule position moves down.
func shiftLines(r *extract.Result) {
	for i := range r.Evidence {
		r.Evidence[i].RulePos.Line++
	}
}

// renamePredicates is every predicate renamed: nearly every quad of a
// document changes.
func renamePredicates(r *extract.Result) {
	for i := range r.Evidence {
		r.Evidence[i].Fact.Predicate += "_2"
	}
}

func slicesDeleteFunc(es []extract.Evidence, del func(extract.Evidence) bool) []extract.Evidence {
	var out []extract.Evidence
	for _, e := range es {
		if !del(e) {
			out = append(out, e)
		}
	}
	return out
}

// corpusUnder returns documents 1..n as the rules after edits make them.
func corpusUnder(n int, edits ...ruleEdit) []*extract.Result {
	var rs []*extract.Result
	for i := 1; i <= n; i++ {
		r := benchDoc(i)
		for _, e := range edits {
			e(r)
		}
		rs = append(rs, r)
	}
	return rs
}

// TestIncrementalRules changes the rule file under a built graph: the
// incremental build compares every document's new block with its old one
// and changes the copied store by the difference, or writes the store
// afresh when the difference is too big. Each result must be the full
// build's, byte for byte and through Cayley.
func TestIncrementalRules(t *testing.T) {
	defer func(share float64, floor int64) { deltaShare, deltaFloor = share, floor }(deltaShare, deltaFloor)
	deltaShare, deltaFloor = 0.2, 0 // the test graph is small; the share alone decides
	rules := benchRules()
	rules.Entities = rules.Entities[:100]
	fewer := *rules // an entity removed: the rule file's own block changes
	fewer.Entities = fewer.Entities[1:]
	const n = 24
	out := t.TempDir()
	buildCached(t, out, rules, RulesKey("graph.yaml", []byte("v1")), corpusUnder(n), nil, true)

	steps := []struct {
		name     string
		rules    *schema.File
		edits    []ruleEdit
		changed  string // how many documents' blocks changed: "none", "some", "all"
		fallback string // the start of Stats.Fallback; "" for a delta
	}{
		{"a rule that changes no document", rules, nil, "none", ""},
		{"a rule deleted", rules, []ruleEdit{dropRule("rule-7")}, "some", ""},
		{"an entity removed and another rule deleted", &fewer, []ruleEdit{dropRule("rule-7"), dropRule("rule-11")}, "some", ""},
		{"a line inserted at the top: every document changes a little", &fewer, []ruleEdit{dropRule("rule-7"), dropRule("rule-11"), shiftLines}, "all", ""},
		{"every predicate renamed", &fewer, []ruleEdit{renamePredicates}, "all", "more than 20% of the graph changed"},
		{"back to the first rules", rules, nil, "all", "more than 20% of the graph changed"},
	}
	for i, step := range steps {
		key := RulesKey("graph.yaml", []byte{'v', byte('2' + i)})
		docs := corpusUnder(n, step.edits...)
		st := buildCached(t, out, step.rules, key, docs, nil, true)
		if !strings.HasPrefix(st.Fallback, step.fallback) || (step.fallback == "") != (st.Fallback == "") {
			t.Errorf("%s: fallback %q, want %q", step.name, st.Fallback, step.fallback)
		}
		changed := "some"
		switch st.Changed {
		case 0:
			changed = "none"
		case n:
			changed = "all"
		}
		if changed != step.changed {
			t.Errorf("%s: %d documents changed, want %s", step.name, st.Changed, step.changed)
		}
		if step.fallback == "" {
			if (st.Delta > 0) != (st.Changed > 0) {
				t.Errorf("%s: %d documents changed, %d quads changed in the old store", step.name, st.Changed, st.Delta)
			}
		} else if st.Delta != 0 || st.Changed != n {
			t.Errorf("%s: written afresh with %d documents changed and %d quads changed in the old store; want %d and 0", step.name, st.Changed, st.Delta, n)
		}
		full := t.TempDir()
		buildCached(t, full, step.rules, key, docs, nil, false)
		sameGraph(t, out, full)
		if t.Failed() {
			t.Fatalf("after %q", step.name)
		}
	}
}

// TestIncrementalStale makes the previous graph unusable for a delta in
// each way it can be (a cached block gone, a store that disagrees with
// its blocks): the build writes the store afresh, says why, and gives the
// full build's graph, rather than fail.
func TestIncrementalStale(t *testing.T) {
	rules := benchRules()
	rules.Entities = rules.Entities[:100]
	key := RulesKey("graph.yaml", []byte("rules"))
	docs := []*extract.Result{benchDoc(1), benchDoc(2), benchDoc(3)}
	current := func(out string) string {
		p, err := filepath.EvalSymlinks(filepath.Join(out, linkName))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	next := []*extract.Result{benchDoc(1), relabel(benchDoc(9), benchDoc(2).Doc), benchDoc(3)}
	for _, c := range []struct {
		name, fallback string
		spoil          func(out string)
	}{
		{"a cached block gone", `the cached block of "doc-0000002" is gone`, func(out string) {
			_, blocks, err := readManifest(current(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(OpenCache(out).path(blocks["doc-0000002"])); err != nil {
				t.Fatal(err)
			}
			// The store's own N-Quads would stand in for it.
			if err := os.Remove(filepath.Join(current(out), packName)); err != nil {
				t.Fatal(err)
			}
		}},
		// Neither needs the other: the blocks come from the cache, or
		// from the store's N-Quads, without a fallback.
		{"the store's N-Quads gone", "", func(out string) {
			if err := os.Remove(filepath.Join(current(out), packName)); err != nil {
				t.Fatal(err)
			}
		}},
		{"the store's N-Quads cut short", "", func(out string) {
			if err := os.Truncate(filepath.Join(current(out), packName), 100); err != nil {
				t.Fatal(err)
			}
		}},
		{"a cached block gone, the N-Quads there", "", func(out string) {
			_, blocks, err := readManifest(current(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(OpenCache(out).path(blocks["doc-0000002"])); err != nil {
				t.Fatal(err)
			}
		}},
		{"the names counts gone", "", func(out string) {
			if err := os.Remove(filepath.Join(current(out), namesCountName)); err != nil {
				t.Fatal(err)
			}
		}},
		{"a quad missing from the store", "the previous store does not match its blocks", func(out string) {
			qs, err := graph.NewQuadStore("bolt", current(out), graph.Options{"no_bloom": true})
			if err != nil {
				t.Fatal(err)
			}
			defer qs.Close()
			// A quad of the old block that the new one lacks, so that the
			// delta deletes it.
			old := OpenCache(out).Get(DocKey(key, "corpus/doc-0000002.txt", []byte("doc-0000002@0")))
			nb, err := Encode(next[1], rules.Name)
			if old == nil || err != nil {
				t.Fatal("no cached block", err)
			}
			var q []quad.Quad
			for l := range nqLines(old.NQ) {
				if !bytes.Contains(nb.NQ, append(append([]byte{}, l...), '\n')) {
					q, err = appendParsed(nil, append(l, '\n'))
					break
				}
			}
			if err != nil || len(q) != 1 {
				t.Fatalf("no quad to take away: %v", err)
			}
			if err := qs.ApplyDeltas([]graph.Delta{{Quad: q[0], Action: graph.Delete}}, graph.IgnoreOpts{}); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			versions := map[string]int{}
			buildCached(t, out, rules, key, docs, versions, true)
			c.spoil(out)
			versions["doc-0000002"]++
			st := buildCached(t, out, rules, key, next, versions, true)
			if !strings.HasPrefix(st.Fallback, c.fallback) || (c.fallback == "") != (st.Fallback == "") {
				t.Errorf("fallback %q, want %q", st.Fallback, c.fallback)
			}
			full := t.TempDir()
			buildCached(t, full, rules, key, next, versions, false)
			sameGraph(t, out, full)
		})
	}
}

// TestKilledIncrementalRules abandons a rule-change build halfway, once
// while it changes a copy of the store and once after it went over to a
// fresh store: the previous graph stays whole and readable, and the next
// build is right.
func TestKilledIncrementalRules(t *testing.T) {
	defer func(share float64, floor int64) { deltaShare, deltaFloor = share, floor }(deltaShare, deltaFloor)
	deltaShare, deltaFloor = 0.1, 0
	rules := benchRules()
	rules.Entities = rules.Entities[:100]
	const n = 12
	for _, c := range []struct {
		name  string
		edits []ruleEdit
		added int  // documents added before the kill
		fresh bool // the killed build went over to a fresh store
	}{
		{"changing the copy", []ruleEdit{dropRule(benchDoc(1).Evidence[0].Rule)}, n / 2, false},
		{"after going over to a fresh store", []ruleEdit{renamePredicates}, n - 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			buildCached(t, out, rules, RulesKey("graph.yaml", []byte("v1")), corpusUnder(n), nil, true)
			link, _ := os.Readlink(filepath.Join(out, linkName))
			nq, _ := os.ReadFile(filepath.Join(out, "graph.nq"))

			key := RulesKey("graph.yaml", []byte("v2"))
			docs := corpusUnder(n, c.edits...)
			killed, err := CreateCached(out, rules, OpenCache(out), key, true)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range docs[:c.added] {
				b, err := Encode(r, rules.Name)
				if err != nil {
					t.Fatal(err)
				}
				b.Key = DocKey(key, r.Doc.Path, []byte(r.Doc.ID+"@0"))
				if err := killed.AddBlock(b); err != nil {
					t.Fatal(err)
				}
			}
			if (killed.delta == nil) != c.fresh {
				t.Fatalf("the killed build changes a copy: %v; want %v", killed.delta != nil, !c.fresh)
			}
			// Killed here: no Commit, no Abort.
			if got, _ := os.Readlink(filepath.Join(out, linkName)); got != link {
				t.Errorf("an unfinished build moved the link to %q (was %q)", got, link)
			}
			if again, _ := os.ReadFile(filepath.Join(out, "graph.nq")); !bytes.Equal(again, nq) {
				t.Error("an unfinished build changed graph.nq")
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

			buildCached(t, out, rules, key, docs, nil, true)
			full := t.TempDir()
			buildCached(t, full, rules, key, docs, nil, false)
			sameGraph(t, out, full)
		})
	}
}
