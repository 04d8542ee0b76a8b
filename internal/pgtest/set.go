package pgtest

import (
	"encoding/json"
	"sort"
	"testing"
)

// Set returns the elements of a Gizmo query's JSON answer (an array),
// sorted. Cayley leaves the order of results to the store, so answers from
// bolt and from PostgreSQL are compared as sets.
func Set(t testing.TB, answer string) []string {
	t.Helper()
	var rs []json.RawMessage
	if err := json.Unmarshal([]byte(answer), &rs); err != nil {
		t.Fatalf("%v in\n%s", err, answer)
	}
	var s []string
	for _, r := range rs {
		s = append(s, string(r))
	}
	sort.Strings(s)
	return s
}
