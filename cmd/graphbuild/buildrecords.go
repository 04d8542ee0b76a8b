package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/store"
)

// An incremental bolt build with the rules of the current graph reads
// nothing of an unchanged document: the store copies its block
// (store.PreviousBlock), and the summary takes its counts and warnings
// from the records the current graph was committed with and its facts
// from the previous build's count (factCount.withBase). Both files are
// attached to the store (store.Writer.Attach), so they become current
// with it and go with it, and a killed build leaves the previous ones.

// recordsName is the file attached to a bolt store with what the summary
// counts of each of its documents, in the store's order: a line "KEY\tCOUNTS\tFACTS",
// KEY the block's cache key, COUNTS and FACTS JSON (docTally and the
// document's facts), so that an unchanged document's line is copied and
// its counts read without its facts.
const recordsName = "records"

// docTally is a docRecord without its facts.
type docTally struct {
	Sentences  int      `json:"sentences"`
	Mentions   int      `json:"mentions"`
	References int      `json:"references"`
	Unresolved int      `json:"unresolved"`
	Evidence   int      `json:"evidence"`
	Warnings   []string `json:"warnings"`
}

func (r docRecord) counts() docTally {
	return docTally{r.Sentences, r.Mentions, r.References, r.Unresolved, r.Evidence, r.Warnings}
}

// recordLine is a document's line of the records file.
func recordLine(key string, r docRecord) ([]byte, error) {
	c, err := json.Marshal(r.counts())
	if err != nil {
		return nil, err
	}
	f, err := json.Marshal(r.Facts)
	if err != nil {
		return nil, err
	}
	line := append(append([]byte(key), '\t'), c...)
	line = append(append(line, '\t'), f...)
	return append(line, '\n'), nil
}

// attacher is a writer that keeps files with its store: bolt's.
type attacher interface {
	Attach(name string) (*os.File, error)
}

// prevRecords reads the records of the current graph in order, beside
// the documents of the build: those it passes over belong to documents
// that changed or went, and their facts are taken away from the count.
type prevRecords struct {
	f     *os.File
	base  *os.File // the facts' count, read by facts at the end
	r     *bufio.Reader
	facts *factCount
}

// openPrevRecords opens the records of the current graph in where, if
// they list exactly the blocks of prev (the current graph's block keys by
// document), and the facts count, which it makes facts' base; nil when
// either is missing or does not fit.
func openPrevRecords(where string, prev map[string]string, facts *factCount) *prevRecords {
	keys := make(map[string]bool, len(prev))
	for doc, key := range prev {
		if doc != "" {
			keys[key] = true
		}
	}
	f, err := store.Attached(where, recordsName)
	if err != nil {
		return nil
	}
	// Every line's key is a block of the current graph, once.
	r := bufio.NewReaderSize(f, 1<<16)
	n := 0
	for {
		line, err := r.ReadSlice('\t')
		if errors.Is(err, io.EOF) && len(line) == 0 {
			break
		}
		if err != nil || !keys[string(line[:len(line)-1])] {
			f.Close()
			return nil
		}
		keys[string(line[:len(line)-1])] = false
		n++
		if _, err := r.ReadBytes('\n'); err != nil {
			f.Close()
			return nil
		}
	}
	if n != len(keys) {
		f.Close()
		return nil
	}
	ff, err := store.Attached(where, factsName)
	if err != nil {
		f.Close()
		return nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil || !facts.withBase(ff) {
		f.Close()
		ff.Close()
		return nil
	}
	return &prevRecords{f: f, base: ff, r: bufio.NewReaderSize(f, 1<<16), facts: facts}
}

// find returns the line of the block key, taking away the facts of the
// lines before it.
func (p *prevRecords) find(key string) ([]byte, error) {
	for {
		line, err := p.r.ReadBytes('\n')
		if err != nil {
			return nil, fmt.Errorf("%s: no record of block %s; build with -full", recordsName, key)
		}
		k, _, _ := bytes.Cut(line, []byte("\t"))
		if string(k) == key {
			return line, nil
		}
		if err := p.drop(line); err != nil {
			return nil, err
		}
	}
}

// rest takes away the facts of the lines left: documents gone.
func (p *prevRecords) rest() error {
	for {
		line, err := p.r.ReadBytes('\n')
		if len(line) > 0 {
			if err := p.drop(line); err != nil {
				return err
			}
		}
		if err != nil {
			return nil
		}
	}
}

func (p *prevRecords) drop(line []byte) error {
	f := bytes.SplitN(bytes.TrimSuffix(line, []byte("\n")), []byte("\t"), 3)
	var facts []extract.Fact
	if len(f) != 3 || json.Unmarshal(f[2], &facts) != nil {
		return fmt.Errorf("%s: damaged line; build with -full", recordsName)
	}
	for _, fact := range facts {
		if err := p.facts.sub(fact); err != nil {
			return err
		}
	}
	return nil
}

func (p *prevRecords) close() {
	if p != nil {
		p.f.Close()
		p.base.Close()
	}
}

// countsOf reads the counts of a records line.
func countsOf(line []byte) (docTally, error) {
	var c docTally
	f := bytes.SplitN(line, []byte("\t"), 3)
	if len(f) != 3 || json.Unmarshal(f[1], &c) != nil {
		return c, fmt.Errorf("%s: damaged line; build with -full", recordsName)
	}
	return c, nil
}

// recordsWriter writes the records attached to the new store.
type recordsWriter struct {
	f *os.File
	w *bufio.Writer
}

func newRecordsWriter(a attacher) (*recordsWriter, error) {
	f, err := a.Attach(recordsName)
	if err != nil {
		return nil, err
	}
	return &recordsWriter{f: f, w: bufio.NewWriterSize(f, 1<<16)}, nil
}

func (rw *recordsWriter) add(line []byte) error {
	_, err := rw.w.Write(line)
	return err
}

// close flushes, syncs and closes the file; only the first call does.
func (rw *recordsWriter) close() error {
	if rw == nil || rw.f == nil {
		return nil
	}
	err := rw.w.Flush()
	if err == nil {
		err = rw.f.Sync()
	}
	if cerr := rw.f.Close(); err == nil {
		err = cerr
	}
	rw.f = nil
	return err
}

// writeFacts counts the facts (factCount.count) and attaches the count to
// the new store as the next build's base.
func writeFacts(a attacher, facts *factCount) (int, map[string]int, error) {
	if a == nil {
		return facts.count(nil)
	}
	f, err := a.Attach(factsName)
	if err != nil {
		return 0, nil, err
	}
	total, byRel, err := facts.count(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return total, byRel, err
}
