package main

import (
	"os"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

func TestCandidatesGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"candidates", nil},
		{"candidates.json", []string{"-json"}},
		{"candidates.top", []string{"-top", "1"}},
		{"candidates.yaml", []string{"-yaml"}},
		{"candidates.ignore", []string{"-rules", "testdata/curate/rules-ignore.yaml"}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := curate(t, append([]string{"candidates"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			golden(t, "curate/"+tt.golden, []byte(stdout))
		})
	}
}

// TestCandidatesYAMLParses checks that the -yaml skeletons, pasted into
// the rule file, make a file that parses.
func TestCandidatesYAMLParses(t *testing.T) {
	code, stdout, stderr := curate(t, "candidates", "-yaml")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	src, err := os.ReadFile("testdata/curate/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The skeletons' sections, appended to those of the rule file.
	merged := mergeSections(t, string(src), stdout)
	if _, err := schema.Parse("merged.yaml", []byte(merged)); err != nil {
		t.Errorf("the rule file with the skeletons pasted in does not parse:\n%v\n%s", err, merged)
	}
}

// mergeSections inserts the items of each top-level section of add
// ("entities:", "rules:", "ignore:") right after the same section's key
// in src, or appends the section if src has none.
func mergeSections(t *testing.T, src, add string) string {
	t.Helper()
	var key string
	items := map[string]string{}
	for _, line := range strings.SplitAfter(add, "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "[]":
		case !strings.HasPrefix(line, " "):
			key, _, _ = strings.Cut(line, ":")
		default:
			items[key] += line
		}
	}
	for key, lines := range items {
		head := "\n" + key + ":\n"
		if strings.Contains(src, head) {
			src = strings.Replace(src, head, head+lines, 1)
		} else {
			src += key + ":\n" + lines
		}
	}
	return src
}
