package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestKilledBuild is issue 14's case 9 with a real process: the built
// graphbuild, on a generated corpus big enough to take a moment, is
// killed with SIGKILL at several points of a full build and of an
// incremental one after a change to the corpus. After each kill the
// previous graph answers as before (or, when the kill came after the new
// graph was in place, as the new one does), and the next build removes
// every leftover and writes a graph byte-identical to a build that was
// never interrupted.
//
// The kill delays are fractions of how long an uninterrupted build took
// here: they spread the kill points over the stages, and the test logs
// which stage each kill hit (read from what it left in out/); nothing is
// asserted about time.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a corpus of 400 documents 14 times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL and flock are Unix's")
	}
	dir := t.TempDir()
	gen := filepath.Join(dir, "gencorpus")
	if out, err := exec.Command("go", "build", "-o", gen, "../../bench/gencorpus").CombinedOutput(); err != nil {
		t.Fatalf("go build gencorpus: %v\n%s", err, out)
	}
	work := filepath.Join(dir, "work")
	if out, err := exec.Command(gen, "-docs", "400", "-entities", "200", "-out", work,
		"-rules", "../../graph.yaml", "-corpus", "../../corpus").CombinedOutput(); err != nil {
		t.Fatalf("gencorpus: %v\n%s", err, out)
	}

	// Graph A: the corpus as generated, built whole; out/ as it stands
	// after it is the state every kill starts from.
	outA := filepath.Join(dir, "outA")
	mustBuild(t, work, "-out", outA)
	answersA := answers(t, work, outA)

	// Corpus B: some documents changed, one removed, one added.
	changeCorpus(t, filepath.Join(work, "corpus"))

	// The references: B built into a copy of A's out/ without a kill,
	// incrementally and with -full; the two must agree.
	ref := map[string]string{}
	var refAnswers string
	took := map[string]time.Duration{}
	for _, mode := range []string{"incremental", "full"} {
		out := filepath.Join(dir, "ref-"+mode)
		copyTree(t, outA, out)
		start := time.Now()
		mustBuild(t, work, buildArgs(mode, out)...)
		took[mode] = time.Since(start)
		got := answers(t, work, out)
		if refAnswers != "" && got != refAnswers {
			t.Fatalf("an incremental and a full build of the same corpus answer differently: %s", firstDiff(got, refAnswers))
		}
		refAnswers = got
		ref[mode] = out
	}
	for _, name := range []string{"graph.nq", "previous.nq"} {
		if a, b := readFile(t, ref["incremental"], name), readFile(t, ref["full"], name); !bytes.Equal(a, b) {
			t.Fatalf("%s: an incremental and a full build differ", name)
		}
	}
	t.Logf("uninterrupted: incremental %v, full %v", took["incremental"].Round(time.Millisecond), took["full"].Round(time.Millisecond))

	// Kill points: fractions of an uninterrupted build's time, and two
	// moments of the commit that a delay rarely hits, watched for in out/.
	type point struct {
		frac  float64
		event string
	}
	points := []point{{frac: 0.05}, {frac: 0.3}, {frac: 0.6}, {frac: 0.9},
		{event: "store-closed"}, {event: "nq-replaced"}}
	for _, mode := range []string{"full", "incremental"} {
		for _, p := range points {
			name := fmt.Sprintf("%s/%.0f%%", mode, p.frac*100)
			if p.event != "" {
				name = mode + "/" + p.event
			}
			t.Run(name, func(t *testing.T) {
				out := filepath.Join(dir, "kill", strings.ReplaceAll(name, "/", "-"))
				copyTree(t, outA, out)
				cmd := programCmd(buildArgs(mode, out)...)
				cmd.Dir = work
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				waited := make(chan error, 1)
				go func() { waited <- cmd.Wait() }()
				start := time.Now()
				if p.event == "" {
					time.Sleep(time.Duration(p.frac * float64(took[mode])))
				} else {
					watchFor(out, p.event, waited)
				}
				cmd.Process.Kill() // SIGKILL
				finished := <-waited == nil
				t.Logf("killed after %v: %s", time.Since(start).Round(time.Millisecond), stage(t, out, outA, finished, leftovers(t, out)))

				// The graph is whole: A's, or B's when the kill came
				// after the new store was in place.
				inPlace := false
				switch got := answers(t, work, out); {
				case got == answersA:
				case got == refAnswers && movedLink(t, out, outA):
					inPlace = true
				default:
					t.Fatalf("after the kill the graph answers neither as before (%s) nor as the new build (%s)", firstDiff(got, answersA), firstDiff(got, refAnswers))
				}

				// The next build cleans up and writes B exactly.
				mustBuild(t, work, buildArgs(mode, out)...)
				if left := leftovers(t, out); len(left) > 0 {
					t.Errorf("the next build left %q", left)
				}
				if extra, missing := setDiff(listing(t, out), listing(t, ref[mode])); len(extra)+len(missing) > 0 {
					t.Errorf("out/ after the next build has %q more and %q fewer than after an uninterrupted build", extra, missing)
				}
				for _, f := range []string{"graph.nq", "previous.nq", "warnings.txt"} {
					want := f
					if f == "previous.nq" && inPlace {
						want = "graph.nq" // the graph before is the killed build's
					}
					if !bytes.Equal(readFile(t, out, f), readFile(t, ref[mode], want)) {
						t.Errorf("%s differs from an uninterrupted build's %s", f, want)
					}
				}
				if got := answers(t, work, out); got != refAnswers {
					t.Errorf("the next build answers otherwise than an uninterrupted one: %s", firstDiff(got, refAnswers))
				}
			})
		}
	}
}

