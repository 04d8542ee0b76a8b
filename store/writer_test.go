package store

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/graphbuild/graphbuild/extract"
)

var update = flag.Bool("update", false, "rewrite testdata/graph.nq")

// TestGolden pins out/graph.nq byte for byte; go test -update rewrites it.
func TestGolden(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	got, err := os.ReadFile(filepath.Join(out, nqName))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "graph.nq")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("graph.nq differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

// TestReadBack reads out/graph.nq with Cayley's own N-Quads reader: every
// line is one valid quad, and literals come back as they went in.
func TestReadBack(t *testing.T) {
	out := t.TempDir()
	st := build(t, out, testRules(), testDocs())
	f, err := os.Open(filepath.Join(out, nqName))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := nquads.NewReader(f, false)
	var n int64
	sentences := map[string]bool{}
	for {
		q, err := r.ReadQuad()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("quad %d: %v", n+1, err)
		}
		if !q.IsValid() {
			t.Errorf("quad %d is not valid: %v", n+1, q)
		}
		if q.Predicate == attrSentence {
			sentences[quad.ToString(q.Object)] = true
		}
		n++
	}
	if n != st.Quads {
		t.Errorf("read %d quads, wrote %d", n, st.Quads)
	}
	for _, r := range testDocs() {
		for _, e := range r.Evidence {
			if !sentences[e.Sentence] {
				t.Errorf("sentence %q did not come back", e.Sentence)
			}
		}
	}
}

// TestDeterministic builds twice, the second time with the rule file in
// another order: the schema quads are sorted, so graph.nq is the same.
func TestDeterministic(t *testing.T) {
	one, two := t.TempDir(), t.TempDir()
	build(t, one, testRules(), testDocs())
	rules := testRules()
	slicesReverse(rules.Types)
	slicesReverse(rules.Entities)
	slicesReverse(rules.Predicates)
	build(t, two, rules, testDocs())
	a, _ := os.ReadFile(filepath.Join(one, nqName))
	b, _ := os.ReadFile(filepath.Join(two, nqName))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("two builds of the same input differ:\n%s\n---\n%s", a, b)
	}
}

func slicesReverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}

// names lists the entries of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, e := range ents {
		s = append(s, e.Name())
	}
	return s
}

func TestRebuild(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	if got, want := names(t, out), []string{"graph-1.bolt", "graph.bolt", "graph.nq"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after the first build: %q, want %q", got, want)
	}
	g := open(t, out) // a reader of the old graph during the rebuild

	build(t, out, testRules(), testDocs()[1:])
	if got, want := names(t, out), []string{"graph-2.bolt", "graph.bolt", "graph.nq", "previous.nq"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the second build: %q, want %q", got, want)
	}
	if target, _ := os.Readlink(filepath.Join(out, linkName)); target != "graph-2.bolt" {
		t.Errorf("graph.bolt -> %q, want graph-2.bolt", target)
	}
	nq, _ := os.ReadFile(filepath.Join(out, nqName))
	if bytes.Contains(nq, []byte("<doc:a-2021>")) || !bytes.Contains(nq, []byte("<doc:b>")) {
		t.Errorf("graph.nq is not the second build's:\n%s", nq)
	}
	// The old reader keeps its (removed) store until it closes it.
	if got := ids(t, g, `g.V("<doc:a-2021>").In("<gb:mentionedIn>").All()`); len(got) != 4 {
		t.Errorf("old reader lost its graph: %q", got)
	}
	g2 := open(t, out)
	if got := ids(t, g2, `g.V("<doc:a-2021>").In("<gb:mentionedIn>").All()`); got != nil {
		t.Errorf("new graph still has document a-2021: %q", got)
	}
	if got := ids(t, g2, `g.V("<doc:b>").In("<gb:mentionedIn>").All()`); len(got) != 2 {
		t.Errorf("new graph lacks document b: %q", got)
	}
}

