package serve

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// hostileRules name entities with markup, quotes and javascript: URLs;
// the corpus's title and sentences carry the same.
const hostileRules = `version: 1
types:
  - {id: company, color: "#4e79a7"}
  - {id: country, color: "#59a14f"}
entities:
  - {id: evil, type: company, name: "<script>window.__pwned=1</script>Evil Corp", aliases: [Evil Corp, "javascript:window.__pwned=2"]}
  - {id: quote, type: company, name: "\"><img src=x onerror=\"window.__pwned=3\">", aliases: [Quote Ltd]}
  - {id: china, type: country, name: "China'); window.__pwned=4; ('", aliases: [China]}
predicates:
  - {id: located_in, subject: [company], object: [country]}
rules:
  - id: "based-in"
    predicate: located_in
    patterns: ["{subject} ...8 based in {object}"]
`

var hostileCorpus = map[string]string{
	"hostile.txt": `<img src=x onerror="window.__pwned=5"> and <script>window.__pwned=6</script>` + "\n" +
		`Evil Corp is based in China, "a firm <script>window.__pwned=7</script>" said.` + "\n" +
		`Quote Ltd is based in China (see javascript:window.__pwned=8 ' " </textarea>) too.` + "\n",
}

// TestHostileJSON: the API hands hostile text back as it is, inside JSON
// strings, never as markup, with a content type no browser renders.
func TestHostileJSON(t *testing.T) {
	dir := buildGraph(t, t.TempDir(), hostileRules, hostileCorpus)
	_, ts := newServer(t, dir, Options{})
	resp, err := http.Get(ts.URL + "/api/entity/evil")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if strings.Contains(string(body), "<script>") {
		t.Errorf("raw <script> in a JSON answer: %s", body)
	}
	var card struct{ Name string }
	json.Unmarshal(body, &card)
	if card.Name != "<script>window.__pwned=1</script>Evil Corp" {
		t.Errorf("name %q", card.Name)
	}
}

// TestHostileBrowser opens every view of a graph whose names, title and
// sentences hold markup, quotes and javascript: URLs, in a real browser,
// and checks that none of it ran or became an element, and that the text
// shows as written.
func TestHostileBrowser(t *testing.T) {
	ctx := browser(t)
	dir := buildGraph(t, t.TempDir(), hostileRules, hostileCorpus)
	_, ts := newServer(t, dir, Options{})
	do(t, ctx, "opening the page", chromedp.Navigate(ts.URL+"/"))
	wait(t, ctx, "page ready", `document.body.dataset.ready === "1"`)

	do(t, ctx, "searching", chromedp.SendKeys("#q", "evil"))
	wait(t, ctx, "search shows the hostile name as text", `[...document.querySelectorAll("#suggest li[role=option]")].some(li => li.textContent.includes("<script>window.__pwned=1</script>Evil Corp"))`)
	do(t, ctx, "searching by the javascript: alias", chromedp.Evaluate[chromedp.Void](`document.querySelector("#q").value = ""`), chromedp.SendKeys("#q", "javascript:"))
	wait(t, ctx, "the alias matched", `[...document.querySelectorAll("#suggest li[role=option]")].some(li => li.textContent.includes("javascript:window.__pwned=2"))`)
	do(t, ctx, "picking it", chromedp.Click("#suggest li[role=option]"))
	wait(t, ctx, "the card", `document.querySelector("#panel-main h2") && document.querySelector("#panel-main h2").textContent === "<script>window.__pwned=1</script>Evil Corp"`)
	wait(t, ctx, "the picture", `document.querySelectorAll("#nodes .node").length >= 2`)
	for _, h := range []string{"#evidence/evil/located_in/china", "#evidence/quote/located_in/china", "#doc/hostile", "#entity/quote", "#entity/china"} {
		do(t, ctx, "opening "+h, chromedp.Evaluate[chromedp.Void](`location.hash = `+jsString(h)))
		wait(t, ctx, h, `document.querySelector("#panel-main h2") !== null && !document.querySelector(".error")`)
	}
	wait(t, ctx, "the title shown as text", `(location.hash = "#doc/hostile", true)`)
	wait(t, ctx, "the document's title as text", `document.querySelector("#panel-main h2").textContent === '<img src=x onerror="window.__pwned=5"> and <script>window.__pwned=6</script>'`)
	do(t, ctx, "the path finder", chromedp.Click("#tab-path"), chromedp.SendKeys("#p-from", "evil"), chromedp.SendKeys("#p-to", "quote"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#pathform").requestSubmit()`))
	wait(t, ctx, "the path", `document.querySelectorAll("#paths .hop").length === 2`)
	do(t, ctx, "drawing it", chromedp.Click("#paths .path button"))

	// Nothing ran, no element came from the data, and the text is intact.
	inert, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__pwned === undefined &&
		document.querySelectorAll("img, iframe, object, embed, textarea, a[href^='javascript']").length === 0 &&
		document.scripts.length === 1 &&
		document.querySelector("#paths").textContent.includes("(see javascript:window.__pwned=8 ' \" </textarea>)") &&
		[...document.querySelectorAll("#nodes text")].some(t => t.textContent.startsWith("\"><img src=x onerror="))`))
	if err != nil || !inert {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({pwned: window.__pwned, elements: document.querySelectorAll("img, iframe, object, embed, textarea").length, scripts: document.scripts.length, paths: document.querySelector("#paths").textContent.slice(0, 600)})`))
		t.Fatalf("the page is not inert (%v): %s", err, state)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
