package store

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"

	"github.com/graphbuild/graphbuild/internal/runsort"
)

// kvWriter writes Cayley v0.7.7's KV layout straight into a fresh bolt
// file, in key order, in few large transactions. Cayley's own writer
// (kv.QuadStore.ApplyDeltas) looks every node and index key up before it
// writes it, keeps Bloom filters sized for 100M entries, and calls
// CreateBucketIfNotExists on every Put; in a fresh store none of that is
// needed, because the writer knows every key it has written.
//
// The layout, as Cayley's graph/kv writes it (indexing.go):
//
//	meta/version             int64 little endian, 2
//	meta/indexes             JSON of the quad indexes (kv.DefaultQuadIndexes)
//	meta/size                int64 LE: number of quads
//	meta/horizon             int64 LE: the last id given out
//	log/<id uint64 BE>       a proto.Primitive: a node (Value set) or a quad
//	v<h0><h1>/<hash>         uvarint id of the node whose value has sha1 hash
//	n<h0><h1>/<hash>         uvarint reference count of that node
//	sp/<s BE><p BE>          uvarints of the ids of quads with subject s, predicate p
//	ops/<o BE><p BE><s BE>   likewise for object, predicate, subject
//
// Nodes get ids 1..N in order of first appearance and quads N+1.. in
// (subject, predicate, object, label) order of their node ids, duplicates
// dropped; Cayley gives ids batch by batch, nodes before quads, so the ids
// differ from a store Cayley wrote, the content does not. Node log entries
// are written as nodes appear; the quads, the indexes and the hash
// buckets at Close, once all counts are known. The quads are held as 16
// bytes each up to a budget (kvBudget), then sorted into runs on disk and
// merged at Close (runsort), so the store is the same whatever the budget.
//
// To give a value the id of its first appearance, the writer must know
// the values it has seen. Most of them belong to one document: its node
// <doc:X> and its evidence <ev:X/N> (ownerOf), 56% of the values
// of a gencorpus graph. Those are known only while their document's
// quads come, in a map cleared when the next document's start, and then
// go, as (hash, id), to a sort by hash (byHash) that is within a budget
// too. A document whose quads came before and come again would get
// second nodes: the writer records each document's hash and fails at
// Close if one comes twice (the Writer refuses such a build anyway).
// Every other value (entities, predicates, types, literals, which can be
// in any document) stays in one map for the whole build, 20 bytes of
// hash and 4 of id each; at Close it joins byHash, and the reference
// counts take 4 bytes per value.
type kvWriter struct {
	path   string // the bolt file
	dir    string // its directory, where sorted runs are spilled
	budget int    // bytes of records held in memory by each sort (kvBudget)
	db     *bolt.DB
	stamp  int64 // the primitives' timestamp: the build's start

	ids    map[graph.ValueHash]uint32 // values of no document: hash → id, for the whole build
	owner  string                     // the document whose values came last ("": none yet)
	local  map[graph.ValueHash]uint32 // its values: hash → id
	owners *runsort.Sorter            // a hash of each owner and its place: an owner twice is an error
	places uint32                     // owners seen, counting one again each time it comes
	byHash *runsort.Of[kvNode]        // the values no map holds any more, to be sorted by hash
	mixed  bool                       // documents' quads interleave: every value goes to ids (emit)

	nodes int             // ids given out
	spo   *runsort.Sorter // the quads, to be sorted (s, p, o, l)
	count int             // quads written, duplicates too
	runs  [2]int          // runs spilled by spo and byHash, for tests

	log     []kvPut // node primitives waiting for a transaction
	logSize int     // their bytes
}

// kvNode is a value's node, sorted by hash for the v and n buckets.
type kvNode struct {
	hash graph.ValueHash
	id   uint32
}

// kvNodes lays kvNodes out for runsort: the hash, then the id (little
// endian), 24 bytes.
var kvNodes = runsort.Codec[kvNode]{
	Size: len(graph.ValueHash{}) + 4,
	Compare: func(a, b kvNode) int {
		if c := bytes.Compare(a.hash[:], b.hash[:]); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	},
	Put: func(b []byte, n kvNode) {
		copy(b, n.hash[:])
		binary.LittleEndian.PutUint32(b[len(n.hash):], n.id)
	},
	Get: func(b []byte) kvNode {
		var n kvNode
		copy(n.hash[:], b)
		n.id = binary.LittleEndian.Uint32(b[len(n.hash):])
		return n
	},
}

