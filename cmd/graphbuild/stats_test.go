package main

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// maskTimes replaces the numbers that change from run to run: those of
// the time section in text, the times, speeds and workers in JSON.
func maskTimes(out string) string {
	digits := regexp.MustCompile(`[0-9]+(\.[0-9]+)?`)
	if strings.HasPrefix(out, "{") {
		return regexp.MustCompile(`("(rules_ns|read_ns|match_ns|total_ns|workers|documents_per_second|mb_per_second)": )[0-9.e+-]+`).
			ReplaceAllString(out, "${1}0")
	}
	before, after, ok := strings.Cut(out, "\ntime\n")
	if !ok {
		return out
	}
	// The widths of the columns change with the numbers too.
	after = regexp.MustCompile(`(\S)  +`).ReplaceAllString(digits.ReplaceAllString(after, "N"), "$1  ")
	return before + "\ntime\n" + after
}

func TestStatsGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"stats", nil},
		{"stats.json", []string{"-json"}},
		{"stats.no-times", []string{"-times=false", "-workers", "1"}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := curate(t, append([]string{"stats"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			golden(t, "curate/"+tt.golden, []byte(maskTimes(stdout)))
		})
	}
}

// TestStatsManyDocuments: past maxDocColumns documents the text output
// gives how many documents a rule or entity is in, not a column each.
func TestStatsManyDocuments(t *testing.T) {
	rep := &statsReport{
		Rules:    []ruleStats{{ID: "owns-rule", Position: "g.yaml:1:1", Evidence: 3, Matches: 3, Facts: 2, Docs: 2, PerDoc: []docCount{{3, 2}, {17, 1}}}},
		Entities: []entityStats{{ID: "tesla", Type: "company", Mentions: 4, Docs: 3, PerDoc: []docCount{{0, 1}, {5, 2}, {20, 1}}}},
	}
	for i := range maxDocColumns + 1 {
		rep.Documents = append(rep.Documents, docStats{ID: fmt.Sprintf("doc-%02d", i)})
	}
	var b strings.Builder
	rep.print(&b)
	out := b.String()
	for _, want := range []string{
		"evidence  matches  facts  |  documents\n",
		"  owns-rule  g.yaml:1:1         3        3      2  |          2\n",
		"  tesla  company         4           0  |          3\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "|  1  2") {
		t.Errorf("a column per document:\n%s", out)
	}
}
