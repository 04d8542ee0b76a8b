// Command graphbuild-render lays out a graph as Graphviz's dot does, with
// Graphviz compiled to WebAssembly (go-graphviz), so that graphbuild draws
// SVG and PNG pictures on machines without Graphviz.
//
// Usage:
//
//	graphbuild-render -Tsvg < graph.dot > graph.svg
//	graphbuild-render -Tjson < graph.dot > graph.json
//
// It takes the command line of dot for the formats graphbuild asks for, so
// that graphbuild can run either program. It is a program of its own, not
// a package of graphbuild's, because go-graphviz starts its WebAssembly
// runtime in a package initialiser: every command of graphbuild would pay
// for it (and fail with it) otherwise. go-graphviz keeps its compilation
// cache in $TMPDIR/go-graphviz; graphbuild points TMPDIR at a directory of
// the user's own.
//
// Exit status: 0 ok, 1 bad input or I/O, 2 usage.
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/goccy/go-graphviz"
)

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var format graphviz.Format
	switch {
	case len(args) == 1 && (args[0] == "-Tsvg" || args[0] == "-Tjson"):
		format = graphviz.Format(args[0][2:])
	case len(args) == 2 && args[0] == "-T" && (args[1] == "svg" || args[1] == "json"):
		format = graphviz.Format(args[1])
	default:
		fmt.Fprintln(stderr, "usage: graphbuild-render -Tsvg|-Tjson < graph.dot > picture")
		return 2
	}
	dot, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild-render: %v\n", err)
		return 1
	}
	var buf bytes.Buffer
	if err := render(context.Background(), dot, format, &buf); err != nil {
		fmt.Fprintf(stderr, "graphbuild-render: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "graphbuild-render: %v\n", err)
		return 1
	}
	return 0
}

// render lays out dot with the dot layout and writes it in format to w.
func render(ctx context.Context, dot []byte, format graphviz.Format, w io.Writer) error {
	gv, err := graphviz.New(ctx)
	if err != nil {
		return err
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return err
	}
	defer g.Close()
	if err := gv.Render(ctx, g, format, w); err != nil {
		return err
	}
	return nil
}
