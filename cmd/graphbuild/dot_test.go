package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDotCommand(t *testing.T) {
	out := questionGraph(t)
	code, stdout, stderr := graphbuild(t, "dot", "-out", out, "-focus", "Didi", "-depth", "2")
	if code != 0 {
		t.Fatalf("dot -focus Didi: exit %d\n%s", code, stderr)
	}
	golden(t, "dot.golden", []byte(stdout))

	// The same picture, written to files: DOT, SVG and PNG.
	dir := t.TempDir()
	for _, name := range []string{"didi.dot", "didi.svg", "didi.png"} {
		file := filepath.Join(dir, name)
		code, stdout, stderr := graphbuild(t, "dot", "-out", out, "-focus", "didi", "-depth", "2", "-o", file)
		if code != 0 || stdout != "" || stderr != file+": 4 entities, 4 edges\n" {
			t.Fatalf("dot -o %s: exit %d\n%s%s", name, code, stdout, stderr)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(name) {
		case ".dot":
			if code, golden, _ := graphbuild(t, "dot", "-out", out, "-focus", "didi", "-depth", "2"); code != 0 || string(data) != golden {
				t.Errorf("%s differs from the DOT on standard output", name)
			}
		case ".svg":
			if err := xml.Unmarshal(data, new(struct{})); err != nil || !bytes.Contains(data, []byte("Didi Chuxing")) {
				t.Errorf("%s: %v\n%s", name, err, data)
			}
		case ".png":
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 3 {
		t.Errorf("dot -o left %d files in its directory, want 3", len(ents))
	}

	for _, tc := range []struct {
		args []string
		want []string // lines the DOT must have
		not  []string // and must not
	}{
		{[]string{}, []string{`"tesla" -> "shanghai" [label="built_data_centre_in"];`, `"cac" -> "didi" [label="reviewed (2)"];`}, []string{`penwidth=3`, `"jack-ma"`}},
		{[]string{"-min-evidence", "2"}, []string{`"cac" -> "didi" [label="reviewed (2)"];`}, []string{`"tesla"`}},
		{[]string{"-doc", "metaviews-2021"}, []string{`"cac" -> "didi" [label="reviewed"];`}, []string{`"tesla"`, "removed_app_of"}},
		{[]string{"-type", "company", "-type", "country"}, []string{`"didi" -> "china" [label="located_in"];`}, []string{`"cac"`, `"shanghai"`}},
		{[]string{"-predicate", "reviewed,removed_app_of", "-focus", "cac"}, []string{`"cac" -> "didi" [label="removed_app_of"];`, `label="Cyberspace Administration of China and its neighbours within 1 hop"`}, []string{`"china"`}},
		{[]string{"-focus", "tesla", "-title", "Tesla's ties"}, []string{`label="Tesla's ties"`, `"tesla" [label="Tesla", tooltip="tesla (company)", shape=box, style="rounded,filled", fillcolor="#4e79a7", fontcolor="white", penwidth=3];`}, nil},
	} {
		code, stdout, stderr := graphbuild(t, append([]string{"dot", "-out", out}, tc.args...)...)
		if code != 0 {
			t.Errorf("dot %q: exit %d\n%s", tc.args, code, stderr)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(stdout, want) {
				t.Errorf("dot %q lacks %s:\n%s", tc.args, want, stdout)
			}
		}
		for _, not := range tc.not {
			if strings.Contains(stdout, not) {
				t.Errorf("dot %q has %s:\n%s", tc.args, not, stdout)
			}
		}
	}

	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"-o", "x.pdf"}, 2, "graphbuild: x.pdf: unknown picture format \".pdf\" (want .dot, .gv, .svg or .png)\n"},
		{[]string{"-focus", "nobody"}, 1, "graphbuild: unknown entity \"nobody\"\n"},
		{[]string{"-doc", "ft"}, 1, "graphbuild: unknown document \"ft\"\n"},
		{[]string{"extra"}, 2, ""},
	} {
		code, _, stderr := graphbuild(t, append([]string{"dot", "-out", out}, tc.args...)...)
		if code != tc.code || tc.stderr != "" && stderr != tc.stderr {
			t.Errorf("dot %q: exit %d\n%s\nwant exit %d\n%s", tc.args, code, stderr, tc.code, tc.stderr)
		}
	}
}

// TestDotBudget is issue 14's case 1: a picture over the limits is
// refused with a message that says how to narrow it, and a layout that
// runs past -timeout is stopped.
func TestDotBudget(t *testing.T) {
	out := questionGraph(t)
	file := filepath.Join(t.TempDir(), "x.svg")
	code, _, stderr := graphbuild(t, "dot", "-out", out, "-o", file, "-max-nodes", "3")
	want := "graphbuild: a picture of 5 entities and 5 edges is over the limit of 3 entities (-max-nodes) and 1000 edges (-max-edges); " +
		"narrow the picture with -focus ENTITY and -depth, -type, -predicate, -doc or -min-evidence, raise the limits, or write DOT text with -o FILE.dot\n"
	if code != 1 || stderr != want {
		t.Errorf("dot -max-nodes 3: exit %d, want 1\n%s", code, stderr)
	}
	if code, _, stderr := graphbuild(t, "dot", "-out", out, "-max-nodes", "3"); code != 0 {
		t.Errorf("dot -max-nodes 3 to DOT text: exit %d, want 0 (DOT text is not laid out)\n%s", code, stderr)
	}

	slow := filepath.Join(t.TempDir(), "slow-dot")
	os.WriteFile(slow, []byte("#!/bin/sh\nexec sleep 60\n"), 0o755)
	t.Setenv("GRAPHBUILD_DOT", slow)
	code, _, stderr = graphbuild(t, "dot", "-out", out, "-o", file, "-timeout", "300ms")
	if code != 1 || !strings.HasPrefix(stderr, "graphbuild: stopped at the time limit (-timeout 300ms) while laying out 5 entities and 5 edges; narrow") {
		t.Errorf("dot -timeout 300ms with a layout that takes a minute: exit %d, want 1\n%s", code, stderr)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a stopped dot wrote its picture")
	}
}
