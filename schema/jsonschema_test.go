package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"
)

// The JSON Schema of graph.yaml, docs/graph.schema.json, is for editors:
// hover docs, completion and early errors. These tests hold it to the Go
// decoder: the files graphbuild accepts validate, wrong ones do not, and
// both know the same keys, ids, defaults and limits.

const jsonSchemaPath = "../docs/graph.schema.json"

func compileJSONSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft7 // yaml-language-server's draft; the file says so too
	s, err := c.Compile(jsonSchemaPath)
	if err != nil {
		t.Fatalf("%s: %#v", jsonSchemaPath, err)
	}
	return s
}

// jsonValue decodes YAML source as an editor's language server sees it:
// a JSON value, with mapping keys as strings.
func jsonValue(src []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, err
	}
	b, err := json.Marshal(stringKeys(v))
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	err = dec.Decode(&out)
	return out, err
}

func stringKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = stringKeys(x)
		}
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = stringKeys(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = stringKeys(x)
		}
	}
	return v
}

// exampleRules returns the rule files of docs/examples.yaml by example name.
func exampleRules(t *testing.T) map[string]string {
	t.Helper()
	src, err := os.ReadFile("../docs/examples.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Examples []struct{ Name, Rules string }
	}
	if err := yaml.Unmarshal(src, &file); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]string)
	for _, ex := range file.Examples {
		out["docs/examples.yaml: "+ex.Name] = ex.Rules
	}
	return out
}

// TestJSONSchemaAccepts validates the rule files graphbuild ships and uses
// in its tests and docs, all of which Parse accepts, against the JSON Schema.
func TestJSONSchemaAccepts(t *testing.T) {
	s := compileJSONSchema(t)
	files := exampleRules(t)
	files["parse_test.go: valid"] = valid
	for _, path := range []string{"../graph.yaml", "../extract/testdata/rules.yaml", "../cmd/graphbuild/testdata/rules.yaml"} {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[path] = string(src)
	}
	if len(files) < 10 {
		t.Fatalf("only %d files", len(files))
	}
	for name, src := range files {
		if _, err := Parse(name, []byte(src)); err != nil {
			t.Errorf("%s: Parse: %v", name, err)
			continue
		}
		v, err := jsonValue([]byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("%s: %#v", name, err)
		}
	}
}

// jsonSchemaRejects are rule files that Parse rejects, and the location
// (a JSON pointer into the file) of the value the JSON Schema rejects.
var jsonSchemaRejects = []struct {
	name, src, at string
}{
	{"no version", "types: []\n", ""},
	{"version 2", "version: 2\n", "/version"},
	{"unknown top-level key", "version: 1\nentites: []\n", ""},
	{"unknown entity key", "version: 1\ntypes: [{id: t}]\nentities:\n  - {id: a, type: t, name: A, aliase: [B]}\n", "/entities/0"},
	{"bad case", "version: 1\ntypes: [{id: t}]\nentities:\n  - {id: a, type: t, name: A, case: lower}\n", "/entities/0/case"},
	{"bad type id", "version: 1\ntypes:\n  - id: Company\n", "/types/0/id"},
	{"bad entity id", "version: 1\ntypes: [{id: t}]\nentities:\n  - {id: Tencent, type: t, name: Tencent}\n", "/entities/0/id"},
	{"reserved predicate id", "version: 1\ntypes: [{id: t}]\npredicates:\n  - {id: not_owns, subject: [t], object: [t]}\n", "/predicates/0/id"},
	{"entity without name", "version: 1\ntypes: [{id: t}]\nentities:\n  - {id: a, type: t}\n", "/entities/0"},
	{"blank name", "version: 1\ntypes: [{id: t}]\nentities:\n  - {id: a, type: t, name: ' '}\n", "/entities/0/name"},
	{"reference without types or entities", "version: 1\nreferences:\n  - {words: [it]}\n", "/references/0"},
	{"negative window", "version: 1\ntypes: [{id: t}]\nreferences:\n  - {words: [it], types: [t], window: -1}\n", "/references/0/window"},
	{"scope too wide", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: r, predicate: p, scope: 6, patterns: ['{subject} p {object}']}\n", "/rules/0/scope"},
	{"pattern without object", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: r, predicate: p, patterns: ['{subject} p']}\n", "/rules/0/patterns/0"},
	{"unquoted pattern", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: r, predicate: p, patterns: [{subject}]}\n", "/rules/0/patterns/0"},
	{"rule without patterns", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: r, predicate: p}\n", "/rules/0"},
	{"type id date", "version: 1\ntypes:\n  - id: date\n", "/types/0/id"},
	{"dated pattern without date", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [date]}]\nrules:\n  - {id: r, predicate: p, patterns: ['{subject} took effect']}\n", "/rules/0/patterns/0"},
	{"rule cue key", "version: 1\ntypes: [{id: t}]\npredicates: [{id: p, subject: [t], object: [t]}]\nrules:\n  - {id: r, predicate: p, cues: {hedges: [may]}, patterns: ['{subject} p {object}']}\n", "/rules/0/cues"},
	{"cue not a string", "version: 1\ncues:\n  negation: [[not]]\n", "/cues/negation/0"},
}

