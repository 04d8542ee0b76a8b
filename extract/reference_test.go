package extract

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

var resolutions = flag.String("resolutions", "", "print every reference whose resolution the policy changes, over the corpus in this folder, with the shipped rules (e.g. -resolutions ../corpus)")

// resolutionChange is a reference resolved differently by the nearest-only
// resolver and by the policy.
type resolutionChange struct {
	doc, sentence, ref string
	before, after, why string
}

// resolutionChanges compares, in one document, the resolution of every
// reference by the nearest-only resolver and by the policy.
func resolutionChanges(f *schema.File, d *Document) []resolutionChange {
	near := Compile(f)
	near.nearestOnly = true
	policy := Compile(f)
	before := map[Span]Mention{}
	for _, mn := range near.Extract(d).Mentions {
		if mn.Reference {
			before[mn.Span] = mn
		}
	}
	describe := func(mn Mention, ok bool) string {
		switch {
		case !ok:
			return "(unresolved)"
		case len(mn.group) > 0:
			var ids []string
			for _, g := range mn.group {
				ids = append(ids, g.entity)
			}
			return strings.Join(ids, "+")
		}
		return mn.Entity
	}
	var out []resolutionChange
	seen := map[Span]bool{}
	for _, mn := range policy.Extract(d).Mentions {
		if !mn.Reference {
			continue
		}
		seen[mn.Span] = true
		old, ok := before[mn.Span]
		if a, b := describe(old, ok), describe(mn, true); a != b {
			why := mn.antecedents[0].why
			if len(mn.group) > 0 {
				why = mn.group[0].why
			}
			out = append(out, resolutionChange{d.ID, context(d, mn.Sentence), string(d.Raw[mn.Span.Start:mn.Span.End]), a, b, why})
		}
	}
	for span, old := range before {
		if !seen[span] {
			out = append(out, resolutionChange{d.ID, context(d, old.Sentence), string(d.Raw[span.Start:span.End]), old.Entity, "(unresolved)", "plural: too few"})
		}
	}
	return out
}

// context is sentence si with the one before it, for reading a reference.
func context(d *Document, si int) string {
	if si == 0 {
		return d.SentenceText(si)
	}
	return d.SentenceText(si-1) + " || " + d.SentenceText(si)
}

// TestResolutionChanges prints, with -resolutions DIR, what the resolution
// policy changes over the nearest candidate on the files of DIR, with the
// shipped rules: the numbers to check by hand. Without the flag it checks
// only that the comparison runs on the shipped corpus.
func TestResolutionChanges(t *testing.T) {
	dir := *resolutions
	if dir == "" {
		dir = "../corpus"
	}
	src, err := os.ReadFile("../graph.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := schema.Parse("../graph.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(paths) == 0 {
		t.Fatalf("no .txt files in %s", dir)
	}
	total := 0
	for _, path := range paths {
		d := readCorpusFile(t, path)
		for _, c := range resolutionChanges(f, d) {
			total++
			if *resolutions != "" {
				fmt.Printf("%s\t%q\t%s -> %s\t(%s)\n\t%s\n", c.doc, c.ref, c.before, c.after, c.why, c.sentence)
			}
		}
	}
	if *resolutions != "" {
		fmt.Printf("%d references resolved differently in %d files\n", total, len(paths))
	}
}
