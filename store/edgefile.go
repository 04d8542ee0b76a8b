package store

import (
	"bufio"
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
// every relation edge. Terms are interned, so an edge costs three int32
// and two counters, not three strings.
type edgeIndex struct {
	terms map[string]int32
	names []string
	edges map[[3]int32][2]int32 // s, rel, o → docs, evidence
}

func newEdgeIndex() *edgeIndex {
	return &edgeIndex{terms: map[string]int32{}, edges: map[[3]int32][2]int32{}}
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
				ix.count(k, sign, 0)
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
		k := [3]int32{e[0] - 1, e[1] - 1, e[2] - 1}
		ix.count(k, 0, sign) // an evidence of no edge counts for nothing: see write
	}
	return nil
}

func (ix *edgeIndex) count(k [3]int32, docs, evidence int32) {
	c := ix.edges[k]
	c[0] += docs
	c[1] += evidence
	if c == [2]int32{} {
		delete(ix.edges, k)
		return
	}
	ix.edges[k] = c
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
// directory dir.
func (ix *edgeIndex) write(dir string) error {
	type line struct {
		s, p, o string
		c       [2]int32
	}
	ls := make([]line, 0, len(ix.edges))
	for k, c := range ix.edges {
		ls = append(ls, line{ix.names[k[0]], ix.names[k[1]], ix.names[k[2]], c})
	}
	slices.SortFunc(ls, func(x, y line) int {
		if c := strings.Compare(x.s, y.s); c != 0 {
			return c
		}
		if c := strings.Compare(x.p, y.p); c != 0 {
			return c
		}
		return strings.Compare(x.o, y.o)
	})
	write := func(name string, hidden bool) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		b := bufio.NewWriterSize(f, 1<<20)
		for _, l := range ls {
			if (l.c[0] <= 0) == hidden {
				fmt.Fprintf(b, "%s\t%s\t%s\t%d\t%d\n", l.s, l.p, l.o, l.c[0], l.c[1])
			}
		}
		err = b.Flush()
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	if err := write(edgesName, false); err != nil {
		return err
	}
	return write(edgesHiddenName, true)
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
