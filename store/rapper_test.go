package store

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRapper checks out/graph.nq with Raptor's rapper, a reader that knows
// nothing of Cayley: every IRI must be absolute and valid, every literal
// well escaped. Without rapper the test is skipped, except in CI.
func TestRapper(t *testing.T) {
	rapper, err := exec.LookPath("rapper")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("rapper is not installed (apt-get install raptor2-utils)")
		}
		t.Skip("rapper is not installed (apt-get install raptor2-utils)")
	}
	out := t.TempDir()
	docs := testDocs()
	// Characters N-Quads may hold raw in a literal, and bytes that are not UTF-8.
	docs[1].Doc.Title = "form\ffeed, bell\a, del\x7f, bad \xff\xfe UTF-8, emoji 🙂"
	st := build(t, out, testRules(), docs)
	cmd := exec.Command(rapper, "-i", "nquads", "-c", filepath.Join(out, nqName))
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("rapper: %v\n%s", err, msg)
	}
	text := string(msg)
	if strings.Contains(text, "Error") || strings.Contains(text, "Warning") {
		t.Errorf("rapper complains:\n%s", text)
	}
	// rapper -c ends with "rapper: Parsing returned N triples" (quads, here).
	if want := "returned " + strconv.FormatInt(st.Quads, 10) + " triples"; !strings.Contains(text, want) {
		t.Errorf("rapper output lacks %q:\n%s", want, text)
	}
}
