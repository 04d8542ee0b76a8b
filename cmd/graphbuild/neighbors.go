package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/graphbuild/graphbuild/store"
)

func runNeighbors(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("neighbors", "[-out out | -db URL] [-depth 1] [-type T]… [-predicate P]… [-json] ENTITY", stderr)
	out := fs.String("out", "out", "the directory the graph was built in")
	db := dbFlag(fs)
	depth := fs.Int("depth", 1, "list entities up to `n` hops away")
	var types, preds listFlag
	fs.Var(&types, "type", "walk only through entities of this `type` or its subtypes (repeat, or separate by commas)")
	fs.Var(&preds, "predicate", "walk only along edges of this `relation`, e.g. reviewed or not_licensed (repeat, or separate by commas)")
	asJSON := fs.Bool("json", false, "print the neighbours as JSON")
	timeout := fs.Duration("timeout", 30*time.Second, "stop after this long")
	pos, code := parseArgs(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 || *depth < 1 {
		fs.Usage()
		return 2
	}
	ctx, cancel := withTimeout(*timeout)
	defer cancel()
	g, ok := openGraph(graphDB(fs, *db, *out), stderr)
	if !ok {
		return 1
	}
	defer g.Close()
	e, ok := resolve(ctx, g, pos[0], stderr)
	if !ok {
		return 1
	}
	ns, err := g.Neighbors(ctx, e.ID, *depth, store.Filter{Types: types, Relations: preds})
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", stopped(err, *timeout))
		return 1
	}
	if *asJSON {
		writeJSON(stdout, struct {
			Entity    store.Entity     `json:"entity"`
			Depth     int              `json:"depth"`
			Neighbors []store.Neighbor `json:"neighbors"`
		}{e, *depth, ns})
		return 0
	}
	fmt.Fprintf(stdout, "%s: %s within %s\n", entityText(e), plural(len(ns), "neighbour"), plural(*depth, "hop"))
	if len(ns) == 0 {
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "depth\tid\tname\ttype\tedges")
	for _, n := range ns {
		var via []string
		for _, ed := range n.Edges {
			via = append(via, edgeText(ed))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", n.Depth, n.ID, n.Name, n.Type, strings.Join(via, "; "))
	}
	tw.Flush()
	return 0
}

// edgeText writes an edge as "subject relation object", with its evidence
// count when more than one: "cac reviewed didi (2)".
func edgeText(e store.Edge) string {
	s := e.From + " " + e.Relation + " " + e.To
	if e.EvidenceCount > 1 {
		s += fmt.Sprintf(" (%d)", e.EvidenceCount)
	}
	return s
}
