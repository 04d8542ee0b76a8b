// Package store keeps the graph in a Cayley quad store; it is the only package
// that imports Cayley.
//
// # Files in out/
//
//	out/graph.nq          the whole graph as N-Quads, sorted per document
//	out/graph.bolt        a symbolic link to the current bolt store directory
//	out/graph-<n>.bolt/   bolt store directories (Cayley's layout: indexes.bolt)
//
// A build writes a new store directory and a temporary N-Quads file, then
// renames them into place (the link last): a failed or killed build leaves
// the previous graph whole. The stock cayley command opens the store with
// `cayley query --db bolt --dbpath out/graph.bolt`.
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
// Schema quads (no label):
//
//	<type:company> <gb:parent> <type:actor> .
//	<ent:tesla> <gb:type> <type:company> .
//	<ent:tesla> <gb:name> "Tesla" .
//	<ent:tesla> <gb:alias> "Tesla Inc" .          (one per alias)
//	<rel:reviewed> <gb:label> "reviewed" .
//
// Document quads, labelled with the document:
//
//	<doc:D> <gb:type> <type:document> <doc:D> .
//	<doc:D> <gb:file> "corpus/D.txt" <doc:D> .
//	<doc:D> <gb:title> "…" <doc:D> .
//	<doc:D> <gb:date> "2021" <doc:D> .                   (when known)
//	<ent:tesla> <gb:mentionedIn> <doc:D> <doc:D> .       (once per entity and document)
//
// Facts, labelled with the document that states them, so path queries walk
// plain edges and every edge knows where it came from:
//
//	<ent:cac> <rel:reviewed> <ent:didi> <doc:D> .
//	<ent:pboc> <rel:not_licensed> <ent:sesame-credit> <doc:D> .   (negated)
//	<ent:trump> <rel:maybe_banned> <ent:alibaba> <doc:D> .        (hedged)
//
// Evidence, one node per sighting, labelled with its document:
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
//	<ev:D/1> <gb:date> "2017" <doc:D> .                  (when the sentence gives one)
//	<ev:D/1> <gb:objectVia> "the company" <doc:D> .      (a resolved reference)
//	<ev:D/1> <gb:subjectVia> "It" <doc:D> .
//
// Numbers are plain string literals so that every reader round-trips them.
// IDs are percent-escaped where they hold characters an IRI may not.
package store
