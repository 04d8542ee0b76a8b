package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/graphbuild/graphbuild/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// graphbuild runs the command in-process and returns its exit status and output.
func graphbuild(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (run go test -update to accept):\n%s", path, got)
	}
}

func TestBuildGolden(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out)
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	nq, err := os.ReadFile(filepath.Join(out, "graph.nq"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "build.nq", nq)
	golden(t, "build.summary", []byte(withoutTimes(strings.ReplaceAll(stdout, out, "OUT"))))
	golden(t, "build.warnings", []byte(stderr))

	// The same inputs give the same bytes, on any number of workers.
	if code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out, "-workers", "1"); code != 0 {
		t.Fatalf("second build: exit %d\n%s", code, stderr)
	}
	again, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
	if !bytes.Equal(nq, again) {
		t.Error("a second build of the same inputs wrote different N-Quads")
	}
}

func TestBuildBadCorpusKeepsPreviousGraph(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(out, "graph.nq"))

	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "good.txt"), []byte("Tesla set up a data centre in Shanghai."), 0o644)
	os.WriteFile(filepath.Join(bad, "binary.txt"), []byte("PK\x03\x04\x00\x00\xff\xfe"), 0o644)
	code, _, stderr := graphbuild(t, "build", "-strict", "-rules", "testdata/rules.yaml", "-corpus", bad, "-out", out)
	if code != 1 {
		t.Fatalf("build -strict of a damaged corpus: exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "binary.txt") {
		t.Errorf("the error does not name the damaged file:\n%s", stderr)
	}
	after, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
	if !bytes.Equal(before, after) {
		t.Error("a failed build changed out/graph.nq")
	}
	g, err := store.Open(out, time.Second)
	if err != nil {
		t.Fatalf("the previous store no longer opens: %v", err)
	}
	g.Close()
}

func TestCheckReportsEveryProblem(t *testing.T) {
	code, _, stderr := graphbuild(t, "check", "-rules", "testdata/broken.yaml")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	golden(t, "broken.errors", []byte(stderr))
	if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; n != 3 {
		t.Errorf("%d lines of errors, want 3:\n%s", n, stderr)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"build", "-nope"}, {"query"}} {
		if code, _, _ := graphbuild(t, args...); code != 2 {
			t.Errorf("graphbuild %q: exit %d, want 2", args, code)
		}
	}
}

// TestShippedGraph builds the real corpus with the shipped rules and looks
// for the facts graph.yaml promises, each with its evidence.
func TestShippedGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole corpus")
	}
	out := t.TempDir()
	if code, _, stderr := graphbuild(t, "build", "-rules", "../../graph.yaml", "-corpus", "../../corpus", "-out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	g, err := store.Open(out, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	query := func(q string) string {
		var b bytes.Buffer
		if err := g.Query(context.Background(), q, 0, &b); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return b.String()
	}
	tests := []struct {
		subject, relation, object string
		sentence, extra           string // words of the evidence sentence; another attribute it must have
	}{
		{"tesla", "built_data_centre_in", "shanghai", "It did so in Shanghai in May", `"It"`},
		{"cac", "reviewed", "didi", "opened a national security review into the company", `"the company"`},
		{"apple", "built_data_centre_in", "guizhou", "southern province of Guizhou in 2017", `"2017"`},
		{"pboc", "encouraged", "alibaba", "initially encouraged by the People's Bank of China", ""},
		{"samr", "investigated", "tencent", "investigators are also probing", `"investigators"`},
		{"samr", "investigated", "meituan", "investigators are also probing", `"investigators"`},
		{"pony-ma", "member_of", "npc", "Pony Ma is a member of the National People's Congress", ""},
		{"pboc", "not_licensed", "sesame-credit", "did not issue a license for Sesame Credit", `"negated"`},
	}
	for _, tt := range tests {
		edge := query(`g.V("<ent:` + tt.subject + `>").Out("<rel:` + tt.relation + `>").All()`)
		if !strings.Contains(edge, "<ent:"+tt.object+">") {
			t.Errorf("no edge %s -%s-> %s; got %s", tt.subject, tt.relation, tt.object, edge)
			continue
		}
		ev := query(`g.V("<ent:` + tt.subject + `>").In("<gb:subject>").Has("<gb:predicate>", "<rel:` + tt.relation +
			`>").Has("<gb:object>", "<ent:` + tt.object + `>").Tag("ev").Out().Tag("value").All()`)
		if !strings.Contains(ev, tt.sentence) || !strings.Contains(ev, tt.extra) {
			t.Errorf("evidence of %s -%s-> %s lacks %q or %s:\n%s", tt.subject, tt.relation, tt.object, tt.sentence, tt.extra, ev)
		}
	}
	if got := query(`g.V("<ent:pboc>").Out("<rel:licensed>").All()`); strings.Contains(got, "sesame-credit") {
		t.Errorf("the negated licence is stored as a plain fact: %s", got)
	}
}