// watchFor returns when the build into out has reached event, looking
// every half millisecond, or when it has ended (a value on waited, which
// it puts back): "store-closed" when a new store has its names file (the
// commit has closed the bolt store and written its indexes),
// "nq-replaced" when out/graph.nq is a new file (the link moves next).
func watchFor(out, event string, waited chan error) {
	nq0, _ := os.Stat(filepath.Join(out, "graph.nq"))
	linked, _ := os.Readlink(filepath.Join(out, "graph.bolt"))
	for {
		select {
		case err := <-waited:
			waited <- err
			return
		default:
		}
		switch event {
		case "store-closed":
			names, _ := filepath.Glob(filepath.Join(out, "graph-*.bolt", "names"))
			for _, n := range names {
				if filepath.Base(filepath.Dir(n)) != linked {
					return
				}
			}
		case "nq-replaced":
			if nq, err := os.Stat(filepath.Join(out, "graph.nq")); err == nil && !os.SameFile(nq, nq0) {
				return
			}
		}
		time.Sleep(500 * time.Microsecond)
	}
}

// buildArgs are the arguments of a build of mode "full" or "incremental"
// into out.
func buildArgs(mode, out string) []string {
	args := []string{"build", "-out", out}
	if mode == "full" {
		args = append(args, "-full")
	}
	return args
}

// mustBuild runs the built graphbuild build in dir and fails the test
// unless it succeeds.
func mustBuild(t *testing.T, dir string, args ...string) {
	t.Helper()
	if args[0] != "build" {
		args = append([]string{"build"}, args...)
	}
	if code, _, stderr := program(t, dir, args...); code != 0 {
		t.Fatalf("graphbuild %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
}

// answers is what the graph in out says, asked as a user would: a count
// of its nodes, a neighbourhood through a query (its lines sorted: the
// order of a query's results is the store's) and through show.
func answers(t *testing.T, dir, out string) string {
	t.Helper()
	var b strings.Builder
	for _, args := range [][]string{
		{"query", "-out", out, "-limit", "0", `g.Emit(g.V().Count())`},
		{"query", "-out", out, "-limit", "0", `g.V("<ent:tesla>").Both().All()`},
		{"show", "-out", out, "tesla"},
	} {
		code, stdout, stderr := program(t, dir, args...)
		if args[0] == "query" {
			lines := strings.Split(stdout, "\n")
			slices.Sort(lines)
			stdout = strings.Join(lines, "\n")
		}
		fmt.Fprintf(&b, "$ %s %s\nexit %d\n%s%s\n", args[0], args[len(args)-1], code, stdout, stderr)
	}
	return b.String()
}

// firstDiff is the first line where a and b differ, with its number.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: %q, want %q", i+1, x, y)
		}
	}
	return "no difference"
}

