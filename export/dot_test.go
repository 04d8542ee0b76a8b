package export

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// nasty is a subgraph whose names hold everything DOT must escape or keep:
// quotes, backslashes (one at the end), Graphviz's own escapes (\N, \l),
// line breaks of three kinds, '&' and an HTML entity, markup, non-ASCII
// text, bytes that are not UTF-8, control characters, and ids that need
// escaping; and types with colours of their own, inherited, from the
// palette and invalid.
func nasty() *store.Subgraph {
	return &store.Subgraph{
		Focus: "São Paulo",
		Entities: []store.Entity{
			{ID: "a:b/c%d", Type: "company"},
			{ID: "amp", Type: "company", Name: "AT&amp;T & Sons <b>bold</b>"},
			{ID: `back\slash`, Type: "agency", Name: `C:\path\ends\`},
			{ID: "bad", Type: "person", Name: "bad \xff utf8 \x01ctrl\ttab"},
			{ID: "bogus", Type: "bogus", Name: "Bogus colour"},
			{ID: "esc", Type: "person", Name: `\N \l \G \\ end`},
			{ID: "new\nline", Name: "two\nlines\r\nthree\rfour"},
			{ID: "q\"uote", Type: "company", Name: `He said "hi"`},
			{ID: "São Paulo", Type: "city", Name: "São Paulo 中文 🙂"},
		},
		Edges: []store.Edge{
			{From: "amp", Relation: "owns", To: "q\"uote", Docs: []string{"d"}, EvidenceCount: 3},
			{From: `back\slash`, Relation: "not_licensed", To: "amp", Docs: []string{"d"}, EvidenceCount: 1},
			{From: "bad", Relation: `odd "rel" \n`, To: "esc", Docs: []string{"d"}, EvidenceCount: 1},
			{From: "new\nline", Relation: "maybe_banned", To: "São Paulo", Docs: []string{"d"}, EvidenceCount: 2},
			{From: "São Paulo", Relation: "hosts", To: "a:b/c%d", Docs: []string{"d"}, EvidenceCount: 1},
		},
		Types: []store.Type{
			{ID: "actor"},
			{ID: "agency", Parent: "actor", Color: "red"},
			{ID: "bogus", Color: `#12"34`, Shape: `box"`},
			{ID: "city", Shape: "ellipse"},
			{ID: "company", Parent: "actor", Color: "#4e79a7"},
			{ID: "person", Parent: "actor", Shape: "ellipse"},
		},
	}
}

// nastyText is how each name of nasty must read in a picture, a line each.
var nastyText = [][]string{
	{"a:b/c%d"},
	{"AT&amp;T & Sons <b>bold</b>"},
	{`C:\path\ends\`},
	{"bad \uFFFD utf8  ctrl tab"},
	{`\N \l \G \\ end`},
	{"two", "lines", "three", "four"},
	{`He said "hi"`},
	{"São Paulo 中文 🙂"},
	{"owns (3)"},
	{`odd "rel" \n`},
	{"maybe_banned (2)"},
	{`Nasty "names" \ & co`},
}

func nastyDOT(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := DOT(&buf, nasty(), Options{Title: `Nasty "names" \ & co`}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDOTGolden pins the DOT text of nasty; go test -update rewrites it.
func TestDOTGolden(t *testing.T) {
	got := nastyDOT(t)
	golden := filepath.Join("testdata", "nasty.dot")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("DOT differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
	if again := nastyDOT(t); !bytes.Equal(got, again) {
		t.Error("DOT of the same subgraph differs from one call to the next")
	}
}

// TestDOTNamesComeBack renders nasty with the built-in Graphviz and reads
// the SVG back: every name reads as it was written.
func TestDOTNamesComeBack(t *testing.T) {
	var svg bytes.Buffer
	if err := layout.Render(t.Context(), nastyDOT(t), FormatSVG, &svg); err != nil {
		t.Fatal(err)
	}
	checkTexts(t, "go-graphviz", svg.Bytes())
}

// TestGraphvizDot has Graphviz's own dot parse and lay out the golden DOT
// text, and reads the names back from its SVG. Without dot the test is
// skipped, except in CI.
func TestGraphvizDot(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("Graphviz's dot is not installed (apt-get install graphviz)")
		}
		t.Skip("Graphviz's dot is not installed (apt-get install graphviz)")
	}
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = bytes.NewReader(nastyDOT(t))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	svg, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("dot -Tsvg: %v\n%s", err, stderr.Bytes())
	}
	checkTexts(t, "dot", svg)
}

// checkTexts reads the text elements of an SVG picture and checks that
// every line of nastyText is among them, in order for each name.
func checkTexts(t *testing.T, who string, svg []byte) {
	t.Helper()
	texts := svgTexts(t, svg)
	for _, lines := range nastyText {
		i := slices.Index(texts, lines[0])
		if i < 0 || i+len(lines) > len(texts) || !slices.Equal(texts[i:i+len(lines)], lines) {
			t.Errorf("%s: the picture lacks %q; its texts are\n%q", who, lines, texts)
		}
	}
}

// svgTexts returns the content of every <text> element of an SVG document,
// which must be well-formed XML, with no-break spaces made plain.
func svgTexts(t *testing.T, svg []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	var texts []string
	var cur *strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "text" {
				cur = &strings.Builder{}
			}
		case xml.CharData:
			if cur != nil {
				cur.Write(tok)
			}
		case xml.EndElement:
			if tok.Name.Local == "text" && cur != nil {
				// Graphviz keeps a run of spaces as " &#160;".
				texts = append(texts, strings.ReplaceAll(cur.String(), "\u00a0", " "))
				cur = nil
			}
		}
	}
	if len(texts) == 0 {
		t.Fatalf("the SVG has no text:\n%s", svg)
	}
	return texts
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{`a "b"`, `"a \"b\""`},
		{`end\`, `"end\\"`},
		{`\N\l`, `"\\N\\l"`},
		{"a\nb\r\nc\rd", `"a\nb\nc\nd"`},
		{"x & y &amp;", `"x &amp; y &amp;amp;"`},
		{"tab\tbell\a", `"tab bell "`},
		{"São 中文 🙂", `"São 中文 🙂"`},
		{"bad \xff", "\"bad \uFFFD\""},
		{"", `""`},
	} {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"tesla", `"tesla"`},
		{"São Paulo", `"S%C3%A3o%20Paulo"`},
		{`a"b\c:d/e%`, `"a%22b%5Cc%3Ad%2Fe%25"`},
	} {
		if got := NodeID(tc.in); got != tc.want {
			t.Errorf("NodeID(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
