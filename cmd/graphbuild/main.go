// Command graphbuild turns a folder of articles into an evidence-backed
// knowledge graph, following the curated rules in graph.yaml.
//
// Usage:
//
//	graphbuild build       build the graph from corpus/ and graph.yaml into out/
//	graphbuild query       run a Gizmo query against the built graph
//	graphbuild path        the best connections between two entities, with evidence
//	graphbuild show        an entity's card
//	graphbuild neighbors   an entity's neighbourhood
//	graphbuild dot         a Graphviz picture (DOT, SVG or PNG)
//	graphbuild serve       the graph in a browser, and its JSON API
//	graphbuild check       the rule file's errors and warnings
//	graphbuild explain     why a rule did or did not fire on a sentence
//	graphbuild stats       what each rule did, per document
//	graphbuild candidates  names and wordings the rules miss
//	graphbuild diff        evidence added and removed since the previous build
//	graphbuild eval        scores against an answer key
//
// Run 'graphbuild <command> -h' for a command's flags.
// Exit status: 0 ok, 1 bad input or I/O, 2 usage.
package main

import (
	"fmt"
	"io"
	"os"
)

type command struct {
	name, summary string
	run           func(args []string, stdout, stderr io.Writer) int
}

var commands = []command{
	{"build", "build the graph from the corpus and the rules", runBuild},
	{"query", "run a Gizmo query against the built graph", runQuery},
	{"path", "show the best connections between two entities, with evidence", runPath},
	{"show", "show what the graph knows of an entity", runShow},
	{"neighbors", "list the entities near an entity", runNeighbors},
	{"dot", "draw the graph or a part of it (DOT, SVG or PNG)", runDot},
	{"serve", "show the graph in a browser, with a JSON API (loopback, read-only)", runServe},
	{"check", "check the rule file: errors, warnings, and what the corpus never uses", runCheck},
	{"explain", "show how the rules fare on a sentence, or why a fact is missing", runExplain},
	{"stats", "show what each rule found, mentions per document and timings", runStats},
	{"candidates", "list names and entity pairs the rules miss", runCandidates},
	{"diff", "show the evidence the last build added and removed, by rule", runDiff},
	{"eval", "score the graph against an answer key", runEval},
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		for _, c := range commands {
			if c.name == args[0] {
				return c.run(args[1:], stdout, stderr)
			}
		}
		if args[0] != "help" && args[0] != "-h" && args[0] != "-help" {
			fmt.Fprintf(stderr, "graphbuild: unknown command %q\n", args[0])
		}
	}
	fmt.Fprintln(stderr, "usage: graphbuild <command> [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(stderr, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(stderr, "\nRun 'graphbuild <command> -h' for a command's flags.")
	return 2
}
