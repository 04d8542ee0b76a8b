package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/graphbuild/graphbuild/export"
	"github.com/graphbuild/graphbuild/store"
)

func runDot(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("dot", "[-out out | -db URL] [-focus ENTITY [-depth 1]] [-type T]… [-predicate P]… [-doc D]… [-min-evidence N] [-title T] [-o FILE]", stderr)
	out := fs.String("out", "out", "the directory the graph was built in")
	db := dbFlag(fs)
	focus := fs.String("focus", "", "draw the neighbourhood of this `entity` (id, name or alias) rather than the whole graph")
	depth := fs.Int("depth", 1, "with -focus, draw entities up to `n` hops away")
	var types, preds, docs listFlag
	fs.Var(&types, "type", "draw only entities of this `type` or its subtypes (repeat, or separate by commas)")
	fs.Var(&preds, "predicate", "draw only edges of this `relation` (repeat, or separate by commas)")
	fs.Var(&docs, "doc", "draw only edges stated in this `document` (an id; repeat, or separate by commas)")
	minEv := fs.Int("min-evidence", 1, "draw only edges with at least `n` evidence")
	title := fs.String("title", "", "the picture's `title` (default: says what is drawn around -focus)")
	file := fs.String("o", "", "write to this `file`: .dot or .gv for DOT text, .svg or .png for a picture (default: DOT to standard output)")
	timeout := fs.Duration("timeout", 30*time.Second, "stop after this long")
	pos, code := parseArgs(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 0 || *depth < 1 {
		fs.Usage()
		return 2
	}
	format := export.FormatDOT
	if *file != "" && *file != "-" {
		f, err := export.FormatOf(*file)
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 2
		}
		format = f
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	g, ok := openGraph(graphDB(fs, *db, *out), stderr)
	if !ok {
		return 1
	}
	defer g.Close()
	var center store.Entity
	if *focus != "" {
		if center, ok = resolve(ctx, g, *focus, stderr); !ok {
			return 1
		}
	}
	f := store.Filter{Types: types, Relations: preds, Docs: docs, MinEvidence: *minEv}
	sg, err := g.Subgraph(ctx, center.ID, *depth, f)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", stopped(err, *timeout))
		return 1
	}
	if *title == "" && center.ID != "" {
		*title = fmt.Sprintf("%s and its neighbours within %s", center.Label(), plural(*depth, "hop"))
	}
	var buf bytes.Buffer
	if err := export.DOT(&buf, sg, export.Options{Title: *title}); err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	if format != export.FormatDOT {
		dot := buf.Bytes()
		buf = bytes.Buffer{}
		if err := export.Render(ctx, dot, format, &buf); err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
	}
	if *file == "" || *file == "-" {
		stdout.Write(buf.Bytes())
		return 0
	}
	if err := writeFileAtomic(*file, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "%s: %d entities, %d edges\n", *file, len(sg.Entities), len(sg.Edges))
	return 0
}

// writeFileAtomic writes data to a temporary file beside name and
// renames it over name, so that a reader never sees half a picture.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
