package serve

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// shot, when set, is where TestBrowser keeps its screenshot of the
// neighbourhood (docs/ keeps one of the shipped graph: see shotURL).
var (
	shot    = flag.String("shot", "", "write the browser test's screenshot of the picture to this PNG file")
	shotURL = flag.String("shot.url", "", "with -shot: take the screenshot of this running server (e.g. http://127.0.0.1:8080/#entity/didi) instead")
)

// browser starts headless Chromium for a test, or skips the test when
// there is none (and fails it under CI, which installs Chromium).
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if _, err2 := os.Stat("/usr/bin/chromium"); err2 == nil {
			path = "/usr/bin/chromium"
		} else if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed (CI=true: .ci/run installs it with apt-get install chromium)")
		} else {
			t.Skip("chromium is not installed; apt-get install chromium to run the browser tests")
		}
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 860),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return ctx
}

// wait polls a JavaScript condition until it holds.
func wait(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		var page string
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		page, _ = chromedp.Run(pctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 2000)`))
		cancel()
		t.Fatalf("%s: %v (waiting for %s)\npage:\n%s", what, err, cond, page)
	}
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestBrowser drives the page in headless Chromium: search finds Didi,
// its card shows the CAC's review with its sentence, the path from Tesla
// to the CAC comes with evidence on every hop, the evidence view marks
// the match in its paragraph, and the picture of the neighbourhood is
// not blank.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	url := *shotURL
	if url == "" {
		dir := buildGraph(t, t.TempDir(), fixtureRules, fixtureCorpus)
		_, ts := newServer(t, dir, Options{})
		url = ts.URL + "/"
	}
	do(t, ctx, "opening the page", chromedp.Navigate(url))
	wait(t, ctx, "page ready", `document.body.dataset.ready === "1"`)
	if *shotURL != "" {
		keepShot(t, ctx)
		return
	}

	do(t, ctx, "typing a search", chromedp.SendKeys("#q", "didi"))
	wait(t, ctx, "search finds Didi", `[...document.querySelectorAll("#suggest li[role=option]")].some(li => li.textContent.includes("Didi Chuxing"))`)
	do(t, ctx, "picking Didi", chromedp.Click("#suggest li[role=option]"))
	wait(t, ctx, "the card of Didi", `document.querySelector("#panel-main h2") && document.querySelector("#panel-main h2").textContent === "Didi Chuxing"`)
	wait(t, ctx, "the card shows the CAC's review with its sentence",
		`(t => t.includes("reviewed") && t.includes("Cyberspace Administration of China") && t.includes("In July the CAC opened a security review of Didi after its listing."))(document.querySelector("#panel-main").textContent)`)

	// The neighbourhood is drawn, in the types' colours.
	wait(t, ctx, "the neighbourhood drawn", `document.querySelectorAll("#nodes .node").length >= 3 && document.querySelectorAll("#edges .edge").length >= 2`)
	time.Sleep(2 * time.Second) // let the layout settle
	png, err := chromedp.Run(ctx, chromedp.Screenshot("#graph"))
	if err != nil {
		t.Fatal(err)
	}
	checkNotBlank(t, png)
	if *shot != "" {
		if err := os.WriteFile(*shot, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Clicking an edge opens its evidence, the match marked in its paragraph.
	do(t, ctx, "opening an edge's evidence", chromedp.Evaluate[chromedp.Void](`location.hash = "#evidence/cac/reviewed/didi"`))
	wait(t, ctx, "the evidence view", `(p => p.querySelector("mark") && p.querySelector("mark").textContent === "the CAC opened a security review of Didi" && p.textContent.includes("The regulator moved quickly.") && p.textContent.includes("opened-review (graph.yaml:"))(document.querySelector("#panel-main"))`)

	// The path finder from Tesla to the CAC, with evidence on every hop.
	do(t, ctx, "opening the path finder", chromedp.Click("#tab-path"),
		chromedp.SendKeys("#p-from", "tesla"), chromedp.SendKeys("#p-to", "cac"))
	do(t, ctx, "finding paths", chromedp.Evaluate[chromedp.Void](`document.querySelector("#pathform").requestSubmit()`))
	wait(t, ctx, "the path from Tesla to the CAC", `document.querySelectorAll("#paths .path").length >= 1`)
	wait(t, ctx, "every hop with evidence", `(p => p.querySelectorAll(".hop").length === 3 && [...p.querySelectorAll(".hop")].every(h => h.querySelector(".example")) && p.textContent.includes("Tesla said it would keep all of its car data in China from now on."))(document.querySelector("#paths .path"))`)
	do(t, ctx, "drawing the path", chromedp.Click("#paths .path button"))
	wait(t, ctx, "the path highlighted", `document.querySelectorAll("#edges .edge.hl").length >= 3`)

	// The document view.
	do(t, ctx, "opening a document", chromedp.Evaluate[chromedp.Void](`location.hash = "#doc/review-2021"`))
	wait(t, ctx, "the document view", `(p => p.querySelector("h2").textContent === "A review and a fine" && p.textContent.includes("maybe_fined"))(document.querySelector("#panel-main"))`)
}

// checkNotBlank fails unless a screenshot has drawing on it: enough pixels
// unlike the background, and some in a type's colour.
func checkNotBlank(t *testing.T, data []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	var ink, blue int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 235 || g < 235 || bl < 235 {
				ink++
			}
			if near(r, 0x4e) && near(g, 0x79) && near(bl, 0xa7) {
				blue++
			}
		}
	}
	total := b.Dx() * b.Dy()
	if ink*200 < total || blue < 100 {
		t.Errorf("the picture looks blank: %d of %d pixels drawn, %d in the companies' colour", ink, total, blue)
	}
	_ = image.Point{}
}

func near(a, b uint32) bool { return a+6 >= b && a <= b+6 }

// keepShot waits for the page a running server shows at -shot.url and
// writes a screenshot of the whole window to -shot.
func keepShot(t *testing.T, ctx context.Context) {
	wait(t, ctx, "the picture", `document.querySelectorAll("#nodes .node").length >= 2`)
	time.Sleep(3 * time.Second)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if *shot == "" {
		t.Fatal("-shot.url needs -shot FILE")
	}
	if err := os.WriteFile(*shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	_ = strings.Contains
}