func TestJSONSchemaRejects(t *testing.T) {
	s := compileJSONSchema(t)
	for _, tt := range jsonSchemaRejects {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse("graph.yaml", []byte(tt.src)); err == nil {
				t.Errorf("Parse accepts it")
			}
			v, err := jsonValue([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			err = s.Validate(v)
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want a validation error", err)
			}
			if at := leafLocations(ve); !slices.Contains(at, tt.at) {
				t.Errorf("rejected at %q, want %q\n%#v", at, tt.at, ve)
			}
		})
	}
}

// leafLocations returns where in the instance the innermost errors of ve are.
func leafLocations(ve *jsonschema.ValidationError) []string {
	if len(ve.Causes) == 0 {
		return []string{ve.InstanceLocation}
	}
	var out []string
	for _, c := range ve.Causes {
		out = append(out, leafLocations(c)...)
	}
	return out
}

// TestJSONSchemaInStep checks that the JSON Schema and the decoder know the
// same keys in every mapping, and the same ids, defaults and limits; and
// that every key has a description for hover docs and every example
// pattern is valid.
func TestJSONSchemaInStep(t *testing.T) {
	src, err := os.ReadFile(jsonSchemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(src, &root); err != nil {
		t.Fatal(err)
	}
	get := func(path ...string) map[string]any {
		t.Helper()
		m := root
		for _, k := range path {
			next, ok := m[k].(map[string]any)
			if !ok {
				t.Fatalf("%s: no object at %s", jsonSchemaPath, strings.Join(path, "/"))
			}
			m = next
		}
		return m
	}

	// The mappings the decoder reads, and where the JSON Schema describes them.
	mappings := []struct {
		path []string
		keys []string
	}{
		{nil, fileKeys},
		{[]string{"definitions", "type"}, typeKeys},
		{[]string{"definitions", "entity"}, entityKeys},
		{[]string{"definitions", "reference"}, referenceKeys},
		{[]string{"definitions", "predicate"}, predicateKeys},
		{[]string{"definitions", "rule"}, ruleKeys},
		{[]string{"properties", "cues"}, cueKeys},
		{[]string{"definitions", "name"}, nameRuleKeys},
		{[]string{"properties", "roles"}, rolesKeys},
		{[]string{"properties", "roles", "properties", "demonyms", "items"}, demonymKeys},
		{[]string{"definitions", "title"}, titleKeys},
		{[]string{"definitions", "block"}, blockKeys},
		{[]string{"definitions", "rule", "properties", "cues"}, ruleCueKeys},
		{[]string{"properties", "ignore"}, ignoreKeys},
		{[]string{"definitions", "ignorePair"}, ignorePairKeys},
	}
	described := make(map[string]bool)
	for _, m := range mappings {
		where := "/" + strings.Join(m.path, "/")
		described[where] = true
		obj := get(m.path...)
		props, _ := obj["properties"].(map[string]any)
		var keys []string
		for k, p := range props {
			keys = append(keys, k)
			if d, _ := p.(map[string]any)["description"].(string); strings.TrimSpace(d) == "" {
				t.Errorf("%s: key %q has no description", where, k)
			}
		}
		sort.Strings(keys)
		want := slices.Sorted(slices.Values(m.keys))
		if !slices.Equal(keys, want) {
			t.Errorf("%s: JSON Schema keys %q, decoder keys %q", where, keys, want)
		}
		if obj["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties is not false", where)
		}
		if d, _ := obj["description"].(string); d == "" {
			t.Errorf("%s: no description", where)
		}
		req, _ := obj["required"].([]any)
		for _, r := range req {
			if !slices.Contains(m.keys, r.(string)) {
				t.Errorf("%s: required key %q is not a key", where, r)
			}
		}
	}
	// No other mapping is described, so none escapes the comparison.
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			_, isMapping := v["properties"]
			// The anyOf of a reference only adds conditions on its keys.
			if isMapping && !described[path] && !strings.HasPrefix(path, "/definitions/reference/anyOf/") {
				t.Errorf("%s: a mapping the decoder does not read", path)
			}
			for k, x := range v {
				walk(strings.TrimSuffix(path, "/")+"/"+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s/%d", path, i), x)
			}
		}
	}
	walk("/", root)

	// Ids, defaults and limits. at never fails: a missing value is nil.
	at := func(v any, keys ...string) any {
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		return v
	}
	str := func(v any) string { s, _ := v.(string); return s }
	props := func(path ...string) map[string]any {
		return get(append(path, "properties")...)
	}
	pattern := func(p map[string]any, key string) string { return str(at(p, key, "pattern")) }
	itemPattern := func(p map[string]any, key string) string { return str(at(p, key, "items", "pattern")) }
	typeP, entityP, refP := props("definitions", "type"), props("definitions", "entity"), props("definitions", "reference")
	predP, ruleP := props("definitions", "predicate"), props("definitions", "rule")
	for _, c := range []struct {
		what, got string
		want      *regexp.Regexp
	}{
		{"type id", pattern(typeP, "id"), typeSyntax},
		{"type parent", pattern(typeP, "parent"), typeSyntax},
		{"type color", pattern(typeP, "color"), colorSyntax},
		{"type shape", pattern(typeP, "shape"), shapeSyntax},
		{"entity id", pattern(entityP, "id"), entitySyntax},
		{"entity type", pattern(entityP, "type"), typeSyntax},
		{"reference types", itemPattern(refP, "types"), typeSyntax},
		{"reference entities", itemPattern(refP, "entities"), entitySyntax},
		{"predicate id", pattern(predP, "id"), predicateSyntax},
		{"predicate subject", itemPattern(predP, "subject"), typeSyntax},
		{"predicate object", itemPattern(predP, "object"), typeSyntax},
		{"rule id", pattern(ruleP, "id"), entitySyntax},
		{"rule predicate", pattern(ruleP, "predicate"), predicateSyntax},
		{"rule subject", itemPattern(ruleP, "subject"), typeSyntax},
		{"rule object", itemPattern(ruleP, "object"), typeSyntax},
	} {
		if c.got != c.want.String() {
			t.Errorf("%s: JSON Schema pattern %q, decoder %q", c.what, c.got, c.want)
		}
	}
	number := func(p map[string]any, key, field string) any { return at(p, key, field) }
	for _, c := range []struct {
		what string
		got  any
		want float64
	}{
		{"window default", number(refP, "window", "default"), DefaultWindow},
		{"window minimum", number(refP, "window", "minimum"), 0},
		{"scope default", number(ruleP, "scope", "default"), 1},
		{"scope minimum", number(ruleP, "scope", "minimum"), 1},
		{"scope maximum", number(ruleP, "scope", "maximum"), MaxScope},
		{"version", number(get("properties"), "version", "const"), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: JSON Schema %v, decoder %v", c.what, c.got, c.want)
		}
	}
	if got := fmt.Sprint(at(entityP, "case", "enum")); got != fmt.Sprint([]Case{CaseExact, CaseFold}) {
		t.Errorf("case enum %s, want %v", got, []Case{CaseExact, CaseFold})
	}
	if got := at(entityP, "case", "default"); got != string(CaseExact) {
		t.Errorf("case default %v, want %q", got, CaseExact)
	}

	// Every example is valid.
	examples := func(v any) []string {
		var out []string
		xs, _ := at(v, "examples").([]any)
		for _, x := range xs {
			switch x := x.(type) {
			case string:
				out = append(out, x)
			case []any:
				for _, y := range x {
					out = append(out, str(y))
				}
			}
		}
		return out
	}
	for _, expr := range append(examples(ruleP["patterns"]), examples(at(ruleP, "patterns", "items"))...) {
		if _, err := ParsePattern(expr); err != nil {
			if _, derr := ParsePatternFor(expr, true); derr != nil {
				t.Errorf("rule pattern example %q: %v (as a pattern of a predicate that states a date: %v)", expr, err, derr)
			}
		}
	}
	for _, expr := range append(examples(entityP["patterns"]), examples(at(entityP, "patterns", "items"))...) {
		p := &parser{name: "x"}
		if !p.checkRegexp(expr, Pos{}) {
			t.Errorf("entity pattern example %q: %v", expr, p.errs)
		}
	}
	for _, id := range examples(typeP["id"]) {
		if !typeSyntax.MatchString(id) {
			t.Errorf("type id example %q is not a type id", id)
		}
	}
	for _, id := range examples(entityP["id"]) {
		if !entitySyntax.MatchString(id) {
			t.Errorf("entity id example %q is not an entity id", id)
		}
	}
}
