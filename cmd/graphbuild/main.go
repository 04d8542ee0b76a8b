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
//	graphbuild unresolved  references that found nothing, with their sentences
//	graphbuild diff        evidence added and removed since the previous build
//	graphbuild eval        scores against an answer key
//	graphbuild version     the module version and source revision
//
// Run 'graphbuild help <command>' (or 'graphbuild <command> -h') for a
// command's flags; flags go before or after a command's arguments.
// Exit status: 0 ok, 1 bad input or I/O, 2 usage.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
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
	{"unresolved", "list the references that found nothing, with their sentences", runUnresolved},
	{"diff", "show the evidence the last build added and removed, by rule", runDiff},
	{"eval", "score the graph against an answer key", runEval},
}

func main() {
	var out, errOut io.Writer = os.Stdout, os.Stderr
	if isTerminal(os.Stdout) {
		out = termWriter{out}
	}
	if isTerminal(os.Stderr) {
		errOut = termWriter{errOut}
	}
	stdout := &errWriter{w: out}
	code := run(os.Args[1:], stdout, errOut)
	if stdout.err != nil {
		fmt.Fprintf(os.Stderr, "graphbuild: writing the output: %v\n", stdout.err)
		code = max(code, 1)
	}
	os.Exit(code)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help":
		usage(stdout)
		return 0
	case "help":
		if len(args) == 1 {
			usage(stdout)
			return 0
		}
		// "help build" is "build -h", with the usage on standard output.
		if c := lookup(args[1]); c != nil && len(args) == 2 {
			c.run([]string{"-h"}, stdout, stdout)
			return 0
		}
		fmt.Fprintf(stderr, "graphbuild: help: unknown command %q\n", strings.Join(args[1:], " "))
		usage(stderr)
		return 2
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, version())
		return 0
	}
	if c := lookup(args[0]); c != nil {
		if helpAsked(args[1:]) {
			c.run([]string{"-h"}, stdout, stdout)
			return 0
		}
		return c.run(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "graphbuild: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func lookup(name string) *command {
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// helpAsked reports whether args ask for help (-h, -help or --help)
// before any "--": help goes to standard output and exits 0, wherever it
// is asked.
func helpAsked(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: graphbuild <command> [flags] [arguments]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-11s %s\n", "help", "show a command's flags: graphbuild help <command>")
	fmt.Fprintf(w, "  %-11s %s\n", "version", "show graphbuild's version and source revision")
	fmt.Fprintln(w, "\nFlags go before or after the arguments; \"--\" ends them.")
	fmt.Fprintln(w, "Exit status: 0 ok, 1 bad input or I/O, 2 usage.")
}

// version returns the module version and the VCS revision graphbuild was
// built from, as the Go toolchain recorded them.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "graphbuild: no build information"
	}
	v := "graphbuild " + bi.Main.Version
	var rev, when, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = " (modified)"
			}
		}
	}
	if rev != "" {
		v += ", revision " + rev + modified
		if when != "" {
			v += " of " + when
		}
	}
	return v + ", " + bi.GoVersion
}
