package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestQueryTruncated: query says when -limit cut the answer short, and
// its output stays one JSON array.
func TestQueryTruncated(t *testing.T) {
	out := questionGraph(t)
	code, stdout, stderr := graphbuild(t, "query", "-out", out, "-limit", "1", `g.V().All()`)
	var got []any
	if err := json.Unmarshal([]byte(stdout), &got); code != 0 || err != nil || len(got) != 1 {
		t.Errorf("query -limit 1: exit %d, %v, %d results\n%s", code, err, len(got), stdout)
	}
	if want := "graphbuild: truncated: the first 1 results written, and there are more (-limit 0 prints all)\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	if _, _, stderr := graphbuild(t, "query", "-out", out, "-limit", "0", `g.V().All()`); strings.Contains(stderr, "truncated") {
		t.Errorf("query -limit 0 says %s", stderr)
	}
}

// TestQueryHint: a query that names an entity by its bare id finds
// nothing, and says which IRI was meant.
func TestQueryHint(t *testing.T) {
	out := questionGraph(t)
	code, stdout, stderr := graphbuild(t, "query", "-out", out, `g.V("tesla").Out().All()`)
	want := "graphbuild: no results; nodes are IRIs: did you mean \"<ent:tesla>\" for \"tesla\"?\n"
	if code != 0 || stdout != "[]\n" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want %q", code, stdout, stderr, want)
	}
	if _, _, stderr := graphbuild(t, "query", "-out", out, `g.V("nosuch").All()`); stderr != "" {
		t.Errorf("an id of no entity: %q", stderr)
	}
}
