package store

import (
	"context"
	"errors"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// TestQueryMemoryLimit is issue 14's case 10: a Gizmo program that
// recurses for ever, or builds an ever longer array, never yields a
// result, so only the memory cap stops it before its time limit (which
// here is far off); the graph answers as before afterwards.
func TestQueryMemoryLimit(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	const limit = 64 << 20
	for _, q := range []string{
		`function f(n) { return f(n + 1) + 1 }; f(0)`,
		`var a = []; for (var i = 0; ; i++) { a.push("element number " + i) }`,
		`var s = "x"; while (true) { s = s + s }`,
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		var buf strings.Builder
		err := g.QueryWithin(ctx, q, QueryLimits{Memory: limit}, &buf)
		cancel()
		if want := "query stopped: memory limit 64 MiB exceeded"; !errors.Is(err, ErrMemoryLimit) || err.Error() != want {
			t.Errorf("%s: error %v, want %s", q, err, want)
		}
		if buf.String() != "[]\n" {
			t.Errorf("%s: wrote %q, want an empty array", q, buf.String())
		}
	}
	// A query within the cap answers as it does without one.
	for _, q := range []string{
		`g.V("<ent:cac>").Out("<rel:reviewed>").All()`,
		`g.V().Tag("a").Out().Tag("b").All()`,
		`var a = []; for (var i = 0; i < 1000; i++) { a.push(i) }; g.Emit(a.length)`,
	} {
		want := run(t, g, q, 0)
		var got strings.Builder
		if err := g.QueryWithin(context.Background(), q, QueryLimits{Memory: limit}, &got); err != nil || got.String() != want {
			t.Errorf("%s: with a memory cap: %v\n%s\nwant\n%s", q, err, got.String(), want)
		}
	}
}

// TestWatchMemoryChurn: a program that allocates much more than the cap
// in all, but keeps little of it, is not stopped: the watch asks for a
// collection before it believes the sample. The collector is made lazy
// (GOGC=2000) so that garbage does pile up past the cap.
func TestWatchMemoryChurn(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	defer debug.SetGCPercent(debug.SetGCPercent(2000))
	q := `var n = 0; for (var i = 0; i < 40; i++) { var a = []; for (var j = 0; j < 20000; j++) { a.push("churn " + j) }; n += a.length }; g.Emit(n)`
	var buf strings.Builder
	if err := g.QueryWithin(context.Background(), q, QueryLimits{Memory: 8 << 20}, &buf); err != nil {
		t.Fatalf("error %v", err)
	}
	if got, want := buf.String(), "[\n  800000\n]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
