// Package serve is the browser's way into a built graph: an HTTP handler
// that serves one page (embedded, with its script and style; nothing is
// fetched from elsewhere, so it works offline) and the JSON endpoints the
// page uses, which scripts may use too.
//
// It is read-only unless Options.AllowQuery is set, answers from whatever
// graph is current (a build that swaps the store is picked up without a
// restart: see Options.Version), and never writes text from the corpus or
// the rule file into HTML: the page builds its DOM with textContent, and
// every response forbids inline scripts (Content-Security-Policy).
package serve

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/graphbuild/graphbuild/export"
	"github.com/graphbuild/graphbuild/store"
)

// Options say which graph to serve and how.
type Options struct {
	// Open opens the current graph. It must not wait long for a lock: the
	// server calls it on start and whenever Version changes, and keeps
	// answering from the graph it has until a new one opens.
	Open func(ctx context.Context) (*store.Graph, error)
	// Version names the graph Open would open now: for bolt, the target of
	// out/graph.bolt, which every build changes. Nil: the graph never changes.
	Version func() (string, error)
	// Root is the directory the build ran in: documents' files
	// ("corpus/D.txt") are read from under it to show each evidence in its
	// paragraph. "" shows sentences alone.
	Root string
	// AllowQuery enables POST /api/query, which runs Gizmo with the limits below.
	AllowQuery   bool
	QueryTimeout time.Duration // 0: 10s
	QueryLimit   int           // results; 0: 1000
	// QueryMemory is how far, in bytes, the server's heap may grow while
	// a query runs before it is stopped (0: 512 MiB; negative: no cap). A
	// Gizmo program that recurses for ever grows until the time limit
	// otherwise, by gigabytes.
	QueryMemory int64
	// Timeout bounds the work of one request (0: 30s).
	Timeout time.Duration
	// Layout draws the SVG of a view (GET /api/view.svg); nil: that
	// endpoint says it is off.
	Layout *export.Layout
	// Log receives errors that are not the client's (nil: discarded).
	Log *log.Logger
}

// Server answers HTTP requests about the current graph.
type Server struct {
	opt Options
	mux *http.ServeMux

	mu      sync.RWMutex
	cur     *current // nil until a graph opens
	checked time.Time
	opening bool
	openErr error
	closed  bool
}

// current is one opened graph and what the server keeps of it.
type current struct {
	version string
	g       *store.Graph
	names   *nameIndex
	users   sync.WaitGroup // requests using g
}

// versionEvery is how often the server looks for a new build.
const versionEvery = 500 * time.Millisecond

// New opens the graph and returns a server for it. It fails when the
// graph cannot be opened now.
func New(ctx context.Context, opt Options) (*Server, error) {
	if opt.Open == nil {
		return nil, errors.New("serve: no graph to open")
	}
	if opt.QueryTimeout <= 0 {
		opt.QueryTimeout = 10 * time.Second
	}
	if opt.QueryLimit <= 0 {
		opt.QueryLimit = 1000
	}
	if opt.QueryMemory == 0 {
		opt.QueryMemory = 512 << 20
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 30 * time.Second
	}
	s := &Server{opt: opt}
	v := ""
	if opt.Version != nil {
		var err error
		if v, err = opt.Version(); err != nil {
			return nil, err
		}
	}
	c, err := s.open(ctx, v)
	if err != nil {
		return nil, err
	}
	s.cur, s.checked = c, time.Now()
	s.routes()
	return s, nil
}

// open opens the graph and builds what the server keeps of it.
func (s *Server) open(ctx context.Context, version string) (*current, error) {
	g, err := s.opt.Open(ctx)
	if err != nil {
		return nil, err
	}
	ents, err := g.Entities(ctx)
	if err == nil {
		err = g.LoadPaths(ctx)
	}
	if err != nil {
		g.Close()
		return nil, err
	}
	return &current{version: version, g: g, names: newNameIndex(ents)}, nil
}

// acquire returns the current graph for one request; release it with
// c.users.Done(). Every versionEvery it looks at Version, and when that
// changed, opens the new graph in the background: requests go on with the
// old one until the new one is ready, so none waits for a build's lock.
func (s *Server) acquire() (*current, error) {
	s.maybeReload()
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, errors.New("server closed")
	}
	s.cur.users.Add(1)
	return s.cur, nil
}

func (s *Server) maybeReload() {
	if s.opt.Version == nil {
		return
	}
	s.mu.Lock()
	if s.opening || s.closed || time.Since(s.checked) < versionEvery {
		s.mu.Unlock()
		return
	}
	s.checked = time.Now()
	v, err := s.opt.Version()
	if err != nil || v == s.cur.version {
		s.mu.Unlock()
		return
	}
	s.opening = true
	s.mu.Unlock()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		c, err := s.open(ctx, v)
		s.mu.Lock()
		s.opening = false
		s.openErr = err
		if err != nil || s.closed {
			s.mu.Unlock()
			if c != nil {
				c.g.Close()
			}
			s.logf("serve: opening the new graph %s: %v (still serving the previous one)", v, err)
			return
		}
		old := s.cur
		s.cur = c
		s.mu.Unlock()
		go func() {
			old.users.Wait()
			old.g.Close()
		}()
	}()
}

// Close closes the graph once the requests using it are done.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	c := s.cur
	s.mu.Unlock()
	c.users.Wait()
	return c.g.Close()
}

// Version is the version of the graph being served.
func (s *Server) Version() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur.version
}

func (s *Server) logf(format string, args ...any) {
	if s.opt.Log != nil {
		s.opt.Log.Printf(format, args...)
	}
}

// ServeHTTP answers a request: the page, its assets or the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// The page's own script and style only; no inline script, no plugin,
	// no frame around it, no guessing at content types.
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !(r.Method == http.MethodPost && r.URL.Path == "/api/query") {
		httpError(w, http.StatusMethodNotAllowed, fmt.Errorf("method %s not allowed", r.Method))
		return
	}
	if len(r.URL.RawQuery) > maxQueryString {
		httpError(w, http.StatusRequestURITooLong, fmt.Errorf("query string over %d bytes", maxQueryString))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// maxQueryString bounds a request's URL query, in bytes.
const maxQueryString = 8 << 10

// LoopbackHosts wraps h so that it answers only requests whose Host is
// a loopback name (localhost, 127.0.0.1, [::1], with any port): a page
// of another site that points a name of its own at 127.0.0.1 (DNS
// rebinding) gets nothing.
func LoopbackHosts(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hh, _, err := net.SplitHostPort(host); err == nil {
			host = hh
		}
		host = strings.Trim(host, "[]")
		ip := net.ParseIP(host)
		if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
			httpError(w, http.StatusMisdirectedRequest, fmt.Errorf("host %q is not this loopback server", r.Host))
			return
		}
		h.ServeHTTP(w, r)
	})
}
