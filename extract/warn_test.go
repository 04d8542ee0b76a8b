package extract

import (
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

// warnHead starts the rule files of warningTests. It warns of nothing; the
// section after it starts on line 10.
const warnHead = `version: 1
types:
  - id: actor
  - {id: company, parent: actor}
  - {id: person, parent: actor}
predicates:
  - {id: works_at, subject: [person], object: [company]}
rules:
  - {id: r, predicate: works_at, patterns: ["{subject} works at {object}"]}
`

// collisionTests are rule files that schema.Parse accepts, and the full
// collision warnings of each.
var collisionTests = []struct {
	name string
	src  string
	want string // the warnings, one per line
}{
	{"none", warnHead, ""},

	// Duplicate aliases.
	{"one alias on two entities", warnHead + `entities:
  - {id: didi, type: company, name: Didi Chuxing, aliases: [Didi]}
  - {id: didi-app, type: company, name: Didi}
`, `graph.yaml:12:5: warning: alias "Didi" of entity "didi-app" matches the same text as alias "Didi" of entity "didi" (declared at 11:5), which wins where both match`},
	{"exact case: DiDi is not Didi", warnHead + `entities:
  - {id: didi, type: company, name: Didi}
  - {id: didi-app, type: company, name: DiDi}
`, ""},
	{"fold meets exact", warnHead + `entities:
  - {id: didi, type: company, name: DIDI, case: fold}
  - {id: didi-app, type: company, name: Didi Chuxing, aliases: [Didi]}
`, `graph.yaml:12:5: warning: alias "Didi" of entity "didi-app" matches the same text as alias "DIDI" of entity "didi" (declared at 11:5), which wins where both match`},
	{"exact meets fold", warnHead + `entities:
  - {id: didi, type: company, name: Didi}
  - {id: didi-app, type: company, name: didi, case: fold}
`, `graph.yaml:12:5: warning: alias "didi" of entity "didi-app" matches the same text as alias "Didi" of entity "didi" (declared at 11:5), which wins where both match`},
	{"a lower-case alias also matches capitalised", warnHead + `entities:
  - {id: city, type: company, name: smart city}
  - {id: city-inc, type: company, name: Smart city}
`, `graph.yaml:12:5: warning: alias "Smart city" of entity "city-inc" matches the same text as alias "smart city" of entity "city" (declared at 11:5), which wins where both match`},
	{"only the first letter may be capitalised", warnHead + `entities:
  - {id: city, type: company, name: smart city}
  - {id: city-inc, type: company, name: Smart City}
`, ""},
	{"the same tokens, spaced or quoted differently", warnHead + `entities:
  - {id: gc, type: company, name: Guizhou-Cloud, aliases: ["People’s Bank"]}
  - {id: gc2, type: company, name: Guizhou - Cloud}
  - {id: pb, type: company, name: People's Bank}
`, `graph.yaml:12:5: warning: alias "Guizhou - Cloud" of entity "gc2" matches the same text as alias "Guizhou-Cloud" of entity "gc" (declared at 11:5), which wins where both match
graph.yaml:13:5: warning: alias "People's Bank" of entity "pb" matches the same text as alias "People’s Bank" of entity "gc" (declared at 11:5), which wins where both match`},
	{"one alias on three entities", warnHead + `entities:
  - {id: a, type: company, name: Ant}
  - {id: b, type: company, name: ant, case: fold}
  - {id: c, type: company, name: ANT}
`, `graph.yaml:12:5: warning: alias "ant" of entity "b" matches the same text as alias "Ant" of entity "a" (declared at 11:5), which wins where both match
graph.yaml:13:5: warning: alias "ANT" of entity "c" matches the same text as alias "ant" of entity "b" (declared at 12:5), which wins where both match`},
	{"a longer alias does not shadow a shorter one", warnHead + `entities:
  - {id: wechat-pay, type: company, name: WeChat Pay}
  - {id: wechat, type: company, name: WeChat}
`, ""},
	{"one entity's own aliases", warnHead + `entities:
  - {id: didi, type: company, name: Didi, aliases: [DIDI, didi], case: fold}
`, ""},

	// Reference words.
	{"a reference word that is an alias", warnHead + `entities:
  - {id: firm, type: company, name: The Firm}
references:
  - {words: [it, the firm], types: [company]}
`, `graph.yaml:13:5: warning: reference word "the firm" is also alias "The Firm" of entity "firm" (declared at 11:5), which wins where both match`},
	{"a reference word in two references", warnHead + `references:
  - {words: [it, its], types: [company]}
  - {words: [It, he], types: [person]}
`, `graph.yaml:12:5: warning: reference word "It" is also a word of the reference declared at 11:5, which wins`},
	{"a reference word twice in one reference", warnHead + `references:
  - {words: [it, It], types: [company]}
`, ""},
}

func TestWarnings(t *testing.T) {
	for _, tt := range collisionTests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := schema.Parse("graph.yaml", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var got []string
			for _, w := range Warnings(f) {
				got = append(got, w.Error())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got\n%s\nwant\n%s", g, tt.want)
			}
		})
	}
}
