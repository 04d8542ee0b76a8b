package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/graphbuild/graphbuild/store"
)

func runPath(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("path", "[-out out | -db URL] [-by cost|hops] [-k 1] [-max-hops 4] [-directed] [-asserted] [-json] FROM TO", stderr)
	out := fs.String("out", "out", "the directory the graph was built in")
	db := dbFlag(fs)
	by := fs.String("by", string(store.ByCost), "rank paths by `order`: cost (hubs, hedged and negated facts cost more; well-attested facts less) or hops (fewest first)")
	k := fs.Int("k", 1, "print the `k` best paths")
	maxHops := fs.Int("max-hops", store.DefaultMaxHops, "look for paths of at most `n` hops")
	directed := fs.Bool("directed", false, "follow edges only from subject to object")
	asserted := fs.Bool("asserted", false, "follow plain facts only, never a negated (not_) or hedged (maybe_) edge")
	asJSON := fs.Bool("json", false, "print the paths as JSON, every edge and evidence of each hop included")
	timeout := fs.Duration("timeout", 30*time.Second, "stop after this long (0: no limit)")
	pos, code := parseArgs(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 2 || *k < 1 || *maxHops < 1 || (*by != string(store.ByCost) && *by != string(store.ByHops)) {
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
	from, ok := resolve(ctx, g, pos[0], stderr)
	if !ok {
		return 1
	}
	to, ok := resolve(ctx, g, pos[1], stderr)
	if !ok {
		return 1
	}
	if from.ID == to.ID {
		fmt.Fprintf(stderr, "graphbuild: %q and %q are the same entity, %s\n", pos[0], pos[1], entityText(from))
		return 1
	}
	paths, err := g.Paths(ctx, from.ID, to.ID, store.PathOptions{By: store.Order(*by), K: *k, MaxHops: *maxHops, Directed: *directed, Asserted: *asserted})
	if err == nil && !store.Whole(paths) {
		err = g.Damaged()
	}
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", stopped(err, *timeout))
		return 1
	}
	if *asJSON {
		writeJSON(stdout, struct {
			From     store.Entity `json:"from"`
			To       store.Entity `json:"to"`
			By       string       `json:"by"`
			Directed bool         `json:"directed"`
			MaxHops  int          `json:"max_hops"`
			Paths    []store.Path `json:"paths"`
		}{from, to, *by, *directed, *maxHops, paths})
	}
	if len(paths) == 0 {
		what := "no path between %s and %s within %d hops\n"
		if *directed {
			what = "no directed path from %s to %s within %d hops\n"
		}
		fmt.Fprintf(stderr, "graphbuild: "+what, entityText(from), entityText(to), *maxHops)
		return 1
	}
	if !*asJSON {
		printPaths(stdout, paths)
	}
	if len(paths) < *k {
		fmt.Fprintf(stderr, "graphbuild: %s within %d hops, fewer than -k %d\n", plural(len(paths), "path"), *maxHops, *k)
	}
	return 0
}

// printPaths writes paths for reading: each entity on a line, each hop
// between two of them with its relation, an arrow in the direction the
// fact states, and its first evidence.
//
//	Tesla (tesla)
//	  ◀─banned─ Chinese government (chinese-government)
//	      ft-2021-…: "…" (It = Tesla)
func printPaths(w io.Writer, paths []store.Path) {
	for i, p := range paths {
		if i > 0 {
			fmt.Fprintln(w)
		}
		hops := "hops"
		if len(p.Hops) == 1 {
			hops = "hop"
		}
		cost := ""
		if p.Cost > 0 {
			cost = fmt.Sprintf(", cost %.2f", p.Cost)
		}
		if len(paths) > 1 {
			fmt.Fprintf(w, "path %d: %d %s%s\n", i+1, len(p.Hops), hops, cost)
		} else {
			fmt.Fprintf(w, "%d %s%s\n", len(p.Hops), hops, cost)
		}
		ents := make(map[string]store.Entity, len(p.Entities))
		for _, e := range p.Entities {
			ents[e.ID] = e
		}
		fmt.Fprintf(w, "  %s\n", entityText(p.Entities[0]))
		for j, h := range p.Hops {
			l := h.Links[0]
			fmt.Fprintf(w, "    %s %s\n", arrow(l), entityText(p.Entities[j+1]))
			if len(l.Evidence) > 0 {
				fmt.Fprintf(w, "        %s\n", evidenceText(l.Evidence[0], l.Edge, ents))
			}
			if len(h.Links) > 1 {
				var also []string
				for _, o := range h.Links[1:] {
					also = append(also, arrow(o))
				}
				fmt.Fprintf(w, "        also %s\n", strings.Join(also, ", "))
			}
		}
	}
}

// arrow draws a link as walked: ─rel─▶ with the fact, ◀─rel─ against it.
func arrow(l store.Link) string {
	if l.Forward {
		return "─" + l.Relation + "─▶"
	}
	return "◀─" + l.Relation + "─"
}

// evidenceText is one line of evidence: the document, the sentence, the
// references resolved and, when there is more, how much.
//
//	ft-2021-…: "It did so in Shanghai in May" (It = Tesla) [1 of 2]
func evidenceText(ev store.Evidence, e store.Edge, ents map[string]store.Entity) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", ev.Doc, quoteSentence(ev.Sentence))
	var via []string
	name := func(id string) string {
		if x, ok := ents[id]; ok {
			return x.Label()
		}
		return id
	}
	for _, v := range ev.SubjectVia {
		via = append(via, v+" = "+name(e.From))
	}
	for _, v := range ev.ObjectVia {
		via = append(via, v+" = "+name(e.To))
	}
	if len(via) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(via, ", "))
	}
	if e.EvidenceCount > 1 {
		fmt.Fprintf(&b, " [1 of %d]", e.EvidenceCount)
	}
	return b.String()
}

// quoteSentence puts a sentence in quotes on one line.
func quoteSentence(s string) string {
	return `"` + strings.Join(strings.Fields(s), " ") + `"`
}

// entityText names an entity for people: "Tesla (tesla)".
func entityText(e store.Entity) string {
	if e.Name == "" || e.Name == e.ID {
		return e.ID
	}
	return e.Name + " (" + e.ID + ")"
}

// The helpers below serve path, show, neighbors and dot alike.

// openGraph opens the graph built in out, saying why it cannot.
func openGraph(out string, stderr io.Writer) (*store.Graph, bool) {
	g, err := store.Open(out, time.Second)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return nil, false
	}
	return g, true
}

// resolve finds the entity a user names by id, name or alias, saying why
// it cannot: an unknown name with the nearest ones, an ambiguous one with
// every candidate.
func resolve(ctx context.Context, g *store.Graph, name string, stderr io.Writer) (store.Entity, bool) {
	e, err := g.Resolve(ctx, name)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return store.Entity{}, false
	}
	return e, true
}

// stopped says that a query ran out of time, if that is why it failed.
func stopped(err error, timeout time.Duration) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("stopped at the time limit (-timeout %v)", timeout)
	}
	return err
}

// listFlag is a flag that can be given several times, each time with one
// value or several separated by commas.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// plural writes n and a noun, with an s when n is not 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
