package store_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
	"github.com/graphbuild/graphbuild/store"
)

// Example builds a graph of one document and asks it who the CAC reviewed,
// and on what evidence.
func Example() {
	out, err := os.MkdirTemp("", "graphbuild-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(out)

	rules := &schema.File{
		Name: "graph.yaml",
		Entities: []schema.Entity{
			{ID: "cac", Name: "Cyberspace Administration of China"},
			{ID: "didi", Name: "Didi Chuxing"},
		},
		Predicates: []schema.Predicate{{ID: "reviewed"}},
	}
	w, err := store.Create(out, rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = w.Add(&extract.Result{
		Doc:      &extract.Document{ID: "d1", Path: "corpus/d1.txt", Title: "A review"},
		Mentions: []extract.Mention{{Entity: "cac"}, {Entity: "didi"}},
		Evidence: []extract.Evidence{{
			Fact:     extract.Fact{Subject: "cac", Predicate: "reviewed", Object: "didi"},
			Doc:      "d1",
			Sentence: "The CAC opened a review into Didi.",
			Span:     extract.Span{Start: 0, End: 34},
			Rule:     "opened-review",
			RulePos:  schema.Pos{Line: 12, Col: 5},
		}},
	})
	if err != nil {
		w.Abort()
		fmt.Println(err)
		return
	}
	if _, err := w.Commit(); err != nil {
		fmt.Println(err)
		return
	}

	g, err := store.Open(out, time.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer g.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = g.Query(ctx, `
		g.V().Has("<gb:subject>", "<ent:cac>").Has("<gb:predicate>", "<rel:reviewed>").Tag("evidence").
			Out("<gb:object>").Tag("object").Back("evidence").
			Out("<gb:sentence>").Tag("sentence").All()`, 10, os.Stdout)
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// [
	//   {
	//     "evidence": "<ev:d1/1>",
	//     "id": "The CAC opened a review into Didi.",
	//     "object": "<ent:didi>",
	//     "sentence": "The CAC opened a review into Didi."
	//   }
	// ]
}
