package schema

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"testing"

	"gopkg.in/yaml.v3"
)

// yamlV3Tree is what Parse gets from yaml.v3 without readFast: the one
// document of src, or an error for anything else.
func yamlV3Tree(src []byte) (*node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc, next yaml.Node
	if err := decodeNode(dec, &doc); err != nil {
		return nil, err
	}
	if err := decodeNode(dec, &next); err != io.EOF {
		return nil, fmt.Errorf("a second document, or %v", err)
	}
	return fromYAML(&doc), nil
}

// sameTree returns the first difference between yaml.v3's tree want and
// readFast's got, in every field Parse reads, or "".
func sameTree(want, got *node, path string) string {
	switch {
	case want.Kind != got.Kind || want.Style != got.Style || want.Tag != got.Tag || want.Value != got.Value:
		return fmt.Sprintf("%s: yaml.v3 has kind %d style %d tag %q value %q, readFast kind %d style %d tag %q value %q",
			path, want.Kind, want.Style, want.Tag, want.Value, got.Kind, got.Style, got.Tag, got.Value)
	case want.Line != got.Line || want.Column != got.Column:
		return fmt.Sprintf("%s (%q): yaml.v3 at %d:%d, readFast at %d:%d", path, want.Value, want.Line, want.Column, got.Line, got.Column)
	case len(want.Content) != len(got.Content):
		return fmt.Sprintf("%s: yaml.v3 has %d children, readFast %d", path, len(want.Content), len(got.Content))
	}
	for i := range want.Content {
		if d := sameTree(want.Content[i], got.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkReadFast fails t if readFast reads src into another tree than
// yaml.v3's, or reads what yaml.v3 rejects; it returns whether readFast
// read src.
func checkReadFast(t *testing.T, src []byte) bool {
	t.Helper()
	got, ok := readFast(src)
	if !ok {
		return false
	}
	want, err := yamlV3Tree(src)
	if err != nil {
		t.Fatalf("readFast read what yaml.v3 rejects (%v):\n%s", err, src)
	}
	if d := sameTree(want, got, ""); d != "" {
		t.Fatalf("%s\nin:\n%s", d, src)
	}
	return true
}

// fastInputs are read by readFast, each construct of its subset.
var fastInputs = []string{
	"version: 1\n",
	"version: 1",
	"# a comment\n\n  # another\nversion: 1 # and one after\ntypes:\n  - id: actor\n\n  - id: company\n    parent: actor\n",
	"a:\n- x\n- y\nb: 2\n",
	"a:\n    - x\n    -   y\nb:\n  c: d\n  e: [f, 'g', \"h\"]\n",
	"  a: 1\n  b: 2\n",
	"entities:\n  - {id: tesla, type: company, name: Tesla, aliases: [Teslas, \"Tesla Inc.\", 'Tesla''s']}\n  - {}\n  - []\n",
	"a: [[x, y], {k: v, k2: [1, 2.5, true, null, ~, <<]}]\n",
	"patterns:\n  - \"{subject} said \\\"x\\\" \\\\( {object}\"\n  - '{subject} ''s {object}'\n",
	"a: Séverine Arsène\nb: [• x, 阿里巴巴]\nc: {名: 值}\n",
	"a: b#c\nd: e # f\ng: h:i\n'j k': \"l\"\n\"m\": n\n",
	"a  : b\nc: d   \ne:   f\n",
	"- a\n- b: c\n  d: e\n- [f]\n- {g: h}\n",
	"a:\n  - b: c\n    d:\n      - e\n      - f\n  - g\nh: i\n",
	"a: yes\nb: 0x1F\nc: 1e3\nd: .inf\ne: 2001-12-14\nf: -1\n",
	"a: x\n  # a comment indented more\nb: y\n",
	"a: [x, y]   # c\nb: {c: d} # e\n",
	"- {id: x, aliases: [y, z,],}\n- [a ,b , ]\n",
	"version: 1\r\ntypes:\r\n  - id: a # c\r\n  \r\n  - {id: b, parent: 'a'}\r\nx: \"y\"\r\nz: w",
}

// slowInputs are left to yaml.v3, whether it reads them or not.
var slowInputs = []string{
	"",
	"# only a comment\n",
	"version: 1\rtypes: []\n",
	"a: b\r\r\n",
	"\xef\xbb\xbfversion: 1\n",
	"a:\tb\n",
	"a: &x b\nc: *x\n",
	"a: !!str 1\n",
	"a: |\n  b\n",
	"a: >\n  b\n",
	"a: b\n  c\n",
	"- a\n  b\n",
	"a: [b,\n  c]\n",
	"a: \"b\n  c\"\n",
	"a: 'b\n  c'\n",
	"a:\nb: c\n",
	"a: \"\\u00e9\"\n",
	"a: \"\\t\"\n",
	"---\na: b\n",
	"a: b\n---\nc: d\n",
	"a: b\n...\n",
	"? a\n: b\n",
	"a: [b: c]\n",
	"a: {b}\n",
	"a: {b: }\n",
	"a: {\"b\":c}\n",
	"a: [b?c]\n",
	"a: [b:c]\n",
	"- - a\n",
	"-\n  a: b\n",
	"a: - b\n",
	"a: b: c\n",
	"a: \"b\"c\n",
	"a: b\n  c: d\n",
	"a:\n  b: c\n d: e\n",
	"a:\n  - b\n  c: d\n",
	"a: b\n- c\n",
	"just a scalar\n",
	"[a, b]\n",
	"a: @b\n",
	"a: `b`\n",
	"a: %b\n",
	"{subject} owns {object}: x\n",
	"a: \"x\"#c\n",
	"a: b\u2028c\n",
	"a: b\u0085c\n",
	"a: \xff\n",
	"a: b\x00\n",
}

func TestReadFast(t *testing.T) {
	for _, src := range fastInputs {
		if !checkReadFast(t, []byte(src)) {
			t.Errorf("readFast left to yaml.v3:\n%s", src)
		}
	}
	for _, src := range slowInputs {
		if _, ok := readFast([]byte(src)); ok {
			t.Errorf("readFast read what it should leave to yaml.v3:\n%q", src)
		}
	}
}

// TestReadFastRules: the shipped rules and a large generated file take the
// fast path, else the start-up it exists for is lost without a sign.
func TestReadFastRules(t *testing.T) {
	shipped, err := os.ReadFile("../graph.yaml")
	if err != nil {
		t.Fatal(err)
	}
	crlf := bytes.ReplaceAll(shipped, []byte("\n"), []byte("\r\n"))
	for name, src := range map[string][]byte{"graph.yaml": shipped, "graph.yaml with CRLF": crlf, "generated": largeRules(t)} {
		if !checkReadFast(t, src) {
			t.Errorf("%s: readFast left it to yaml.v3", name)
		}
	}
}

// FuzzReadFast checks readFast against yaml.v3: whatever it reads, yaml.v3
// reads into the same tree.
func FuzzReadFast(f *testing.F) {
	for _, src := range append(fastInputs, slowInputs...) {
		f.Add(src)
	}
	f.Add(valid)
	f.Add(secondEdition)
	for _, tt := range parseErrorTests {
		f.Add(tt.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkReadFast(t, []byte(src))
	})
}
