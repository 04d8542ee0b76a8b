package store

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

var benchDocs = flag.Int("load.docs", 1000, "documents per BenchmarkLoad build")

// Shape of the synthetic corpus: entities and predicates of a large rule
// file, and per document about as many mentions and evidences as a long
// news article gives.
const (
	benchEntities   = 5000
	benchPredicates = 50
	benchMentions   = 20
	benchEvidence   = 10
)

func benchRules() *schema.File {
	f := &schema.File{Name: "graph.yaml", Types: []schema.Type{{ID: "actor"}, {ID: "company", Parent: "actor"}}}
	for i := range benchEntities {
		id := "entity-" + strconv.Itoa(i)
		f.Entities = append(f.Entities, schema.Entity{ID: id, Type: "company", Name: "Entity " + strconv.Itoa(i), Aliases: []string{"E" + strconv.Itoa(i)}})
	}
	for i := range benchPredicates {
		f.Predicates = append(f.Predicates, schema.Predicate{ID: "pred_" + strconv.Itoa(i)})
	}
	return f
}

// benchDoc makes document i: random, but the same for the same i.
func benchDoc(i int) *extract.Result {
	rng := rand.New(rand.NewPCG(uint64(i), 42))
	id := fmt.Sprintf("doc-%07d", i)
	r := &extract.Result{Doc: &extract.Document{ID: id, Path: "corpus/" + id + ".txt", Title: "Title of " + id, Date: "2021"}}
	ent := func() string { return "entity-" + strconv.Itoa(rng.IntN(benchEntities)) }
	for range benchMentions {
		r.Mentions = append(r.Mentions, extract.Mention{Entity: ent()})
	}
	sentence := strings.Repeat("word ", 30)
	for k := range benchEvidence {
		e := extract.Evidence{
			Fact:         extract.Fact{Subject: ent(), Predicate: "pred_" + strconv.Itoa(rng.IntN(benchPredicates)), Object: ent()},
			Doc:          id,
			Sentence:     sentence + strconv.Itoa(k),
			SentenceSpan: extract.Span{Start: 200 * k, End: 200*k + 150},
			Span:         extract.Span{Start: 200*k + 10, End: 200*k + 90},
			Rule:         "rule-" + strconv.Itoa(rng.IntN(200)),
			RulePos:      schema.Pos{Line: 1 + rng.IntN(2000), Col: 5},
		}
		switch rng.IntN(10) {
		case 0:
			e.Fact.Modality = extract.Negated
		case 1:
			e.Fact.Modality = extract.Hedged
		case 2:
			e.Resolved = []extract.Resolution{{Slot: "subject", Text: "It", Entity: e.Fact.Subject}}
		}
		if k%3 == 0 {
			e.Date = "2019"
		}
		r.Evidence = append(r.Evidence, e)
	}
	return r
}

// BenchmarkLoad builds a graph of -load.docs synthetic documents per
// iteration, through Create, Add and Commit (bolt and graph.nq), and
// reports the rate in quads per second.
//
//	go test -run '^$' -bench BenchmarkLoad -benchtime 1x -load.docs 10000 ./store/
func BenchmarkLoad(b *testing.B) {
	rules := benchRules()
	var quads int64
	var took time.Duration
	for b.Loop() {
		out := b.TempDir()
		start := time.Now()
		w, err := Create(out, rules)
		if err != nil {
			b.Fatal(err)
		}
		for i := range *benchDocs {
			if err := w.Add(benchDoc(i)); err != nil {
				b.Fatal(err)
			}
		}
		st, err := w.Commit()
		if err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
		quads += st.Quads
	}
	b.ReportMetric(float64(quads)/took.Seconds(), "quads/s")
	b.ReportMetric(float64(quads)/float64(b.N), "quads/op")
}
