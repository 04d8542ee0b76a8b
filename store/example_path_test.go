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

// ExampleGraph_Paths asks how Tesla is tied to the CAC, naming both as a
// user would, and prints each hop with its evidence.
func ExampleGraph_Paths() {
	out, err := os.MkdirTemp("", "graphbuild-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(out)

	rules := &schema.File{Name: "graph.yaml", Entities: []schema.Entity{
		{ID: "tesla", Name: "Tesla"},
		{ID: "china", Name: "China"},
		{ID: "didi", Name: "Didi Chuxing", Aliases: []string{"Didi"}},
		{ID: "cac", Name: "Cyberspace Administration of China", Aliases: []string{"CAC"}},
	}}
	fact := func(n int, s, p, o, sentence string) extract.Evidence {
		return extract.Evidence{Fact: extract.Fact{Subject: s, Predicate: p, Object: o}, Doc: "d1", Sentence: sentence, Span: extract.Span{Start: n, End: n + 1}}
	}
	w, err := store.Create(out, rules)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = w.Add(&extract.Result{
		Doc: &extract.Document{ID: "d1", Path: "corpus/d1.txt"},
		Evidence: []extract.Evidence{
			fact(0, "tesla", "stores_data_in", "china", "Tesla stores its data in China."),
			fact(1, "didi", "located_in", "china", "Didi is a Chinese company."),
			fact(2, "cac", "reviewed", "didi", "The CAC opened a review into Didi."),
		},
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
	ctx := context.Background()
	from, err := g.Resolve(ctx, "Tesla")
	if err != nil {
		fmt.Println(err)
		return
	}
	to, err := g.Resolve(ctx, "cyberspace administration of china")
	if err != nil {
		fmt.Println(err)
		return
	}
	paths, err := g.Paths(ctx, from.ID, to.ID, store.PathOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range paths[0].Hops {
		l := h.Links[0]
		fmt.Printf("%s -> %s: %s %s %s (%q)\n", h.From, h.To, l.From, l.Relation, l.To, l.Evidence[0].Sentence)
	}
	// Output:
	// tesla -> china: tesla stores_data_in china ("Tesla stores its data in China.")
	// china -> didi: didi located_in china ("Didi is a Chinese company.")
	// didi -> cac: cac reviewed didi ("The CAC opened a review into Didi.")
}
