package main

import "testing"

func TestCandidatesGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"candidates", nil},
		{"candidates.json", []string{"-json"}},
		{"candidates.top", []string{"-top", "1"}},
		{"candidates.yaml", []string{"-yaml"}},
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
