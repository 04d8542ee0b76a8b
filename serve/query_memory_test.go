package serve

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestQueryMemory: POST /api/query stops a program at the server's query
// memory cap with a 400 that says so, and the server answers afterwards.
func TestQueryMemory(t *testing.T) {
	dir := buildGraph(t, t.TempDir(), fixtureRules, fixtureCorpus)
	_, ts := newServer(t, dir, Options{AllowQuery: true, QueryTimeout: 5 * time.Minute, QueryMemory: 64 << 20})
	post := func(body string) (int, string) {
		resp, err := http.Post(ts.URL+"/api/query", "text/plain", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(`function f(n) { return f(n + 1) + 1 }; f(0)`); code != 400 || !strings.Contains(body, "query stopped: memory limit 64 MiB exceeded") {
		t.Errorf("endless recursion: %d %s", code, body)
	}
	if code, body := post(`g.V("<ent:cac>").Out("<rel:reviewed>").All()`); code != 200 || !strings.Contains(body, "<ent:didi>") {
		t.Errorf("query after: %d %s", code, body)
	}
}