// generation matches the names a build gives its files in out/.
var generation = regexp.MustCompile(`^graph-[0-9]+\.`)

// leftovers lists what a build in progress (or killed) has in out/
// besides a finished build's files: generation files other than the
// linked store, and temporary files anywhere under out/.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	linked, _ := os.Readlink(filepath.Join(out, "graph.bolt"))
	var left []string
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		switch {
		case rel == ".":
		case generation.MatchString(rel) && strings.Split(filepath.ToSlash(rel), "/")[0] != linked:
			left = append(left, rel)
		case strings.HasSuffix(rel, ".tmp") || strings.HasSuffix(rel, ".old"):
			left = append(left, rel)
		default:
			return nil
		}
		if d.IsDir() && rel != "." {
			return fs.SkipDir
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return left
}

// stage says where in a build a kill came, from what it left in out/
// (left, by leftovers) and whether the link moved to a new store.
func stage(t *testing.T, out, before string, finished bool, left []string) string {
	has := func(suffix string) bool {
		return slices.ContainsFunc(left, func(s string) bool { return strings.HasSuffix(s, suffix) })
	}
	moved := movedLink(t, out, before)
	closed := false
	for _, l := range left {
		if _, err := os.Stat(filepath.Join(out, l, "names")); err == nil && strings.HasSuffix(l, ".bolt") {
			closed = true
		}
	}
	switch {
	case finished:
		return "the build had finished"
	case len(left) == 0:
		return "before the new store was made (reading and matching); nothing left"
	case moved && has(".bolt"):
		return fmt.Sprintf("after the link moved, before the old store was removed; left %q", left)
	case moved:
		return fmt.Sprintf("after the new graph was in place; left %q", left)
	case has(".nq.old") || has(".link.tmp"):
		return fmt.Sprintf("while committing, after the N-Quads were in place; left %q", left)
	case closed:
		return fmt.Sprintf("while committing, after the store was closed; left %q", left)
	case has(".bolt") || has(".nq.tmp"):
		return fmt.Sprintf("while writing the new store; left %q", left)
	}
	return fmt.Sprintf("left %q", left)
}

// movedLink reports whether out/graph.bolt points at a store other than
// the one it pointed at in before.
func movedLink(t *testing.T, out, before string) bool {
	a, errA := os.Readlink(filepath.Join(out, "graph.bolt"))
	b, errB := os.Readlink(filepath.Join(before, "graph.bolt"))
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	return a != b
}

// listing is every path under out/ with the generation numbers taken
// out, sorted: the shape of out/, which two builds of one corpus share.
func listing(t *testing.T, out string) []string {
	t.Helper()
	var l []string
	err := filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		l = append(l, generationNumber.ReplaceAllString(rel, "graph-N."))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(l)
	return l
}

// setDiff returns what is in a and not in b, and what is in b and not
// in a, of two sorted lists.
func setDiff(a, b []string) (extra, missing []string) {
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			extra = append(extra, x)
		}
	}
	for _, x := range b {
		if _, ok := slices.BinarySearch(a, x); !ok {
			missing = append(missing, x)
		}
	}
	return extra, missing
}

var generationNumber = regexp.MustCompile(`graph-[0-9]+\.`)

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// changeCorpus edits a generated corpus: a sentence more in three
// documents, one document removed, one added.
func changeCorpus(t *testing.T, corpus string) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(corpus, "*.txt"))
	if err != nil || len(names) < 10 {
		t.Fatalf("corpus: %v, %d files", err, len(names))
	}
	slices.Sort(names)
	for i, n := range names[:3] {
		f, err := os.OpenFile(n, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "\nTesla opened a new plant in Shanghai in %d.\n", 2020+i)
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(names[3]); err != nil {
		t.Fatal(err)
	}
	text := "Added in a later week\n\nThe Cyberspace Administration of China opened a review into Didi Chuxing.\n"
	if err := os.WriteFile(filepath.Join(corpus, "added.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies the directory from to to, symbolic links as links.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
