package runsort

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// TestSorter sorts random records with duplicates at several limits,
// from all in memory to a run per two records, against slices.Sort.
func TestSorter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var in []Record
	for range 5000 {
		in = append(in, Record{rng.Uint32N(20), rng.Uint32N(5), rng.Uint32(), rng.Uint32N(3)})
	}
	in = append(in, in[:700]...) // duplicates, in other runs
	want := slices.Clone(in)
	slices.SortFunc(want, Compare)
	want = slices.Compact(want)
	for _, limit := range []int{len(in) + 1, 1000, 97, 2} {
		dir := t.TempDir()
		s := New(dir, 1<<20)
		s.SetLimit(limit)
		for _, r := range in {
			if err := s.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Finish(); err != nil {
			t.Fatal(err)
		}
		if spilled := s.Runs() > 0; spilled != (limit <= len(in)) {
			t.Errorf("limit %d: %d runs", limit, s.Runs())
		}
		var got []Record
		if err := s.Each(func(r Record) error { got = append(got, r); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("limit %d: %d records, want %d, or out of order", limit, len(got), len(want))
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("limit %d: %d files left", limit, len(ents))
		}
	}
}
