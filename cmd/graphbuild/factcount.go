package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/internal/runsort"
)

// factCount counts a build's distinct facts, in all and by relation,
// without a set of every fact in memory: each sighting of a fact becomes a
// record of 8 bytes of its hash, its relation's number and a number of
// its own, sorted within a budget (runs spilled to the system's
// temporary folder, as graphbuild-sort-*.run, past 64K facts) and counted
// at the end. Only the relations' names stay in memory.
type factCount struct {
	rels  map[string]uint32 // relation → number
	names []string          // by number
	sort  *runsort.Sorter

	base    *bufio.Reader // the previous build's facts (withBase); nil for none
	baseRel []uint32      // the base's relation numbers → ours
	seq     uint32        // records added
}

// factBudget is the memory, in bytes, of the facts' records: 64K facts,
// about 5,000 gencorpus documents; past it, a run in the temporary folder
// each.
const factBudget = 1 << 20

func newFactCount() *factCount {
	return &factCount{rels: map[string]uint32{}, sort: runsort.New(os.TempDir(), factBudget)}
}

// sub marks the bit of a record's relation number that says the fact is
// taken away (a document's old facts in an incremental build).
const sub = 1 << 31

func (c *factCount) add(f extract.Fact) error { return c.record(f, 0) }

// sub takes one sighting of f away, against the base (withBase).
func (c *factCount) sub(f extract.Fact) error { return c.record(f, sub) }

func (c *factCount) record(f extract.Fact, sign uint32) error {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s", f.Subject, f.Predicate, f.Object, f.Modality, f.ObjectDate)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	// Every record is told apart by a number of its own: the sort drops
	// equal records, and each sighting counts.
	c.seq++
	return c.sort.Add(runsort.Record{binary.BigEndian.Uint32(sum[0:]), binary.BigEndian.Uint32(sum[4:]), c.rel(f.Relation()) | sign, c.seq})
}

func (c *factCount) rel(name string) uint32 {
	n, ok := c.rels[name]
	if !ok {
		n = uint32(len(c.names))
		c.rels[name] = n
		c.names = append(c.names, name)
	}
	return n
}

// The previous build's facts, the base an incremental build changes by
// the facts of the documents that changed, came or went, so that the
// facts of unchanged documents are neither read nor hashed: a file
// attached to the store (factsName), "graphbuild-facts-2 N" and N quoted
// relation names a line, then 16 bytes a distinct fact in hash order: 8
// of its hash, its relation's number and how many sightings it has
// (big-endian). Facts are told apart by 64 bits of their SHA-256: two of
// a million facts share them with a chance of about 3 in 100 million.
const (
	factsName    = "facts"
	factsVersion = "graphbuild-facts-2"
)

// withBase starts the count from the previous build's facts in r; false
// when r does not hold them.
func (c *factCount) withBase(r io.Reader) bool {
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.ReadString('\n')
	f := strings.Fields(head)
	if err != nil || len(f) != 2 || f[0] != factsVersion {
		return false
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 0 {
		return false
	}
	c.baseRel = make([]uint32, n)
	for i := range n {
		line, err := br.ReadString('\n')
		name, uerr := strconv.Unquote(strings.TrimSuffix(line, "\n"))
		if err != nil || uerr != nil {
			return false
		}
		c.baseRel[i] = c.rel(name)
	}
	c.base = br
	return true
}

// baseRecord reads the next fact of the base: hash, relation, sightings.
func (c *factCount) baseRecord() (r runsort.Record, n uint32, ok bool, err error) {
	if c.base == nil {
		return r, 0, false, nil
	}
	var b [16]byte
	if _, err := io.ReadFull(c.base, b[:]); err != nil {
		if err == io.EOF {
			return r, 0, false, nil
		}
		return r, 0, false, fmt.Errorf("the previous build's facts: %v", err)
	}
	rel := binary.BigEndian.Uint32(b[8:])
	if int(rel) >= len(c.baseRel) {
		return r, 0, false, errors.New("the previous build's facts: damaged")
	}
	r = runsort.Record{binary.BigEndian.Uint32(b[0:]), binary.BigEndian.Uint32(b[4:]), c.baseRel[rel], 0}
	return r, binary.BigEndian.Uint32(b[12:]), true, nil
}

// count returns the distinct facts and their number by relation: the
// base's and the facts added, less those taken away. It writes them to
// out, when not nil, as the next build's base.
func (c *factCount) count(out io.Writer) (total int, byRel map[string]int, err error) {
	byRel = map[string]int{}
	if err := c.sort.Finish(); err != nil {
		c.sort.Remove()
		return 0, nil, err
	}
	var w *bufio.Writer
	if out != nil {
		w = bufio.NewWriterSize(out, 1<<16)
		fmt.Fprintf(w, "%s %d\n", factsVersion, len(c.names))
		for _, name := range c.names {
			fmt.Fprintf(w, "%s\n", strconv.Quote(name))
		}
	}
	emit := func(r runsort.Record, n int64) error {
		if n < 0 {
			return errors.New("the previous build's facts disagree with its documents; build with -full")
		}
		if n == 0 {
			return nil
		}
		total++
		byRel[c.names[r[2]]]++
		if w != nil {
			var b [16]byte
			for i, v := range []uint32{r[0], r[1], r[2], uint32(n)} {
				binary.BigEndian.PutUint32(b[4*i:], v)
			}
			w.Write(b[:])
		}
		return nil
	}
	same := func(a, b runsort.Record) bool { return a[0] == b[0] && a[1] == b[1] }
	base, baseN, more, err := c.baseRecord()
	if err != nil {
		return 0, nil, err
	}
	var cur runsort.Record // the fact whose sightings are being summed
	var n int64
	have := false
	// flush ends the fact cur: the base's facts before it are as they were.
	flush := func() error {
		for more && runsort.Compare(base, cur) < 0 && !same(base, cur) {
			if err := emit(base, int64(baseN)); err != nil {
				return err
			}
			if base, baseN, more, err = c.baseRecord(); err != nil {
				return err
			}
		}
		if more && same(base, cur) {
			n += int64(baseN)
			if base, baseN, more, err = c.baseRecord(); err != nil {
				return err
			}
		}
		return emit(cur, n)
	}
	err = c.sort.Each(func(r runsort.Record) error {
		sign := int64(1)
		if r[2]&sub != 0 {
			sign, r[2] = -1, r[2]&^sub
		}
		if have && !same(r, cur) {
			if err := flush(); err != nil {
				return err
			}
			have = false
		}
		if !have {
			cur, n, have = r, 0, true
		}
		n += sign
		return nil
	})
	if err == nil && have {
		err = flush()
	}
	for err == nil && more {
		if err = emit(base, int64(baseN)); err == nil {
			base, baseN, more, err = c.baseRecord()
		}
	}
	if err != nil {
		return 0, nil, err
	}
	if w != nil {
		if err := w.Flush(); err != nil {
			return 0, nil, err
		}
	}
	return total, byRel, nil
}

// remove deletes the runs, if count was not reached.
func (c *factCount) remove() { c.sort.Remove() }
