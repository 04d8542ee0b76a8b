package schema

import (
	"fmt"
	"testing"
)

func TestParsePatternEscape(t *testing.T) {
	nodes, err := ParsePattern(`{subject} \( the Chinese version of {object} \)`)
	if err != nil {
		t.Fatal(err)
	}
	got := ""
	for _, n := range nodes {
		got += fmt.Sprintf("%d:%q ", n.Kind, n.Word)
	}
	want := `3:"" 0:"(" 0:"the" 0:"chinese" 0:"version" 0:"of" 3:"" 0:")" `
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if _, err := ParsePattern(`{subject} owns {object} \`); err == nil || err.Error() != `"\" must be followed by the character to match literally` {
		t.Errorf("a trailing backslash: %v", err)
	}
}
