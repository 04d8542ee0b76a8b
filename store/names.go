package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
)

// namesName is the file in a store directory that finds an entity by id,
// name or alias in any case without reading every quad (bolt has no index
// by predicate): sorted lines "FOLDED\tKIND\tID", KIND "i" for an id and
// "n" for a name or alias, FOLDED as foldName makes it. The build writes
// it from the gb:name and gb:alias quads of every block, so that names
// added by any part of the layout are found.
const namesName = "names"

// nameIndex collects the lines of the names file while a build runs.
type nameIndex map[string]bool

// addBlock takes the names and aliases in a block's N-Quads.
func (ix nameIndex) addBlock(nq []byte) {
	name, alias := []byte(" <"+string(attrName)+"> "), []byte(" <"+string(attrAlias)+"> ")
	if !bytes.Contains(nq, name) && !bytes.Contains(nq, alias) {
		return
	}
	for _, l := range lines(nq) {
		if !bytes.Contains(l, name) && !bytes.Contains(l, alias) {
			continue
		}
		qs, err := appendParsed(nil, append(l, '\n'))
		if err != nil || len(qs) != 1 {
			continue
		}
		q := qs[0]
		if q.Predicate != attrName && q.Predicate != attrAlias {
			continue
		}
		id, err := idOf(q.Subject, schemeEntity)
		if err != nil {
			continue
		}
		text, ok := q.Object.(quad.String)
		if !ok || strings.ContainsAny(string(text), "\t\n") || strings.ContainsAny(id, "\t\n") {
			continue
		}
		ix[foldName(id)+"\ti\t"+id] = true
		ix[foldName(string(text))+"\tn\t"+id] = true
	}
}

// write writes the names file into the store directory dir.
func (ix nameIndex) write(dir string) error {
	ls := make([]string, 0, len(ix))
	for l := range ix {
		ls = append(ls, l)
	}
	slices.Sort(ls)
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return os.WriteFile(filepath.Join(dir, namesName), []byte(b.String()), 0o644)
}

// lookupNames returns the ids of the entities whose id (kind "i") or name
// or alias (kind "n") folds to fold, from the names file of the store
// directory dir. ok is false when the store has no names file.
func lookupNames(dir, fold, kind string) (ids []string, ok bool) {
	data, err := os.ReadFile(filepath.Join(dir, namesName))
	if err != nil {
		return nil, false
	}
	prefix := fold + "\t" + kind + "\t"
	// Binary search over byte offsets, each moved to the start of its line.
	lineAt := func(off int) (int, string) {
		for off > 0 && data[off-1] != '\n' {
			off--
		}
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		return off, string(data[off : off+end])
	}
	lo, hi := 0, len(data)
	for lo < hi {
		mid := (lo + hi) / 2
		start, l := lineAt(mid)
		if l < prefix {
			lo = start + len(l) + 1
		} else {
			hi = start
		}
	}
	for off := lo; off < len(data); {
		_, l := lineAt(off)
		if !strings.HasPrefix(l, prefix) {
			break
		}
		ids = append(ids, l[len(prefix):])
		off += len(l) + 1
	}
	return ids, true
}
