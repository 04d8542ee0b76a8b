package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOpenDamaged is issue 14's case 10: a store cut short or with its
// meta pages overwritten gives "... is damaged; rebuild", not a panic or
// a fault when it is read.
func TestOpenDamaged(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	file := filepath.Join(out, linkName, "indexes.bolt")
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(out, linkName) + " is damaged; rebuild with graphbuild build"
	for name, damage := range map[string]func([]byte) []byte{
		"cut to half": func(b []byte) []byte { return b[:len(b)/2] },
		"cut to 5000": func(b []byte) []byte { return b[:5000] },
		"empty":       func(b []byte) []byte { return nil },
		"meta pages zero": func(b []byte) []byte {
			b = append([]byte(nil), b...)
			clear(b[:2*os.Getpagesize()])
			return b
		},
	} {
		if err := os.WriteFile(file, damage(good), 0o644); err != nil {
			t.Fatal(err)
		}
		g, err := Open(out, time.Second)
		if err == nil {
			g.Close()
			t.Errorf("%s: Open succeeded", name)
		} else if err.Error() != want {
			t.Errorf("%s: %v, want %s", name, err, want)
		}
	}
	os.WriteFile(file, good, 0o644)
	open(t, out)
}
