package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"time"

	"github.com/graphbuild/graphbuild/store"
)

func runQuery(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("query", "[-out out | -db URL] [-timeout 30s] [-limit 1000] [-max-memory 512] 'gizmo query'", stderr)
	out := fs.String("out", "out", "the directory the graph was built in")
	db := dbFlag(fs)
	timeout := fs.Duration("timeout", 30*time.Second, "stop the query after this long (0: no limit)")
	limit := fs.Int("limit", 1000, "print at most this many results (0: all)")
	maxMemory := memoryFlag(fs, "max-memory", "stop the query when the heap has grown by this many `MiB` while it runs (0: no cap)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 1 || *maxMemory < 0 {
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
	lim := store.QueryLimits{Results: *limit, Memory: bytesOfMiB(*maxMemory)}
	err := g.QueryWithin(ctx, fs.Arg(0), lim, io.MultiWriter(stdout, &seen))
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

// memoryFlag defines a query memory cap in MiB, 512 MiB unless told.
// On a 2,000-document graph, g.V().Out().In().ToArray() (a million
// nodes) grows the heap by less than 256 MiB in its 30 s; a program that
// recurses for ever took 7.7 GB before its time limit. One allocation
// may overshoot the cap: goja doubles its stack, so a recursion's RSS
// peaks near three times the cap (old stack, new stack) before it stops.
func memoryFlag(fs *flag.FlagSet, name, usage string) *int64 {
	return fs.Int64(name, 512, usage)
}

// serveMemory is serve.Options.QueryMemory for a -query-max-memory of
// mib MiB: there 0 means the default, here no cap.
func serveMemory(mib int64) int64 {
	if mib == 0 {
		return -1
	}
	return bytesOfMiB(mib)
}

// bytesOfMiB is n MiB in bytes, at most the largest int64.
func bytesOfMiB(n int64) int64 {
	return min(n, math.MaxInt64>>20) << 20
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