// TestAbort shows that an aborted build, and builds that fail, leave the
// previous graph byte for byte as it was and no files behind.
func TestAbort(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	before := snapshot(t, out)
	docs := testDocs()

	// Aborted after some documents.
	w, err := Create(out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(docs[0]); err != nil {
		t.Fatal(err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, out); after != before {
		t.Errorf("Abort changed out/:\n%s\nwant\n%s", after, before)
	}
	if err := w.Add(docs[1]); err == nil {
		t.Error("Add after Abort succeeded")
	}
	if _, err := w.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}

	// A bad document is refused, whole, and the build goes on.
	w, err = Create(out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(docs[0]); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		r    *extract.Result
		want string
	}{
		{&extract.Result{}, "store: result without a document"},
		{&extract.Result{Doc: docs[1].Doc, Evidence: docs[0].Evidence}, `corpus/b.txt: evidence 1 belongs to document "a-2021"`},
	} {
		if err := w.Add(tc.r); err == nil || err.Error() != tc.want {
			t.Errorf("Add: error %v, want %q", err, tc.want)
		}
	}
	// Then the build fails at Commit: someone removed its N-Quads file.
	if err := os.Remove(w.nqPath); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(); err == nil {
		t.Error("Commit without its N-Quads file succeeded")
	}
	if after := snapshot(t, out); after != before {
		t.Errorf("a failed Commit changed out/:\n%s\nwant\n%s", after, before)
	}
	if err := w.Abort(); err != nil {
		t.Errorf("Abort after a failed Commit: %v", err)
	}

	// A document added twice fails the build at Commit.
	w, err = Create(out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []*extract.Result{docs[0], docs[1], docs[0]} {
		if err := w.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Commit(); err == nil || err.Error() != `document "a-2021" added twice` {
		t.Errorf("Commit with a document twice: error %v", err)
	}
	if after := snapshot(t, out); after != before {
		t.Errorf("a failed Commit changed out/:\n%s\nwant\n%s", after, before)
	}

	// The build fails at the last step, the swap of the link, after
	// graph.nq was replaced: the old graph.nq is put back.
	w, err = Create(out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(docs[1]); err != nil {
		t.Fatal(err)
	}
	block := filepath.Join(out, genName(w.gen, sufLink))
	if err := os.MkdirAll(filepath.Join(block, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(); err == nil {
		t.Error("Commit with a blocked link succeeded")
	}
	if err := os.RemoveAll(block); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, out); after != before {
		t.Errorf("a failed swap changed out/:\n%s\nwant\n%s", after, before)
	}
}

// TestKilledBuild abandons a build, as a killed process would: the old
// graph stays readable, and the next build removes what was left.
func TestKilledBuild(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs()[:1])
	killed, err := Create(out, testRules())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { killed.Abort() })
	if err := killed.Add(testDocs()[1]); err != nil {
		t.Fatal(err)
	}
	g := open(t, out)
	if got := ids(t, g, `g.V("<doc:b>").In("<gb:mentionedIn>").All()`); got != nil {
		t.Errorf("an unfinished build is visible: %q", got)
	}
	build(t, out, testRules(), testDocs())
	if got, want := names(t, out), []string{"graph-3.bolt", "graph.bolt", "graph.nq", "previous.nq"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the next build: %q, want %q", got, want)
	}
}

// TestRealDirectory replaces a graph whose out/graph.bolt is a directory,
// not a link: it is moved aside at the swap and removed.
func TestRealDirectory(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs()[:1])
	link := filepath.Join(out, linkName)
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(out, "graph-1.bolt"), link); err != nil {
		t.Fatal(err)
	}
	g, err := Open(out, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(t, g, `g.V("<doc:a-2021>").All()`); len(got) != 1 {
		t.Errorf("the directory is not read as a graph: %q", got)
	}
	g.Close()

	build(t, out, testRules(), testDocs())
	if got, want := names(t, out), []string{"graph-1.bolt", "graph.bolt", "graph.nq", "previous.nq"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after the build: %q, want %q", got, want)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("graph.bolt is not a link: %v, %v", fi, err)
	}
	g2 := open(t, out)
	if got := ids(t, g2, `g.V("<doc:b>").All()`); len(got) != 1 {
		t.Errorf("the new graph is not in place: %q", got)
	}
}

func TestEscapeID(t *testing.T) {
	for _, tc := range []struct{ id, want string }{
		{"tesla", "tesla"},
		{"sesame-credit_2.0~x", "sesame-credit_2.0~x"},
		{"São Paulo", "S%C3%A3o%20Paulo"},
		{"a/b", "a%2Fb"},
		{"50%", "50%25"},
		{"<x>\"{|}^`\\", "%3Cx%3E%22%7B%7C%7D%5E%60%5C"},
		{"tab\there\n", "tab%09here%0A"},
		{"\xff", "%FF"},
		{"", ""},
	} {
		if got := escapeID(tc.id); got != tc.want {
			t.Errorf("escapeID(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
	if got, want := evidenceIRI("São Paulo/x", 12).String(), "<ev:S%C3%A3o%20Paulo%2Fx/12>"; got != want {
		t.Errorf("evidenceIRI = %s, want %s", got, want)
	}
}

func TestParseGen(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  int
		ok   bool
	}{
		{"graph-1.bolt", 1, true},
		{"graph-12.nq.tmp", 12, true},
		{"graph-3.link.tmp", 3, true},
		{"graph-4.bolt.old", 4, true},
		{"graph-5.nq.old", 5, true},
		{"graph.bolt", 0, false},
		{"graph.nq", 0, false},
		{"graph-.bolt", 0, false},
		{"graph-0.bolt", 0, false},
		{"graph-x1.bolt", 0, false},
		{"graph-1.bolt.bak", 0, false},
		{"graph--1.bolt", 0, false},
	} {
		gen, ok := parseGen(tc.name)
		if gen != tc.gen || ok != tc.ok {
			t.Errorf("parseGen(%q) = %d, %v; want %d, %v", tc.name, gen, ok, tc.gen, tc.ok)
		}
	}
}

func TestCreateOutIsFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(out, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(out, testRules()); err == nil || !strings.Contains(err.Error(), out) {
		t.Errorf("Create over a file: error %v, want one naming %s", err, out)
	}
}
