package store

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestBuildAndQuery(t *testing.T) {
	out := t.TempDir() + "/out"
	st := build(t, out, testRules(), testDocs())
	if want := (Stats{Quads: st.Quads, Documents: 2, Evidence: 4, Edges: 3}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	g := open(t, out)

	for _, tc := range []struct {
		query string
		want  []string
	}{
		// The fact edge, stated twice in a-2021, once in b.
		{`g.V("<ent:cac>").Out("<rel:reviewed>").All()`, []string{"<ent:didi>"}},
		{`g.V("<ent:didi>").In("<rel:reviewed>").All()`, []string{"<ent:cac>"}},
		// The edge's quad label is the document that states it.
		{`g.V("<ent:cac>").LabelContext("<doc:a-2021>").Out("<rel:reviewed>").All()`, []string{"<ent:didi>"}},
		{`g.V("<ent:cac>").LabelContext("<doc:b>").Out("<rel:reviewed>").All()`, nil},
		{`g.V("<rel:reviewed>").Out("<gb:label>").All()`, []string{"opened a review into"}},
		{`g.V("<rel:licensed>").Out("<gb:label>").All()`, []string{"licensed"}},
		// Negated and hedged facts never appear as plain ones.
		{`g.V("<ent:pboc>").Out("<rel:not_licensed>").All()`, []string{"<ent:sesame-credit>"}},
		{`g.V("<ent:pboc>").Out("<rel:licensed>").All()`, nil},
		{`g.V("<ent:S%C3%A3o%20Paulo>").Out("<rel:maybe_hosts>").All()`, []string{"<ent:didi>"}},
		// Mentions, once per entity and document.
		{`g.V("<doc:a-2021>").In("<gb:mentionedIn>").All()`, []string{"<ent:cac>", "<ent:didi>", "<ent:pboc>", "<ent:sesame-credit>"}},
		{`g.V("<ent:didi>").Out("<gb:mentionedIn>").All()`, []string{"<doc:a-2021>", "<doc:b>"}},
		// Every evidence of a fact, and where it came from.
		{`g.V().Has("<gb:subject>", "<ent:cac>").Has("<gb:predicate>", "<rel:reviewed>").All()`, []string{"<ev:a-2021/1>", "<ev:a-2021/2>"}},
		{`g.V().Has("<gb:type>", "<type:evidence>").Has("<gb:modality>", "negated").Out("<gb:document>").All()`, []string{"<doc:a-2021>"}},
		// Schema quads.
		{`g.V("<type:company>").Out("<gb:parent>").All()`, []string{"<type:actor>"}},
		{`g.V("<ent:didi>").Out("<gb:alias>").All()`, []string{"DiDi", "Didi"}},
		{`g.V("São Paulo").In("<gb:name>").All()`, []string{"<ent:S%C3%A3o%20Paulo>"}},
	} {
		if got := ids(t, g, tc.query); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %q, want %q", tc.query, got, tc.want)
		}
	}
}

