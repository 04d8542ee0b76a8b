package main

import (
	"errors"
	"fmt"
	"io"
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
	err := g.Query(ctx, fs.Arg(0), *limit, stdout)
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
