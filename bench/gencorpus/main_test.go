package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

// generateTiny writes a five-document corpus with twenty synthetic
// entities, from the real rules and articles at the module root.
func generateTiny(t *testing.T, seed uint64) string {
	t.Helper()
	out := t.TempDir()
	c := config{Docs: 5, Entities: 20, Seed: seed, Out: out, Rules: "../../graph.yaml", Corpus: "../../corpus"}
	st, err := generate(c)
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 5 || st.Bytes == 0 {
		t.Fatalf("generate wrote %d documents, %d bytes; want 5 documents", st.Docs, st.Bytes)
	}
	return out
}

// readTree returns every file under dir by its slash-separated relative path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestDeterministic(t *testing.T) {
	a, b := readTree(t, generateTiny(t, 7)), readTree(t, generateTiny(t, 7))
	if len(a) != 6 { // five documents and graph.yaml
		t.Fatalf("wrote %d files, want 6: %v", len(a), keys(a))
	}
	for name, data := range a {
		if other, ok := b[name]; !ok {
			t.Errorf("%s: written by the first run only", name)
		} else if !bytes.Equal(data, other) {
			t.Errorf("%s: differs between two runs with the same seed", name)
		}
	}
	if len(b) != len(a) {
		t.Errorf("second run wrote %d files, first %d", len(b), len(a))
	}

	c := readTree(t, generateTiny(t, 8))
	if bytes.Equal(a["corpus/doc-1.txt"], c["corpus/doc-1.txt"]) {
		t.Errorf("seeds 7 and 8 wrote the same corpus/doc-1.txt; the seed is ignored")
	}
}

func TestRulesParse(t *testing.T) {
	out := generateTiny(t, 1)
	src, err := os.ReadFile(filepath.Join(out, "graph.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := schema.Parse("graph.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile("../../graph.yaml")
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := schema.Parse("graph.yaml", orig)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(f.Entities), len(shipped.Entities)+20; got != want {
		t.Errorf("generated rules have %d entities, want %d (shipped plus 20)", got, want)
	}
	if len(f.Rules) != len(shipped.Rules) || len(f.Predicates) != len(shipped.Predicates) {
		t.Errorf("generated rules have %d rules and %d predicates, want %d and %d as shipped",
			len(f.Rules), len(f.Predicates), len(shipped.Rules), len(shipped.Predicates))
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
