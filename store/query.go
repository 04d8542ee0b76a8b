package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
)

// Query runs a Gizmo query and writes its results to w as a JSON array,
// one element per result, indented by two spaces: nodes as "<ent:x>",
// literals as plain strings, tagged results as objects with sorted keys.
// At most limit results are written (0: all of them). The query stops at
// ctx's deadline or cancellation with an error saying so; that is the only
// way to stop a Gizmo program (a loop that never ends included). w always
// holds one JSON array: on an error, of the results written so far. When
// there are more than limit results, Query writes limit of them and
// returns an error that wraps ErrTruncated. Query does not cap the
// program's memory; QueryWithin does.
func (g *Graph) Query(ctx context.Context, gizmoQuery string, limit int, w io.Writer) error {
	return g.QueryWithin(ctx, gizmoQuery, QueryLimits{Results: limit}, w)
}

// QueryWithin is Query within the limits given: at most lim.Results
// results, and a program stopped with an error that wraps ErrMemoryLimit
// ("query stopped: memory limit 512 MiB exceeded") when the heap grows by
// more than lim.Memory bytes while it runs.
func (g *Graph) QueryWithin(ctx context.Context, gizmoQuery string, lim QueryLimits, w io.Writer) (err error) {
	defer g.guard(&err)()
	limit := max(lim.Results, 0)
	start := time.Now()
	// The memory watch stops the program the way a deadline does: by
	// canceling the context that it.Next waits on, which interrupts goja.
	ctx, endWatch := withMemoryLimit(ctx, lim.Memory)
	defer endWatch()
	// A session per query: sessions keep state and are not safe to share.
	ask := limit
	if limit > 0 {
		ask = limit + 1 // one more tells a truncated answer from a whole one
	}
	it, err := gizmo.NewSession(g.qs).Execute(ctx, gizmoQuery, query.Options{
		Collation: query.JSON,
		Limit:     ask,
	})
	if err != nil {
		return fmt.Errorf("gizmo: %v", err)
	}
	// Closing the iterator only asks the program to stop; it runs on its
	// own goroutine until it notices, and bolt must not be closed under it.
	g.running.Add(1)
	started := false
	defer func() {
		it.Close()
		if !started {
			g.running.Done()
			return
		}
		ended := make(chan struct{})
		go func() {
			defer g.running.Done()
			defer close(ended)
			for it.Next(context.Background()) { // until the program has returned
			}
		}()
		if errors.Is(context.Cause(ctx), ErrMemoryLimit) {
			releaseMemory(ended)
		}
	}()

	bw := bufio.NewWriter(w)
	var elem bytes.Buffer
	enc := json.NewEncoder(&elem)
	enc.SetEscapeHTML(false) // IRIs are <…>; keep them readable
	enc.SetIndent("  ", "  ")
	n := 0
	var stop error // why the results ended before the limit, if not for lack of more
	for limit == 0 || n < limit {
		if stop = ctx.Err(); stop != nil {
			break
		}
		started = true
		if !it.Next(ctx) {
			stop = it.Err()
			break
		}
		r := it.Result()
		if r == nil {
			continue // the program's own value, which is not a result
		}
		elem.Reset()
		if err := enc.Encode(r); err != nil {
			bw.Flush()
			return fmt.Errorf("gizmo: result %d: %v", n+1, err)
		}
		sep := ",\n  "
		if n == 0 {
			sep = "[\n  "
		}
		bw.WriteString(sep)
		if _, err := bw.Write(bytes.TrimSuffix(elem.Bytes(), []byte("\n"))); err != nil {
			return err // w is broken: no use running on
		}
		n++
	}
	if stop == nil && limit > 0 && n == limit && ctx.Err() == nil && it.Next(ctx) {
		stop = fmt.Errorf("%w: the first %d results written, and there are more", ErrTruncated, limit)
	}
	if n == 0 {
		bw.WriteString("[]\n")
	} else {
		bw.WriteString("\n]\n")
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if errors.Is(stop, ErrTruncated) {
		return stop
	}
	if stop != nil {
		if ctx.Err() != nil {
			stop = context.Cause(ctx) // the memory limit, or the caller's
		}
		return queryError(stop, time.Since(start))
	}
	return nil
}

// ErrTruncated is wrapped by the error of a query that had more results
// than its limit.
var ErrTruncated = errors.New("truncated")

// queryError says why a query stopped.
func queryError(err error, took time.Duration) error {
	took = took.Round(time.Millisecond)
	switch {
	case errors.Is(err, ErrMemoryLimit):
		return err
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("query stopped at its time limit, after %v: %w", took, err)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("query canceled after %v: %w", took, err)
	}
	return fmt.Errorf("gizmo: %v", err)
}
