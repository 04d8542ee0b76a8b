package main

import (
	"maps"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
)

// TestFactCount counts distinct facts by relation as a set would, with
// the records spilled to runs.
func TestFactCount(t *testing.T) {
	facts := []extract.Fact{
		{Subject: "a", Predicate: "owns", Object: "b"},
		{Subject: "a", Predicate: "owns", Object: "b", Modality: extract.Negated},
		{Subject: "a", Predicate: "owns", Object: "c"},
		{Subject: "a", Predicate: "owns", Object: "b"},
		{Subject: "b", Predicate: "founded_on", Object: "2020", ObjectDate: extract.YearDate},
		{Subject: "b", Predicate: "founded_on", Object: "2020"},
		{Subject: "a", Predicate: "owns", Object: "c"},
	}
	c := newFactCount()
	c.sort.SetLimit(2)
	set := map[extract.Fact]bool{}
	want := map[string]int{}
	for _, f := range facts {
		if err := c.add(f); err != nil {
			t.Fatal(err)
		}
		if !set[f] {
			set[f] = true
			want[f.Relation()]++
		}
	}
	if c.sort.Runs() == 0 {
		t.Error("nothing spilled")
	}
	total, byRel, err := c.count()
	if err != nil {
		t.Fatal(err)
	}
	if total != len(set) || !maps.Equal(byRel, want) {
		t.Errorf("count: %d %v, want %d %v", total, byRel, len(set), want)
	}
}
