package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

func TestResolve(t *testing.T) {
	ents := []schema.Entity{
		{ID: "tesla", Type: "company", Name: "Tesla"},
		{ID: "cac", Type: "agency", Name: "Cyberspace Administration of China", Aliases: []string{"CAC"}},
		{ID: "pboc", Type: "agency", Name: "People's Bank of China", Aliases: []string{"PBOC"}},
		{ID: "jack-ma", Name: "Jack Ma", Aliases: []string{"Ma"}},
		{ID: "pony-ma", Name: "Pony Ma", Aliases: []string{"ma"}},
		{ID: "apple", Type: "company", Name: "Apple Inc"},
		{ID: "fruit", Name: "Apple"},
		{ID: "São Paulo", Type: "place", Name: "São Paulo", Aliases: []string{"Sampa"}},
		{ID: "didi", Type: "company", Name: "Didi Chuxing", Aliases: []string{"Didi", "DiDi"}},
	}
	g := factGraph(t, ents, []tfact{{s: "cac", p: "reviewed", o: "didi", doc: "d"}})
	cases := []struct{ name, want string }{
		{"tesla", "tesla"},    // an id
		{"Tesla", "tesla"},    // a name
		{"TESLA", "tesla"},    // any case
		{"  tesla ", "tesla"}, // spaces around
		{"CAC", "cac"},        // an alias
		{"cac", "cac"},        // the id, which the alias is too
		{"cyberspace administration of china", "cac"}, // a name in any case
		{"People’s Bank of China", "pboc"},            // a curly apostrophe
		{"Ma", "jack-ma"},                             // exactly as written first
		{"ma", "pony-ma"},                             // likewise
		{"apple", "apple"},                            // an id before a name
		{"Apple", "fruit"},                            // a name as written before an id in another case
		{"APPLE", "apple"},                            // then ids in any case before names
		{"São Paulo", "São Paulo"},                    // an id that needs escaping
		{"são paulo", "São Paulo"},                    // in any case
		{"sampa", "São Paulo"},                        // an alias in any case
		{"DiDi", "didi"},                              // two aliases of one entity
		{"didi chuxing", "didi"},                      // a name in any case
	}
	// Through the names file of the build, then (a store without one) by
	// reading every name.
	dir, err := filepath.EvalSymlinks(g.path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, namesName)); err != nil {
		t.Fatalf("the build wrote no names file: %v", err)
	}
	for _, indexed := range []bool{true, false} {
		if !indexed {
			os.Remove(filepath.Join(dir, namesName))
		}
		for _, tc := range cases {
			e, err := g.Resolve(t.Context(), tc.name)
			if err != nil || e.ID != tc.want {
				t.Errorf("indexed %v: Resolve(%q) = %q, %v; want %q", indexed, tc.name, e.ID, err, tc.want)
			}
		}
	}
	e, _ := g.Resolve(t.Context(), "didi")
	if want := (Entity{ID: "didi", Type: "company", Name: "Didi Chuxing", Aliases: []string{"DiDi", "Didi"}}); e.ID != want.ID || e.Type != want.Type || e.Name != want.Name || len(e.Aliases) != 2 || e.Aliases[0] != "DiDi" {
		t.Errorf("Resolve(didi) = %+v, want %+v", e, want)
	}

	for _, tc := range []struct{ name, want string }{
		{"MA", `"MA" names 2 entities: "jack-ma" (Jack Ma), "pony-ma" (Pony Ma); give an id`},
		{"tesal", `unknown entity "tesal" (did you mean "tesla" (Tesla)?)`},
		{"Didy Chuxing", `unknown entity "Didy Chuxing" (did you mean "didi" (Didi Chuxing)?)`},
		{"bank of china", `unknown entity "bank of china" (did you mean "pboc" (People's Bank of China)?)`},
		{"Cyberspace", `unknown entity "Cyberspace" (did you mean "cac" (Cyberspace Administration of China)?)`},
		{"sao paulo", `unknown entity "sao paulo" (did you mean "São Paulo"?)`},
		{"zzzz", `unknown entity "zzzz"`},
		{"", `unknown entity ""`},
	} {
		_, err := g.Resolve(t.Context(), tc.name)
		var ne *NameError
		if !errors.As(err, &ne) || err.Error() != tc.want {
			t.Errorf("Resolve(%q): error %v, want %s", tc.name, err, tc.want)
		}
	}
}
