package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHelp is issue 14's case 11: -h, --help and help [command] print
// the full usage on standard output and exit 0; an unknown command or
// flag is a usage error (exit 2) on standard error.
func TestHelp(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // in standard output
	}{
		{[]string{"-h"}, "usage: graphbuild <command>"},
		{[]string{"--help"}, "usage: graphbuild <command>"},
		{[]string{"help"}, "usage: graphbuild <command>"},
		{[]string{"help", "build"}, "-workers"},
		{[]string{"build", "-h"}, "-workers"},
		{[]string{"build", "--help"}, "-workers"},
		{[]string{"path", "tesla", "cac", "-h"}, "-asserted"},
		{[]string{"query", "--help"}, "-limit"},
	} {
		code, stdout, stderr := graphbuild(t, tc.args...)
		if code != 0 || !strings.Contains(stdout, tc.want) || stderr != "" {
			t.Errorf("graphbuild %q: exit %d, want 0 and %q on standard output\nstdout:\n%s\nstderr:\n%s", tc.args, code, tc.want, stdout, stderr)
		}
	}
	for _, args := range [][]string{nil, {"frobnicate"}, {"help", "frobnicate"}, {"build", "-nope"}, {"--nope"}} {
		code, stdout, stderr := graphbuild(t, args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "usage: graphbuild") {
			t.Errorf("graphbuild %q: exit %d, want 2 and the usage on standard error\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
		}
	}
}

// TestUsageLines: every command's usage line names every one of its
// flags.
func TestUsageLines(t *testing.T) {
	flagLine := regexp.MustCompile(`(?m)^  -([a-z-]+)`)
	for _, c := range commands {
		_, stdout, _ := graphbuild(t, c.name, "-h")
		first, defaults, _ := strings.Cut(stdout, "\n")
		for _, m := range flagLine.FindAllStringSubmatch(defaults, -1) {
			if !flagNamed(first, m[1]) {
				t.Errorf("%s: the usage line does not name -%s:\n%s", c.name, m[1], first)
			}
		}
	}
}

// TestFlagsAfterArguments: every command takes flags before and after
// its arguments; "--" ends them.
func TestFlagsAfterArguments(t *testing.T) {
	out := questionGraph(t)
	built := t.TempDir()
	if code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", built); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for _, args := range [][]string{
		{"query", `g.V("<ent:cac>").All()`, "-out", out},
		{"query", `g.V("<ent:cac>").All()`, "-out", out, "-timeout", "0"}, // 0: no limit
		{"path", "cac", "didi", "-out", out, "-timeout", "0"},
		{"eval", "testdata/key.tsv", "-out", built, "-json", "-rules", "testdata/rules.yaml"},
		{"show", "cac", "-out", out},
		{"path", "cac", "-out", out, "didi"},
		{"neighbors", "cac", "-out", out},
	} {
		if code, _, stderr := graphbuild(t, args...); code != 0 {
			t.Errorf("graphbuild %q: exit %d\n%s", args, code, stderr)
		}
	}
	if code, _, stderr := graphbuild(t, "show", "-out", out, "--", "-x"); code != 1 || !strings.Contains(stderr, `"-x"`) {
		t.Errorf(`show -- -x: exit %d, want 1 and "-x" taken as an entity:\n%s`, code, stderr)
	}
}

func TestUsageLine(t *testing.T) {
	fs := newFlags("x", "[-out out] [-k 1] FROM TO", os.Stderr)
	fs.String("out", "", "")
	fs.Int("k", 1, "")
	fs.Bool("asserted", false, "")
	fs.Duration("timeout", 0, "the `limit`")
	if got, want := usageLine(fs, "[-out out] [-k 1] FROM TO"), "[-out out] [-k 1] [-asserted] [-timeout limit] FROM TO"; got != want {
		t.Errorf("usageLine = %q, want %q", got, want)
	}
	if got, want := usageLine(fs, "FROM TO"), "[-asserted] [-k int] [-out string] [-timeout limit] FROM TO"; got != want {
		t.Errorf("usageLine = %q, want %q", got, want)
	}
}

// TestVersion: version names the module version and the Go release.
func TestVersion(t *testing.T) {
	code, stdout, stderr := program(t, ".", "version")
	if code != 0 || !regexp.MustCompile(`^graphbuild \S+.*, go1\.\d+`).MatchString(stdout) {
		t.Errorf("graphbuild version: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestOutputErrors is issue 14's case 7: a command whose output cannot
// be written (here, to /dev/full) says so and exits 1.
func TestOutputErrors(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full")
	}
	defer full.Close()
	out := t.TempDir()
	if code, _, stderr := program(t, ".", "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	key := "testdata/key.tsv"
	rules, corpus := "testdata/rules.yaml", "testdata/corpus"
	for _, args := range [][]string{
		{"build", "-rules", rules, "-corpus", corpus, "-out", t.TempDir()},
		{"dot", "-out", out},
		{"show", "-out", out, "tesla"},
		{"path", "-out", out, "tesla", "shanghai"},
		{"neighbors", "-out", out, "tesla"},
		{"query", "-out", out, `g.V().All()`},
		{"stats", "-rules", rules, "-corpus", corpus},
		{"check", "-rules", rules, "-corpus", corpus},
		{"diff", "-out", out, filepath.Join(out, "graph.nq"), filepath.Join(out, "graph.nq")},
		{"eval", "-rules", rules, "-out", out, key},
		{"explain", "-rules", rules, "-text", "Tesla built a data centre in Shanghai."},
		{"candidates", "-rules", rules, "-corpus", corpus},
		{"version"},
		{"help"},
	} {
		cmd := programCmd(args...)
		cmd.Stdout = full
		var stderr strings.Builder
		cmd.Stderr = &stderr
		cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "no space left on device") {
			t.Errorf("graphbuild %q > /dev/full: exit %d, want 1 and the error\n%s", args, code, stderr.String())
		}
	}
}

// TestTermWriter is issue 14's case 10: text printed to a terminal loses
// its control characters (escape sequences, a file name's carriage
// return), not its newlines, tabs or other text.
func TestTermWriter(t *testing.T) {
	for in, want := range map[string]string{
		"plain\ttext\n":                     "plain\ttext\n",
		"title \x1b[2J\x1b]0;pwned\x07 end": "title [2J]0;pwned end",
		"a\rb\x00c\x7fd":                    "abcd",
		"C1 \u009b31m and é, 中文\n":          "C1 31m and é, 中文\n",
	} {
		var b strings.Builder
		n, err := termWriter{&b}.Write([]byte(in))
		if err != nil || n != len(in) || b.String() != want {
			t.Errorf("Write(%q) = %d, %v, wrote %q; want %q", in, n, err, b.String(), want)
		}
	}
}
