package main

import (
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
