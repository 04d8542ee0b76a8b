package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/graphbuild/graphbuild/export"
	"github.com/graphbuild/graphbuild/store"
)

func runDot(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("dot", "[-out out | -db URL] [-focus ENTITY [-depth 1]] [-type T]… [-predicate P]… [-doc D]… [-min-evidence N] [-title T] [-o FILE] [-max-nodes N] [-max-edges N] [-timeout D]", stderr)
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
	timeout := fs.Duration("timeout", 30*time.Second, "stop after this long, laying out the picture included (0: no limit)")
	maxNodes := fs.Int("max-nodes", 300, "refuse to lay out an SVG or PNG picture of more than `n` entities (0: no limit)")
	maxEdges := fs.Int("max-edges", 1000, "refuse to lay out an SVG or PNG picture of more than `n` edges (0: no limit)")
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
	ctx, cancel := withTimeout(*timeout)
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
		if err := tooLarge(sg, *maxNodes, *maxEdges); err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return 1
		}
		dot := buf.Bytes()
		buf = bytes.Buffer{}
		l, cleanup, err := findLayout()
		if err == nil {
			err = l.Render(ctx, dot, format, &buf)
			cleanup()
		}
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("stopped at the time limit (-timeout %v) while laying out %d entities and %s; %s",
				*timeout, len(sg.Entities), plural(len(sg.Edges), "edge"), narrowHint)
		}
		if err != nil {
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

// tooLarge says why a picture of sg is not laid out when it has more than
// maxNodes entities or maxEdges edges (0: no limit), and how to narrow it:
// Graphviz's layout grows faster than the graph, and a picture of
// thousands of entities takes minutes and gigabytes to lay out and cannot
// be read when it is done.
func tooLarge(sg *store.Subgraph, maxNodes, maxEdges int) error {
	n, e := len(sg.Entities), len(sg.Edges)
	if (maxNodes <= 0 || n <= maxNodes) && (maxEdges <= 0 || e <= maxEdges) {
		return nil
	}
	return fmt.Errorf("a picture of %d entities and %s is over the limit of %d entities (-max-nodes) and %d edges (-max-edges); "+
		"%s, raise the limits, or write DOT text with -o FILE.dot",
		n, plural(e, "edge"), maxNodes, maxEdges, narrowHint)
}

const narrowHint = "narrow the picture with -focus ENTITY and -depth, -type, -predicate, -doc or -min-evidence"

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
