package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
	"github.com/graphbuild/graphbuild/store"
)

// questionGraph builds a small graph about Tesla, China, Didi and the CAC
// in a temporary out directory, through the store as a build would, and
// returns the directory. Tesla is tied to the CAC in three hops, through
// China and Didi; two people share the alias "Ma".
func questionGraph(t *testing.T) string {
	t.Helper()
	out := t.TempDir()
	questionGraphIn(t, out, out)
	return out
}

// questionGraphIn builds the graph of questionGraph into the store db,
// its N-Quads into out.
func questionGraphIn(t *testing.T, db, out string) {
	t.Helper()
	rules := &schema.File{
		Name: "graph.yaml",
		Types: []schema.Type{
			{ID: "actor"},
			{ID: "company", Parent: "actor", Color: "#4e79a7"},
			{ID: "agency", Parent: "actor", Color: "#e15759"},
			{ID: "person", Parent: "actor", Color: "#f28e2b", Shape: "ellipse"},
			{ID: "country", Parent: "actor", Color: "#59a14f"},
			{ID: "place", Parent: "actor"},
		},
		Entities: []schema.Entity{
			{ID: "tesla", Type: "company", Name: "Tesla", Aliases: []string{"Tesla Inc"}},
			{ID: "china", Type: "country", Name: "China"},
			{ID: "didi", Type: "company", Name: "Didi Chuxing", Aliases: []string{"Didi", "DiDi"}},
			{ID: "cac", Type: "agency", Name: "Cyberspace Administration of China", Aliases: []string{"CAC"}},
			{ID: "shanghai", Type: "place", Name: "Shanghai"},
			{ID: "jack-ma", Type: "person", Name: "Jack Ma", Aliases: []string{"Ma"}},
			{ID: "pony-ma", Type: "person", Name: "Pony Ma", Aliases: []string{"Ma"}},
		},
	}
	ev := func(doc string, n int, s, p, o, sentence string, res ...extract.Resolution) extract.Evidence {
		return extract.Evidence{
			Fact:         extract.Fact{Subject: s, Predicate: p, Object: o},
			Doc:          doc,
			Sentence:     sentence,
			SentenceSpan: extract.Span{Start: 1000 * n, End: 1000*n + len(sentence)},
			Span:         extract.Span{Start: 1000*n + 5, End: 1000*n + 40},
			Rule:         p,
			RulePos:      schema.Pos{Line: 10 * n, Col: 5},
			Resolved:     res,
		}
	}
	ft := &extract.Document{ID: "ft-2021", Path: "corpus/ft-2021.txt", Title: "China and Big Tech", Date: "2021"}
	mv := &extract.Document{ID: "metaviews-2021", Path: "corpus/metaviews-2021.txt", Title: "China's technology moment", Date: "2021"}
	docs := []*extract.Result{
		{
			Doc:      ft,
			Mentions: []extract.Mention{{Entity: "tesla"}, {Entity: "china"}, {Entity: "shanghai"}, {Entity: "didi"}, {Entity: "cac"}},
			Evidence: []extract.Evidence{
				ev("ft-2021", 1, "tesla", "stores_data_in", "china", `"All data generated from cars sold in mainland China will be stored within China," the company said.`,
					extract.Resolution{Slot: "subject", Text: "the company", Entity: "tesla"}),
				ev("ft-2021", 2, "tesla", "built_data_centre_in", "shanghai", "It did so in Shanghai in May.",
					extract.Resolution{Slot: "subject", Text: "It", Entity: "tesla"}),
				ev("ft-2021", 3, "didi", "located_in", "china", "Didi Chuxing, a Chinese ride-hailing company, listed in New York."),
				ev("ft-2021", 4, "cac", "reviewed", "didi", "In response, the CAC opened a national security review into the company and kicked Didi's app off China's online stores.",
					extract.Resolution{Slot: "object", Text: "the company", Entity: "didi"}),
				ev("ft-2021", 4, "cac", "removed_app_of", "didi", "In response, the CAC opened a national security review into the company and kicked Didi's app off China's online stores."),
			},
		},
		{
			Doc:      mv,
			Mentions: []extract.Mention{{Entity: "cac"}, {Entity: "didi"}, {Entity: "jack-ma"}},
			Evidence: []extract.Evidence{
				ev("metaviews-2021", 1, "cac", "reviewed", "didi", "The CAC reviewed Didi in July."),
			},
		},
	}
	w, err := store.CreateIn(db, out, rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range docs {
		if err := w.Add(r); err != nil {
			w.Abort()
			t.Fatal(err)
		}
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestPathCommand(t *testing.T) {
	out := questionGraph(t)
	code, stdout, stderr := graphbuild(t, "path", "-out", out, "tesla", "cac")
	if code != 0 {
		t.Fatalf("path tesla cac: exit %d\n%s", code, stderr)
	}
	golden(t, "path.golden", []byte(stdout))

	// The same by names, in any case, with the flags anywhere.
	for _, args := range [][]string{
		{"path", "-out", out, "Tesla", "Cyberspace Administration of China"},
		{"path", "tesla inc", "CAC", "-out", out},
		{"path", "-out", out, "--", "TESLA", "cyberspace administration of china"},
	} {
		code, got, stderr := graphbuild(t, args...)
		if code != 0 || got != stdout {
			t.Errorf("%q: exit %d, output\n%s\nwant\n%s%s", args, code, got, stdout, stderr)
		}
	}

	code, stdout, stderr = graphbuild(t, "path", "-out", out, "-json", "-k", "3", "shanghai", "cac")
	if code != 0 {
		t.Fatalf("path -json: exit %d\n%s", code, stderr)
	}
	golden(t, "path.json", []byte(stdout))
	var answer struct {
		Paths []store.Path
	}
	if err := json.Unmarshal([]byte(stdout), &answer); err != nil || len(answer.Paths) != 1 || len(answer.Paths[0].Hops) != 4 {
		t.Errorf("path -json: %v, %+v", err, answer)
	}
	// Issue 14's case 10: fewer paths than -k asked for are said to be.
	if want := "graphbuild: 1 path within 4 hops, fewer than -k 3\n"; stderr != want {
		t.Errorf("path -k 3 with one path: stderr %q, want %q", stderr, want)
	}

	code, stdout, stderr = graphbuild(t, "path", "-out", out, "-k", "2", "didi", "cac")
	if code != 0 || !strings.Contains(stdout, "also ◀─reviewed─") || strings.Contains(stdout, "path 2") {
		t.Errorf("path didi cac: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestPathCommandErrors(t *testing.T) {
	out := questionGraph(t)
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"tesla", "cac", "-directed"}, 1, "graphbuild: no directed path from Tesla (tesla) to Cyberspace Administration of China (cac) within 4 hops\n"},
		{[]string{"tesla", "cac", "-max-hops", "2"}, 1, "graphbuild: no path between Tesla (tesla) and Cyberspace Administration of China (cac) within 2 hops\n"},
		{[]string{"tesla", "jack-ma"}, 1, "graphbuild: no path between Tesla (tesla) and Jack Ma (jack-ma) within 4 hops\n"},
		{[]string{"tesal", "cac"}, 1, "graphbuild: unknown entity \"tesal\" (did you mean \"tesla\" (Tesla)?)\n"},
		{[]string{"tesla", "ma"}, 1, "graphbuild: \"ma\" names 2 entities: \"jack-ma\" (Jack Ma), \"pony-ma\" (Pony Ma); give an id\n"},
		{[]string{"tesla", "Tesla Inc"}, 1, "graphbuild: \"tesla\" and \"Tesla Inc\" are the same entity, Tesla (tesla)\n"},
		{[]string{"tesla"}, 2, ""},
		{[]string{"tesla", "cac", "-k", "0"}, 2, ""},
	} {
		code, stdout, stderr := graphbuild(t, append([]string{"path", "-out", out}, tc.args...)...)
		if code != tc.code || tc.stderr != "" && stderr != tc.stderr || stdout != "" {
			t.Errorf("path %q: exit %d, stdout %q, stderr\n%s\nwant exit %d, stderr\n%s", tc.args, code, stdout, stderr, tc.code, tc.stderr)
		}
	}
	// No path in JSON is still JSON, and still exit 1.
	code, stdout, _ := graphbuild(t, "path", "-out", out, "-json", "tesla", "jack-ma")
	if code != 1 || !strings.Contains(stdout, `"paths": []`) {
		t.Errorf("path -json without a path: exit %d\n%s", code, stdout)
	}
	code, _, stderr := graphbuild(t, "path", "-out", filepath.Join(out, "nothing"), "tesla", "cac")
	if code != 1 || !strings.Contains(stderr, "no graph here") {
		t.Errorf("path without a graph: exit %d\n%s", code, stderr)
	}
}

func TestShowCommand(t *testing.T) {
	out := questionGraph(t)
	code, stdout, stderr := graphbuild(t, "show", "-out", out, "didi")
	if code != 0 {
		t.Fatalf("show didi: exit %d\n%s", code, stderr)
	}
	golden(t, "show.golden", []byte(stdout))
	code, stdout, stderr = graphbuild(t, "show", "-out", out, "-json", "Tesla")
	if code != 0 {
		t.Fatalf("show -json: exit %d\n%s", code, stderr)
	}
	golden(t, "show.json", []byte(stdout))
	if code, _, stderr := graphbuild(t, "show", "-out", out, "Didy"); code != 1 || !strings.Contains(stderr, `did you mean "didi"`) {
		t.Errorf("show Didy: exit %d\n%s", code, stderr)
	}
}

func TestNeighborsCommand(t *testing.T) {
	out := questionGraph(t)
	code, stdout, stderr := graphbuild(t, "neighbors", "-out", out, "didi", "-depth", "2")
	if code != 0 {
		t.Fatalf("neighbors: exit %d\n%s", code, stderr)
	}
	golden(t, "neighbors.golden", []byte(stdout))
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"didi", "-depth", "2", "-type", "company,agency"}, "Didi Chuxing (didi): 1 neighbour within 2 hops\n"},
		{[]string{"didi", "-depth", "3", "-predicate", "located_in", "-predicate", "stores_data_in"}, "Didi Chuxing (didi): 2 neighbours within 3 hops\n"},
		{[]string{"shanghai"}, "Shanghai (shanghai): 1 neighbour within 1 hop\n"},
	} {
		code, stdout, stderr := graphbuild(t, append([]string{"neighbors", "-out", out}, tc.args...)...)
		if code != 0 || !strings.HasPrefix(stdout, tc.want) {
			t.Errorf("neighbors %q: exit %d\n%s%s\nwant first line %q", tc.args, code, stdout, stderr, tc.want)
		}
	}
	code, stdout, _ = graphbuild(t, "neighbors", "-out", out, "-json", "cac")
	var answer struct{ Neighbors []store.Neighbor }
	if err := json.Unmarshal([]byte(stdout), &answer); code != 0 || err != nil || len(answer.Neighbors) != 1 || answer.Neighbors[0].ID != "didi" {
		t.Errorf("neighbors -json cac: exit %d, %v\n%s", code, err, stdout)
	}
	if code, _, stderr := graphbuild(t, "neighbors", "-out", out, "-type", "compnay", "didi"); code != 1 || stderr != "graphbuild: unknown type \"compnay\"\n" {
		t.Errorf("neighbors -type compnay: exit %d\n%s", code, stderr)
	}
}

