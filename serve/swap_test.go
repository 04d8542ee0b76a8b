package serve

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphbuild/graphbuild/store"
)

// TestSwap rebuilds the graph while the server runs and clients ask it
// questions: every answer is a good one, from the old graph or the new,
// and the new one is served soon, without a restart.
func TestSwap(t *testing.T) {
	dir := buildGraph(t, t.TempDir(), fixtureRules, fixtureCorpus)
	s, ts := newServer(t, dir, Options{})
	old := s.Version()

	var bad atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, p := range []string{"/api/entity/didi", "/api/path?from=tesla&to=cac", "/api/search?q=di"} {
					resp, err := http.Get(ts.URL + p)
					if err != nil || resp.StatusCode != 200 {
						bad.Add(1)
						if err == nil {
							t.Errorf("GET %s during a rebuild: %s", p, resp.Status)
						}
					}
					if resp != nil {
						resp.Body.Close()
					}
				}
			}
		}()
	}

	// The next build names a new company.
	rules := strings.Replace(fixtureRules, "  - {id: meituan,", "  - {id: baidu, type: company, name: Baidu}\n  - {id: meituan,", 1)
	corpus := map[string]string{}
	for k, v := range fixtureCorpus {
		corpus[k] = v
	}
	corpus["search-2022.txt"] = "Search\nBaidu, a search group based in China, said little.\n"
	buildGraph(t, dir, rules, corpus)

	deadline := time.Now().Add(20 * time.Second)
	for {
		var rs []SearchResult
		get(t, ts.URL, "/api/search?q=baidu", 200, &rs)
		if len(rs) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the rebuilt graph is not served after 20 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if n := bad.Load(); n > 0 {
		t.Errorf("%d requests failed during the rebuild", n)
	}
	if s.Version() == old {
		t.Errorf("version still %q", old)
	}
	// The old store directory is gone; the new one answers.
	if _, err := os.Stat(filepath.Join(dir, "out", old)); err == nil {
		t.Errorf("%s still there after the rebuild", old)
	}
	var card struct{ ID string }
	get(t, ts.URL, "/api/entity/baidu", 200, &card)
}

// TestSwapNeverWaits: while the new graph cannot be opened yet (its
// store locked, say), requests are answered from the old one at once.
func TestSwapNeverWaits(t *testing.T) {
	dir := buildGraph(t, t.TempDir(), fixtureRules, fixtureCorpus)
	out := filepath.Join(dir, "out")
	var version atomic.Int32
	release := make(chan struct{})
	opened := atomic.Int32{}
	s, ts := newServer(t, dir, Options{
		Open: func(ctx context.Context) (*store.Graph, error) {
			if opened.Add(1) > 1 {
				select { // a store another process holds
				case <-release:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}
			return store.Open(out, time.Second)
		},
		Version: func() (string, error) { return string(rune('a' + version.Load())), nil },
	})
	version.Store(1)
	time.Sleep(versionEvery + 50*time.Millisecond)
	for i := range 20 {
		start := time.Now()
		var card struct{ ID string }
		get(t, ts.URL, "/api/entity/didi", 200, &card)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("request %d waited %v for the new graph", i, d)
		}
	}
	if s.Version() != "a" {
		t.Errorf("version %q before the new graph opened", s.Version())
	}
	close(release)
	deadline := time.Now().Add(10 * time.Second)
	for s.Version() != "b" {
		if time.Now().After(deadline) {
			t.Fatal("the new graph was never taken")
		}
		get(t, ts.URL, "/api/entity/didi", 200, nil)
		time.Sleep(20 * time.Millisecond)
	}
}