// ownerOf returns the document value v belongs to: X of <doc:X> and of
// <ev:X/N> (escapeID escapes '/' in X), "" for any other value. Only the
// document's own block makes these IRIs (appendDocQuads).
func ownerOf(v quad.Value) string {
	iri, ok := v.(quad.IRI)
	if !ok {
		return ""
	}
	if x, ok := strings.CutPrefix(string(iri), schemeDocument); ok {
		return x
	}
	if x, ok := strings.CutPrefix(string(iri), schemeEvidence); ok {
		x, _, _ = strings.Cut(x, "/")
		return x
	}
	return ""
}

// kvQuad is a quad as node ids, 0 for no label.
type kvQuad struct{ s, p, o, l uint32 }

type kvPut struct{ k, v []byte }

// kvTxBytes bounds the memory of one bolt transaction: bolt keeps a
// transaction's pages in memory until it commits, and each key costs it
// an inode besides the bytes (kvPutCost). The node primitives wait for a
// transaction as long, so a build holds about twice this. 4 MiB rather
// than 16: a peak RSS of 137 MiB against 180 on 16k gencorpus documents
// (bench/mem.sh, before dropMapped), at no CPU cost beyond the noise
// (bench/README.md).
const (
	kvTxBytes = 4 << 20
	kvPutCost = 64
)

// kvBudget is the memory, in bytes, a build's store writer gives each of
// its sorts before it sorts their records into runs on disk: the quads
// (16 bytes each; 256K quads, about 1,100 gencorpus documents) and the
// values by hash (24 bytes each). Below it nothing is spilled; above,
// each run costs a run file and a 64 KiB buffer at Commit.
const kvBudget = 4 << 20

// Bucket names and meta keys of Cayley's KV layout (graph/kv/indexing.go
// and quadstore.go; unexported there).
var (
	kvMeta = []byte("meta")
	kvLog  = []byte("log")
)

// createKV makes a new bolt file at path for a kvWriter.
// budget bounds the bytes of quad records it holds in memory: past it
// they are sorted into runs on disk, in dir (kvBudget).
func createKV(dir string, budget int) (*kvWriter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "indexes.bolt")
	// Bolt maps its file and maps it again, bigger, as it grows; each time
	// it copies every page a write transaction holds out of the old
	// mapping. Mapping 1 GiB up front (address space, not memory) saves
	// those copies up to that size.
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: time.Second, InitialMmapSize: 1 << 30})
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	// Each transaction need not reach the disk: an unfinished store is
	// removed, never read. Close syncs once, at the end.
	db.NoSync = true
	db.NoGrowSync = true
	return &kvWriter{
		path:   path,
		dir:    dir,
		budget: budget,
		db:     db,
		stamp:  time.Now().UnixNano(),
		ids:    make(map[graph.ValueHash]uint32),
		local:  make(map[graph.ValueHash]uint32),
		owners: runsort.New(dir, budget),
		byHash: runsort.NewOf(dir, budget, kvNodes),
		spo:    runsort.New(dir, budget),
	}, nil
}

// writeQuad adds one quad.
func (w *kvWriter) writeQuad(q quad.Quad) error {
	var k kvQuad
	var err error
	if k.s, err = w.node(q.Subject); err != nil {
		return err
	}
	if k.p, err = w.node(q.Predicate); err != nil {
		return err
	}
	if k.o, err = w.node(q.Object); err != nil {
		return err
	}
	if q.Label != nil {
		if k.l, err = w.node(q.Label); err != nil {
			return err
		}
	}
	if k.s == 0 || k.p == 0 || k.o == 0 {
		return fmt.Errorf("store: quad without subject, predicate or object: %v", q)
	}
	w.count++
	if w.count >= 1<<32-w.nodes-1 {
		return fmt.Errorf("store: more than 4G quads and values")
	}
	if err := w.spo.Add(k.record()); err != nil {
		return err
	}
	if w.logSize >= kvTxBytes {
		return w.flushLog()
	}
	return nil
}

