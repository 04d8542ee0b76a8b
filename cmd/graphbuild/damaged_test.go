package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestDamagedStore is issue 14's case 10 through the commands: with data
// pages of out/graph.bolt overwritten (past the meta pages, the length
// unchanged), show, path and query never panic; they answer, or exit 1,
// and at least some say the store is damaged and how to mend it.
func TestDamagedStore(t *testing.T) {
	out := questionGraph(t)
	file := filepath.Join(out, "graph.bolt", "indexes.bolt")
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(out, "graph.bolt") + " is damaged; rebuild with graphbuild build\n"
	page := os.Getpagesize()
	damaged := 0
	for p := 2; p < len(good)/page; p++ {
		for _, at := range []int{0, 16, page / 2} {
			b := append([]byte(nil), good...)
			for i := range 48 {
				b[p*page+at+i] = byte(0x5b ^ i*p) // anything but what was there
			}
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{
				{"show", "-out", out, "tesla"},
				{"path", "-out", out, "tesla", "cac"},
				{"query", "-out", out, `g.V().Out().All()`},
			} {
				code, stderr := func() (code int, stderr string) {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("page %d+%d: %s panicked: %v\n%s", p, at, args[0], r, debug.Stack())
						}
					}()
					code, _, stderr = graphbuild(t, args...)
					return code, stderr
				}()
				switch {
				case strings.HasSuffix(stderr, want) && code == 1:
					damaged++
				case code != 0 && code != 1:
					t.Errorf("page %d+%d: %s: exit %d, want 0 or 1\n%s", p, at, args[0], code, stderr)
				}
			}
		}
	}
	if damaged == 0 {
		t.Errorf("no command said %q", want)
	}
	t.Logf("%d of %d runs said the store is damaged", damaged, 9*(len(good)/page-2))
}
