package extract

import (
	"fmt"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

func TestAnchor(t *testing.T) {
	tests := []struct{ pattern, want string }{
		{"{subject} opened a ...3 review into {object}", "[opened]"}, // the longest word; on a tie, the first
		{"{subject} 's {object}", "['s]"},
		{"{subject} ...3 (probing|investigating) ...3 {object}", "[probing investigating]"},
		{"{subject} (a|b c) ...3 review {object}", "[review]"},
		{"{subject} (probing|[the] probe) {object}", "[probing probe]"},
		{"{subject} (probing|[probe]) {object}", "[]"},
		{"{subject} ...8 nationali* {object}", "prefix [nationali]"},
		{"{subject} [of] {object}", "[]"},
		{"{subject} , (e-commerce|social media) giant {object}", "[giant]"},
	}
	for _, tt := range tests {
		ast, err := schema.ParsePattern(tt.pattern)
		if err != nil {
			t.Fatal(err)
		}
		a := anchor(compileNodes(ast, 0))
		got := fmt.Sprint(a.words)
		if a.prefix {
			got = "prefix " + got
		}
		if got != tt.want {
			t.Errorf("anchor(%q) = %s, want %s", tt.pattern, got, tt.want)
		}
	}
}
