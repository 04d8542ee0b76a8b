package store

import (
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
