package store

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// QueryLimits bound one Gizmo query (see Graph.QueryWithin).
type QueryLimits struct {
	// Results is the most results written; 0: all of them.
	Results int
	// Memory is how far, in bytes, the process's Go heap may grow while
	// the query runs before the query is stopped; 0: no cap. The heap is
	// the process's, so in a server the queries running at the same time
	// share one allowance each: a query may be stopped for what another
	// allocated.
	Memory int64
}

// ErrMemoryLimit is wrapped by the error of a query stopped because the
// heap grew past QueryLimits.Memory.
var ErrMemoryLimit = errors.New("memory limit exceeded")

// memoryError is the error of a query stopped at its memory limit.
type memoryError struct{ limit int64 }

func (e memoryError) Error() string {
	if e.limit%(1<<20) == 0 {
		return fmt.Sprintf("query stopped: memory limit %d MiB exceeded", e.limit>>20)
	}
	return fmt.Sprintf("query stopped: memory limit %d bytes exceeded", e.limit)
}

func (e memoryError) Is(target error) bool { return target == ErrMemoryLimit }

// memoryTick is how often the heap is looked at while a query runs. A
// Gizmo program that recurses for ever grows by a few hundred MB a second
// on a laptop, so the cap is overshot by a few MB at most.
const memoryTick = 5 * time.Millisecond

// watchMemory calls stop, once, when the Go heap has grown by more than
// limit bytes since watchMemory was called, and returns a function that
// ends the watch. It is how a Gizmo program is held to a memory cap: goja
// checks for an interrupt between instructions, not an allocation budget,
// and the query's context is only looked at between results, which a
// program that recurses or builds an array never yields.
//
// The sample is cheap (runtime/metrics, no stop of the world) but counts
// garbage not yet collected. So when it passes the limit, the watch asks
// for a collection, once per collection cycle, and stops the query only
// if the live heap is still over the limit: a query that churns through
// garbage is not stopped for it. The growth is counted from the heap at
// the start, garbage included, which errs on the side of letting a query
// run: by at most the garbage then, which the collector keeps below the
// live heap (GOGC=100).
func watchMemory(limit int64, stop func(error)) (end func()) {
	if limit <= 0 {
		return func() {}
	}
	s := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"}, // live and not yet swept
		{Name: "/gc/heap/live:bytes"},                // live at the last collection
		{Name: "/gc/cycles/total:gc-cycles"},
	}
	metrics.Read(s)
	over := s[0].Value.Uint64() + uint64(limit)
	done := make(chan struct{})
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		t := time.NewTicker(memoryTick)
		defer t.Stop()
		forced := ^uint64(0) // the cycle of the last collection we asked for
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(s)
			if s[1].Value.Uint64() <= over {
				if s[0].Value.Uint64() <= over || s[2].Value.Uint64() == forced {
					continue
				}
				runtime.GC()
				metrics.Read(s)
				forced = s[2].Value.Uint64()
				if s[1].Value.Uint64() <= over {
					continue
				}
			}
			stop(memoryError{limit})
			return
		}
	}()
	return func() {
		close(done)
		<-ended
	}
}

// releaseWait bounds how long a query stopped at its memory limit waits
// for its program to return: goja notices an interrupt at its next
// instruction, but unwinding a deep recursion takes a moment (about
// 0.2 s for 64 MiB of stack).
const releaseWait = 5 * time.Second

// releaseMemory waits (at most releaseWait) until ended is closed, when a
// program stopped at its memory limit has returned, and gives its memory
// back: otherwise the next query would start from a heap still full of
// it, and a server would keep the pages.
func releaseMemory(ended <-chan struct{}) {
	t := time.NewTimer(releaseWait)
	defer t.Stop()
	select {
	case <-ended:
		debug.FreeOSMemory()
	case <-t.C:
	}
}

// withMemoryLimit is ctx, canceled with a memoryError as its cause when
// the heap grows past limit bytes (0: never), and the function that ends
// the watch and releases the context.
func withMemoryLimit(ctx context.Context, limit int64) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	end := watchMemory(limit, cancel)
	return ctx, func() {
		end()
		cancel(nil)
	}
}
