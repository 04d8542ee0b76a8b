package main

import "testing"

func TestUnresolvedGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
	}{
		{"unresolved", nil},
		{"unresolved.json", []string{"-json"}},
		{"unresolved.top", []string{"-top", "0"}},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := curate(t, append([]string{"unresolved"}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			golden(t, "curate/"+tt.golden, []byte(stdout))
		})
	}
}
