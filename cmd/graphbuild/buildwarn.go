package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
)

// maxKeptWarnings is how many warnings a build keeps for its summary (and
// -json); every warning goes to out/warnings.txt, so that a corpus of
// millions of articles does not keep millions of strings in memory.
const maxKeptWarnings = 1000

// warningsName is the file in out/ with every warning of the last build,
// one a line, in document order.
const warningsName = "warnings.txt"

// warningLog writes a build's warnings to a temporary file in out/ that
// becomes out/warnings.txt when the build succeeds. A nil log writes nothing.
type warningLog struct {
	dir string
	f   *os.File
	w   *bufio.Writer
	err error
}

// newWarningLog starts the warnings of a build that holds the build lock
// of dir. So any other temporary file of a build there is a killed
// build's: skipped.tsv's goes, and the warnings' is overwritten.
func newWarningLog(dir string) (*warningLog, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	removeKilledTemps(dir)
	// One name, not a new one each time: a build holds the build lock,
	// and a killed build's file is the next one's to overwrite.
	f, err := os.OpenFile(filepath.Join(dir, warningsName+".tmp"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return &warningLog{dir: dir, f: f, w: bufio.NewWriter(f)}, nil
}

func (l *warningLog) add(w string) {
	if l == nil || l.err != nil {
		return
	}
	_, l.err = fmt.Fprintln(l.w, w)
}

// commit puts the file in place as out/warnings.txt.
func (l *warningLog) commit() error {
	if l == nil {
		return nil
	}
	err := l.err
	if err == nil {
		err = l.w.Flush()
	}
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(l.f.Name(), filepath.Join(l.dir, warningsName))
	}
	if err != nil {
		os.Remove(l.f.Name())
	}
	return err
}

// abort removes the temporary file; the previous out/warnings.txt stays.
func (l *warningLog) abort() {
	if l == nil {
		return
	}
	l.f.Close()
	os.Remove(l.f.Name())
}

// killedTemps are the patterns of temporary files of killed builds in
// out/ that no build overwrites: out/skipped.tsv's, and the warnings'
// under the names earlier graphbuilds gave them.
var killedTemps = []string{"." + skippedName + ".*.tmp", "warnings-*.tmp"}

// removeKilledTemps removes the temporary files of builds killed in dir;
// it must be called under dir's build lock.
func removeKilledTemps(dir string) {
	for _, p := range killedTemps {
		names, _ := filepath.Glob(filepath.Join(dir, p))
		for _, n := range names {
			os.Remove(n)
		}
	}
}
