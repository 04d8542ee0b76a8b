package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/export"
)

// get fetches a path of the server and decodes its JSON into v, checking
// the status.
func get(t testing.TB, base, path string, want int, v any) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d: %s", path, resp.StatusCode, want, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v: %s", path, err, body)
		}
	}
}

func TestAPI(t *testing.T) {
	dir := buildGraph(t, t.TempDir(), fixtureRules, fixtureCorpus)
	_, ts := newServer(t, dir, Options{Layout: layout(t)})

	// Search: any case, names and aliases, type filters over subtypes.
	var rs []SearchResult
	get(t, ts.URL, "/api/search?q=DIDI", 200, &rs)
	if len(rs) != 1 || rs[0].ID != "didi" || rs[0].Match != "DiDi" && rs[0].Match != "Didi" {
		t.Errorf("search DIDI: %+v", rs)
	}
	get(t, ts.URL, "/api/search?q=c&type=actor&limit=10", 200, &rs)
	var got []string
	for _, r := range rs {
		got = append(got, r.ID)
	}
	if strings.Join(got, " ") != "cac china didi" {
		t.Errorf("search c over actors: %q", got)
	}
	get(t, ts.URL, "/api/search?q=c&type=agency", 200, &rs)
	if len(rs) != 1 || rs[0].ID != "cac" {
		t.Errorf("search c over agencies: %+v", rs)
	}
	get(t, ts.URL, "/api/search?q=c&limit=1000", 400, nil)

	// Types with their styles, inherited or not.
	var types []TypeInfo
	get(t, ts.URL, "/api/types", 200, &types)
	styles := map[string]string{}
	for _, ty := range types {
		styles[ty.ID] = ty.Style.Color + " " + ty.Style.Shape
	}
	if styles["agency"] != "#e15759 ellipse" || styles["company"] != "#4e79a7 box" {
		t.Errorf("types: %v", styles)
	}

	// The card of Didi: the CAC's review with its sentence.
	var card struct {
		ID string `json:"id"`
		In []struct {
			Relation string `json:"relation"`
			Facts    []struct {
				Other   struct{ ID string }
				Example struct{ Sentence string }
			}
		} `json:"in"`
	}
	get(t, ts.URL, "/api/entity/didi", 200, &card)
	if len(card.In) != 1 || card.In[0].Relation != "reviewed" || card.In[0].Facts[0].Other.ID != "cac" ||
		card.In[0].Facts[0].Example.Sentence != "In July the CAC opened a security review of Didi after its listing." {
		t.Errorf("card of didi: %+v", card)
	}
	get(t, ts.URL, "/api/entity/nobody", 404, nil)

	// The path from Tesla to the CAC, every hop with evidence.
	var pa PathsAnswer
	get(t, ts.URL, "/api/path?from=Tesla&to=cac&k=3", 200, &pa)
	if len(pa.Paths) != 1 || len(pa.Paths[0].Hops) != 3 {
		t.Fatalf("path tesla cac: %+v", pa)
	}
	for _, h := range pa.Paths[0].Hops {
		if len(h.Links) == 0 || len(h.Links[0].Evidence) == 0 || h.Links[0].Evidence[0].Sentence == "" {
			t.Errorf("hop %s-%s without evidence: %+v", h.From, h.To, h)
		}
	}
	get(t, ts.URL, "/api/path?from=tesla&to=nobody", 404, nil)
	get(t, ts.URL, "/api/path?from=tesla&to=cac&by=length", 400, nil)

	// The evidence of an edge, in its paragraph.
	var ea EvidenceAnswer
	get(t, ts.URL, "/api/evidence?from=cac&relation=reviewed&to=didi", 200, &ea)
	if len(ea.Evidence) != 1 || len(ea.Docs) != 1 || ea.Docs[0].Date != "2021" || ea.Docs[0].File != "corpus/review-2021.txt" {
		t.Fatalf("evidence: %+v", ea)
	}
	var pieces []string
	for _, p := range ea.Evidence[0].Paragraph {
		pieces = append(pieces, p.Kind+":"+p.Text)
	}
	want := []string{"text:The regulator moved quickly. ", "sentence:In July ", "match:the CAC opened a security review of Didi",
		"sentence: after its listing.", "text: The app stores dropped it the same week."}
	if strings.Join(pieces, "|") != strings.Join(want, "|") {
		t.Errorf("paragraph:\n got %q\nwant %q", pieces, want)
	}
	if ev := ea.Evidence[0]; ev.Rule != "opened-review" || !strings.HasPrefix(ev.RulePos, "graph.yaml:") {
		t.Errorf("evidence rule: %+v", ev)
	}
	get(t, ts.URL, "/api/evidence?from=cac&relation=maybe_fined&to=meituan", 200, &ea)
	if len(ea.Evidence) != 1 || ea.Evidence[0].Modality != "hedged" {
		t.Errorf("hedged evidence: %+v", ea)
	}

	// A document and what was read from it.
	var da DocumentAnswer
	get(t, ts.URL, "/api/document/review-2021", 200, &da)
	if da.Title != "A review and a fine" || len(da.Facts) != 2 || da.Facts[0].Relation != "reviewed" || len(da.Mentions) != 3 {
		t.Errorf("document: %+v", da)
	}
	get(t, ts.URL, "/api/document/nothing", 404, nil)

	// A view of given entities, and its SVG.
	var v View
	get(t, ts.URL, "/api/view?id=didi,cac,china", 200, &v)
	if len(v.Entities) != 3 || len(v.Edges) != 2 || v.Styles["agency"].Shape != "ellipse" {
		t.Errorf("view: %+v", v)
	}
	if layout(t) == nil {
		t.Log("no Graphviz dot on $PATH: the SVG of a view is not checked")
		return
	}
	resp, err := http.Get(ts.URL + "/api/view.svg?id=didi,cac")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(string(body), "<svg") || !strings.Contains(string(body), "reviewed") {
		t.Errorf("view.svg: %d %s %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

func TestSafeByDefault(t *testing.T) {
	dir := buildGraph(t, t.TempDir(), fixtureRules, fixtureCorpus)
	_, ts := newServer(t, dir, Options{})

	resp, err := http.Get(ts.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("page CSP: %q", csp)
	}
	// No query without -allow-query; nothing but GET elsewhere.
	for _, tc := range []struct {
		method, path, body string
		want               int
	}{
		{"POST", "/api/query", `g.V().All()`, 403},
		{"POST", "/api/entity/didi", ``, 405},
		{"DELETE", "/api/entity/didi", ``, 405},
		{"PUT", "/", `x`, 405},
		{"GET", "/api/search?q=" + strings.Repeat("x", 9000), ``, 414},
		{"GET", "/api/neighbors/didi?depth=9", ``, 400},
		{"GET", "/api/view?id=" + strings.Repeat("a,", 400), ``, 400},
	} {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s %.60s: status %d, want %d", tc.method, tc.path, resp.StatusCode, tc.want)
		}
	}
	// Another name for 127.0.0.1 (DNS rebinding) gets nothing.
	req, _ := http.NewRequest("GET", ts.URL+"/api/entity/didi", nil)
	req.Host = "evil.example:80"
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: status %d", resp.StatusCode)
	}
}

func TestQuery(t *testing.T) {
	dir := buildGraph(t, t.TempDir(), fixtureRules, fixtureCorpus)
	_, ts := newServer(t, dir, Options{AllowQuery: true, QueryLimit: 2, QueryTimeout: 300_000_000})
	post := func(body string) (int, string) {
		resp, err := http.Post(ts.URL+"/api/query", "text/plain", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(`g.V("<ent:cac>").Out("<rel:reviewed>").All()`); code != 200 || !strings.Contains(body, "<ent:didi>") {
		t.Errorf("query: %d %s", code, body)
	}
	if code, body := post(`g.V().All()`); code != 200 || strings.Count(body, "\"id\"") != 2 {
		t.Errorf("query over the limit: %d %s", code, body)
	}
	if code, body := post(`while (true) {}`); code != 400 || !strings.Contains(body, "time limit") {
		t.Errorf("endless query: %d %s", code, body)
	}
	if code, _ := post(strings.Repeat(" ", 70<<10)); code != 413 {
		t.Errorf("huge query: %d", code)
	}
}

// layout is Graphviz's dot when it is installed (CI installs it), or nil.
func layout(t testing.TB) *export.Layout {
	p, err := exec.LookPath("dot")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("Graphviz's dot is not installed")
		}
		return nil
	}
	return &export.Layout{Path: p}
}
