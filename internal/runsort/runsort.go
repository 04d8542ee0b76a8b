// Package runsort sorts fixed-size records within a memory budget, as an
// external sort: sorted runs spilled to files, merged at the end. The
// build uses it for what would otherwise grow with the corpus: the store
// writer's quads, the documents added, the cache keys kept, the facts
// counted.
package runsort

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// Record is what most sorts sort: four numbers, in lexical order
// (Compare). Sorts of other fixed-size records use NewOf with a Codec.
type Record [4]uint32

// Size is the bytes of a Record in memory and in a run file.
const Size = 16

// runBuffer is the read buffer of each run during the merge: k runs cost
// k times this.
const runBuffer = 64 << 10

// Compare orders records field by field.
func Compare(a, b Record) int {
	for i := range a {
		if c := cmp.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// Codec says how records of type R are ordered and laid out in a run
// file: Size bytes each, written by Put and read by Get.
type Codec[R comparable] struct {
	Size    int
	Compare func(a, b R) int
	Put     func(b []byte, r R)
	Get     func(b []byte) R
}

// records is the Codec of Record.
var records = Codec[Record]{Size: Size, Compare: Compare, Put: put, Get: get}

// Of holds up to a budget of records in memory; when they fill it, it
// sorts them and writes them to a run file in its folder; at the end
// (Each) it merges the runs. Below the budget nothing touches the disk.
// Equal records are kept once.
type Of[R comparable] struct {
	c    Codec[R]
	dir  string
	max  int      // records held in memory before a spill
	buf  []R      // not yet spilled
	runs []string // run files, each sorted, without duplicates
	done bool     // Finish was called
}

// Sorter sorts Records.
type Sorter = Of[Record]

// New returns a Sorter that holds budget bytes of records in memory and
// spills runs into dir.
func New(dir string, budget int) *Sorter { return NewOf(dir, budget, records) }

// NewOf returns a sort of records of type R, laid out by c, that holds
// budget bytes of them in memory and spills runs into dir.
func NewOf[R comparable](dir string, budget int, c Codec[R]) *Of[R] {
	return &Of[R]{c: c, dir: dir, max: max(budget/c.Size, 2)}
}

// FromSorted returns a finished Sorter of records sorted without
// duplicates, held in memory: a sort whose records come from another's,
// rewritten in place (Take).
func FromSorted(dir string, budget int, recs []Record) *Sorter {
	return &Sorter{c: records, dir: dir, max: max(budget/Size, 2), buf: recs, done: true}
}

// SetLimit sets how many records are held in memory, for tests.
func (s *Of[R]) SetLimit(n int) { s.max = max(n, 2) }

// Runs is how many run files are on disk.
func (s *Of[R]) Runs() int { return len(s.runs) }

// Add adds a record.
func (s *Of[R]) Add(r R) error {
	if len(s.buf) == cap(s.buf) {
		// Grow as append would, but never past the budget.
		c := max(min(max(2*cap(s.buf), 1024), s.max), len(s.buf)+1)
		b := make([]R, len(s.buf), c)
		copy(b, s.buf)
		s.buf = b
	}
	s.buf = append(s.buf, r)
	if len(s.buf) >= s.max {
		return s.spill()
	}
	return nil
}

func (s *Of[R]) sortBuf() {
	slices.SortFunc(s.buf, s.c.Compare)
	s.buf = slices.Compact(s.buf)
}

// spill writes the records in memory, sorted, to a new run file.
func (s *Of[R]) spill() error {
	s.sortBuf()
	f, err := os.CreateTemp(s.dir, "graphbuild-sort-*.run")
	if err != nil {
		return err
	}
	s.runs = append(s.runs, f.Name())
	bw := bufio.NewWriterSize(f, 1<<20)
	rec := make([]byte, s.c.Size)
	for _, r := range s.buf {
		s.c.Put(rec, r)
		if _, err := bw.Write(rec); err != nil {
			f.Close()
			return err
		}
	}
	err = bw.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	s.buf = s.buf[:0]
	return err
}

// Finish ends the adding: with runs on disk, what is left in memory
// becomes one more, and the memory is given back; otherwise it is sorted
// where it is.
func (s *Of[R]) Finish() error {
	if s.done {
		return nil
	}
	s.done = true
	if len(s.runs) == 0 {
		s.sortBuf()
		return nil
	}
	if len(s.buf) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	s.buf = nil
	return nil
}

// Take returns the finished records when they are all in memory, sorted
// without duplicates, and gives them up; nil when they went to disk.
func (s *Of[R]) Take() []R {
	if !s.done || len(s.runs) > 0 {
		return nil
	}
	b := s.buf
	s.buf = nil
	return b
}

// Each calls fn with every record in order, duplicates dropped, and
// removes the run files. Finish must have been called. An error of fn
// stops it and is returned.
func (s *Of[R]) Each(fn func(R) error) error {
	defer s.Remove()
	return s.Scan(fn)
}

// Scan is Each without removing the run files: the records can be read
// again, until Remove.
func (s *Of[R]) Scan(fn func(R) error) error {
	if !s.done {
		return errors.New("runsort: Each before Finish")
	}
	if len(s.runs) == 0 {
		for _, r := range s.buf {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	m := &merge[R]{cmp: s.c.Compare}
	defer m.close()
	for _, name := range s.runs {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		src := &source[R]{f: f, r: bufio.NewReaderSize(f, runBuffer), rec: make([]byte, s.c.Size), get: s.c.Get}
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
	var prev R
	for len(m.h) > 0 {
		src := m.h[0]
		r := src.cur
		if first || r != prev { // runs hold no duplicates, but two runs may share one
			if err := fn(r); err != nil {
				return err
			}
			prev, first = r, false
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

// Remove deletes the run files.
func (s *Of[R]) Remove() {
	for _, name := range s.runs {
		os.Remove(name)
	}
	s.runs = nil
}

// source is one run file being merged, at its record cur.
type source[R comparable] struct {
	f   *os.File
	r   *bufio.Reader
	cur R
	rec []byte
	get func([]byte) R
}

func (s *source[R]) next() (bool, error) {
	_, err := io.ReadFull(s.r, s.rec)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err // io.ErrUnexpectedEOF: a run cut short
	}
	s.cur = s.get(s.rec)
	return true, nil
}

// merge is a heap of run files by their current record.
type merge[R comparable] struct {
	h     []*source[R]
	files []*os.File
	cmp   func(a, b R) int
}

func (m *merge[R]) Len() int           { return len(m.h) }
func (m *merge[R]) Less(i, j int) bool { return m.cmp(m.h[i].cur, m.h[j].cur) < 0 }
func (m *merge[R]) Swap(i, j int)      { m.h[i], m.h[j] = m.h[j], m.h[i] }
func (m *merge[R]) Push(x any)         { m.h = append(m.h, x.(*source[R])) }
func (m *merge[R]) Pop() any {
	x := m.h[len(m.h)-1]
	m.h = m.h[:len(m.h)-1]
	return x
}

func (m *merge[R]) close() {
	for _, f := range m.files {
		f.Close()
	}
}

func put(b []byte, r Record) {
	for i, x := range r {
		binary.LittleEndian.PutUint32(b[4*i:], x)
	}
}

func get(b []byte) Record {
	var r Record
	for i := range r {
		r[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return r
}
