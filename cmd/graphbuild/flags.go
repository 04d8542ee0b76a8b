package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/term"
	"time"

	"github.com/graphbuild/graphbuild/schema"
)

// newFlags returns a flag set that reports usage errors to stderr. Its
// usage line is usage followed by every flag that usage does not name, so
// that the line lists every flag.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: graphbuild %s %s\n", name, usageLine(fs, usage))
		fs.PrintDefaults()
	}
	return fs
}

// usageLine adds to usage the flags of fs it does not name, in brackets
// before its arguments (the words after its last bracket).
func usageLine(fs *flag.FlagSet, usage string) string {
	var missing []string
	fs.VisitAll(func(f *flag.Flag) {
		if !flagNamed(usage, f.Name) {
			name, _ := flag.UnquoteUsage(f)
			if isBool(f) {
				missing = append(missing, "[-"+f.Name+"]")
			} else {
				missing = append(missing, "[-"+f.Name+" "+name+"]")
			}
		}
	})
	if len(missing) == 0 {
		return usage
	}
	head, args := "", " "+usage
	if i := strings.LastIndexAny(usage, "]…"); i >= 0 {
		_, size := utf8.DecodeRuneInString(usage[i:])
		head, args = usage[:i+size], usage[i+size:]
	}
	return strings.TrimSpace(head + " " + strings.Join(missing, " ") + args)
}

// flagNamed reports whether usage names the flag -name.
func flagNamed(usage, name string) bool {
	for i := 0; ; {
		j := strings.Index(usage[i:], "-"+name)
		if j < 0 {
			return false
		}
		end := i + j + 1 + len(name)
		if end == len(usage) || strings.ContainsRune(" ]=|", rune(usage[end])) {
			return true
		}
		i = end
	}
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// parseFlags parses args, with flags before, between or after the
// positional arguments ("graphbuild eval key.tsv -json"); a "--" ends the
// flags. It leaves the positional arguments in fs.Args(), and returns the
// exit status to stop with, or -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string) int {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	fs.Parse(append([]string{"--"}, pos...))
	return -1
}

// parseArgs is parseFlags returning the positional arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, int) {
	if code := parseFlags(fs, args); code >= 0 {
		return nil, code
	}
	return fs.Args(), -1
}

// errWriter is a writer that remembers its first error, so that a
// command whose output could not be written (a full disk, a closed
// pipe) exits 1 however it wrote.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	if err != nil {
		e.err = err
	}
	return n, err
}

// isTerminal reports whether w is a terminal (not a file, a pipe or
// /dev/null, which is a character device too).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// loadRules reads and checks a rule file, printing every problem.
func loadRules(path string, stderr io.Writer) (*schema.File, bool) {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return nil, false
	}
	f, err := schema.Parse(path, src)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, false
	}
	return f, true
}

// writeJSON writes v indented, with '<', '>' and '&' as they are.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// withTimeout returns a context that ends after d, or never when d is 0
// or less: "-timeout 0" means no limit.
func withTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	if d <= 0 {
		return context.WithCancel(context.Background())
	}
	return context.WithTimeout(context.Background(), d)
}
