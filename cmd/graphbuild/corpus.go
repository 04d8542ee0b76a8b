package main

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/internal/runsort"
)

// skippedFile is a corpus file a build did not read, and why.
type skippedFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// skippedName is the report of the files the last build skipped, in out/.
const skippedName = "skipped.tsv"

// listCorpus is walkCorpus for the commands that read the corpus but do
// not build: a file they cannot read is their error when they read it.
func listCorpus(dir string) ([]string, error) {
	paths, _, err := walkCorpus(dir, 0)
	return paths, err
}

// walkCorpus returns every *.txt file under dir, in lexical order, and the
// files and folders it cannot read, with the reason. It follows symbolic
// links, dir included, to folders and files; a link that leads back to a
// folder on its own path (a loop), or to a folder already read, is not
// followed and is reported. Two files that would get the same document id
// are an error. A file of more than maxBytes (0: no limit) is skipped:
// a build of one 8 MB document of news sentences peaks at 320-380 MiB
// (bench/bigdoc.sh), and memory grows with a document's size.
func walkCorpus(dir string, maxBytes int64) ([]string, []skippedFile, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, nil, err
	}
	if !fi.IsDir() {
		return nil, nil, fmt.Errorf("%s: not a folder", dir)
	}
	l := &lister{ids: runsort.New(os.TempDir(), docIDBudget), seen: map[string]string{}, maxBytes: maxBytes}
	defer l.ids.Remove()
	l.walk(dir, fi, nil)
	if l.err == nil {
		l.err = l.sameIDs()
	}
	if l.err != nil {
		return nil, nil, l.err
	}
	sort.Slice(l.skipped, func(i, j int) bool { return l.skipped[i].Path < l.skipped[j].Path })
	if len(l.paths) == 0 && len(l.skipped) > 0 {
		sk := l.skipped[0]
		return nil, nil, fmt.Errorf("%s: no *.txt article can be read: %d skipped, %s among them (%s)",
			dir, len(l.skipped), extract.QuotePath(sk.Path), sk.Reason)
	}
	if len(l.paths) == 0 {
		return nil, nil, fmt.Errorf("%s: no *.txt articles found", dir)
	}
	sort.Strings(l.paths)
	return l.paths, l.skipped, nil
}

// maxDepth is how deep folders are read: where loops cannot be told
// (a system without inode numbers), a loop ends there.
const maxDepth = 256

type lister struct {
	paths   []string
	skipped []skippedFile
	ids     *runsort.Sorter   // hashes of the document ids, and their paths' places
	seen    map[string]string // folder identity → the path it was read by
	err     error
	// maxBytes is the size of the largest file read; 0: no limit.
	maxBytes int64
}

// walk lists folder dir; chain holds the identities of the folders that
// lead to it, to tell a loop from a folder reached twice.
func (l *lister) walk(dir string, fi os.FileInfo, chain []string) {
	id := fileID(fi)
	if id != "" {
		for _, c := range chain {
			if c == id {
				l.skip(dir, "symbolic link loop: leads back to "+l.seen[id])
				return
			}
		}
		if prev, ok := l.seen[id]; ok {
			l.skip(dir, "the same folder as "+prev+", read once")
			return
		}
		l.seen[id] = dir
	}
	if len(chain) == maxDepth {
		l.skip(dir, fmt.Sprintf("more than %d folders deep", maxDepth))
		return
	}
	chain = append(chain, id)
	ents, err := os.ReadDir(dir)
	if err != nil {
		l.skip(dir, reason(err))
	}
	for _, e := range ents {
		if l.err != nil {
			return
		}
		path := filepath.Join(dir, e.Name())
		txt := strings.EqualFold(filepath.Ext(path), ".txt")
		fi, err := e.Info()
		if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			fi, err = os.Stat(path)
			if err != nil {
				if txt {
					l.skip(path, "symbolic link to nothing: "+reason(err))
				}
				continue
			}
		}
		switch {
		case err != nil:
			l.skip(path, reason(err))
		case fi.IsDir():
			l.walk(path, fi, chain)
		case !txt:
		case !fi.Mode().IsRegular():
			l.skip(path, "not a regular file ("+fi.Mode().Type().String()+")")
		case l.maxBytes > 0 && fi.Size() > l.maxBytes:
			l.skip(path, fmt.Sprintf("%d bytes, more than -max-doc-bytes %d", fi.Size(), l.maxBytes))
		default:
			if len(l.paths) == 1<<32-1 {
				l.err = fmt.Errorf("%s: more than 4G articles", dir)
				return
			}
			h := sha256.Sum256([]byte(extract.DocumentID(path)))
			r := runsort.Record{binary.BigEndian.Uint32(h[0:]), binary.BigEndian.Uint32(h[4:]), binary.BigEndian.Uint32(h[8:]), uint32(len(l.paths))}
			if l.err = l.ids.Add(r); l.err != nil {
				return
			}
			l.paths = append(l.paths, path)
		}
	}
}

