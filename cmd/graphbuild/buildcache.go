package main

import (
	"crypto/sha256"
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
	m         *extract.Matcher
	rules     string // the rule file's name, for gb:rulePos
	cache     *store.Cache
	rulesKey  string
	files     *fileIndex        // the previous build's file index; nil for none
	prev      map[string]string // the current graph's block key by document id, to link blocks a rule edit left as they were; nil for none
	prevRules string            // the current graph's rules key
	same      bool              // a document whose key prev lists is a store.PreviousBlock, its record the previous build's (buildrecords.go)
	full      bool              // extract every document, whatever the cache holds
	dryRun    bool              // no block: the store is not written
}

func (x *extractor) one(path string) extracted {
	start := time.Now()
	useCache := !x.full && !x.dryRun && x.cache != nil
	// The metadata is taken before the content is read: a change after
	// this moment gives the file new metadata for the next build to see.
	var st fileStat
	stOK := false
	if fi, err := os.Stat(path); err == nil {
		st, stOK = statOf(fi)
	}
	if useCache && stOK && x.files != nil {
		if sum, ok := x.files.lookup(path, st); ok {
			key := store.DocKeySum(x.rulesKey, path, sum)
			if res, ok := x.previous(key, path); ok {
				res.read, res.unread = time.Since(start), true
				res.file = &fileRecord{stat: st, sum: sum}
				return res
			}
			if res, ok := x.cached(key, path); ok {
				res.read, res.unread = time.Since(start), true
				res.file = &fileRecord{stat: st, sum: sum}
				return res
			}
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return extracted{err: err, skip: readError(path, err)}
	}
	sum := sha256.Sum256(raw)
	var file *fileRecord
	if stOK {
		r := settle(st, sum, start)
		file = &r
	}
	key := store.DocKeySum(x.rulesKey, path, sum)
	if useCache {
		if res, ok := x.previous(key, path); ok {
			res.read, res.file = time.Since(start), file
			return res
		}
		if res, ok := x.cached(key, path); ok {
			res.read, res.file = time.Since(start), file
			return res
		}
	}
	d, err := extract.Read(path, raw)
	if err != nil {
		return extracted{err: err, skip: readError(path, err)}
	}
	defer d.Release() // nothing returned keeps d or its tokens
	read := time.Now()
	r := x.m.Extract(d)
	res := extracted{record: recordOf(r), read: read.Sub(start), match: time.Since(read), file: file}
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
	if res.line, err = recordLine(key, res.record); err != nil { // here, on all workers
		return extracted{err: err, skip: storeError(path, err)}
	}
	if x.cache != nil { // here, on all workers, rather than in the writer
		if prev, ok := x.prev[b.Doc]; !ok || !x.cache.PutSame(b, prev) {
			if err := x.cache.Put(b); err != nil {
				return extracted{err: err}
			}
		}
	}
	res.block = b
	return res
}

// previous returns the document at path as the current graph holds it,
// when its key is the one the current graph lists and the build takes
// unchanged documents from it (x.same).
func (x *extractor) previous(key, path string) (extracted, bool) {
	if !x.same {
		return extracted{}, false
	}
	doc := extract.DocumentID(path)
	if x.prev[doc] != key {
		return extracted{}, false
	}
	return extracted{block: store.PreviousBlock(doc, key), cached: true, same: true}, true
}

// cached returns the document at path whose block the cache holds under key.
func (x *extractor) cached(key, path string) (extracted, bool) {
	b := x.cache.Get(key)
	if b == nil || b.Doc != extract.DocumentID(path) {
		return extracted{}, false
	}
	var rec docRecord
	if json.Unmarshal(b.Meta, &rec) != nil {
		return extracted{}, false
	}
	line, err := recordLine(key, rec)
	if err != nil {
		return extracted{}, false
	}
	return extracted{block: b, record: rec, line: line, cached: true}, true
}
