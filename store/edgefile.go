package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/internal/runsort"
)

// edgesName is the file in a store directory that holds what ranked path
// searches weigh: every relation edge with the documents that state it
// and its evidence, one sorted line "S\tREL\tO\tDOCS\tEVIDENCE" per edge,
// its three nodes as N-Quads terms. The build writes it from the blocks,
// so that the first ranked search of a command reads this file instead of
// scanning every quad (bolt has no index by predicate): on a million
// edges that scan took seconds (BenchmarkLoadPaths).
const edgesName = "edges"

// edgeIndex counts, while a build runs, the documents and the evidence of
// every relation edge. Terms (entities, relations, dates) are interned and
// stay in memory; the sightings of edges are records of a sort within a
// budget (edgeBudget), counted when the file is written, so that no
// structure per edge grows with the corpus.
type edgeIndex struct {
	terms map[string]int32
	names []string
	// recs holds (s, rel, o, n): n's flags say whether a document or an
	// evidence sighted the edge (edgeEvidence) and whether the sighting
	// is taken away (edgeGone: an old block's, in a splicing build); its
	// other bits number the sightings, which keeps equal ones apart.
	recs  *runsort.Sorter
	seen  uint32 // sightings numbered so far
	dir   string // where runs are spilled; "" for the system's temporary folder
	limit int    // records in memory, for tests; 0 for edgeBudget
}

// edgeBudget is the memory, in bytes, of the edges' records (16 bytes a
// sighting): 65,536 sightings, about 3,000 gencorpus documents.
const edgeBudget = 1 << 20

// The flags of a sighting's record.
const (
	edgeEvidence = 1 << 31 // an evidence's sighting, not a document's
	edgeGone     = 1 << 30 // a sighting taken away
	edgeSeen     = edgeGone - 1
)

func newEdgeIndex() *edgeIndex {
	return &edgeIndex{terms: map[string]int32{}}
}

// sort returns a new sort of records within the budget.
func (ix *edgeIndex) sort() *runsort.Sorter {
	dir := ix.dir
	if dir == "" {
		dir = os.TempDir()
	}
	s := runsort.New(dir, edgeBudget)
	if ix.limit > 0 {
		s.SetLimit(ix.limit)
	}
	return s
}

// add records a sighting of edge k: flags is 0 or edgeEvidence, sign +1
// or -1.
func (ix *edgeIndex) add(k [3]int32, flags uint32, sign int32) error {
	if ix.seen > edgeSeen {
		return fmt.Errorf("store: edges: more than %d sightings of edges in one build", edgeSeen)
	}
	if ix.recs == nil {
		ix.recs = ix.sort()
	}
	n := flags | ix.seen
	if sign < 0 {
		n |= edgeGone
	}
	ix.seen++
	return ix.recs.Add(runsort.Record{uint32(k[0]), uint32(k[1]), uint32(k[2]), n})
}