// docIDBudget is the memory, in bytes, of the sort that finds two files
// of one document id: 64K files.
const docIDBudget = 1 << 20

// sameIDs reports two files that would get the same document id, the
// pair the walk meets first, from a sort of the ids' hashes and the
// files' places in the walk: no set of every id stays in memory.
func (l *lister) sameIDs() error {
	if err := l.ids.Finish(); err != nil {
		return err
	}
	var prev runsort.Record
	first := true
	a, b := -1, -1 // places of the first pair
	err := l.ids.Each(func(r runsort.Record) error {
		if !first && [3]uint32(r[:3]) == [3]uint32(prev[:3]) && (b < 0 || int(r[3]) < b) {
			if extract.DocumentID(l.paths[prev[3]]) == extract.DocumentID(l.paths[r[3]]) {
				a, b = int(prev[3]), int(r[3])
			}
		}
		if first || [3]uint32(r[:3]) != [3]uint32(prev[:3]) {
			prev = r // the first file of a hash, to compare the others with
		}
		first = false
		return nil
	})
	if err != nil || b < 0 {
		return err
	}
	return fmt.Errorf("%s and %s would both be document %q; rename one", tsvField(l.paths[a]), tsvField(l.paths[b]), extract.DocumentID(l.paths[b]))
}

func (l *lister) skip(path, why string) {
	l.skipped = append(l.skipped, skippedFile{Path: path, Reason: why})
}

// reason is an error without the path it names, which the report gives.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// readError is the reason a corpus file could not be read, without its
// path: os and extract errors start with it.
func readError(path string, err error) skippedFile {
	msg := reason(err)
	msg = strings.TrimPrefix(msg, path+": ")
	return skippedFile{Path: path, Reason: msg}
}

// storeError is the reason a document read and matched could not be
// made into quads.
func storeError(path string, err error) skippedFile {
	return skippedFile{Path: path, Reason: "cannot store it: " + strings.TrimPrefix(err.Error(), path+": ")}
}

// writeSkipped writes out/skipped.tsv, the files a build skipped with the
// reason, or removes an old one when there are none.
func writeSkipped(out string, skipped []skippedFile) error {
	name := filepath.Join(out, skippedName)
	if len(skipped) == 0 {
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	var b strings.Builder
	b.WriteString("path\treason\n")
	for _, s := range skipped {
		b.WriteString(tsvField(s.Path) + "\t" + tsvField(s.Reason) + "\n")
	}
	return writeFileAtomic(name, []byte(b.String()))
}

// tsvField is s as a field of a TSV line: quoted, as Go quotes strings,
// when it holds a tab, a newline or another control character.
func tsvField(s string) string { return extract.QuotePath(s) }

// skip records the files a build skipped in the summary and in
// out/skipped.tsv.
func (s *summary) skip(out string, skipped []skippedFile) error {
	sort.Slice(skipped, func(i, j int) bool { return skipped[i].Path < skipped[j].Path })
	s.Skipped = skipped
	return writeSkipped(out, skipped)
}
