package store

import (
	"bytes"
	"iter"
)

// The blocks' N-Quads are read as text where parsing every quad would
// cost more than the question asked (counting, indexing names and edges,
// diffing): the encoder writes one quad a line, and subjects and
// predicates are IRIs, which hold no space.

// nqLines yields the non-empty lines of N-Quads text, without line ends.
func nqLines(nq []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for l := range bytes.Lines(nq) {
			if l = bytes.TrimSuffix(l, []byte("\n")); len(l) > 0 && !yield(l) {
				return
			}
		}
	}
}

// cutSubjectPredicate splits a line into its subject, its predicate and
// the rest (object, label and the final dot); ok is false for a line
// without them.
func cutSubjectPredicate(line []byte) (s, p, rest []byte, ok bool) {
	s, rest, ok = bytes.Cut(line, []byte(" "))
	if !ok {
		return nil, nil, nil, false
	}
	p, rest, ok = bytes.Cut(rest, []byte(" "))
	return s, p, rest, ok
}
