package store

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// kvRuns sorts kvQuad records within a memory budget, as an external
// sort: it holds up to max records in memory; when they fill, it sorts
// them and writes them to a run file in dir; at the end it merges the
// runs. Below the budget nothing touches the disk. Equal records are
// kept once: the writer stores a duplicate quad once.
type kvRuns struct {
	dir  string
	cmp  func(a, b kvQuad) int
	max  int      // records held in memory before a spill
	buf  []kvQuad // not yet spilled
	runs []string // run files, each sorted, without duplicates
	done bool     // finish was called
}

// kvRecord is the size of a kvQuad in a run file: four uint32, little
// endian.
const kvRecord = 16

// kvRunBuffer is the read buffer of each run during the merge: k runs
// cost k times this.
const kvRunBuffer = 64 << 10

func newKVRuns(dir string, budget int, cmp func(a, b kvQuad) int) *kvRuns {
	return &kvRuns{dir: dir, cmp: cmp, max: max(budget/kvRecord, 2)}
}

func (r *kvRuns) add(q kvQuad) error {
	r.buf = append(r.buf, q)
	if len(r.buf) >= r.max {
		return r.spill()
	}
	return nil
}

// sortBuf sorts the records in memory and drops duplicates.
func (r *kvRuns) sortBuf() {
	slices.SortFunc(r.buf, r.cmp)
	r.buf = slices.Compact(r.buf)
}

// spill writes the records in memory, sorted, to a new run file.
func (r *kvRuns) spill() error {
	r.sortBuf()
	f, err := os.CreateTemp(r.dir, "sort-*.run")
	if err != nil {
		return err
	}
	r.runs = append(r.runs, f.Name())
	bw := bufio.NewWriterSize(f, 1<<20)
	var rec [kvRecord]byte
	for _, q := range r.buf {
		putKVQuad(rec[:], q)
		if _, err := bw.Write(rec[:]); err != nil {
			f.Close()
			return err
		}
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	r.buf = r.buf[:0]
	return err
}

// finish ends the adding: with runs on disk, what is left in memory
// becomes one more, and the memory is given back; otherwise it is sorted
// where it is.
func (r *kvRuns) finish() error {
	if r.done {
		return nil
	}
	r.done = true
	if len(r.runs) == 0 {
		r.sortBuf()
		return nil
	}
	if len(r.buf) > 0 {
		if err := r.spill(); err != nil {
			return err
		}
	}
	r.buf = nil
	return nil
}

// spilled reports whether the records went to disk.
func (r *kvRuns) spilled() bool { return len(r.runs) > 0 }

// each calls fn with every record in order, duplicates dropped, and
// removes the run files. finish must have been called.
func (r *kvRuns) each(fn func(kvQuad) error) error {
	if !r.done {
		return errors.New("store: kvRuns.each before finish")
	}
	if len(r.runs) == 0 {
		for _, q := range r.buf {
			if err := fn(q); err != nil {
				return err
			}
		}
		return nil
	}
	defer r.remove()
	m := &kvMerge{cmp: r.cmp}
	defer m.close()
	for _, name := range r.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		src := &kvSource{f: f, r: bufio.NewReaderSize(f, kvRunBuffer)}
		m.files = append(m.files, f)
		ok, err := src.next()
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if ok {
			m.h = append(m.h, src)
		}
	}
	heap.Init(m)
	first := true
	var prev kvQuad
	for len(m.h) > 0 {
		src := m.h[0]
		q := src.cur
		if first || q != prev { // runs hold no duplicates, but two runs may share one
			if err := fn(q); err != nil {
				return err
			}
			prev, first = q, false
		}
		ok, err := src.next()
		if err != nil {
			return fmt.Errorf("%s: %v", src.f.Name(), err)
		}
		if ok {
			heap.Fix(m, 0)
		} else {
			heap.Pop(m)
		}
	}
	return nil
}

// remove deletes the run files.
func (r *kvRuns) remove() {
	for _, name := range r.runs {
		os.Remove(name)
	}
	r.runs = nil
}

// kvSource is one run file being merged, at its record cur.
type kvSource struct {
	f   *os.File
	r   *bufio.Reader
	cur kvQuad
	rec [kvRecord]byte
}

func (s *kvSource) next() (bool, error) {
	_, err := io.ReadFull(s.r, s.rec[:])
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err // io.ErrUnexpectedEOF: a run cut short
	}
	s.cur = getKVQuad(s.rec[:])
	return true, nil
}

// kvMerge is a heap of run files by their current record.
type kvMerge struct {
	cmp   func(a, b kvQuad) int
	h     []*kvSource
	files []*os.File
}

func (m *kvMerge) Len() int           { return len(m.h) }
func (m *kvMerge) Less(i, j int) bool { return m.cmp(m.h[i].cur, m.h[j].cur) < 0 }
func (m *kvMerge) Swap(i, j int)      { m.h[i], m.h[j] = m.h[j], m.h[i] }
func (m *kvMerge) Push(x any)         { m.h = append(m.h, x.(*kvSource)) }
func (m *kvMerge) Pop() any {
	x := m.h[len(m.h)-1]
	m.h = m.h[:len(m.h)-1]
	return x
}

func (m *kvMerge) close() {
	for _, f := range m.files {
		f.Close()
	}
}

func putKVQuad(b []byte, q kvQuad) {
	binary.LittleEndian.PutUint32(b[0:], q.s)
	binary.LittleEndian.PutUint32(b[4:], q.p)
	binary.LittleEndian.PutUint32(b[8:], q.o)
	binary.LittleEndian.PutUint32(b[12:], q.l)
}

func getKVQuad(b []byte) kvQuad {
	return kvQuad{
		s: binary.LittleEndian.Uint32(b[0:]),
		p: binary.LittleEndian.Uint32(b[4:]),
		o: binary.LittleEndian.Uint32(b[8:]),
		l: binary.LittleEndian.Uint32(b[12:]),
	}
}
