package store

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readAll calls every exported read method of g once, as the commands
// do, and returns the first error of each by method name. A panic fails
// the test: issue 14 case 10 wants a damaged store to give an error.
func readAll(t *testing.T, g *Graph, what string) map[string]error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errs := map[string]error{}
	call := func(name string, fn func() error) {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s: %s panicked: %v", what, name, r)
			}
		}()
		errs[name] = fn()
	}
	call("Resolve", func() error { _, err := g.Resolve(ctx, "Didi"); return err })
	call("Card", func() error { _, err := g.Card(ctx, "didi"); return err })
	call("Neighbors", func() error { _, err := g.Neighbors(ctx, "cac", 2, Filter{}); return err })
	call("Subgraph", func() error { _, err := g.Subgraph(ctx, "", 0, Filter{}); return err })
	call("Entities", func() error { _, err := g.Entities(ctx); return err })
	call("Types", func() error { _, err := g.Types(ctx, nil); return err })
	call("EdgeEvidence", func() error { _, err := g.EdgeEvidence(ctx, "cac", "reviewed", "didi"); return err })
	call("Document", func() error { _, err := g.Document(ctx, "a-2021"); return err })
	call("Paths", func() error {
		ps, err := g.Paths(ctx, "cac", "pboc", PathOptions{K: 2})
		if err == nil && !Whole(ps) {
			err = g.Damaged()
		}
		return err
	})
	call("LoadPaths", func() error { return g.LoadPaths(ctx) })
	call("Query", func() error { return g.Query(ctx, `g.V().Out().All()`, 0, io.Discard) })
	return errs
}

// TestDamagedPages damages the data pages of a built store (not its meta
// pages, not its length: see TestOpenDamaged) and reads it through every
// exported method: each either answers or says the store is damaged,
// never panics. Bolt keeps no checksum of data pages, so a damaged value
// may also read as wrong data or as another error; what is checked is
// that a panic of bolt or Cayley on a broken page becomes the damaged
// error.
func TestDamagedPages(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	file := filepath.Join(out, linkName, "indexes.bolt")
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(out, linkName) + " is damaged; rebuild with graphbuild build"
	page := os.Getpagesize()
	pages := len(good) / page
	if pages < 4 {
		t.Fatalf("store of %d pages: too small to damage past its meta pages", pages)
	}
	damagedErrs := 0
	for p := 2; p < pages; p++ {
		for seed := uint64(1); seed <= 3; seed++ {
			b := append([]byte(nil), good...)
			rng := rand.New(rand.NewPCG(seed, uint64(p)))
			// Seed 1 breaks the page header (id, flags, count,
			// overflow), 2 the element headers after it, 3 the middle.
			off := p*page + []int{0, 16, page / 2}[seed-1]
			for i := range 48 {
				b[off+i] = byte(rng.Uint32())
			}
			what := fmt.Sprintf("page %d seed %d", p, seed)
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			g, err := Open(out, time.Second)
			if err != nil {
				if err.Error() != want && !strings.Contains(err.Error(), "not a cayley store") {
					t.Errorf("%s: Open: %v, want %s", what, err, want)
				}
				t.Logf("%s: Open: %v", what, err)
				continue
			}
			for name, err := range readAll(t, g, what) {
				if err != nil && err.Error() == want {
					damagedErrs++
				} else if err != nil {
					t.Logf("%s: %s: %v", what, name, err)
				}
			}
			if err := g.Close(); err != nil {
				t.Errorf("%s: Close: %v", what, err)
			}
		}
	}
	if damagedErrs == 0 {
		t.Errorf("no read of %d damaged pages said %s", pages-2, want)
	}
	os.WriteFile(file, good, 0o644)
	g := open(t, out)
	for name, err := range readAll(t, g, "undamaged") {
		if err != nil {
			t.Errorf("undamaged: %s: %v", name, err)
		}
	}
}
