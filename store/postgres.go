package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers "postgres" (and lib/pq)
	"github.com/lib/pq"
)

// # The graph in PostgreSQL
//
// A graph in a PostgreSQL database is a set of generations, one schema
// each, in Cayley's own SQL layout (tables nodes and quads, made by
// Cayley's own Init), plus one schema that says which is current:
//
//	graphbuild.current      one row: generation and previous generation
//	graphbuild.generation   the sequence that numbers builds
//	graphbuild.nodes        views of the current generation's tables, for
//	graphbuild.quads        the stock cayley command (search_path=graphbuild)
//	graphbuild_<n>          generation n: Cayley's nodes and quads
//
// A build takes the next number n, loads graphbuild_<n> (see
// postgres_load.go) and then, in one transaction, makes it current and
// points the views at it. graphbuild's own readers look up the current
// generation when they open the graph and read that schema alone (their
// connections' search_path names it), so a reader sees one generation
// from start to end, whatever builds commit meanwhile. The current and the
// previous generation are kept; older ones, and those of killed builds,
// are dropped by the next build that commits. A build holds a session
// advisory lock on its generation number while it runs, which is how the
// next build tells a running build from a killed one.

// pgMeta is the schema that names the current generation; generation n
// is the schema pgMeta_n.
const pgMeta = "graphbuild"

// pgLockClass is the first key of graphbuild's advisory locks ("gbld");
// the second is a generation number, or 0 for the lock that orders
// commits.
const pgLockClass = 0x67626c64

func pgSchema(gen int64) string { return pgMeta + "_" + strconv.FormatInt(gen, 10) }

var pgSchemaRE = regexp.MustCompile(`^` + pgMeta + `_([0-9]+)$`)

// IsPostgres reports whether db names a PostgreSQL database rather than a
// directory.
func IsPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Redact returns the URL db with any password replaced by "xxxxx", for
// messages. A URL that does not parse is shown as its scheme alone.
func Redact(db string) string {
	u, err := url.Parse(db)
	if err != nil {
		scheme, _, _ := strings.Cut(db, "://")
		return scheme + "://(an invalid URL)"
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// secrets holds the connection strings and passwords handed to lib/pq
// and Cayley, so that the log filter (clog.go) can blank them out of
// whatever Cayley logs: it logs the connection string when it cannot
// connect.
var secrets struct {
	sync.Mutex
	pairs map[string]string // secret → what to show instead
}

func addSecret(secret, shown string) {
	if secret == "" {
		return
	}
	secrets.Lock()
	defer secrets.Unlock()
	if secrets.pairs == nil {
		secrets.pairs = make(map[string]string)
	}
	secrets.pairs[secret] = shown
}

// scrub replaces every secret in s, longest first, so that a connection
// string goes as a whole before its password alone is looked for.
func scrub(s string) string {
	secrets.Lock()
	defer secrets.Unlock()
	keys := make([]string, 0, len(secrets.pairs))
	for k := range secrets.pairs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		s = strings.ReplaceAll(s, k, secrets.pairs[k])
	}
	return s
}

// pgURL is a parsed PostgreSQL URL: what the user gave, and what graphbuild
// hands to lib/pq and Cayley. lib/pq fills in what the URL leaves out from
// libpq's PG* environment variables (PGHOST, PGUSER, PGPASSWORD, …).
type pgURL struct {
	u     *url.URL
	shown string // the URL without its password
}

func parsePG(db string) (*pgURL, error) {
	u, err := url.Parse(db)
	if err != nil {
		return nil, fmt.Errorf("%s: not a valid PostgreSQL URL", Redact(db))
	}
	p := &pgURL{u: u, shown: Redact(db)}
	addSecret(db, p.shown)
	if pw, ok := u.User.Password(); ok {
		addSecret(pw, "xxxxx")
	}
	addSecret(u.Query().Get("password"), "xxxxx")
	addSecret(os.Getenv("PGPASSWORD"), "xxxxx")
	return p, nil
}

// dsn is the URL with the given run-time parameters set (search_path,
// connect_timeout).
func (p *pgURL) dsn(params ...string) string {
	u := *p.u
	q := u.Query()
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	u.RawQuery = q.Encode()
	s := u.String()
	shown := p.shown
	if len(params) > 0 {
		shown += " (" + strings.Join(params, "=") + ")"
	}
	addSecret(s, shown)
	return s
}

// connect opens a pool on the URL and checks that the server answers
// within timeout.
func (p *pgURL) connect(timeout time.Duration, params ...string) (*sql.DB, error) {
	if timeout > 0 {
		secs := int((timeout + time.Second - 1) / time.Second)
		params = append(params, "connect_timeout", strconv.Itoa(secs))
	}
	db, err := sql.Open("postgres", p.dsn(params...))
	if err != nil {
		return nil, p.errorf(err)
	}
	ctx := context.Background()
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, p.errorf(err)
	}
	return db, nil
}

// errorf prefixes an error with the URL, secrets scrubbed from both.
func (p *pgURL) errorf(err error) error {
	return errors.New(p.shown + ": " + scrub(err.Error()))
}

// pgCurrent returns the current generation, or 0 if there is none yet.
func pgCurrent(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (gen, prev int64, err error) {
	var prevN sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT generation, previous FROM `+pgMeta+`.current`).Scan(&gen, &prevN)
	var pe *pq.Error
	switch {
	case errors.As(err, &pe) && pe.Code == "42P01": // undefined_table: never built
		return 0, 0, nil
	case errors.Is(err, sql.ErrNoRows):
		return 0, 0, nil
	case err != nil:
		return 0, 0, err
	}
	return gen, prevN.Int64, nil
}

// openPostgres opens the current generation of the graph in db for
// reading: Cayley's postgres QuadStore on connections whose search_path
// is that generation's schema alone.
func openPostgres(db string, timeout time.Duration) (*Graph, error) {
	p, err := parsePG(db)
	if err != nil {
		return nil, err
	}
	conn, err := p.connect(timeout)
	if err != nil {
		return nil, err
	}
	gen, _, err := pgCurrent(context.Background(), conn)
	conn.Close()
	if err != nil {
		return nil, p.errorf(err)
	}
	if gen == 0 {
		return nil, fmt.Errorf(`%s: no graph here; run "graphbuild build -db URL" first`, p.shown)
	}
	schema := pgSchema(gen)
	addr := p.dsn("search_path", schema)
	qs, err := graph.NewQuadStore("postgres", addr, nil)
	if err != nil {
		return nil, p.errorf(err)
	}
	return &Graph{path: p.shown + " (schema " + schema + ")", qs: qs}, nil
}