// node returns the id of v, making a node for it the first time.
func (w *kvWriter) node(v quad.Value) (uint32, error) {
	if v == nil {
		return 0, nil
	}
	h := graph.HashOf(v)
	ids := w.ids
	if o := ownerOf(v); o != "" && !w.mixed {
		if o != w.owner {
			if err := w.startOwner(o); err != nil {
				return 0, err
			}
		}
		ids = w.local
	}
	if id, ok := ids[h]; ok {
		return id, nil
	}
	b, err := pquads.MarshalValue(v)
	if err != nil {
		return 0, err
	}
	w.nodes++
	id := uint32(w.nodes)
	ids[h] = id
	p := proto.Primitive{ID: uint64(id), Value: b, Timestamp: w.stamp}
	buf, err := p.Marshal()
	if err != nil {
		return 0, err
	}
	w.log = append(w.log, kvPut{k: be64(uint64(id)), v: buf})
	w.logSize += 8 + len(buf) + kvPutCost
	return id, nil
}

// startOwner ends the values of the document before (endOwner) and
// starts those of document o, recording its place.
func (w *kvWriter) startOwner(o string) error {
	if err := w.endOwner(); err != nil {
		return err
	}
	w.owner = strings.Clone(o)
	w.places++
	h := sha256.Sum256([]byte(o))
	return w.owners.Add(runsort.Record{binary.BigEndian.Uint32(h[0:]), binary.BigEndian.Uint32(h[4:]), binary.BigEndian.Uint32(h[8:]), w.places})
}

// endOwner hands the values of the current document to byHash and
// forgets them.
func (w *kvWriter) endOwner() error {
	for h, id := range w.local {
		if err := w.byHash.Add(kvNode{hash: h, id: id}); err != nil {
			return err
		}
	}
	if len(w.local) > 1024 {
		// Clearing a map costs its capacity: after a large document,
		// make a small one.
		w.local = make(map[graph.ValueHash]uint32)
	} else {
		clear(w.local)
	}
	return nil
}

// checkOwners fails when a document's values came in two places: the
// writer forgot their ids between them, so they would have two nodes.
func (w *kvWriter) checkOwners() error {
	if err := w.owners.Finish(); err != nil {
		return err
	}
	var prev runsort.Record
	return w.owners.Each(func(r runsort.Record) error {
		if prev[3] != 0 && [3]uint32(r[:3]) == [3]uint32(prev[:3]) {
			return fmt.Errorf("the nodes of one document come in two places (%d and %d of %d): was it added twice?", prev[3], r[3], w.places)
		}
		prev = r
		return nil
	})
}

// mix makes every value go to the build's map, for quads of documents
// that interleave (emit); before any document's value.
func (w *kvWriter) mix() error {
	if w.places > 0 {
		return errors.New("store: kv: mix after a document's values")
	}
	w.mixed = true
	return nil
}

func be64(x uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, x)
	return b
}

// flushLog writes the waiting node primitives in one transaction.
func (w *kvWriter) flushLog() error {
	if len(w.log) == 0 {
		return nil
	}
	var size int64
	err := w.db.Update(func(tx *bolt.Tx) error {
		size = tx.Size()
		b, err := tx.CreateBucketIfNotExists(kvLog)
		if err != nil {
			return err
		}
		b.FillPercent = 1 // keys only ever grow: full pages
		for _, p := range w.log {
			if err := b.Put(p.k, p.v); err != nil {
				return err
			}
		}
		return nil
	})
	clear(w.log)
	w.log = w.log[:0]
	w.logSize = 0
	if err != nil {
		return fmt.Errorf("%s: %v", w.path, err)
	}
	dropMapped(w.db, size)
	return nil
}

// close writes the quads, the indexes, the node buckets and the meta
// bucket, syncs the file and closes it.
func (w *kvWriter) close() error {
	if err := w.finish(); err != nil {
		w.db.Close()
		return fmt.Errorf("%s: %v", w.path, err)
	}
	if err := w.db.Sync(); err != nil {
		w.db.Close()
		return fmt.Errorf("%s: %v", w.path, err)
	}
	if err := w.db.Close(); err != nil {
		return fmt.Errorf("%s: %v", w.path, err)
	}
	return nil
}

// abort closes the file without finishing it and removes the runs.
func (w *kvWriter) abort() error {
	if w.spo != nil {
		w.spo.Remove()
	}
	w.owners.Remove()
	w.byHash.Remove()
	return w.db.Close()
}

