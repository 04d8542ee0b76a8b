package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/quad"

	"github.com/graphbuild/graphbuild/internal/runsort"
)

// layoutQuads is a graph as the build writes it: the quads of a rule file
// of entities entities and those of docs documents.
func layoutQuads(t *testing.T, entities, docs int) []quad.Quad {
	t.Helper()
	f := benchRules()
	f.Entities = f.Entities[:entities]
	qs := schemaQuads(f)
	for i := range docs {
		var err error
		qs, err = appendDocQuads(qs, benchDoc(i), "graph.yaml")
		if err != nil {
			t.Fatal(err)
		}
	}
	return qs
}

// writeFast writes quads with the build's KV writer, with budget bytes
// for the quads in memory, and returns how many sorted runs it spilled.
func writeFast(t *testing.T, dir string, qs []quad.Quad, budget int) (runs int) {
	t.Helper()
	return writeKV(t, dir, qs, budget, false)[0]
}

// writeKV is writeFast, with every value in the build's map when mixed
// (kvWriter.mix), and returns the runs of the quads and of the values.
func writeKV(t *testing.T, dir string, qs []quad.Quad, budget int, mixed bool) (runs [2]int) {
	t.Helper()
	w, err := createKV(dir, budget)
	if err != nil {
		t.Fatal(err)
	}
	w.stamp = 1 // the same store byte for byte from the same quads
	if mixed {
		if err := w.mix(); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range qs {
		if err := w.writeQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.run")); len(left) > 0 {
		t.Errorf("runs left after close: %v", left)
	}
	return w.runs
}

// spillBudget is a budget that makes writeFast spill qs in several runs.
func spillBudget(qs []quad.Quad) int { return runsort.Size * (len(qs)/5 + 1) }

// writeCayley writes quads with Cayley's own bolt writer, as `cayley load` does.
func writeCayley(t *testing.T, dir string, qs []quad.Quad) {
	t.Helper()
	if err := graph.InitQuadStore("bolt", dir, nil); err != nil {
		t.Fatal(err)
	}
	s, err := graph.NewQuadStore("bolt", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	deltas := make([]graph.Delta, len(qs))
	for i, q := range qs {
		deltas[i] = graph.Delta{Quad: q, Action: graph.Add}
	}
	if err := s.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
		t.Fatal(err)
	}
}

// TestKVLayout writes the same quads with the build's writer and with
// Cayley's, opens both with Cayley's own bolt backend, and compares
// everything a reader can see: the quads, the size, every value's node and
// the quads of every node in every direction (the sp and ops indexes), and
// the reference counts Cayley needs to delete. Then it changes both stores
// with Cayley's writer, which must work on the fast-written store as on
// its own.
func TestKVLayout(t *testing.T) {
	qs := layoutQuads(t, 200, 12)
	slow := t.TempDir()
	writeCayley(t, slow, qs)
	for _, budget := range []int{kvBudget, spillBudget(qs)} {
		t.Run(fmt.Sprint(budget), func(t *testing.T) {
			testKVLayout(t, qs, slow, budget)
		})
	}
}

func testKVLayout(t *testing.T, qs []quad.Quad, cayley string, budget int) {
	fast, slow := t.TempDir(), t.TempDir()
	if err := copyFile(filepath.Join(cayley, "indexes.bolt"), filepath.Join(slow, "indexes.bolt")); err != nil {
		t.Fatal(err)
	}
	if runs := writeFast(t, fast, qs, budget); budget < runsort.Size*len(qs) && runs < 3 {
		t.Errorf("budget %d bytes for %d quads: %d runs, want several", budget, len(qs), runs)
	}
	compareStores(t, fast, slow, true)

	// Cayley writes to both: delete quads (nodes lose references, some
	// go), add quads with old and new values.
	gone := []quad.Quad{qs[0], qs[len(qs)/3], qs[len(qs)-1]}
	added := []quad.Quad{
		quad.Make(quad.IRI("ent:new"), attrName, quad.String("New"), nil),
		quad.Make(qs[5].Subject, qs[5].Predicate, quad.String("another"), qs[5].Label),
	}
	for _, dir := range []string{fast, slow} {
		s, err := graph.NewQuadStore("bolt", dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		var deltas []graph.Delta
		for _, q := range gone {
			deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
		}
		for _, q := range added {
			deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
		}
		if err := s.ApplyDeltas(deltas, graph.IgnoreOpts{}); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		s.Close()
	}
	compareStores(t, fast, slow, true)
}

// TestKVDuplicates checks that a quad written twice is stored once, as
// Cayley's writer does with IgnoreDup. Cayley counts the duplicate's
// references all the same, which this writer does not: the counts are
// not compared.
func TestKVDuplicates(t *testing.T) {
	qs := layoutQuads(t, 50, 5)
	last := len(qs) - 1
	// The writer sees a document's values in one place: its quads again
	// right after it, and a rule file's anywhere ...
	grouped := slices.Concat(qs, []quad.Quad{qs[last], qs[3], qs[last]}, qs[last-40:])
	// ... and with every value in the build's map (mix), a quad of any
	// document again anywhere, within one run and across runs.
	mixed := append(slices.Clone(qs), qs[len(qs)/2], qs[3], qs[last], qs[last])
	mixed = append(mixed, mixed[len(mixed)/5:len(mixed)/5+50]...)
	for _, c := range []struct {
		name  string
		qs    []quad.Quad
		mixed bool
	}{{"grouped", grouped, false}, {"mixed", mixed, true}} {
		t.Run(c.name, func(t *testing.T) {
			slow := t.TempDir()
			writeCayley(t, slow, c.qs)
			for _, budget := range []int{kvBudget, spillBudget(c.qs)} {
				fast := t.TempDir()
				writeKV(t, fast, c.qs, budget, c.mixed)
				compareStores(t, fast, slow, false)
			}
		})
	}
}

// TestKVOwnerTwice checks that the writer refuses a document whose quads
// come in two places, rather than give its values second nodes: it
// forgets a document's values when the next document's come.
func TestKVOwnerTwice(t *testing.T) {
	qs := layoutQuads(t, 20, 3)
	qs = append(qs, qs[len(qs)/2]) // document 2's quad after document 3's
	w, err := createKV(t.TempDir(), kvBudget)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		if err := w.writeQuad(q); err != nil {
			t.Fatal(err)
		}
	}
	err = w.close()
	if err == nil || !strings.Contains(err.Error(), "the nodes of one document come in two places") {
		t.Fatalf("got %v, want an error", err)
	}
}

// TestKVSpill checks that the store does not depend on the budget: the
// writer that spills sorted runs to disk and merges them writes the same
// bolt buckets, key for key and byte for byte, as the one that sorts in
// memory.
func TestKVSpill(t *testing.T) {
	qs := layoutQuads(t, 100, 8)
	qs = append(qs, qs[10:40]...)
	mem, disk := t.TempDir(), t.TempDir()
	if runs := writeFast(t, mem, qs, kvBudget); runs != 0 {
		t.Fatalf("%d runs below the budget", runs)
	}
	if runs := writeFast(t, disk, qs, spillBudget(qs)); runs < 3 {
		t.Fatalf("%d runs, want several", runs)
	}
	a, b := boltContents(t, mem), boltContents(t, disk)
	if len(a) != len(b) {
		t.Fatalf("in memory: %d keys, spilled: %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("key %d: in memory %q, spilled %q", i, a[i], b[i])
		}
	}
}

// boltContents lists every bucket, key and value of a store in order.
func boltContents(t *testing.T, dir string) []string {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, "indexes.bolt"), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				out = append(out, fmt.Sprintf("%s %x %x", name, k, v))
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compareStores(t *testing.T, fast, slow string, refs bool) {
	t.Helper()
	ctx := context.Background()
	// Without Cayley's Bloom filters (100M entries each) opening is quick.
	noBloom := graph.Options{"no_bloom": true}
	a, err := graph.NewQuadStore("bolt", fast, noBloom)
	if err != nil {
		t.Fatalf("cayley cannot open the fast-written store: %v", err)
	}
	defer a.Close()
	b, err := graph.NewQuadStore("bolt", slow, noBloom)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	var quads []quad.Quad
	all := func(s graph.QuadStore) []string {
		var out []string
		quads = quads[:0]
		it := s.QuadsAllIterator()
		defer it.Close()
		for it.Next(ctx) {
			q := s.Quad(it.Result())
			quads = append(quads, q)
			out = append(out, q.NQuad())
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	qb, qa := all(b), all(a)
	if !slices.Equal(qa, qb) {
		t.Fatalf("quads differ: fast %d, cayley %d", len(qa), len(qb))
	}
	size := func(s graph.QuadStore) int64 {
		st, err := s.Stats(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		return st.Quads.Size
	}
	if size(a) != size(b) || size(a) != int64(len(qa)) {
		t.Errorf("size: fast %d, cayley %d, quads %d", size(a), size(b), len(qa))
	}

	// Every value, and the quads around it in each direction.
	// Predicates and labels have no index: each of their lookups reads
	// every quad, so only values in those places are looked up there.
	values := map[quad.Direction]map[string]quad.Value{}
	for _, d := range quad.Directions {
		values[d] = map[string]quad.Value{}
	}
	for _, q := range quads {
		for _, d := range quad.Directions {
			if v := q.Get(d); v != nil {
				values[quad.Subject][v.String()] = v
				values[d][v.String()] = v
			}
		}
	}
	values[quad.Object] = values[quad.Subject]
	around := func(s graph.QuadStore, d quad.Direction, v quad.Value) []string {
		ref := s.ValueOf(v)
		if ref == nil {
			t.Fatalf("no node for %v", v)
		}
		if got := s.NameOf(ref); got == nil || got.String() != v.String() {
			t.Fatalf("node of %v reads back as %v", v, got)
		}
		var out []string
		it := s.QuadIterator(d, ref)
		defer it.Close()
		for it.Next(ctx) {
			out = append(out, s.Quad(it.Result()).NQuad())
		}
		slices.Sort(out)
		return out
	}
	for _, d := range quad.Directions {
		for _, v := range values[d] {
			if x, y := around(a, d, v), around(b, d, v); !slices.Equal(x, y) {
				t.Fatalf("quads with %v as %v: fast %d, cayley %d", v, d, len(x), len(y))
			}
		}
	}
	// A lookup through an index with two fixed directions, as a path
	// query makes (Gizmo's Out: subject and predicate).
	for _, q := range quads[:50] {
		for _, st := range []graph.QuadStore{a, b} {
			it := iterator.NewAnd(st.QuadIterator(quad.Subject, st.ValueOf(q.Subject)), st.QuadIterator(quad.Predicate, st.ValueOf(q.Predicate)))
			n := 0
			for it.Next(ctx) {
				n++
			}
			it.Close()
			if n == 0 {
				t.Fatalf("no quad with subject and predicate of %v", q)
			}
		}
	}
	a.Close()
	b.Close()
	if ra, rb := nodeBuckets(t, fast), nodeBuckets(t, slow); refs && len(ra) != len(rb) {
		t.Errorf("nodes: fast %d, cayley %d", len(ra), len(rb))
	} else if refs {
		for h, n := range rb {
			if ra[h] != n {
				t.Errorf("node %x: %d references in the fast store, %d in cayley's", h, ra[h], n)
			}
		}
	}
}

// nodeBuckets reads the reference counts of Cayley's n<h0><h1> buckets,
// and checks that every node also has its v<h0><h1> entry.
func nodeBuckets(t *testing.T, dir string) map[string]uint64 {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, "indexes.bolt"), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	refs := map[string]uint64{}
	vals := 0
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if len(name) != 3 {
				return nil
			}
			return b.ForEach(func(k, v []byte) error {
				switch name[0] {
				case 'n':
					refs[string(k)], _ = binary.Uvarint(v)
				case 'v':
					vals++
				}
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if vals != len(refs) {
		t.Errorf("%s: %d values, %d reference counts", dir, vals, len(refs))
	}
	return refs
}

// kvGolden is the SHA-256 of boltContents of the store kvGoldenQuads
// make, as the writer of commit f78d885 wrote it (its value→id map held
// every value): a writer that keeps fewer values in memory must write
// the same store, key for key and byte for byte.
const kvGolden = "e7c0d962dc23ceba61c993ee9e08ca215fd97eb74bc927b511f9876f852363e6"

// kvGoldenQuads are the quads of a rule file and 13 documents, with
// duplicate quads within a document and across documents. Every document
// holds the same sentences, numbers and rule names (literals in several
// documents), and the last one is document 3 again under another id.
func kvGoldenQuads(t *testing.T) []quad.Quad {
	qs := layoutQuads(t, 200, 12)
	twin := benchDoc(3)
	twin.Doc.ID = "doc-twin"
	for i := range twin.Evidence {
		twin.Evidence[i].Doc = twin.Doc.ID
	}
	qs, err := appendDocQuads(qs, twin, "graph.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return append(qs, qs[10:40]...)
}

func TestKVGolden(t *testing.T) {
	qs := kvGoldenQuads(t)
	for _, budget := range []int{kvBudget, spillBudget(qs), 1 << 10} {
		dir := t.TempDir()
		runs := writeKV(t, dir, qs, budget, false)
		if budget < kvBudget && (runs[0] < 3 || runs[1] < 3) {
			t.Errorf("budget %d: %d runs of quads and %d of values, want several", budget, runs[0], runs[1])
		}
		h := sha256.New()
		for _, l := range boltContents(t, dir) {
			fmt.Fprintln(h, l)
		}
		if got := fmt.Sprintf("%x", h.Sum(nil)); got != kvGolden {
			t.Errorf("budget %d: contents %s, want %s", budget, got, kvGolden)
		}
	}
}
