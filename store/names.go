package store

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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

// namesCountName is the names file's companion in a store directory: the
// same lines, each after the number of blocks that give it and a tab, so
// that an incremental build changes the index by the blocks that changed
// (nameIndex.addBlock with -1 for an old block) instead of reading every
// block again.
const namesCountName = "names.count"

// nameIndex collects the lines of the names file while a build runs, each
// with the number of blocks that give it.
type nameIndex map[string]int32

// addBlock counts the names and aliases in a block's N-Quads, once per
// block, with sign +1 for a block added and -1 for one taken away.
func (ix nameIndex) addBlock(nq []byte, sign int32) {
	name, alias := []byte("<"+string(attrName)+">"), []byte("<"+string(attrAlias)+">")
	// One parse of the lines whose predicate is a name or an alias: a
	// reader per line costs more than the parsing.
	var sel []byte
	for l := range nqLines(nq) {
		if _, p, _, ok := cutSubjectPredicate(l); ok && (bytes.Equal(p, name) || bytes.Equal(p, alias)) {
			sel = append(append(sel, l...), '\n')
		}
	}
	if sel == nil {
		return
	}
	qs, err := appendParsed(nil, sel)
	if err != nil {
		qs = nil
		for l := range nqLines(sel) { // keep the good lines of a damaged block
			if q, err := appendParsed(nil, append(l, '\n')); err == nil {
				qs = append(qs, q...)
			}
		}
	}
	seen := map[string]bool{}
	for _, q := range qs {
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
		seen[foldName(id)+"\ti\t"+id] = true
		seen[foldName(string(text))+"\tn\t"+id] = true
	}
	for l := range seen {
		if n := ix[l] + sign; n != 0 {
			ix[l] = n
		} else {
			delete(ix, l)
		}
	}
}

// write writes the names file and its counts into the store directory dir.
func (ix nameIndex) write(dir string) error {
	ls := make([]string, 0, len(ix))
	for l, n := range ix {
		if n > 0 {
			ls = append(ls, l)
		}
	}
	slices.Sort(ls)
	var b, c strings.Builder
	for _, l := range ls {
		b.WriteString(l)
		b.WriteByte('\n')
		c.WriteString(strconv.Itoa(int(ix[l])))
		c.WriteByte('\t')
		c.WriteString(l)
		c.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, namesName), []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, namesCountName), []byte(c.String()), 0o644)
}

// lookupNames returns the ids of the entities whose id (kind "i") or name
// or alias (kind "n") folds to fold, from the names file of the store
// directory dir. ok is false when the store has no names file. It reads
// a few small pieces of the file (a binary search), not all of it.
func lookupNames(dir, fold, kind string) (ids []string, ok bool) {
	f, err := os.Open(filepath.Join(dir, namesName))
	if err != nil {
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, false
	}
	size := fi.Size()
	prefix := fold + "\t" + kind + "\t"
	// lineFrom returns the first whole line starting at or after off, and
	// where it starts; "" at the end of the file.
	buf := make([]byte, 512)
	lineFrom := func(off int64) (int64, string) {
		start := off
		if off > 0 {
			// Skip the rest of the line off is in.
			for {
				n, _ := f.ReadAt(buf, off-1)
				if n <= 0 {
					return size, ""
				}
				if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
					start = off - 1 + int64(i) + 1
					break
				}
				off += int64(n)
			}
		}
		var line []byte
		for pos := start; pos < size; {
			n, _ := f.ReadAt(buf, pos)
			if n <= 0 {
				break
			}
			if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
				line = append(line, buf[:i]...)
				return start, string(line)
			}
			line = append(line, buf[:n]...)
			pos += int64(n)
		}
		return start, string(line)
	}
	// The first line at or after lo is the first one >= prefix.
	lo, hi := int64(0), size
	for lo < hi {
		mid := (lo + hi) / 2
		start, l := lineFrom(mid)
		if start < size && l < prefix {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for off := lo; off < size; {
		start, l := lineFrom(off)
		if start >= size || !strings.HasPrefix(l, prefix) {
			break
		}
		ids = append(ids, l[len(prefix):])
		off = start + int64(len(l)) + 1
	}
	return ids, true
}