func (w *kvWriter) finish() error {
	if err := w.flushLog(); err != nil {
		return err
	}
	w.log = nil
	if err := w.endOwner(); err != nil {
		return err
	}
	w.local = nil
	if err := w.checkOwners(); err != nil {
		return err
	}
	if err := w.spo.Finish(); err != nil {
		return err
	}
	w.runs[0] = w.spo.Runs()
	tx := newKVTx(w.db)
	defer tx.rollback()
	sp, ops := kv.DefaultQuadIndexes[0], kv.DefaultQuadIndexes[1]

	// The quads in (s, p, o, l) order, duplicates dropped, get their ids
	// in that order after the nodes', so that one pass writes the quad
	// primitives (in id order) and the sp index (in key order, the ids
	// of a key ascending, as Cayley appends them), and counts the
	// references. It hands the ops index its records (o, p, s, id): in
	// place when the quads are in memory, else to runs of its own.
	// The nodes in hash order, for the v and n buckets: the build's map
	// joins the documents' values, and they are sorted while the quads
	// are written; the map goes.
	for h, id := range w.ids {
		if err := w.byHash.Add(kvNode{hash: h, id: id}); err != nil {
			return err
		}
	}
	w.ids = nil
	sorted := make(chan error, 1)
	go func() { sorted <- w.byHash.Finish() }()
	defer func() {
		if sorted != nil {
			<-sorted
		}
	}()
	refs := make([]uint32, w.nodes) // by id-1

	next := uint64(w.nodes) + 1
	var g kvGroup
	visit := func(q kvQuad) (runsort.Record, error) {
		id := next
		next++
		p := proto.Primitive{ID: id, Subject: uint64(q.s), Predicate: uint64(q.p), Object: uint64(q.o), Label: uint64(q.l), Timestamp: w.stamp}
		buf, err := p.Marshal()
		if err != nil {
			return runsort.Record{}, err
		}
		if err := tx.put(kvLog, be64(id), buf); err != nil {
			return runsort.Record{}, err
		}
		for _, x := range [...]uint32{q.s, q.p, q.o, q.l} {
			if x != 0 {
				refs[x-1]++
			}
		}
		err = g.add(tx, sp, q.s, q.p, q.o, id, q.s != g.s || q.p != g.p)
		return runsort.Record{q.o, q.p, q.s, uint32(id)}, err
	}
	var opsRuns *runsort.Sorter
	if recs := w.spo.Take(); recs != nil {
		// Each quad's place is free once it is read: the ops records
		// take it, and sort where they are.
		for i, r := range recs {
			var err error
			if recs[i], err = visit(kvQuadOf(r)); err != nil {
				return err
			}
		}
		slices.SortFunc(recs, runsort.Compare)
		opsRuns = runsort.FromSorted(w.dir, w.budget, recs)
	} else {
		opsRuns = runsort.New(w.dir, w.budget)
		err := w.spo.Each(func(r runsort.Record) error {
			o, err := visit(kvQuadOf(r))
			if err != nil {
				return err
			}
			return opsRuns.Add(o)
		})
		if err != nil {
			return err
		}
	}
	if err := g.flush(tx); err != nil {
		return err
	}
	size := int64(next) - int64(w.nodes) - 1
	horizon := int64(next - 1)
	w.spo = nil

	// The ops index: (o, p, s, id) order.
	if err := opsRuns.Finish(); err != nil {
		return err
	}
	g = kvGroup{}
	err := opsRuns.Each(func(r runsort.Record) error {
		o, p, s, id := r[0], r[1], r[2], r[3]
		return g.add(tx, ops, s, p, o, uint64(id), o != g.o || p != g.p || s != g.s)
	})
	if err != nil {
		return err
	}
	if err := g.flush(tx); err != nil {
		return err
	}
	opsRuns = nil

	// The value and reference-count buckets, in hash order. Cayley keeps
	// a node while any quad refers to it; every node here has a quad.
	err = <-sorted
	sorted = nil
	if err != nil {
		return err
	}
	w.runs[1] = w.byHash.Runs()
	defer w.byHash.Remove()
	for _, prefix := range []byte{'n', 'v'} {
		err := w.byHash.Scan(func(n kvNode) error {
			val := uint64(n.id)
			if prefix == 'n' {
				val = uint64(refs[n.id-1])
			}
			return tx.put([]byte{prefix, n.hash[0], n.hash[1]}, append([]byte(nil), n.hash[:]...), binary.AppendUvarint(nil, val))
		})
		if err != nil {
			return err
		}
	}
	w.byHash.Remove()
	refs = nil

	// The meta bucket, as kv.Init and the writer leave it.
	indexes, err := json.Marshal(kv.DefaultQuadIndexes)
	if err != nil {
		return err
	}
	meta := []struct {
		key string
		val []byte
	}{
		{"horizon", le64(horizon)},
		{"indexes", indexes},
		{"size", le64(size)},
		{"version", le64(kvVersion)},
	}
	for _, m := range meta {
		if err := tx.put(kvMeta, []byte(m.key), m.val); err != nil {
			return err
		}
	}
	// Cayley's Init makes the index buckets even when they stay empty.
	for _, ind := range kv.DefaultQuadIndexes {
		key := ind.KeyFor(&proto.Primitive{})
		if err := tx.bucket(key[0]); err != nil {
			return err
		}
	}
	return tx.commit()
}

