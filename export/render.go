package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
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

// A Layout is a program that lays out DOT text as Graphviz's dot does: it
// reads DOT on standard input and writes the picture that -Tsvg or -Tjson
// asks for to standard output. graphbuild-render (Graphviz compiled to
// WebAssembly, see cmd/graphbuild-render) and Graphviz's own dot both are.
//
// Layout runs in a process of its own rather than in this one: Graphviz
// can take minutes and gigabytes on a large graph, and a process is the
// one thing that can be stopped at a time limit and gives all its memory
// back; go-graphviz's runtime cannot be interrupted, and it starts in a
// package initialiser, which would tax every command.
type Layout struct {
	Path string   // the program
	Env  []string // its environment; nil: this process's
}

// Render lays out DOT text and writes the picture in format (FormatSVG
// or FormatPNG) to w. SVG is Graphviz's own and leaves fonts to the
// viewer; PNG is drawn here from Graphviz's layout (see renderPNG), with
// Go's fonts. When ctx ends, the layout program is killed and Render
// returns ctx's error.
func (l Layout) Render(ctx context.Context, dot []byte, format Format, w io.Writer) error {
	if format != FormatSVG && format != FormatPNG {
		return fmt.Errorf("render: unknown format %q (want svg or png)", format)
	}
	var buf bytes.Buffer
	if format == FormatPNG {
		js, err := l.run(ctx, dot, "json")
		if err != nil {
			return err
		}
		doubled, err := l.backslashesDoubled(ctx)
		if err != nil {
			return err
		}
		if err := renderPNG(js, doubled, &buf); err != nil {
			return err
		}
	} else {
		svg, err := l.run(ctx, dot, "svg")
		if err != nil {
			return err
		}
		buf.Write(svg)
	}
	if buf.Len() == 0 {
		return fmt.Errorf("graphviz: rendered nothing")
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// run runs the layout program on dot with -T format and returns what it
// wrote. Its error names the program's first line of complaint: a
// program that panics (go-graphviz does when it cannot start) prints a
// stack after it.
func (l Layout) run(ctx context.Context, dot []byte, format string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, l.Path, "-T"+format)
	cmd.Env = l.Env
	cmd.Stdin = bytes.NewReader(dot)
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("graphviz: %w", ctx.Err())
	}
	if err != nil {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		var exit *exec.ExitError
		if msg == "" || !errors.As(err, &exit) {
			msg = err.Error()
		}
		msg = strings.TrimPrefix(msg, filepath.Base(l.Path)+": ")
		msg = strings.TrimPrefix(msg, "Error: ") // Graphviz's dot
		return nil, fmt.Errorf("graphviz: %s", msg)
	}
	return stdout.Bytes(), nil
}

// backslashesDoubled reports whether the program's JSON output doubles the
// backslashes of label text (Graphviz 12.1 does, its SVG does not), by
// laying out a label of one backslash. It asks each program once per
// process.
func (l Layout) backslashesDoubled(ctx context.Context) (bool, error) {
	probeMu.Lock()
	defer probeMu.Unlock()
	if d, ok := probed[l.Path]; ok {
		return d, nil
	}
	js, err := l.run(ctx, []byte(`digraph { a [label="\\"] }`), "json")
	if err != nil {
		return false, err
	}
	x, err := parseXdot(js)
	if err != nil {
		return false, err
	}
	doubled := false
	for _, o := range x.Objects {
		for _, op := range o.LDraw {
			if op.Op == "T" {
				doubled = op.Text == `\\`
			}
		}
	}
	probed[l.Path] = doubled
	return doubled, nil
}

// What backslashesDoubled found, by program.
var (
	probeMu sync.Mutex
	probed  = map[string]bool{}
)
