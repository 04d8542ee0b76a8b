package main

import (
	"encoding/json"
	"os"
	"time"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/store"
)

// docRecord is what a build keeps of a document besides its quads, in
// the cache beside them, so that a cached document adds to the summary
// exactly as an extracted one.
type docRecord struct {
	Sentences  int            `json:"sentences"`
	Mentions   int            `json:"mentions"`
	References int            `json:"references"`
	Unresolved int            `json:"unresolved"`
	Evidence   int            `json:"evidence"`
	Facts      []extract.Fact `json:"facts"` // in the order of their evidence
	Warnings   []string       `json:"warnings"`
}

func recordOf(r *extract.Result) docRecord {
	rec := docRecord{Sentences: len(r.Doc.Sentences), Unresolved: r.Unresolved, Evidence: len(r.Evidence)}
	for _, mn := range r.Mentions {
		if mn.Reference {
			rec.References++
		} else {
			rec.Mentions++
		}
	}
	for _, e := range r.Evidence {
		rec.Facts = append(rec.Facts, e.Fact)
	}
	for _, w := range r.Doc.Warnings {
		rec.Warnings = append(rec.Warnings, w.String())
	}
	return rec
}

// encode is store.Encode, which no corpus file makes fail (it refuses
// only a result that contradicts itself); a test makes it fail to see the
// error reported.
var encode = store.Encode

// extractor reads and matches one document, or takes its block from the
// cache when the document and the rules are as they were.
type extractor struct {
	m        *extract.Matcher
	rules    string // the rule file's name, for gb:rulePos
	cache    *store.Cache
	rulesKey string
	full     bool // extract every document, whatever the cache holds
	dryRun   bool // no block: the store is not written
}

func (x *extractor) one(path string) extracted {
	start := time.Now()
	raw, err := os.ReadFile(path)
	if err != nil {
		return extracted{err: err, skip: readError(path, err)}
	}
	key := store.DocKey(x.rulesKey, path, raw)
	if !x.full && !x.dryRun && x.cache != nil {
		if b := x.cache.Get(key); b != nil && b.Doc == extract.DocumentID(path) {
			var rec docRecord
			if json.Unmarshal(b.Meta, &rec) == nil {
				return extracted{block: b, record: rec, read: time.Since(start), cached: true}
			}
		}
	}
	d, err := extract.Read(path, raw)
	if err != nil {
		return extracted{err: err, skip: readError(path, err)}
	}
	read := time.Now()
	r := x.m.Extract(d)
	res := extracted{record: recordOf(r), read: read.Sub(start), match: time.Since(read)}
	if x.dryRun {
		return res
	}
	b, err := encode(r, x.rules)
	if err != nil {
		return extracted{err: err, skip: storeError(path, err)}
	}
	b.Key = key
	if b.Meta, err = json.Marshal(res.record); err != nil {
		return extracted{err: err, skip: storeError(path, err)}
	}
	res.block = b
	return res
}
