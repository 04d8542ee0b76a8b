package store

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
)

func TestOpenNoGraph(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	_, err := Open(out, time.Second)
	want := out + `/graph.bolt: no graph here; run "graphbuild build" first`
	if err == nil || err.Error() != want {
		t.Errorf("Open: error %v, want %q", err, want)
	}
}

// TestOpenInUse holds the store the way Cayley itself opens it (the stock
// cayley command does the same): Open must give up after its timeout
// instead of waiting forever.
func TestOpenInUse(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	holder, err := graph.NewQuadStore("bolt", filepath.Join(out, linkName), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()

	start := time.Now()
	g, err := Open(out, time.Second)
	took := time.Since(start)
	if err == nil {
		g.Close()
		t.Fatal("Open succeeded while the store was held")
	}
	if want := out + "/graph.bolt is in use by another process (tried for 1s)"; err.Error() != want {
		t.Errorf("Open: error %q, want %q", err, want)
	}
	if took < time.Second || took > 5*time.Second { // not forever, even on a loaded machine
		t.Errorf("Open gave up after %v, want about 1s", took)
	}

	holder.Close()
	open(t, out) // free again
}

// TestOpenShared opens the graph twice at once: readers share the store.
func TestOpenShared(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g1, g2 := open(t, out), open(t, out)
	q := `g.V("<ent:cac>").Out("<rel:reviewed>").All()`
	if a, b := run(t, g1, q, 0), run(t, g2, q, 0); a != b || !strings.Contains(a, "<ent:didi>") {
		t.Errorf("two readers disagree: %s vs %s", a, b)
	}
}

// TestQueryTimeLimit stops a program that never ends, and one that walks
// far too much, at the context's deadline.
func TestQueryTimeLimit(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	for _, q := range []string{
		`while (true) {}`,
		`while (true) { g.V().Out().In().Out().All() }`,
		`for (;;) g.Emit(g.V().ToArray())`,
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		start := time.Now()
		var buf strings.Builder
		err := g.Query(ctx, q, 0, &buf)
		took := time.Since(start)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || !strings.HasPrefix(err.Error(), "query stopped at its time limit, after ") {
			t.Errorf("%s: error %v, want the time limit", q, err)
		}
		if took > 5*time.Second {
			t.Errorf("%s: stopped after %v, want about 200ms", q, took)
		}
	}
	// The graph still answers afterwards.
	if got := ids(t, g, `g.V("<ent:cac>").Out("<rel:reviewed>").All()`); len(got) != 1 {
		t.Errorf("after the time limit: %q", got)
	}
}

func TestQueryCanceled(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	err := g.Query(ctx, `while (true) {}`, 0, &strings.Builder{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want canceled", err)
	}
}

// TestQueryTruncatedAndValidJSON is issue 14's case 10: a query says when
// it printed fewer results than it has, and what it writes is one JSON
// array, at its time limit too.
func TestQueryTruncatedAndValidJSON(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	var all strings.Builder
	if err := g.Query(context.Background(), `g.V().All()`, 0, &all); err != nil {
		t.Fatal(err)
	}
	var whole []any
	if err := json.Unmarshal([]byte(all.String()), &whole); err != nil || len(whole) < 3 {
		t.Fatalf("all results: %v, %d of them", err, len(whole))
	}
	var buf strings.Builder
	err := g.Query(context.Background(), `g.V().All()`, 2, &buf)
	want := "truncated: the first 2 results written, and there are more"
	if !errors.Is(err, ErrTruncated) || err.Error() != want {
		t.Errorf("limit 2: error %v, want %s", err, want)
	}
	var two []any
	if err := json.Unmarshal([]byte(buf.String()), &two); err != nil || len(two) != 2 {
		t.Errorf("limit 2: %v, %d results:\n%s", err, len(two), buf.String())
	}
	buf.Reset()
	if err := g.Query(context.Background(), `g.V().All()`, len(whole), &buf); err != nil {
		t.Errorf("limit = the number of results: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	buf.Reset()
	err = g.Query(ctx, `g.V().ForEach(function(v) { g.Emit(v) }); while (true) {}`, 0, &buf)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the time limit", err)
	}
	var part []any
	if err := json.Unmarshal([]byte(buf.String()), &part); err != nil {
		t.Errorf("a query stopped at its time limit wrote no JSON array: %v\n%s", err, buf.String())
	}
}
