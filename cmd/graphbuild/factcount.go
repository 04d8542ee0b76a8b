package main

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/internal/runsort"
)

// factCount counts a build's distinct facts, in all and by relation,
// without a set of every fact in memory: each fact becomes a record of
// 12 bytes of its hash and its relation's number, sorted within a budget
// (runs spilled to the system's temporary folder, as
// graphbuild-sort-*.run, past 64K facts) and counted at the end. Only the relations' names stay in memory.
type factCount struct {
	rels  map[string]uint32 // relation → number
	names []string          // by number
	sort  *runsort.Sorter
}

// factBudget is the memory, in bytes, of the facts' records: 64K facts,
// about 5,000 gencorpus documents; past it, a run in the temporary folder
// each.
const factBudget = 1 << 20

func newFactCount() *factCount {
	return &factCount{rels: map[string]uint32{}, sort: runsort.New(os.TempDir(), factBudget)}
}

func (c *factCount) add(f extract.Fact) error {
	rel := f.Relation()
	n, ok := c.rels[rel]
	if !ok {
		n = uint32(len(c.names))
		c.rels[rel] = n
		c.names = append(c.names, rel)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s", f.Subject, f.Predicate, f.Object, f.Modality, f.ObjectDate)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return c.sort.Add(runsort.Record{binary.BigEndian.Uint32(sum[0:]), binary.BigEndian.Uint32(sum[4:]), binary.BigEndian.Uint32(sum[8:]), n})
}

// count returns the distinct facts and their number by relation.
func (c *factCount) count() (total int, byRel map[string]int, err error) {
	byRel = map[string]int{}
	if err := c.sort.Finish(); err != nil {
		c.sort.Remove()
		return 0, nil, err
	}
	err = c.sort.Each(func(r runsort.Record) error {
		total++
		byRel[c.names[r[3]]]++
		return nil
	})
	return total, byRel, err
}

// remove deletes the runs, if count was not reached.
func (c *factCount) remove() { c.sort.Remove() }
