package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/graphbuild/graphbuild/export"
	"github.com/graphbuild/graphbuild/serve"
	"github.com/graphbuild/graphbuild/store"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "[-out out | -db URL] [-addr 127.0.0.1:8080] [-allow-query] [-root .]", stderr)
	out := fs.String("out", "out", "the directory the graph was built in")
	db := dbFlag(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on this `host:port` (loopback unless told otherwise)")
	root := fs.String("root", ".", "the `directory` the build ran in, to show each evidence in its paragraph")
	allowQuery := fs.Bool("allow-query", false, "let clients run Gizmo queries (POST /api/query), within -query-timeout, -query-limit and -query-max-memory")
	queryTimeout := fs.Duration("query-timeout", 10*time.Second, "stop a client's query after this long")
	queryLimit := fs.Int("query-limit", 1000, "return at most this many results of a query")
	queryMemory := memoryFlag(fs, "query-max-memory", "stop a client's query when the server's heap has grown by this many `MiB` while it runs (0: no cap)")
	timeout := fs.Duration("timeout", 30*time.Second, "stop any other request after this long")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 0 || *queryLimit < 1 || *queryMemory < 0 {
		fs.Usage()
		return 2
	}
	logger := log.New(stderr, "graphbuild: ", 0)
	var layout *export.Layout
	if l, cleanup, err := findLayout(); err != nil {
		fmt.Fprintf(stderr, "graphbuild: SVG download is off: %v\n", err)
	} else {
		defer cleanup()
		layout = &l
	}
	where := graphDB(fs, *db, *out)
	link := filepath.Join(where, "graph.bolt")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	version := func() (string, error) { return store.CurrentBuild(ctx, where) }
	if store.IsPostgres(where) {
		link = "the PostgreSQL graph" // its URL may hold a password
	}
	srv, err := serve.New(ctx, serve.Options{
		Open: func(ctx context.Context) (*store.Graph, error) {
			g, ok := openGraph(where, stderr)
			if !ok {
				return nil, errors.New("cannot open the graph")
			}
			return g, nil
		},
		// Every build points out/graph.bolt at a new directory, or makes
		// a new PostgreSQL generation current; a real directory at
		// out/graph.bolt (a store written by hand) never changes.
		Version:      version,
		Root:         *root,
		AllowQuery:   *allowQuery,
		QueryTimeout: *queryTimeout,
		QueryLimit:   *queryLimit,
		QueryMemory:  serveMemory(*queryMemory),
		Timeout:      *timeout,
		Log:          logger,
		Layout:       layout,
	})
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	var h http.Handler = srv
	if ip := ln.Addr().(*net.TCPAddr).IP; ip.IsLoopback() {
		h = serve.LoopbackHosts(h)
	} else {
		fmt.Fprintf(stderr, "graphbuild: listening on %s: anyone who can reach it can read the graph\n", ln.Addr())
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      *timeout + *queryTimeout + 10*time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          logger,
	}
	fmt.Fprintf(stdout, "serving %s on http://%s/ (Ctrl-C stops)\n", link, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	return 0
}