// TestQuestionsOnTheCorpus asks the questions of the graph built
// from the shipped corpus and rules: how Tesla is tied to the CAC (by
// ids and by names alike, with the evidence of every hop) and what the
// graph knows of Didi.
func TestQuestionsOnTheCorpus(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := graphbuild(t, "build", "-rules", "../../graph.yaml", "-corpus", "../../corpus", "-out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	code, byID, stderr := graphbuild(t, "path", "-out", out, "tesla", "cac")
	if code != 0 {
		t.Fatalf("the shipped graph does not tie Tesla to the CAC: exit %d\n%s", code, stderr)
	}
	code, byName, stderr := graphbuild(t, "path", "-out", out, "Tesla", "Cyberspace Administration of China")
	if code != 0 || byName != byID {
		t.Errorf("by names: exit %d\n%s%s\nwant\n%s", code, byName, stderr, byID)
	}
	// Every hop is followed by its evidence: `    DOC: "sentence"`.
	lines := strings.Split(strings.TrimSuffix(byID, "\n"), "\n")
	hop := regexp.MustCompile(`^    (◀─\S+─|─\S+─▶) `)
	evidence := regexp.MustCompile(`^        [^ :]+: ".+"`)
	hops := 0
	for i, l := range lines {
		if hop.MatchString(l) {
			hops++
			if i+1 >= len(lines) || !evidence.MatchString(lines[i+1]) {
				t.Errorf("hop %q has no evidence line after it:\n%s", l, byID)
			}
		}
	}
	if hops == 0 || !strings.HasPrefix(lines[0], plural(hops, "hop")) {
		t.Errorf("path tesla cac: %d hops in\n%s", hops, byID)
	}

	code, card, stderr := graphbuild(t, "show", "-out", out, "didi")
	if code != 0 {
		t.Fatalf("show didi: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"Didi Chuxing (didi)\n", "type       company\n", "\nin: ", "  reviewed\n    ◀ Cyberspace Administration of China (cac)"} {
		if !strings.Contains(card, want) {
			t.Errorf("show didi lacks %q:\n%s", want, card)
		}
	}
}
