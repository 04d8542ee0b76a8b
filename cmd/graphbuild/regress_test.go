package main

import (
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
)

// TestDiffCorpora accepts the graphs of two corpora, then compares the
// graphs a changed rule file gives with them: a fact added, a modality
// and a date changed.
func TestDiffCorpora(t *testing.T) {
	acc := t.TempDir()
	corpora := []string{"-corpus", "testdata/curate/corpus", "-corpus", "shipped=testdata/corpus", "-accepted", acc}
	code, stdout, stderr := graphbuild(t, append([]string{"diff", "-rules", "testdata/curate/rules.yaml", "-accept"}, corpora...)...)
	if code != 0 {
		t.Fatalf("diff -accept: exit %d\n%s", code, stderr)
	}
	golden(t, "curate/diff.accept", []byte(strings.ReplaceAll(stdout, acc, "ACCEPTED")))
	for _, tt := range []struct{ golden, rules string }{
		{"diff.same", "testdata/curate/rules.yaml"},
		{"diff.changed", "testdata/curate/rules-changed.yaml"},
	} {
		code, stdout, stderr = graphbuild(t, append([]string{"diff", "-rules", tt.rules}, corpora...)...)
		if code != 0 {
			t.Fatalf("diff: exit %d\n%s", code, stderr)
		}
		golden(t, "curate/"+tt.golden, []byte(stdout))
	}
	code, stdout, _ = graphbuild(t, append([]string{"diff", "-rules", "testdata/curate/rules-changed.yaml", "-json"}, corpora...)...)
	if code != 0 {
		t.Fatal("diff -json failed")
	}
	golden(t, "curate/diff.changed.json", []byte(stdout))
	// Two corpora may not share a name.
	code, _, stderr = graphbuild(t, "diff", "-corpus", "a/corpus", "-corpus", "b/corpus")
	if code != 2 || !strings.Contains(stderr, `two corpora named "corpus"`) {
		t.Errorf("diff with two corpora of one name: exit %d\n%s", code, stderr)
	}
}

func TestDiffEvidence(t *testing.T) {
	ev := func(s, rel, o, date, rule string) extract.Evidence {
		p, mod := extract.ParseRelation(rel)
		return extract.Evidence{Fact: extract.Fact{Subject: s, Predicate: p, Object: o, Modality: mod}, Doc: "d", Sentence: "S.", Date: date, Rule: rule}
	}
	before := []extract.Evidence{ev("a", "owns", "b", "", "r"), ev("a", "fined", "b", "2020", "r"), ev("c", "owns", "d", "", "r")}
	after := []extract.Evidence{ev("a", "maybe_owns", "b", "", "r"), ev("a", "fined", "b", "2021", "r"), ev("e", "owns", "f", "", "q")}
	var got []string
	for _, c := range diffEvidence(before, after) {
		got = append(got, strings.TrimSpace(c.Kind+" "+c.Rule+" "+c.Subject+" "+c.Relation+" "+c.Object+" "+c.Was+" "+c.Now))
	}
	want := []string{"added q e owns f", "removed r c owns d", "modality r a maybe_owns b owns maybe_owns", "date r a fined b 2020 2021"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestEvalCorpora(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"eval.corpora", nil},
		{"eval.corpora.json", []string{"-json"}},
	} {
		args := append([]string{"eval", "-rules", "testdata/rules.yaml"}, tt.args...)
		args = append(args, "testdata/curate/corpus=testdata/curate/key.tsv", "testdata/corpus=testdata/key.tsv")
		code, stdout, stderr := graphbuild(t, args...)
		if code != 0 {
			t.Fatalf("eval: exit %d\n%s", code, stderr)
		}
		golden(t, "curate/"+tt.golden, []byte(stdout))
	}
}
