package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
)

// printFoundYAML prints the entities name rules found as entity blocks in
// the style of the shipped graph.yaml, each with a comment that says how
// often and by which rule it was found; top > 0 keeps the first top.
func printFoundYAML(w io.Writer, names []extract.FoundName, top int) {
	total := len(names)
	if top > 0 && len(names) > top {
		names = names[:top]
	}
	fmt.Fprintf(w, "# %d entities found by name rules%s, most mentioned first:\n", total, shown(len(names), total, "most mentioned"))
	fmt.Fprintf(w, "# paste the blocks you keep under \"entities:\" in graph.yaml.\n")
	for _, n := range names {
		fmt.Fprintf(w, "  # %s in %s; found by %s\n", count(n.Count, "mention"), count(n.Docs, "document"), n.Rule)
		fields := []string{"id: " + extract.YAMLScalar(n.ID), "type: " + extract.YAMLScalar(n.Type), "name: " + extract.YAMLScalar(n.Name)}
		if len(n.Aliases) > 0 {
			as := make([]string, len(n.Aliases))
			for i, a := range n.Aliases {
				as[i] = extract.YAMLScalar(a)
			}
			fields = append(fields, "aliases: ["+strings.Join(as, ", ")+"]")
		}
		fmt.Fprintf(w, "  - {%s}\n", strings.Join(fields, ", "))
	}
}
