package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/graphbuild/graphbuild/store"
)

func runShow(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("show", "[-out out | -db URL] [-json] ENTITY", stderr)
	out := fs.String("out", "out", "the directory the graph was built in")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print the card as JSON, with an example evidence per fact")
	timeout := fs.Duration("timeout", 30*time.Second, "stop after this long")
	pos, code := parseArgs(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
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
	c, err := g.Card(ctx, e.ID)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", stopped(err, *timeout))
		return 1
	}
	if *asJSON {
		writeJSON(stdout, c)
		return 0
	}
	printCard(stdout, c)
	return 0
}

// printCard writes an entity card for reading:
//
//	Didi Chuxing (didi)
//	type      company
//	aliases   Didi, DiDi
//	documents 1
//	  ft-2021-…   9 mentions   2 evidence   Xi's blueprint …
//
//	in: 2 facts
//	  reviewed
//	    ◀ Cyberspace Administration of China (cac)   1 evidence in 1 document
//	      ft-2021-…: "In response, the CAC opened …"
func printCard(w io.Writer, c *store.Card) {
	fmt.Fprintln(w, entityText(c.Entity))
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	typ := c.Type
	if typ == "" {
		typ = "(none)"
	}
	fmt.Fprintf(tw, "type\t%s\n", typ)
	if len(c.Aliases) > 0 {
		fmt.Fprintf(tw, "aliases\t%s\n", strings.Join(c.Aliases, ", "))
	}
	fmt.Fprintf(tw, "documents\t%d\n", len(c.Documents))
	tw.Flush()
	for _, d := range c.Documents {
		fmt.Fprintf(tw, "  %s\t%s\t%d evidence\t%s\n", d.ID, count(d.Mentions, "mention"), d.Evidence, d.Title)
	}
	tw.Flush()

	ents := map[string]store.Entity{c.ID: c.Entity}
	side := func(title string, groups []store.FactGroup, out bool) {
		n := 0
		for _, g := range groups {
			n += len(g.Facts)
		}
		fmt.Fprintln(w)
		if n == 0 {
			fmt.Fprintf(w, "%s: none\n", title)
			return
		}
		fmt.Fprintf(w, "%s: %s\n", title, plural(n, "fact"))
		for _, g := range groups {
			fmt.Fprintf(w, "  %s\n", g.Relation)
			for _, f := range g.Facts {
				ents[f.Other.ID] = f.Other
				mark := "◀"
				if out {
					mark = "▶"
				}
				fmt.Fprintf(w, "    %s %s   %d evidence in %s\n", mark, entityText(f.Other),
					f.EvidenceCount, plural(len(f.Docs), "document"))
				if f.Example != nil {
					fmt.Fprintf(w, "      %s\n", evidenceText(*f.Example, store.Edge{From: f.From, To: f.To}, ents))
				}
			}
		}
	}
	side("out", c.Out, true)
	side("in", c.In, false)
}
