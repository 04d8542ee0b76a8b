package export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"

	"github.com/goccy/go-graphviz"
)

// Format is a picture format.
type Format string

const (
	FormatDOT Format = "dot" // DOT text, as DOT writes it
	FormatSVG Format = "svg"
	FormatPNG Format = "png"
)

// FormatOf returns the format a file name asks for by its extension:
// .dot or .gv, .svg, .png (in any case).
func FormatOf(name string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".dot", ".gv":
		return FormatDOT, nil
	case ".svg":
		return FormatSVG, nil
	case ".png":
		return FormatPNG, nil
	default:
		return "", fmt.Errorf("%s: unknown picture format %q (want .dot, .gv, .svg or .png)", name, ext)
	}
}

// renderMu serialises rendering: go-graphviz runs one Graphviz, compiled
// to WebAssembly, for the whole process.
var renderMu sync.Mutex

// Render lays out DOT text with Graphviz's dot layout and writes the
// picture in format (FormatSVG or FormatPNG) to w. Graphviz runs
// in-process (go-graphviz: Graphviz 12 compiled to WebAssembly), so
// nothing needs to be installed. SVG is Graphviz's own and leaves fonts to
// the viewer; PNG is drawn from Graphviz's layout here (see renderPNG),
// with Go's fonts.
func Render(ctx context.Context, dot []byte, format Format, w io.Writer) error {
	if format != FormatSVG && format != FormatPNG {
		return fmt.Errorf("render: unknown format %q (want svg or png)", format)
	}
	renderMu.Lock()
	defer renderMu.Unlock()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("graphviz: %v", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("graphviz: %v", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if format == FormatPNG {
		if err := renderPNG(ctx, gv, g, &buf); err != nil {
			return err
		}
	} else if err := gv.Render(ctx, g, graphviz.SVG, &buf); err != nil {
		return fmt.Errorf("graphviz: %v", err)
	}
	if buf.Len() == 0 {
		return fmt.Errorf("graphviz: rendered nothing")
	}
	_, err = w.Write(buf.Bytes())
	return err
}
