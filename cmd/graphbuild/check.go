package main

import (
	"encoding/json"
	"fmt"
	"io"
)

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "[-rules graph.yaml] [-json]", stderr)
	rules := fs.String("rules", "graph.yaml", "the rule file")
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	counts := struct {
		Types, Entities, References, Predicates, Rules int
	}{len(f.Types), len(f.Entities), len(f.References), len(f.Predicates), len(f.Rules)}
	if *asJSON {
		b, _ := json.MarshalIndent(counts, "", "  ")
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	}
	fmt.Fprintf(stdout, "%s: ok: %d types, %d entities, %d references, %d predicates, %d rules\n",
		*rules, counts.Types, counts.Entities, counts.References, counts.Predicates, counts.Rules)
	return 0
}
