// Command serveload sends concurrent requests to a graphbuild server on
// this machine and reports their latency: the load half of bench/serve.sh.
//
//	serveload -url http://127.0.0.1:8080 -kind card -clients 16 -n 2000 -ids 'e%d' -range 100000
//
// Each request asks for a random entity's card (-kind card), or the best
// path between two random entities (-kind path), or the neighbourhood of
// one (-kind neighbors); ids are -ids with a number below -range put in,
// drawn with a fixed seed, so runs ask the same questions. It stops
// after -n requests or -duration, whichever comes first, and refuses a
// server that is not on a loopback address.
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server (loopback only)")
	kind := flag.String("kind", "card", "what to ask: card, path or neighbors")
	clients := flag.Int("clients", 16, "concurrent clients (1 to 256)")
	n := flag.Int("n", 2000, "requests in all (at most 1,000,000)")
	dur := flag.Duration("duration", time.Minute, "stop after this long (at most 10m)")
	ids := flag.String("ids", "e%d", "entity ids, as a format with one number")
	rng := flag.Int("range", 100000, "numbers put into -ids: 0 to range-1")
	seed := flag.Uint64("seed", 1, "random seed of the ids")
	flag.Parse()
	u, err := url.Parse(*base)
	if err != nil || u.Scheme != "http" {
		fail("-url: want http://127.0.0.1:PORT, got %q", *base)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fail("-url: %s is not a loopback address; serveload only loads this machine", u.Hostname())
	}
	if *clients < 1 || *clients > 256 || *n < 1 || *n > 1_000_000 || *dur <= 0 || *dur > 10*time.Minute || *rng < 1 {
		fail("-clients 1..256, -n 1..1000000, -duration up to 10m, -range at least 1")
	}
	path := func(r *rand.Rand) string {
		id := func() string { return url.PathEscape(fmt.Sprintf(*ids, r.IntN(*rng))) }
		switch *kind {
		case "card":
			return "/api/entity/" + id()
		case "neighbors":
			return "/api/neighbors/" + id()
		case "path":
			return "/api/path?k=1&from=" + id() + "&to=" + id()
		}
		fail("-kind: want card, path or neighbors, got %q", *kind)
		return ""
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients}}
	var (
		mu     sync.Mutex
		took   []time.Duration
		errs   = map[string]int{}
		next   = 0
		wg     sync.WaitGroup
		start  = time.Now()
		ending = start.Add(*dur)
	)
	for c := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(*seed, uint64(c)))
			for {
				mu.Lock()
				if next >= *n || time.Now().After(ending) {
					mu.Unlock()
					return
				}
				next++
				mu.Unlock()
				p := path(r)
				t0 := time.Now()
				resp, err := client.Get(*base + p)
				var code string
				if err != nil {
					code = err.Error()
				} else {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 && resp.StatusCode != 404 {
						code = resp.Status // 404: an entity in no fact, a fine answer
					}
				}
				d := time.Since(t0)
				mu.Lock()
				took = append(took, d)
				if code != "" {
					errs[code]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	wall := time.Since(start)
	slices.Sort(took)
	q := func(f float64) time.Duration {
		return took[min(len(took)-1, int(f*float64(len(took))))].Round(10 * time.Microsecond)
	}
	nerr := 0
	for _, c := range errs {
		nerr += c
	}
	fmt.Printf("%s: %d requests, %d clients, %v: %.0f req/s; p50 %v, p90 %v, p99 %v, max %v; %d errors\n",
		*kind, len(took), *clients, wall.Round(time.Millisecond), float64(len(took))/wall.Seconds(), q(0.5), q(0.9), q(0.99), took[len(took)-1].Round(10*time.Microsecond), nerr)
	for c, k := range errs {
		fmt.Printf("  %d × %s\n", k, c)
	}
	if nerr > 0 {
		os.Exit(1)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "serveload: "+format+"\n", args...)
	os.Exit(2)
}