// TestEvidence reads back every attribute of two evidence nodes.
func TestEvidence(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	attrs := func(ev string) map[string]any {
		q := `var ev = "` + ev + `", r = {};
			g.V(ev).OutPredicates().ForEach(function(p) {
				r[p.id] = g.V(ev).Out(p.id).ToArray();
			});
			g.Emit(r);`
		var rs []map[string]any
		if err := json.Unmarshal([]byte(run(t, g, q, 0)), &rs); err != nil || len(rs) != 1 {
			t.Fatalf("%s: %v, %d results", ev, err, len(rs))
		}
		return rs[0]
	}
	one := func(s string) []any { return []any{s} }
	for _, tc := range []struct {
		ev   string
		want map[string]any
	}{
		{"<ev:a-2021/1>", map[string]any{
			"<gb:type>":          one("<type:evidence>"),
			"<gb:subject>":       one("<ent:cac>"),
			"<gb:predicate>":     one("<rel:reviewed>"),
			"<gb:object>":        one("<ent:didi>"),
			"<gb:document>":      one("<doc:a-2021>"),
			"<gb:sentence>":      one("In 2017, the CAC opened a review into Didi."),
			"<gb:start>":         one("10"),
			"<gb:end>":           one("44"),
			"<gb:sentenceStart>": one("0"),
			"<gb:sentenceEnd>":   one("45"),
			"<gb:rule>":          one("opened-review"),
			"<gb:rulePos>":       one("graph.yaml:12:5"),
			"<gb:date>":          one("2017"),
		}},
		{"<ev:a-2021/2>", map[string]any{
			"<gb:type>":          one("<type:evidence>"),
			"<gb:subject>":       one("<ent:cac>"),
			"<gb:predicate>":     one("<rel:reviewed>"),
			"<gb:object>":        one("<ent:didi>"),
			"<gb:document>":      one("<doc:a-2021>"),
			"<gb:sentence>":      one("It opened a second review into Didi."),
			"<gb:start>":         one("60"),
			"<gb:end>":           one("81"),
			"<gb:sentenceStart>": one("46"),
			"<gb:sentenceEnd>":   one("82"),
			"<gb:rule>":          one("opened-review"),
			"<gb:rulePos>":       one("graph.yaml:12:5"),
			"<gb:subjectVia>":    one("It"),
		}},
		{"<ev:a-2021/3>", map[string]any{
			"<gb:type>":          one("<type:evidence>"),
			"<gb:subject>":       one("<ent:pboc>"),
			"<gb:predicate>":     one("<rel:not_licensed>"),
			"<gb:object>":        one("<ent:sesame-credit>"),
			"<gb:modality>":      one("negated"),
			"<gb:document>":      one("<doc:a-2021>"),
			"<gb:sentence>":      one("The PBOC did not license Sesame Credit."),
			"<gb:start>":         one("100"),
			"<gb:end>":           one("143"),
			"<gb:sentenceStart>": one("96"),
			"<gb:sentenceEnd>":   one("144"),
			"<gb:rule>":          one("licence"),
			"<gb:rulePos>":       one("graph.yaml:20:7"),
		}},
		{"<ev:b/1>", map[string]any{
			"<gb:type>":          one("<type:evidence>"),
			"<gb:subject>":       one("<ent:S%C3%A3o%20Paulo>"),
			"<gb:predicate>":     one("<rel:maybe_hosts>"),
			"<gb:object>":        one("<ent:didi>"),
			"<gb:modality>":      one("hedged"),
			"<gb:document>":      one("<doc:b>"),
			"<gb:sentence>":      one("São Paulo may host \"Didi\"\tnow\\then,\nsaid one."),
			"<gb:start>":         one("0"),
			"<gb:end>":           one("24"),
			"<gb:sentenceStart>": one("0"),
			"<gb:sentenceEnd>":   one("50"),
			"<gb:rule>":          one("hosts"),
			"<gb:rulePos>":       one("graph.yaml:30:3"),
		}},
	} {
		if got := attrs(tc.ev); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.ev, got, tc.want)
		}
	}
}

// TestQueryOutput pins the output format: an indented JSON array, tags
// sorted, IRIs in angle brackets, a value's own type kept.
func TestQueryOutput(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	for _, tc := range []struct {
		query string
		limit int
		want  string
	}{
		{`g.V("<ent:cac>").Tag("s").Out("<rel:reviewed>").Tag("o").All()`, 0,
			"[\n  {\n    \"id\": \"<ent:didi>\",\n    \"o\": \"<ent:didi>\",\n    \"s\": \"<ent:cac>\"\n  }\n]\n"},
		{`g.V("<ent:nobody>").All()`, 0, "[]\n"},
		{`g.Emit(g.V("<type:actor>").In("<gb:parent>").Count()); g.Emit("ok")`, 0, "[\n  2,\n  \"ok\"\n]\n"},
		{`g.V("<ent:didi>").Out("<gb:alias>").All()`, 1, "[\n  {\n    \"id\": \"DiDi\"\n  }\n]\n"}, // sorted: D < d
		{`for (var i = 0; i < 100; i++) g.Emit(i)`, 3, "[\n  0,\n  1,\n  2\n]\n"},
		{`1 + 1`, 0, "[]\n"}, // a program's own value is not a result
	} {
		if got := run(t, g, tc.query, tc.limit); got != tc.want {
			t.Errorf("%s (limit %d):\n got %q\nwant %q", tc.query, tc.limit, got, tc.want)
		}
	}
}

func TestQueryLimit(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	all := strings.Count(run(t, g, `g.V().All()`, 0), `"id"`)
	if all < 20 {
		t.Fatalf("g.V().All() gave %d nodes; want many", all)
	}
	for _, limit := range []int{1, 5, all, all + 10} {
		got := strings.Count(run(t, g, `g.V().All()`, limit), `"id"`)
		if want := min(limit, all); got != want {
			t.Errorf("limit %d: %d results, want %d", limit, got, want)
		}
	}
}

func TestQueryErrors(t *testing.T) {
	out := t.TempDir()
	build(t, out, testRules(), testDocs())
	g := open(t, out)
	for _, q := range []string{`g.V(`, `nosuch()`} {
		var buf strings.Builder
		err := g.Query(t.Context(), q, 0, &buf)
		if err == nil || !strings.HasPrefix(err.Error(), "gizmo: ") {
			t.Errorf("%s: error %v, want one starting \"gizmo: \"", q, err)
		}
	}
}
