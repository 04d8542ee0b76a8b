package store

import (
	"bytes"
	"os"
	"reflect"
	"testing"
)

// TestCacheDocNames: a document id may hold anything a file name can (a
// newline, a leading quote); its block is cached and read back whole.
func TestCacheDocNames(t *testing.T) {
	c := OpenCache(t.TempDir())
	for i, doc := range []string{"plain", "a\nb", `"quoted"`, "cr\rlf"} {
		b := &Block{Doc: doc, Key: DocKey("rules", doc, []byte{byte(i)}), Meta: []byte("meta\n"), NQ: []byte("<a> <b> <c> .\n")}
		if err := c.Put(b); err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if got := c.Get(b.Key); !reflect.DeepEqual(got, b) {
			t.Errorf("%q: read back %+v, want %+v", doc, got, b)
		}
	}
}

// TestCachePutSame: a block that a rule edit left as it was becomes a
// second name of the old file; one that changed, in its quads or its
// record, is not linked.
func TestCachePutSame(t *testing.T) {
	c := OpenCache(t.TempDir())
	old := &Block{Doc: "d", Key: DocKey("rules-1", "d", []byte("text")), Meta: []byte("{}"), NQ: []byte("<a> <b> <c> .\n")}
	if err := c.Put(old); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		nq, meta string
		linked   bool
	}{
		{"the same quads and record", "<a> <b> <c> .\n", "{}", true},
		{"other quads", "<a> <b> <d> .\n", "{}", false},
		{"another record", "<a> <b> <c> .\n", `{"warnings":["w"]}`, false},
	} {
		b := &Block{Doc: "d", Key: DocKey("rules-2", tc.name, []byte("text")), Meta: []byte(tc.meta), NQ: []byte(tc.nq)}
		if got := c.PutSame(b, old.Key); got != tc.linked || (b.same != "") != tc.linked {
			t.Errorf("%s: linked %v (same %q), want %v", tc.name, got, b.same, tc.linked)
		}
		if !tc.linked {
			if c.Get(b.Key) != nil {
				t.Errorf("%s: stored without Put", tc.name)
			}
			continue
		}
		a, errA := os.Stat(c.path(old.Key))
		n, errN := os.Stat(c.path(b.Key))
		if errA != nil || errN != nil || !os.SameFile(a, n) {
			t.Errorf("%s: not a second name of the old block (%v, %v)", tc.name, errA, errN)
		}
		if got := c.Get(b.Key); got == nil || !bytes.Equal(got.NQ, b.NQ) {
			t.Errorf("%s: read back %+v", tc.name, got)
		}
	}
}
