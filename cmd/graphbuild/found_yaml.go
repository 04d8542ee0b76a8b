package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
)

// printFound prints the entities name rules found as entity blocks in the
// style of the shipped graph.yaml, ready to paste: their type is the name
// rule's, their aliases the shorter forms seen. A comment before each says
// how often and by which rule it was found; total is how many there are
// in all, of which names are shown.
func printFound(w io.Writer, names []extract.FoundName, total int) {
	if total == 0 {
		return
	}
	noun := "entities"
	if total == 1 {
		noun = "entity"
	}
	fmt.Fprintf(w, "  # %d %s found by name rules%s, most mentioned first:\n", total, noun, shown(len(names), total, "most mentioned"))
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
