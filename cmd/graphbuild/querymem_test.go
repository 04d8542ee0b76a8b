package main

import (
	"testing"
)

// TestQueryMaxMemory is issue 14's case 10: a Gizmo program that
// recurses for ever (it grew to 7.7 GB before its time limit) or builds
// an ever longer array is stopped at -max-memory with exit 1 and an empty
// answer; a query within the cap prints what it prints without one.
func TestQueryMaxMemory(t *testing.T) {
	out := questionGraph(t)
	for _, q := range []string{
		`function f(n) { return f(n + 1) + 1 }; f(0)`,
		`var a = []; while (true) { a.push({n: a.length, s: "element " + a.length}) }`,
	} {
		code, stdout, stderr := graphbuild(t, "query", "-out", out, "-timeout", "5m", "-max-memory", "64", q)
		if want := "graphbuild: query stopped: memory limit 64 MiB exceeded\n"; code != 1 || stdout != "[]\n" || stderr != want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1, [] and %q", q, code, stdout, stderr, want)
		}
	}
	q := `g.V("<ent:tesla>").Out().Tag("to").In().All()`
	code0, want, stderr0 := graphbuild(t, "query", "-out", out, "-max-memory", "0", q)
	code, got, stderr := graphbuild(t, "query", "-out", out, "-max-memory", "64", q)
	if code0 != 0 || code != 0 || got != want || stderr != stderr0 || len(want) < 10 {
		t.Errorf("within the cap: exit %d, %q, %q; without a cap: exit %d, %q, %q", code, got, stderr, code0, want, stderr0)
	}
	if code, _, _ := graphbuild(t, "query", "-out", out, "-max-memory", "-1", q); code != 2 {
		t.Errorf("-max-memory -1: exit %d, want 2", code)
	}
}
