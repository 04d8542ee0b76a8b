package serve

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/graphbuild/graphbuild/export"
	"github.com/graphbuild/graphbuild/store"
)

//go:embed ui
var uiFiles embed.FS

// Bounds on what one request may ask for.
const (
	maxDepth    = 3
	maxK        = 10
	maxHops     = 6
	maxResults  = 50       // search results
	maxViewIDs  = 300      // entities in a picture asked for by id
	maxQueryLen = 64 << 10 // bytes of a Gizmo query
)

func (s *Server) routes() {
	m := http.NewServeMux()
	ui, _ := fs.Sub(uiFiles, "ui")
	m.Handle("GET /", http.FileServerFS(ui))
	m.HandleFunc("GET /api/search", s.api(s.search))
	m.HandleFunc("GET /api/types", s.api(s.types))
	m.HandleFunc("GET /api/entity/{id}", s.api(s.entity))
	m.HandleFunc("GET /api/neighbors/{id}", s.api(s.neighbors))
	m.HandleFunc("GET /api/path", s.api(s.path))
	m.HandleFunc("GET /api/evidence", s.api(s.evidence))
	m.HandleFunc("GET /api/document/{id}", s.api(s.document))
	m.HandleFunc("GET /api/view", s.api(s.view))
	m.HandleFunc("GET /api/view.svg", s.svg)
	m.HandleFunc("POST /api/query", s.query)
	s.mux = m
}

// errNotFound marks an error about something the graph does not have.
type errNotFound struct{ error }

// badRequest marks an error in what the client asked.
type badRequest struct{ error }

// api wraps a handler that returns a value to send as JSON: it holds the
// current graph for the request and bounds its time.
func (s *Server) api(h func(ctx context.Context, c *current, r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel, c := s.begin(w, r, s.opt.Timeout)
		if c == nil {
			return
		}
		defer cancel()
		v, err := h(ctx, c, r)
		c.users.Done()
		if err != nil {
			s.fail(w, err)
			return
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", " ")
		if err := enc.Encode(v); err != nil {
			s.fail(w, err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(buf.Bytes())
	}
}

// begin gives a request a deadline of timeout and holds the current graph
// for it; the caller gives them back with cancel and c.users.Done(), the
// graph as soon as it is no longer needed. When no graph can be had, begin
// answers 503 and returns a nil c.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, timeout time.Duration) (context.Context, context.CancelFunc, *current) {
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	c, err := s.acquire()
	if err != nil {
		cancel()
		httpError(w, http.StatusServiceUnavailable, err)
		return nil, nil, nil
	}
	return ctx, cancel, c
}

// fail answers with the status an error deserves, and a JSON body
// {"error": "…"}.
func (s *Server) fail(w http.ResponseWriter, err error) {
	var nf errNotFound
	var br badRequest
	var ne *store.NameError
	switch {
	case errors.As(err, &br):
		httpError(w, http.StatusBadRequest, err)
	case errors.As(err, &nf), errors.As(err, &ne), strings.HasPrefix(err.Error(), "unknown "):
		httpError(w, http.StatusNotFound, err)
	case errors.Is(err, context.DeadlineExceeded):
		httpError(w, http.StatusServiceUnavailable, fmt.Errorf("stopped at the time limit (%v)", s.opt.Timeout))
	default:
		s.logf("serve: %v", err)
		httpError(w, http.StatusInternalServerError, err)
	}
}

func httpError(w http.ResponseWriter, code int, err error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}

// intParam reads a whole-number parameter within [lo, hi], def when absent.
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest{fmt.Errorf("%s: want a whole number from %d to %d, got %q", name, lo, hi, v)}
	}
	return n, nil
}

// listParam reads a parameter given several times or with commas.
func listParam(r *http.Request, name string) []string {
	var out []string
	for _, v := range r.URL.Query()[name] {
		for _, x := range strings.Split(v, ",") {
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		}
	}
	return out
}

func boolParam(r *http.Request, name string) bool {
	v := r.URL.Query().Get(name)
	return v == "1" || v == "true" || v == "yes"
}

// SearchResult is an entity that a search matches, and by which name.
type SearchResult struct {
	store.Entity
	Match string `json:"match"` // the name, alias or id that matched
}