// counts calls fn with every edge whose sightings do not cancel out, in
// the order of its terms' interning, with its documents and evidence
// summed; the sightings are used up.
func (ix *edgeIndex) counts(fn func(k [3]uint32, docs, evidence int64) error) error {
	if ix.recs == nil {
		return nil
	}
	defer func() { ix.recs.Remove(); ix.recs = nil }()
	if err := ix.recs.Finish(); err != nil {
		return err
	}
	var cur [3]uint32
	var docs, evidence int64
	have := false
	flush := func() error {
		if !have || docs == 0 && evidence == 0 {
			return nil
		}
		return fn(cur, docs, evidence)
	}
	err := ix.recs.Each(func(r runsort.Record) error {
		if !have || [3]uint32(r[:3]) != cur {
			if err := flush(); err != nil {
				return err
			}
			cur, docs, evidence, have = [3]uint32(r[:3]), 0, 0, true
		}
		d := int64(1)
		if r[3]&edgeGone != 0 {
			d = -1
		}
		if r[3]&edgeEvidence != 0 {
			evidence += d
		} else {
			docs += d
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

func (ix *edgeIndex) intern(term []byte) int32 {
	if n, ok := ix.terms[string(term)]; ok {
		return n
	}
	n := int32(len(ix.names))
	ix.names = append(ix.names, string(term))
	ix.terms[ix.names[n]] = n
	return n
}

var (
	edgePredRel     = []byte("<" + schemeRelation)
	edgePredSubject = []byte("<" + string(attrSubject) + ">")
	edgePredPred    = []byte("<" + string(attrPredicate) + ">")
	edgePredObject  = []byte("<" + string(attrObject) + ">")
)

// edgesHiddenName is the edges file's companion in a store directory:
// the lines of edges no document states whose evidence was still counted
// (a loop's, which is on no path), in the same form, so that an
// incremental build can change the counts by the blocks that changed
// (edgeIndex.addBlock with -1 for an old block) and still write what a
// count from every block writes.
const edgesHiddenName = "edges.hidden"

// addBlock counts the relation quads of a block's N-Quads (a document
// states an edge once, however often its block holds the quad) and its
// evidence nodes whose subject, relation and object are all given, as the
// scan of a store counts them (loadAdjacency); sign is +1 for a block
// added, -1 for one taken away.
func (ix *edgeIndex) addBlock(nq []byte, sign int32) error {
	seen := map[[3]int32]bool{}
	evs := map[string]*[3]int32{} // evidence node → its subject, relation, object (+1; 0: not given)
	for line := range nqLines(nq) {
		s, p, rest, ok := cutSubjectPredicate(line)
		if !ok {
			continue
		}
		slot := -1
		switch {
		case bytes.HasPrefix(p, edgePredRel):
		case bytes.Equal(p, edgePredSubject):
			slot = 0
		case bytes.Equal(p, edgePredPred):
			slot = 1
		case bytes.Equal(p, edgePredObject):
			slot = 2
		default:
			continue
		}
		o, err := objectTerm(line, rest)
		if err != nil {
			return err
		}
		if slot < 0 {
			if bytes.Equal(s, o) {
				continue // a loop is on no path
			}
			k := [3]int32{ix.intern(s), ix.intern(p), ix.intern(o)}
			if !seen[k] {
				seen[k] = true
				if err := ix.add(k, 0, sign); err != nil {
					return err
				}
			}
			continue
		}
		e := evs[string(s)]
		if e == nil {
			e = new([3]int32)
			evs[string(s)] = e
		}
		e[slot] = ix.intern(o) + 1
	}
	for _, e := range evs {
		if e[0] == 0 || e[1] == 0 || e[2] == 0 {
			continue
		}
		// An evidence of no edge is kept in edges.hidden: see write.
		if err := ix.add([3]int32{e[0] - 1, e[1] - 1, e[2] - 1}, edgeEvidence, sign); err != nil {
			return err
		}
	}
	return nil
}

// objectTerm returns the object of an N-Quads line whose subject and
// predicate are cut off (rest): an IRI as written, or, for a literal, the
// term as N-Quads writes it after parsing the line.
func objectTerm(line, rest []byte) ([]byte, error) {
	if bytes.HasPrefix(rest, []byte("<")) {
		o, _, _ := bytes.Cut(rest, []byte(" "))
		return o, nil
	}
	qs, err := appendParsed(nil, append(slices.Clip(line), '\n'))
	if err != nil || len(qs) != 1 {
		return nil, fmt.Errorf("store: edges: cannot read %q: %v", line, err)
	}
	return []byte(qs[0].Object.String()), nil
}

// write writes the edges file and its hidden lines into the store
// directory dir: the sightings, in the terms' order of interning, are
// counted by edge, then sorted again by the terms' order as text (their
// rank), as two records an edge: (s, rel, o, docs) and (s, rel, o,
// edgeEvidence | evidence). An edge no document states (a loop's
// evidence) goes to edges.hidden, so that a splicing build can count on.
func (ix *edgeIndex) write(dir string) error {
	byText := make([]int32, len(ix.names))
	for i := range byText {
		byText[i] = int32(i)
	}
	slices.SortFunc(byText, func(a, b int32) int { return strings.Compare(ix.names[a], ix.names[b]) })
	rank := make([]uint32, len(ix.names))
	for r, n := range byText {
		rank[n] = uint32(r)
	}
	lines := ix.sort()
	defer lines.Remove()
	err := ix.counts(func(k [3]uint32, docs, evidence int64) error {
		if docs < 0 || evidence < 0 || docs >= edgeEvidence || evidence >= edgeEvidence {
			return fmt.Errorf("store: edges: counts %d and %d out of range", docs, evidence)
		}
		r := runsort.Record{rank[k[0]], rank[k[1]], rank[k[2]], uint32(docs)}
		if err := lines.Add(r); err != nil {
			return err
		}
		if evidence == 0 {
			return nil
		}
		r[3] = edgeEvidence | uint32(evidence)
		return lines.Add(r)
	})
	if err == nil {
		err = lines.Finish()
	}
	if err != nil {
		return err
	}
	var out [2]*fileWriter
	for i, name := range []string{edgesName, edgesHiddenName} {
		w, err := newFileWriter(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		defer w.abort()
		out[i] = w
	}
	var last [3]uint32
	var docs, evidence uint32
	have := false
	put := func() {
		if !have {
			return
		}
		w := out[0]
		if docs == 0 {
			w = out[1]
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\n", ix.names[byText[last[0]]], ix.names[byText[last[1]]], ix.names[byText[last[2]]], docs, evidence)
	}
	err = lines.Each(func(r runsort.Record) error {
		if !have || [3]uint32(r[:3]) != last {
			put()
			last, docs, evidence, have = [3]uint32(r[:3]), 0, 0, true
		}
		if r[3]&edgeEvidence != 0 {
			evidence = r[3] &^ edgeEvidence
		} else {
			docs = r[3]
		}
		return nil
	})
	if err != nil {
		return err
	}
	put()
	for _, w := range out {
		if err := w.close(); err != nil {
			return err
		}
	}
	return nil
}

// readEdgesFile reads the edges file of the store directory dir into an
// adjacency; ok is false when the store has none (a PostgreSQL graph, a
// store of an older graphbuild), and the caller scans the quads instead.
func readEdgesFile(dir string) (a *adjacency, ok bool, err error) {
	if dir == "" {
		return nil, false, nil // not a bolt store: no file beside it
	}
	data, err := os.ReadFile(filepath.Join(dir, edgesName))
	if err != nil {
		return nil, false, nil
	}
	nodes := map[string]int32{}
	var vals []quad.Value
	node := func(term string) (int32, error) {
		if n, ok := nodes[term]; ok {
			return n, nil
		}
		v, err := parseTerm(term)
		if err != nil {
			return 0, err
		}
		n := int32(len(vals))
		nodes[term] = n
		vals = append(vals, v)
		return n, nil
	}
	rels := map[string]int{}
	var mods []extract.Modality
	var edges []edge
	bad := func(no int, why any) error {
		return fmt.Errorf("%s:%d: %v", filepath.Join(dir, edgesName), no, why)
	}
	// The lines come sorted by subject: most take the previous one's.
	lastS, s := "", int32(-1)
	rest := string(data)
	for no := 1; rest != ""; no++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		st, line, ok1 := strings.Cut(line, "\t")
		pt, line, ok2 := strings.Cut(line, "\t")
		ot, line, ok3 := strings.Cut(line, "\t")
		dt, et, ok4 := strings.Cut(line, "\t")
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, false, bad(no, "want 5 fields")
		}
		var err error
		if st != lastS || s < 0 {
			if s, err = node(st); err != nil {
				return nil, false, bad(no, err)
			}
			lastS = st
		}
		o, err := node(ot)
		if err != nil {
			return nil, false, bad(no, err)
		}
		rel, ok := rels[pt]
		if !ok {
			id, err := idOf(quad.IRI(strings.TrimSuffix(strings.TrimPrefix(pt, "<"), ">")), schemeRelation)
			if err != nil {
				return nil, false, bad(no, err)
			}
			_, m := extract.ParseRelation(id)
			rel = len(mods)
			rels[pt] = rel
			mods = append(mods, m)
		}
		docs, err1 := strconv.ParseInt(dt, 10, 32)
		ev, err2 := strconv.ParseInt(et, 10, 32)
		if err1 != nil || err2 != nil {
			return nil, false, bad(no, "counts are not numbers")
		}
		edges = append(edges, edge{edgeKey{s, int32(rel), o}, support{int32(docs), int32(ev)}})
	}
	return layoutAdjacency(vals, edges, mods), true, nil
}

// parseTerm reads one N-Quads term: an IRI fast, anything else through
// the N-Quads reader.
func parseTerm(term string) (quad.Value, error) {
	if strings.HasPrefix(term, "<") && strings.HasSuffix(term, ">") && !strings.Contains(term, `\`) {
		return quad.IRI(term[1 : len(term)-1]), nil
	}
	qs, err := appendParsed(nil, []byte("<s> <p> "+term+" .\n"))
	if err != nil || len(qs) != 1 {
		return nil, fmt.Errorf("not an N-Quads term: %q", term)
	}
	return qs[0].Object, nil
}

// ref returns the store's node of adjacency node n. Only the nodes of the
// paths found need one, so it is looked up then, not kept for every node.
func (a *adjacency) ref(r *reader, n int32) graph.Ref { return r.ref(a.vals[n]) }
