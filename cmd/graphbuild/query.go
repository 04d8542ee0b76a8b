package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/graphbuild/graphbuild/store"
)

func runQuery(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("query", "[-out out | -db URL] [-timeout 30s] [-limit 1000] 'gizmo query'", stderr)
	out := fs.String("out", "out", "the directory the graph was built in")
	db := dbFlag(fs)
	timeout := fs.Duration("timeout", 30*time.Second, "stop the query after this long (0: no limit)")
	limit := fs.Int("limit", 1000, "print at most this many results (0: all)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	g, ok := openGraph(graphDB(fs, *db, *out), stderr)
	if !ok {
		return 1
	}
	defer g.Close()
	ctx, cancel := withTimeout(*timeout)
	defer cancel()
	var seen headWriter
	err := g.Query(ctx, fs.Arg(0), *limit, io.MultiWriter(stdout, &seen))
	if err == nil && string(seen.head) == "[]\n" {
		hintIRIs(ctx, g, fs.Arg(0), stderr)
	}
	if errors.Is(err, store.ErrTruncated) {
		fmt.Fprintf(stderr, "graphbuild: %v (-limit 0 prints all)\n", err)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	return 0
}

// bareID finds g.V("x") and .Out("x")-like steps that name a node without
// angle brackets.
var bareID = regexp.MustCompile(`\.(?:V|Out|In|Both|Has|Is)\(\s*"([^"<>]+)"`)

// hintIRIs says, after a query found nothing, which of the bare ids in it
// name an entity: nodes are IRIs such as <ent:tesla>, and "tesla" alone
// is a string literal no node has.
func hintIRIs(ctx context.Context, g *store.Graph, q string, stderr io.Writer) {
	for _, m := range bareID.FindAllStringSubmatch(q, -1) {
		if e, err := g.Resolve(ctx, m[1]); err == nil && e.ID == m[1] {
			fmt.Fprintf(stderr, "graphbuild: no results; nodes are IRIs: did you mean \"<ent:%s>\" for %q?\n", e.ID, m[1])
		}
	}
}

// headWriter keeps the first bytes written to it.
type headWriter struct{ head []byte }

func (h *headWriter) Write(p []byte) (int, error) {
	if n := 16 - len(h.head); n > 0 {
		h.head = append(h.head, p[:min(n, len(p))]...)
	}
	return len(p), nil
}