// search: GET /api/search?q=TEXT&type=T&limit=N.
func (s *Server) search(ctx context.Context, c *current, r *http.Request) (any, error) {
	limit, err := intParam(r, "limit", 20, 1, maxResults)
	if err != nil {
		return nil, err
	}
	types := listParam(r, "type")
	var ok func(string) bool
	if len(types) > 0 {
		ts, err := c.g.Types(ctx, c.names.types)
		if err != nil {
			return nil, err
		}
		ok = subtypes(ts, types)
	}
	return c.names.search(r.URL.Query().Get("q"), ok, limit), nil
}

// subtypes returns whether a type is one of want or below one of them.
func subtypes(ts []store.Type, want []string) func(string) bool {
	parent := map[string]string{}
	for _, t := range ts {
		parent[t.ID] = t.Parent
	}
	wanted := map[string]bool{}
	for _, w := range want {
		wanted[w] = true
	}
	return func(t string) bool {
		for seen := map[string]bool{}; t != "" && !seen[t]; t = parent[t] {
			if wanted[t] {
				return true
			}
			seen[t] = true
		}
		return false
	}
}

// TypeInfo is a type with the style pictures draw it in.
type TypeInfo struct {
	store.Type
	Style    export.Style `json:"style"`
	Entities int          `json:"entities"` // of this very type
}

// types: GET /api/types: every type of an entity, with its ancestors.
func (s *Server) types(ctx context.Context, c *current, r *http.Request) (any, error) {
	ts, err := c.g.Types(ctx, c.names.types)
	if err != nil {
		return nil, err
	}
	st := export.Styles(ts)
	out := make([]TypeInfo, len(ts))
	for i, t := range ts {
		out[i] = TypeInfo{Type: t, Style: st[t.ID], Entities: c.names.perType[t.ID]}
	}
	return out, nil
}

// entity: GET /api/entity/ID: the entity's card.
func (s *Server) entity(ctx context.Context, c *current, r *http.Request) (any, error) {
	return c.g.Card(ctx, r.PathValue("id"))
}

// View is a part of the graph to draw, with the style of each type.
type View struct {
	*store.Subgraph
	Styles map[string]export.Style `json:"styles"` // by type id; "" for untyped
}

func filterOf(r *http.Request) store.Filter {
	return store.Filter{Types: listParam(r, "type"), Relations: listParam(r, "relation"), Docs: listParam(r, "doc")}
}

// neighbors: GET /api/neighbors/ID?depth=1&type=T&relation=R&doc=D.
func (s *Server) neighbors(ctx context.Context, c *current, r *http.Request) (any, error) {
	depth, err := intParam(r, "depth", 1, 1, maxDepth)
	if err != nil {
		return nil, err
	}
	sg, err := c.g.Subgraph(ctx, r.PathValue("id"), depth, filterOf(r))
	if err != nil {
		return nil, err
	}
	return View{sg, export.Styles(sg.Types)}, nil
}

// view: GET /api/view?id=A,B,C&type=…: the entities named and every edge
// between them that the filter lets through; what the page shows, for
// drawing elsewhere.
func (s *Server) view(ctx context.Context, c *current, r *http.Request) (any, error) {
	return s.viewOf(ctx, c, r)
}

