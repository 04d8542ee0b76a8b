// Command graphbuild turns a folder of articles into an evidence-backed
// knowledge graph, following the curated rules in graph.yaml.
//
// Usage:
//
//	graphbuild build  [-rules graph.yaml] [-corpus corpus] [-out out]
//	graphbuild check  [-rules graph.yaml]
//	graphbuild query  [-out out] [-timeout 30s] [-limit 1000] 'gizmo query'
//
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
	{"check", "check the rule file", runCheck},
	{"query", "run a Gizmo query against the built graph", runQuery},
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
		fmt.Fprintf(stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(stderr, "\nRun 'graphbuild <command> -h' for a command's flags.")
	return 2
}
