package export

import "github.com/graphbuild/graphbuild/store"

// Style is how a picture draws the entities of one type.
type Style struct {
	Color     string `json:"color"`      // fill, "#rrggbb" or a colour name
	TextColor string `json:"text_color"` // "black" or "white", whichever reads on Color
	Shape     string `json:"shape"`      // a Graphviz shape name ("box", "ellipse", …)
}

// Styles returns the style of each of the given types (by id) and of ""
// (entities without a type), as DOT draws them: a type's own colour and
// shape, else its nearest ancestor's, else the palette's and
// DefaultShape. Other pictures of the graph (the browser's) use it to
// look the same.
func Styles(ts []store.Type) map[string]Style {
	st := newStyler(ts)
	out := make(map[string]Style, len(ts)+1)
	for _, id := range append([]string{""}, typeIDs(ts)...) {
		c, sh := st.style(id)
		out[id] = Style{Color: c, TextColor: textColor(c), Shape: sh}
	}
	return out
}

func typeIDs(ts []store.Type) []string {
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	return ids
}
