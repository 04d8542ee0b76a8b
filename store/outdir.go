package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Names in out/. Every file a build makes besides the two current names is
// called graph-<n>.<suffix>, where n is the build's generation, so that a
// later build can tell what an earlier one (perhaps killed) left behind.
const (
	linkName = "graph.bolt"  // link to the current store directory
	nqName   = "graph.nq"    // the current graph as N-Quads
	prevName = "previous.nq" // the graph.nq of the build before, for diffs

	sufStore = ".bolt"     // graph-<n>.bolt: a store directory
	sufNQ    = ".nq.tmp"   // graph-<n>.nq.tmp: N-Quads being written
	sufLink  = ".link.tmp" // graph-<n>.link.tmp: the new link before its rename
	sufOld   = ".bolt.old" // graph-<n>.bolt.old: an old real directory moved aside
	sufNQOld = ".nq.old"   // graph-<n>.nq.old: the old graph.nq until the link has moved
)

var genSuffixes = []string{sufStore, sufNQ, sufLink, sufOld, sufNQOld}

// genName is the name of the file of generation n with the given suffix.
func genName(n int, suffix string) string { return "graph-" + strconv.Itoa(n) + suffix }

// parseGen returns the generation of a name made by genName.
func parseGen(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, "graph-")
	if !ok {
		return 0, false
	}
	for _, suf := range genSuffixes {
		digits, ok := strings.CutSuffix(rest, suf)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
			continue
		}
		n, err := strconv.Atoi(digits)
		if err != nil || n <= 0 {
			continue
		}
		return n, true
	}
	return 0, false
}

// newGeneration claims the next generation in dir by creating its store
// directory: one more than any generation present, so that no build ever
// reuses a name an earlier build (or a concurrent one) holds.
func newGeneration(dir string) (int, string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0, "", err
	}
	n := 0
	for _, e := range ents {
		if g, ok := parseGen(e.Name()); ok && g > n {
			n = g
		}
	}
	for range 100 {
		n++
		path := filepath.Join(dir, genName(n, sufStore))
		err := os.Mkdir(path, 0o755)
		if err == nil {
			return n, path, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return 0, "", err
		}
	}
	return 0, "", fmt.Errorf("%s: no free graph-<n>.bolt name; remove old ones", dir)
}

// swapLink points out/graph.bolt at the store directory of generation n
// with one rename, so that a reader sees the old store or the new one,
// never neither. A real directory at out/graph.bolt (a graph written
// before stores were versioned) cannot be renamed over: it is moved aside
// first, which leaves out/graph.bolt missing for the moment between the
// two renames. The directory moved aside, if any, is returned for removal.
func swapLink(dir string, n int) (aside string, err error) {
	link := filepath.Join(dir, linkName)
	tmp := filepath.Join(dir, genName(n, sufLink))
	os.Remove(tmp) // left over from a killed commit of this generation, if ever
	if err := os.Symlink(genName(n, sufStore), tmp); err != nil {
		return "", err
	}
	if fi, err := os.Lstat(link); err == nil && fi.IsDir() {
		aside = filepath.Join(dir, genName(n, sufOld))
		if err := os.Rename(link, aside); err != nil {
			os.Remove(tmp)
			return "", err
		}
	}
	if err := os.Rename(tmp, link); err != nil {
		os.Remove(tmp)
		if aside != "" {
			os.Rename(aside, link)
		}
		return "", err
	}
	return aside, nil
}

// removeOlder removes every generation below n: stores replaced by a
// later build, and what killed builds left behind. Later generations
// belong to builds still running and stay.
func removeOlder(dir string, n int) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var first error
	for _, e := range ents {
		if g, ok := parseGen(e.Name()); ok && g < n {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
