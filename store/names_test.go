package store

import (
	"fmt"
	"slices"
	"testing"
)

// TestLookupNames checks the binary search of the names file against a
// scan of every line, for keys present (at the start, in the middle, at
// the end, with several ids) and absent.
func TestLookupNames(t *testing.T) {
	ix := nameIndex{}
	want := map[string][]string{}
	for i := range 3000 {
		id := fmt.Sprintf("e%04d", i)
		name := fmt.Sprintf("name %d", i%1000) // three ids each
		ix[foldName(name)+"\tn\t"+id] = 1
		ix[id+"\ti\t"+id] = 1
		want[name] = append(want[name], id)
	}
	dir := t.TempDir()
	if err := ix.write(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"name 0", "name 1", "name 10", "name 500", "name 999"} {
		got, ok := lookupNames(dir, name, "n")
		slices.Sort(got)
		if !ok || !slices.Equal(got, want[name]) {
			t.Errorf("lookup %q = %q, %v; want %q", name, got, ok, want[name])
		}
	}
	for _, absent := range []string{"", "a", "name", "name 1000", "zzz"} {
		if got, ok := lookupNames(dir, absent, "n"); !ok || len(got) != 0 {
			t.Errorf("lookup %q = %q, %v; want nothing", absent, got, ok)
		}
	}
	if got, _ := lookupNames(dir, "e2999", "i"); !slices.Equal(got, []string{"e2999"}) {
		t.Errorf("lookup of the last id = %q", got)
	}
	if got, _ := lookupNames(dir, "e0000", "i"); !slices.Equal(got, []string{"e0000"}) {
		t.Errorf("lookup of the first id = %q", got)
	}
	if _, ok := lookupNames(t.TempDir(), "x", "n"); ok {
		t.Error("a store without a names file has one")
	}
}
