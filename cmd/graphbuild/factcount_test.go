package main

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
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
	total, byRel, err := c.count(nil)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(set) || !maps.Equal(byRel, want) {
		t.Errorf("count: %d %v, want %d %v", total, byRel, len(set), want)
	}
}

// TestFactCountBase changes a count by documents taken away and added, as
// an incremental build does, and checks it against a count from scratch:
// the same totals and the same base for the next build, byte for byte.
func TestFactCountBase(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	doc := func() []extract.Fact {
		var fs []extract.Fact
		for range rng.IntN(6) {
			f := extract.Fact{Subject: fmt.Sprint("e", rng.IntN(8)), Predicate: []string{"owns", "leads", "banned"}[rng.IntN(3)], Object: fmt.Sprint("e", rng.IntN(8))}
			if rng.IntN(4) == 0 {
				f.Modality = extract.Negated
			}
			fs = append(fs, f)
		}
		return fs
	}
	count := func(c *factCount) (int, map[string]int, []byte) {
		var buf bytes.Buffer
		total, byRel, err := c.count(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return total, byRel, buf.Bytes()
	}
	for round := range 50 {
		docs := make([][]extract.Fact, 20)
		c := newFactCount()
		c.sort.SetLimit(2 + round%5)
		for i := range docs {
			docs[i] = doc()
			for _, f := range docs[i] {
				c.add(f)
			}
		}
		_, _, base := count(c)
		// Change, remove and add documents.
		next := newFactCount()
		next.sort.SetLimit(2 + round%3)
		if !next.withBase(bytes.NewReader(base)) {
			t.Fatal("the base does not read back")
		}
		for i := range docs {
			switch rng.IntN(4) {
			case 0: // changed
				for _, f := range docs[i] {
					next.sub(f)
				}
				docs[i] = doc()
				for _, f := range docs[i] {
					next.add(f)
				}
			case 1: // gone
				for _, f := range docs[i] {
					next.sub(f)
				}
				docs[i] = nil
			}
		}
		for range rng.IntN(3) { // added
			d := doc()
			docs = append(docs, d)
			for _, f := range d {
				next.add(f)
			}
		}
		gotTotal, gotRel, gotBase := count(next)
		fresh := newFactCount()
		for _, d := range docs {
			for _, f := range d {
				fresh.add(f)
			}
		}
		wantTotal, wantRel, wantBase := count(fresh)
		if gotTotal != wantTotal || !maps.Equal(gotRel, wantRel) {
			t.Fatalf("round %d: %d %v, want %d %v", round, gotTotal, gotRel, wantTotal, wantRel)
		}
		// The relations may be numbered in another order: compare counts
		// read back.
		a, b := newFactCount(), newFactCount()
		if !a.withBase(bytes.NewReader(gotBase)) || !b.withBase(bytes.NewReader(wantBase)) {
			t.Fatal("bases do not read back")
		}
		at, ar, _ := count(a)
		bt, br, _ := count(b)
		if at != bt || !maps.Equal(ar, br) {
			t.Fatalf("round %d: the next base counts %d %v, want %d %v", round, at, ar, bt, br)
		}
	}
}