func TestEval(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := graphbuild(t, "eval", "-rules", "testdata/rules.yaml", "-out", out, "testdata/key.tsv")
	if code != 0 {
		t.Fatalf("eval: exit %d\n%s", code, stderr)
	}
	golden(t, "eval.out", []byte(strings.ReplaceAll(stdout, out, "OUT")))
	code, stdout, _ = graphbuild(t, "eval", "-rules", "testdata/rules.yaml", "-out", out, "-json", "testdata/key.tsv")
	if code != 0 {
		t.Fatal("eval -json failed")
	}
	golden(t, "eval.json", []byte(strings.ReplaceAll(stdout, out, "OUT")))
}

func TestDiff(t *testing.T) {
	out := t.TempDir()
	for _, rules := range []string{"testdata/rules.yaml", "testdata/rules-changed.yaml"} {
		if code, _, stderr := graphbuild(t, "build", "-rules", rules, "-corpus", "testdata/corpus", "-out", out); code != 0 {
			t.Fatalf("build %s: exit %d\n%s", rules, code, stderr)
		}
	}
	code, stdout, stderr := graphbuild(t, "diff", "-out", out)
	if code != 0 {
		t.Fatalf("diff: exit %d\n%s", code, stderr)
	}
	golden(t, "diff.out", []byte(stdout))
	if code, stdout, _ := graphbuild(t, "diff", "-out", out, "-json"); code != 0 || !strings.Contains(stdout, `"added": true`) {
		t.Errorf("diff -json: exit %d\n%s", code, stdout)
	}
	// A first build has nothing to compare with.
	if code, _, stderr := graphbuild(t, "diff", "-out", t.TempDir()); code != 1 || !strings.Contains(stderr, "build twice") {
		t.Errorf("diff without a previous build: exit %d, %s", code, stderr)
	}
}

// withoutTimes drops the summary's line of stage timings, which vary.
func withoutTimes(summary string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(summary, "\n") {
		if !strings.HasPrefix(line, "time ") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// TestEvalLocatorKey scores a key whose fifth column is a locator, not a
// sentence, with a date column and a date-valued object, as keys of
// third-party corpora are written (key/notes.md).
func TestEvalLocatorKey(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := graphbuild(t, "eval", "-rules", "testdata/rules.yaml", "-out", out, "-json", "testdata/key-locator.tsv")
	if code != 0 {
		t.Fatalf("eval: exit %d\n%s", code, stderr)
	}
	var ev evaluation
	if err := json.Unmarshal([]byte(stdout), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Overall.Key != 4 || len(ev.Unknown) != 0 {
		t.Errorf("key %d facts, unknown %v; want 4 facts and the date taken as a literal", ev.Overall.Key, ev.Unknown)
	}
	if ev.Dates == nil || ev.Dates.Key != 2 {
		t.Errorf("dates = %+v, want 2 dated key facts", ev.Dates)
	}
	for _, m := range ev.Missed {
		if m.Relation == "takes_effect" && m.Sentence != "@120" {
			t.Errorf("missed %v shows %q, want the locator", m.keyFact, m.Sentence)
		}
	}
}

func TestKeyColumns(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   int
	}{
		{"subject\tpredicate\tobject\tdocument\tsentence", 5},
		{"subject\tpredicate\tobject\tdocument\tlocator", 5},
		{"subject\tpredicate\tobject\tdocument\tlocator\tdate", 6},
		{"subject\tpredicate\tobject\tdocument\tsentence\tdate", 6},
		{"subject\tpredicate\tobject\tdocument", 0},
		{"subject\tpredicate\tobject\tdocument\tdate", 0},
	} {
		if got := keyColumns(strings.Split(tt.header, "\t")); got != tt.want {
			t.Errorf("keyColumns(%q) = %d, want %d", tt.header, got, tt.want)
		}
	}
}
