package export

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"time"

	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/store"
)

// small is a picture with a filled rounded box, an ellipse, a curved edge
// and a dashed one.
func small() *store.Subgraph {
	return &store.Subgraph{
		Focus: "cac",
		Entities: []store.Entity{
			{ID: "cac", Type: "agency", Name: "Cyberspace Administration of China"},
			{ID: "didi", Type: "company", Name: "Didi Chuxing"},
			{ID: "ma", Type: "person", Name: "Jack Ma"},
		},
		Edges: []store.Edge{
			{From: "cac", Relation: "reviewed", To: "didi", EvidenceCount: 2},
			{From: "ma", Relation: "maybe_leads", To: "didi", EvidenceCount: 1},
			{From: "cac", Relation: "investigated", To: "ma", EvidenceCount: 1},
		},
		Types: []store.Type{
			{ID: "agency", Color: "#e15759"},
			{ID: "company", Color: "#4e79a7"},
			{ID: "person", Color: "#f28e2b", Shape: "ellipse"},
		},
	}
}

func smallDOT(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := DOT(&buf, small(), Options{Title: "CAC"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRenderSVG(t *testing.T) {
	var svg bytes.Buffer
	if err := layout.Render(t.Context(), smallDOT(t), FormatSVG, &svg); err != nil {
		t.Fatal(err)
	}
	var root struct {
		XMLName xml.Name
		Width   string `xml:"width,attr"`
	}
	if err := xml.Unmarshal(svg.Bytes(), &root); err != nil {
		t.Fatalf("the SVG does not parse: %v\n%s", err, svg.Bytes())
	}
	if root.XMLName.Local != "svg" || root.Width == "" {
		t.Errorf("root element %v, width %q; want an svg with a width", root.XMLName, root.Width)
	}
	texts := svgTexts(t, svg.Bytes())
	for _, want := range []string{"CAC", "Cyberspace Administration of China", "Didi Chuxing", "Jack Ma", "reviewed (2)", "maybe_leads", "agency", "person"} {
		if !strings.Contains(strings.Join(texts, "\n"), want) {
			t.Errorf("the SVG lacks %q: %q", want, texts)
		}
	}
	var again bytes.Buffer
	if err := layout.Render(t.Context(), smallDOT(t), FormatSVG, &again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(svg.Bytes(), again.Bytes()) {
		t.Error("two renderings of the same DOT differ")
	}
}

// TestRenderPNG checks the picture itself: the nodes are filled with their
// colours, the edges are lines and not filled shapes, there is text, and
// the same DOT gives the same bytes.
func TestRenderPNG(t *testing.T) {
	var buf bytes.Buffer
	if err := layout.Render(t.Context(), smallDOT(t), FormatPNG, &buf); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < 200 || b.Dy() < 100 {
		t.Fatalf("the PNG is %v; want a picture", b)
	}
	count := func(c color.NRGBA) int {
		n := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if color.NRGBAModel.Convert(img.At(x, y)) == c {
					n++
				}
			}
		}
		return n
	}
	area := b.Dx() * b.Dy()
	for name, c := range map[string]color.NRGBA{
		"agency":  {0xe1, 0x57, 0x59, 0xff},
		"company": {0x4e, 0x79, 0xa7, 0xff},
		"person":  {0xf2, 0x8e, 0x2b, 0xff},
	} {
		// Each colour fills a node and its legend entry: 30×10 points
		// at the least, or 1,200 pixels.
		if n := count(c); n < 1200 {
			t.Errorf("%s: %d pixels of its colour %v; want its nodes filled", name, n, c)
		}
	}
	if n := count(color.NRGBA{0x55, 0x55, 0x55, 0xff}); n == 0 || n > area/50 {
		t.Errorf("%d of %d pixels have the edges' colour; want lines, not filled shapes", n, area)
	}
	if n := count(color.NRGBA{0, 0, 0, 0xff}); n > area/25 {
		t.Errorf("%d of %d pixels are black; want outlines and text, not filled edges", n, area)
	}
	if n := count(color.NRGBA{0xff, 0xff, 0xff, 0xff}); n < area/2 {
		t.Errorf("%d of %d pixels are white; want a white background", n, area)
	}
	var again bytes.Buffer
	if err := layout.Render(t.Context(), smallDOT(t), FormatPNG, &again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two renderings of the same DOT differ")
	}
	// The nasty names render too.
	if err := layout.Render(t.Context(), nastyDOT(t), FormatPNG, &bytes.Buffer{}); err != nil {
		t.Error(err)
	}
}

func TestRenderErrors(t *testing.T) {
	if err := layout.Render(t.Context(), []byte("digraph { a -> }"), FormatSVG, &bytes.Buffer{}); err == nil || !strings.HasPrefix(err.Error(), "graphviz: ") {
		t.Errorf("bad DOT: error %v, want one from graphviz", err)
	}
	if err := layout.Render(t.Context(), smallDOT(t), "gif", &bytes.Buffer{}); err == nil || err.Error() != `render: unknown format "gif" (want svg or png)` {
		t.Errorf("gif: error %v", err)
	}
	for _, tc := range []struct {
		name string
		want Format
		err  string
	}{
		{"x.dot", FormatDOT, ""},
		{"dir/x.GV", FormatDOT, ""},
		{"x.svg", FormatSVG, ""},
		{"x.PNG", FormatPNG, ""},
		{"x.pdf", "", `x.pdf: unknown picture format ".pdf" (want .dot, .gv, .svg or .png)`},
		{"x", "", `x: unknown picture format "" (want .dot, .gv, .svg or .png)`},
	} {
		f, err := FormatOf(tc.name)
		if f != tc.want || (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
			t.Errorf("FormatOf(%q) = %q, %v; want %q, %s", tc.name, f, err, tc.want, tc.err)
		}
	}
}

// TestRenderProgramFails: a layout program that cannot start, fails or
// runs past the time limit gives an error of Render, with the program's
// first line of complaint; one that runs too long is killed.
func TestRenderProgramFails(t *testing.T) {
	dir := t.TempDir()
	script := func(name, body string) Layout {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		return Layout{Path: p}
	}
	panics := script("panics", `echo "panic: open /tmp/go-graphviz/x: permission denied" >&2; echo "goroutine 1 [running]:" >&2; exit 2`)
	err := panics.Render(t.Context(), smallDOT(t), FormatSVG, &bytes.Buffer{})
	if err == nil || err.Error() != "graphviz: panic: open /tmp/go-graphviz/x: permission denied" {
		t.Errorf("a program that panics: error %v", err)
	}
	missing := Layout{Path: filepath.Join(dir, "missing")}
	if err := missing.Render(t.Context(), smallDOT(t), FormatSVG, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("a missing program: error %v", err)
	}
	slow := script("slow", "exec sleep 60")
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = slow.Render(ctx, smallDOT(t), FormatPNG, &bytes.Buffer{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a program past the time limit: error %v, want the deadline's", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("Render returned %v after its deadline; the program was not killed", d)
	}
}
