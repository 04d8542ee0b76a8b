package schema_test

import (
	"fmt"

	"github.com/graphbuild/graphbuild/schema"
)

func ExampleParse() {
	src := []byte(`version: 1
types:
  - id: actor
  - id: company
    parent: actor
  - id: agency
    parent: actor
entities:
  - id: cac
    type: agency
    name: Cyberspace Administration of China
    aliases: [CAC]
predicates:
  - id: reviewed
    subject: [agency]
    object: [company]
rules:
  - id: opened-review
    predicate: reviewed
    patterns:
      - "{subject} opened a ...3 review into {object}"
`)
	f, err := schema.Parse("graph.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	cac, _ := f.Entity("cac")
	fmt.Println(cac.Name, cac.Aliases, cac.Case)
	r := f.Rules[0]
	fmt.Printf("rule %s at %v: scope %d, %q\n", r.ID, r.Pos, r.Scope, r.Patterns[0].Expr)
	fmt.Println(f.IsA("agency", "actor"))
	// Output:
	// Cyberspace Administration of China [CAC] exact
	// rule opened-review at 18:5: scope 1, "{subject} opened a ...3 review into {object}"
	// true
}

func ExampleParse_errors() {
	src := []byte(`version: 1
types:
  - id: company
entities:
  - id: tencent
    type: compny
    name: Tencent
    aliase: [腾讯]
`)
	_, err := schema.Parse("graph.yaml", src)
	fmt.Println(err)
	// Output:
	// graph.yaml:6:11: unknown type "compny" (did you mean "company"?)
	// graph.yaml:8:5: unknown key "aliase" (did you mean "aliases"?)
}

func ExampleWarnings() {
	src := []byte(`version: 1
types:
  - id: company
  - id: law
entities:
  - {id: didi, type: company, name: Didi Chuxing, aliases: [data]}
predicates:
  - {id: owns, subject: [company], object: [company]}
`)
	f, err := schema.Parse("graph.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range schema.Warnings(f) {
		fmt.Println(w)
	}
	// Output:
	// graph.yaml:4:5: warning: type "law" is never used (by an entity, a reference, a predicate, a rule or as a parent)
	// graph.yaml:6:5: warning: alias "data" of entity "didi" is a common English word, and in lower case it makes every "data" and "Data" in the text a mention
	// graph.yaml:8:5: warning: predicate "owns" is stated by no rule
}