// record is q as a record of a sort in (s, p, o, l) order.
func (q kvQuad) record() runsort.Record { return runsort.Record{q.s, q.p, q.o, q.l} }

func kvQuadOf(r runsort.Record) kvQuad { return kvQuad{s: r[0], p: r[1], o: r[2], l: r[3]} }

// kvGroup gathers the ids of the quads of one index key, which come
// together, and writes them as one value when the key changes.
type kvGroup struct {
	ind     kv.QuadIndex
	s, p, o uint32
	ids     []uint64
}

// add adds quad id of (s, p, o) to the group of index ind, first writing
// the group before when this quad starts a new key (fresh).
func (g *kvGroup) add(tx *kvTx, ind kv.QuadIndex, s, p, o uint32, id uint64, fresh bool) error {
	if fresh {
		if err := g.flush(tx); err != nil {
			return err
		}
		g.ind, g.s, g.p, g.o = ind, s, p, o
	}
	g.ids = append(g.ids, id)
	return nil
}

func (g *kvGroup) flush(tx *kvTx) error {
	if len(g.ids) == 0 {
		return nil
	}
	key := g.ind.KeyFor(&proto.Primitive{Subject: uint64(g.s), Predicate: uint64(g.p), Object: uint64(g.o)})
	err := tx.put(key[0], key[1], appendUvarints(nil, g.ids))
	g.ids = g.ids[:0]
	return err
}

// kvVersion is Cayley's latestDataVersion of the KV layout.
const kvVersion = 2

func le64(x int64) []byte {
	b := make([]byte, 8)
	binary.LittleEndian.PutUint64(b, uint64(x))
	return b
}

func appendUvarints(b []byte, l []uint64) []byte {
	for _, x := range l {
		b = binary.AppendUvarint(b, x)
	}
	return b
}

// kvTx writes puts in key order through a chain of bolt transactions,
// committing one whenever it holds kvTxBytes of data.
type kvTx struct {
	db   *bolt.DB
	tx   *bolt.Tx
	name []byte                  // the bucket of the last put
	b    *bolt.Bucket            // and its handle in tx
	bs   map[string]*bolt.Bucket // the handles of tx: puts alternate between buckets
	size int
}

func newKVTx(db *bolt.DB) *kvTx { return &kvTx{db: db} }

func (t *kvTx) begin() error {
	if t.tx != nil {
		return nil
	}
	tx, err := t.db.Begin(true)
	if err != nil {
		return err
	}
	t.tx, t.b, t.name, t.size = tx, nil, nil, 0
	t.bs = make(map[string]*bolt.Bucket)
	return nil
}

// bucket makes sure the top-level bucket name exists.
func (t *kvTx) bucket(name []byte) error {
	if err := t.begin(); err != nil {
		return err
	}
	if t.b != nil && bytes.Equal(t.name, name) {
		return nil
	}
	b := t.bs[string(name)]
	if b == nil {
		var err error
		if b, err = t.tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
		b.FillPercent = 1 // written in key order: full pages
		t.bs[string(name)] = b
	}
	t.b, t.name = b, name
	return nil
}

func (t *kvTx) put(bucket, k, v []byte) error {
	if err := t.bucket(bucket); err != nil {
		return err
	}
	if err := t.b.Put(k, v); err != nil {
		return err
	}
	t.size += len(k) + len(v) + kvPutCost
	if t.size >= kvTxBytes {
		return t.commit()
	}
	return nil
}

// rollback drops an unfinished transaction; after commit it does nothing.
func (t *kvTx) rollback() {
	if t.tx != nil {
		t.tx.Rollback()
		t.tx, t.b, t.name = nil, nil, nil
	}
}

func (t *kvTx) commit() error {
	if t.tx == nil {
		return nil
	}
	size := t.tx.Size()
	err := t.tx.Commit()
	t.tx, t.b, t.name = nil, nil, nil
	if err == nil {
		dropMapped(t.db, size)
	}
	return err
}