func (s *Server) viewOf(ctx context.Context, c *current, r *http.Request) (*View, error) {
	ids := listParam(r, "id")
	if len(ids) == 0 {
		return nil, badRequest{errors.New("id: name at least one entity")}
	}
	if len(ids) > maxViewIDs {
		return nil, badRequest{fmt.Errorf("id: at most %d entities", maxViewIDs)}
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	f := filterOf(r)
	out := &store.Subgraph{Entities: []store.Entity{}, Edges: []store.Edge{}, Types: []store.Type{}}
	seenE, seenT, seenEdge := map[string]bool{}, map[string]bool{}, map[[3]string]bool{}
	for _, id := range ids {
		if seenE[id] {
			continue
		}
		// The entity alone, unfiltered, then its edges to the others.
		sg, err := c.g.Subgraph(ctx, id, 1, store.Filter{Relations: f.Relations, Docs: f.Docs})
		if err != nil {
			return nil, err
		}
		for _, e := range sg.Entities {
			if e.ID == id {
				seenE[id] = true
				out.Entities = append(out.Entities, e)
			}
		}
		for _, e := range sg.Edges {
			k := [3]string{e.From, e.Relation, e.To}
			if want[e.From] && want[e.To] && !seenEdge[k] {
				seenEdge[k] = true
				out.Edges = append(out.Edges, e)
			}
		}
		for _, t := range sg.Types {
			if !seenT[t.ID] {
				seenT[t.ID] = true
				out.Types = append(out.Types, t)
			}
		}
	}
	if len(f.Types) > 0 {
		ok := subtypes(out.Types, f.Types)
		keep := map[string]bool{}
		ents := out.Entities[:0]
		for _, e := range out.Entities {
			if ok(e.Type) {
				keep[e.ID] = true
				ents = append(ents, e)
			}
		}
		out.Entities = ents
		edges := out.Edges[:0]
		for _, e := range out.Edges {
			if keep[e.From] && keep[e.To] {
				edges = append(edges, e)
			}
		}
		out.Edges = edges
	}
	sort.Slice(out.Entities, func(i, j int) bool { return out.Entities[i].ID < out.Entities[j].ID })
	sort.Slice(out.Edges, func(i, j int) bool {
		a, b := out.Edges[i], out.Edges[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.Relation != b.Relation {
			return a.Relation < b.Relation
		}
		return a.To < b.To
	})
	sort.Slice(out.Types, func(i, j int) bool { return out.Types[i].ID < out.Types[j].ID })
	if len(ids) == 1 {
		out.Focus = ids[0]
	}
	return &View{out, export.Styles(out.Types)}, nil
}

// svg: GET /api/view.svg?id=…: the view drawn by Graphviz, for download.
func (s *Server) svg(w http.ResponseWriter, r *http.Request) {
	if s.opt.Layout == nil {
		httpError(w, http.StatusServiceUnavailable, errors.New("no Graphviz layout program: SVG download is off (see graphbuild dot)"))
		return
	}
	ctx, cancel, c := s.begin(w, r, s.opt.Timeout)
	if c == nil {
		return
	}
	defer cancel()
	v, err := s.viewOf(ctx, c, r)
	c.users.Done()
	if err != nil {
		s.fail(w, err)
		return
	}
	var dot, pic bytes.Buffer
	if err := export.DOT(&dot, v.Subgraph, export.Options{Title: r.URL.Query().Get("title")}); err != nil {
		s.fail(w, err)
		return
	}
	if err := s.opt.Layout.Render(ctx, dot.Bytes(), export.FormatSVG, &pic); err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Content-Disposition", `attachment; filename="graphbuild-view.svg"`)
	// An SVG opened on its own runs no script of its.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	w.Write(pic.Bytes())
}

// PathsAnswer is what the path finder returns.
type PathsAnswer struct {
	From  store.Entity `json:"from"`
	To    store.Entity `json:"to"`
	By    string       `json:"by"`
	Paths []store.Path `json:"paths"`
}

// path: GET /api/path?from=A&to=B&k=3&by=cost|hops&max_hops=4&directed=1&asserted=1.
// from and to may be ids, names or aliases, in any case.
func (s *Server) path(ctx context.Context, c *current, r *http.Request) (any, error) {
	q := r.URL.Query()
	k, err := intParam(r, "k", 3, 1, maxK)
	if err != nil {
		return nil, err
	}
	hops, err := intParam(r, "max_hops", store.DefaultMaxHops, 1, maxHops)
	if err != nil {
		return nil, err
	}
	by := store.Order(q.Get("by"))
	if by == "" {
		by = store.ByCost
	}
	if by != store.ByCost && by != store.ByHops {
		return nil, badRequest{fmt.Errorf("by: want cost or hops, got %q", by)}
	}
	from, err := c.g.Resolve(ctx, q.Get("from"))
	if err != nil {
		return nil, err
	}
	to, err := c.g.Resolve(ctx, q.Get("to"))
	if err != nil {
		return nil, err
	}
	ps, err := c.g.Paths(ctx, from.ID, to.ID, store.PathOptions{By: by, K: k, MaxHops: hops, Directed: boolParam(r, "directed"), Asserted: boolParam(r, "asserted")})
	if err != nil {
		return nil, err
	}
	if ps == nil {
		ps = []store.Path{}
	}
	return PathsAnswer{from, to, string(by), ps}, nil
}

// EvidenceAnswer is an edge's evidence, each in its context.
type EvidenceAnswer struct {
	From     store.Entity   `json:"from"`
	Relation string         `json:"relation"`
	To       store.Entity   `json:"to"`
	Evidence []InContext    `json:"evidence"`
	Docs     []DocumentInfo `json:"docs"` // the documents of the evidence, by id
}

// DocumentInfo is a document's title, date and file.
type DocumentInfo struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	Date  string `json:"date,omitempty"`
	File  string `json:"file,omitempty"`
}

// evidence: GET /api/evidence?from=A&relation=R&to=B (ids).
func (s *Server) evidence(ctx context.Context, c *current, r *http.Request) (any, error) {
	q := r.URL.Query()
	evs, err := c.g.EdgeEvidence(ctx, q.Get("from"), q.Get("relation"), q.Get("to"))
	if err != nil {
		return nil, err
	}
	a := EvidenceAnswer{Relation: q.Get("relation"), Evidence: []InContext{}, Docs: []DocumentInfo{}}
	if a.From, err = c.g.Resolve(ctx, q.Get("from")); err != nil {
		return nil, err
	}
	if a.To, err = c.g.Resolve(ctx, q.Get("to")); err != nil {
		return nil, err
	}
	docs := map[string]*store.Document{}
	for _, ev := range evs {
		d := docs[ev.Doc]
		if d == nil {
			if d, err = c.g.Document(ctx, ev.Doc); err != nil {
				return nil, err
			}
			docs[ev.Doc] = d
			a.Docs = append(a.Docs, DocumentInfo{d.ID, d.Title, d.Date, d.File})
		}
		a.Evidence = append(a.Evidence, s.inContext(ev, d.File))
	}
	return a, nil
}

// DocumentAnswer is a document and what was read from it, each evidence
// in its context.
type DocumentAnswer struct {
	DocumentInfo
	Mentions []store.DocumentMention `json:"mentions"`
	Facts    []DocumentFact          `json:"facts"`
}

// DocumentFact is an evidence of a document, in context, and its edge.
type DocumentFact struct {
	From     string    `json:"from"`
	Relation string    `json:"relation"`
	To       string    `json:"to"`
	Evidence InContext `json:"evidence"`
}

// document: GET /api/document/ID.
func (s *Server) document(ctx context.Context, c *current, r *http.Request) (any, error) {
	d, err := c.g.Document(ctx, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	a := DocumentAnswer{DocumentInfo: DocumentInfo{d.ID, d.Title, d.Date, d.File}, Mentions: d.Mentions, Facts: []DocumentFact{}}
	for _, f := range d.Facts {
		a.Facts = append(a.Facts, DocumentFact{f.From, f.Relation, f.To, s.inContext(f.Evidence, d.File)})
	}
	return a, nil
}

// query: POST /api/query with a Gizmo program as the body, when allowed.
func (s *Server) query(w http.ResponseWriter, r *http.Request) {
	if !s.opt.AllowQuery {
		httpError(w, http.StatusForbidden, errors.New("queries are off; start the server with -allow-query"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxQueryLen))
	if err != nil {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Errorf("query over %d bytes", maxQueryLen))
		return
	}
	ctx, cancel, c := s.begin(w, r, s.opt.QueryTimeout)
	if c == nil {
		return
	}
	defer cancel()
	defer c.users.Done()
	var out bytes.Buffer
	err = c.g.QueryWithin(ctx, string(body), store.QueryLimits{Results: s.opt.QueryLimit, Memory: max(s.opt.QueryMemory, 0)}, &out)
	if errors.Is(err, store.ErrTruncated) {
		// The first QueryLimit results, a whole JSON array; the header
		// says there are more.
		w.Header().Set("X-Graphbuild-Truncated", strconv.Itoa(s.opt.QueryLimit))
	} else if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(out.Bytes())
}
