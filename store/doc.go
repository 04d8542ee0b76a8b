// Package store keeps the graph in a Cayley quad store; it is the only package
// that imports Cayley.
//
// # Files in out/
//
//	out/graph.nq          the whole graph as N-Quads, sorted per document
//	out/previous.nq       the graph.nq of the build before (graphbuild diff)
//	out/graph.bolt        a symbolic link to the current bolt store directory
//	out/graph-<n>.bolt/   bolt store directories (Cayley's layout: indexes.bolt)
//	  indexes.bolt        the Cayley v0.7.7 bolt store (see kvwrite.go)
//	  blocks              the blocks the store holds, in order: cache key, bytes
//	                      in graph.nq, counts, document (delta.go)
//	  graph.nq            a second name (hard link) of the build's out/graph.nq:
//	                      no space of its own; unchanged blocks are copied from
//	                      it (splice.go)
//	  names               ids, names and aliases in any case → entity id (names.go)
//	  names.count         the same lines with the number of blocks that give each
//	  edges, edges.hidden the relation edges with their documents and evidence
//	                      (edgefile.go); hidden: counts of edges no document states
//	  records, facts      graphbuild build's own (Writer.Attach): each document's
//	                      summary record (about 9 MB at 5k documents) and the
//	                      distinct facts with their sightings (16 bytes a fact)
//	  docs.tmp            while a build runs: the documents added, and
//	  graphbuild-sort-*.run sorted runs of quads and keys (internal/runsort),
//	                      which keep its memory from growing with the corpus;
//	                      both gone at Commit
//	out/cache/<kk>/<key>  the block (N-Quads and summary record) of each document
//	                      of the current graph, keyed on its content, its path and
//	                      the rule file; about the size of graph.nq plus 10%
//	out/cache/files       graphbuild build's record of every corpus file (size,
//	                      times, inode, SHA-256), to know unchanged files without
//	                      reading them; about 150 bytes a file
//
// A build writes the store itself, in Cayley's KV layout and in key order
// (kvwrite.go), rather than through Cayley's writer: the stock cayley
// command and graph.NewQuadStore("bolt", …) open it like their own
// (TestKVLayout compares it with a store Cayley wrote from the same quads).
//
// Builds are incremental unless -full is given: a document whose text, path
// and rule file are unchanged is not extracted again. With the rules of the
// current graph, its block is not even read: the writer copies its bytes
// from the store's graph.nq in ranges (copy_file_range), the names and
// edges indexes collect only the changes of the blocks that changed, came
// or went and are merged with the current ones at Commit, and the command
// copies the document's line of the store's records; such a build costs
// two stats per corpus file (the walk, the file index), sequential copies,
// and work per changed document (splice.go). The new store is a copy of
// the current one changed by the difference between the old and the new
// blocks (deletions, then additions, through Cayley's own writer), so a
// fact no document supports any more goes with its last block. That holds
// for a changed rule file too: every document is extracted again, but only
// the blocks that came out different cost more than a comparison with the
// old block (read from the store's graph.nq, or else out/cache; delta.go).
// When the difference passes a twentieth of graph.nq, or the copy cannot be
// used (a block neither there nor in the cache, a store that disagrees
// with its blocks), the writer replays what it has written into a fresh
// store and goes on there, and says why (Stats.Fallback). Either way
// out/graph.nq is the blocks in order, byte for byte what a full build
// writes (TestIncremental, TestIncrementalRules, TestIncrementalStale,
// TestMergeIndexes, TestBuildIncremental).
//
// A build is a generation n, one more than any graph-<n>.* in out/. It
// writes the store directory graph-<n>.bolt and the temporary file
// graph-<n>.nq.tmp, then on Commit syncs both, renames the N-Quads file to
// graph.nq and makes graph.bolt point to graph-<n>.bolt by renaming a new
// link over it (the link last: it is what makes the new graph current).
// Every graph-<k>.* with k < n is then removed: the stores replaced, and
// whatever a killed build left behind. A failed or killed build leaves the
// previous graph whole; a crash between the two renames leaves graph.nq
// one build ahead of graph.bolt. A failed Commit puts the old graph.nq
// back. If out/graph.bolt is a real directory (a graph written by hand or
// by an older version), it is the previous graph: it stays until the swap,
// is then moved aside as graph-<n>.bolt.old, which leaves graph.bolt
// missing between two renames, and is removed.
//
// Readers open the store read-only, with a shared lock and a timeout, so
// that any number of them can query at once and none waits forever for a
// writer: a build never opens the current store, but the stock cayley
// command takes an exclusive lock on it. That command opens the store with
// `cayley query --db bolt --dbpath out/graph.bolt`.
//
// # PostgreSQL
//
// Open and CreateIn also take a postgres:// URL, for a graph shared on a
// server: one schema per build in Cayley's own SQL layout, and a schema
// graphbuild that names the current one, swapped in by one transaction.
// The layout, the loader and how readers stay on one build are described
// in postgres.go and postgres_load.go.
//
// PostgreSQL builds are incremental too (postgres_delta.go). The blocks
// stay in out/cache of the machine that builds; the list of a
// generation's blocks (and its rules' key) lives in the generation's own
// schema, tables gb_build and gb_blocks, because it describes that
// generation: it becomes current with it in the same transaction and goes
// with it, and a build on another machine, or after a killed build, can
// never take another generation's list for the current one's. With the
// same rules, and every listed block in the local cache, the new
// generation is a copy of the current one (Cayley's Init, INSERT …
// SELECT, indexes rebuilt) changed by Cayley's own ApplyDeltas: the old
// blocks of changed and removed documents deleted, then the new blocks
// added, each changed block whole so that its quads keep graph.nq's order
// in Cayley's horizon column (WriteNQuads reads them back in block order).
// Otherwise the generation is loaded in full. Either way nothing is
// visible before the swap (TestPostgresIncremental,
// TestPostgresIncrementalAbort).
//
// # Quad layout
//
// Every IRI is absolute with a short scheme, so it is easy to type in Gizmo
// (g.V("<ent:tesla>")) and out/graph.nq parses with any N-Quads reader:
//
//	<ent:ID>       an entity            <type:ID>   a type
//	<rel:ID>       a relation edge      <doc:ID>    a document
//	<ev:DOC/N>     the N-th evidence of a document (1-based, in text order)
//	<gb:NAME>      an attribute
//
// IDs are percent-escaped: every byte outside [A-Za-z0-9._~-] becomes %XX
// (upper-case hex), '/' and '%' included, so "São Paulo" is
// <ent:S%C3%A3o%20Paulo> and the only '/' in an IRI is the one in <ev:DOC/N>.
//
// Schema quads (no label), sorted by their N-Quads text, duplicates dropped:
//
//	<type:company> <gb:parent> <type:actor> .    (root types have no quad)
//	<type:company> <gb:color> "#4e79a7" .        (when graph.yaml gives one, for pictures)
//	<type:company> <gb:shape> "box" .            (likewise)
//	<ent:tesla> <gb:type> <type:company> .
//	<ent:tesla> <gb:name> "Tesla" .
//	<ent:tesla> <gb:alias> "Tesla Inc" .          (one per alias)
//	<rel:reviewed> <gb:label> "reviewed" .
//
// Then, for each document in the order it was added, its quads, all
// labelled with the document, in this order. The document:
//
//	<doc:D> <gb:type> <type:document> <doc:D> .
//	<doc:D> <gb:file> "corpus/D.txt" <doc:D> .
//	<doc:D> <gb:title> "…" <doc:D> .
//	<doc:D> <gb:date> "2021" <doc:D> .                   (when known: a Date: header line, or a year in the file name)
//	<doc:D> <gb:source> "https://…" <doc:D> .            (a Source: header line)
//	<ent:zhenhua-data-technology> <gb:type> <type:company> <doc:D> .
//	<ent:zhenhua-data-technology> <gb:name> "Zhenhua Data Technology" <doc:D> .
//	<ent:zhenhua-data-technology> <gb:alias> "Zhenhua Data" <doc:D> .
//	<ent:zhenhua-data-technology> <gb:discovered> "company-heads" <doc:D> .
//	                                                     (an entity a name rule found, not graph.yaml:
//	                                                      its type, longest form, the shorter forms
//	                                                      seen, the rule; per document, sorted by id)
//	<ent:tesla> <gb:mentionedIn> <doc:D> <doc:D> .       (once per entity, sorted by id)
//	<ent:tesla> <gb:mentions> "7" <doc:D> .              (how often, references included)
//
// Facts, once per fact and document (in the order of their first
// evidence), labelled with the document that states them, so path queries
// walk plain edges and every edge knows where it came from:
//
//	<ent:cac> <rel:reviewed> <ent:didi> <doc:D> .
//	<ent:pboc> <rel:not_licensed> <ent:sesame-credit> <doc:D> .   (negated)
//	<ent:trump> <rel:maybe_banned> <ent:alibaba> <doc:D> .        (hedged)
//
// A predicate that states a date has a typed literal as object, its
// datatype saying how much of the date the text gave (xsd: is
// http://www.w3.org/2001/XMLSchema#); path and neighbourhood queries do
// not walk through it:
//
//	<ent:pipl> <rel:takes_effect> "2021-11-01"^^<xsd:date> <doc:D> .
//	<ent:pipl> <rel:takes_effect> "2021-11"^^<xsd:gYearMonth> <doc:D> .
//	<ent:pipl> <rel:takes_effect> "2021"^^<xsd:gYear> <doc:D> .
//
// Evidence, one node per sighting, labelled with its document. Its
// gb:predicate is the relation of the edge it supports (<rel:not_licensed>
// for a negated fact), so an edge finds its evidence by the same three
// IRIs; gb:modality repeats "negated" or "hedged" for filtering:
//
//	<ev:D/1> <gb:type> <type:evidence> <doc:D> .
//	<ev:D/1> <gb:subject> <ent:cac> <doc:D> .
//	<ev:D/1> <gb:predicate> <rel:reviewed> <doc:D> .
//	<ev:D/1> <gb:object> <ent:didi> <doc:D> .
//	<ev:D/1> <gb:modality> "negated" <doc:D> .           (only when not asserted)
//	<ev:D/1> <gb:document> <doc:D> <doc:D> .
//	<ev:D/1> <gb:sentence> "In response, the CAC opened …" <doc:D> .
//	<ev:D/1> <gb:start> "7302" <doc:D> .                 (bytes in the file, 0-based)
//	<ev:D/1> <gb:end> "7355" <doc:D> .
//	<ev:D/1> <gb:sentenceStart> "7280" <doc:D> .
//	<ev:D/1> <gb:sentenceEnd> "7400" <doc:D> .
//	<ev:D/1> <gb:rule> "opened-review" <doc:D> .
//	<ev:D/1> <gb:rulePos> "graph.yaml:120:5" <doc:D> .
//	<ev:D/1> <gb:date> "Oct. 24" <doc:D> .               (the {date}'s words, when matched)
//	<ev:D/1> <gb:dateValue> "2016-10-24"^^<xsd:date> <doc:D> .  (its value, when resolved and not the object)
//	<ev:D/1> <gb:subjectVia> "It" <doc:D> .              (a resolved reference,
//	<ev:D/1> <gb:subjectResolvedBy> "previous-subject" <doc:D> .   each followed by the
//	<ev:D/1> <gb:objectVia> "the company" <doc:D> .       preference that chose its
//	<ev:D/1> <gb:objectResolvedBy> "nearest" <doc:D> .    antecedent, in the order resolved)
//
// The preferences (extract.WhyNearest …): nearest, head-noun,
// previous-subject, possessor, look-ahead, group, last-n, slot-type; a
// plural reference gives one evidence per member of its group.
//
// Numbers are plain string literals so that every reader round-trips them.
// Empty strings (a missing title, rule or sentence) are not stored. Text
// that is not valid UTF-8 is stored with U+FFFD in place of the bad bytes.
package store
