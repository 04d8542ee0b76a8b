// Package export draws the graph: Graphviz DOT text, and SVG or PNG
// pictures of it rendered in-process, so no Graphviz installation is needed.
package export

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/graphbuild/graphbuild/store"
)

// Palette gives a colour to a type that has none, itself or through its
// ancestors: Tableau 10's lighter tones, which black text reads well on.
// A type always gets the same one (by a hash of its id), whatever else is
// in the picture.
var Palette = []string{"#a0cbe8", "#ffbe7d", "#8cd17d", "#b6992d", "#86bcb6", "#ff9d9a", "#d4a6c8", "#fabfd2", "#d7b5a6", "#bab0ac"}

// Untyped is the colour of an entity without a type.
const Untyped = "#e0e0e0"

// DefaultShape is the shape of a type that has none, itself or through its ancestors.
const DefaultShape = "box"

// The colour and shape syntax graph.yaml allows (see schema); anything
// else in the store is ignored rather than written into the DOT text.
var (
	colorSyntax = regexp.MustCompile(`^(#[0-9a-fA-F]{6}|[a-zA-Z]+[0-9]*)$`)
	shapeSyntax = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]*$`)
)

// Options say how to draw a subgraph.
type Options struct {
	Title string // shown above the picture; "" for none
}

// DOT writes sg as a Graphviz digraph: an entity is a node named by its
// id, labelled with its name and drawn in its type's colour and shape; an
// edge is labelled with its relation and, when more than one evidence
// supports it, their count; hedged (maybe_) edges are dashed and negated
// (not_) ones dotted. A legend shows the colours of the types drawn. Output is
// sorted (entities by id, edges by subject, relation, object), so the same
// subgraph always gives the same bytes.
func DOT(w io.Writer, sg *store.Subgraph, opt Options) error {
	bw := bufio.NewWriter(w)
	st := newStyler(sg.Types)

	fmt.Fprintln(bw, "digraph graphbuild {")
	fmt.Fprint(bw, "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=14, nodesep=0.25, ranksep=0.5")
	if opt.Title != "" {
		fmt.Fprintf(bw, ", labelloc=t, label=%s", Quote(opt.Title))
	}
	fmt.Fprintln(bw, "];")
	fmt.Fprintln(bw, "  node [fontname=\"Helvetica\", fontsize=11, penwidth=1, margin=\"0.2,0.055\"];")
	fmt.Fprintln(bw, "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\"];")

	// The legend: the types of the entities drawn, and the edge styles used.
	types := map[string]bool{}
	for _, e := range sg.Entities {
		types[e.Type] = true
	}
	hedged, negated := false, false
	for _, e := range sg.Edges {
		hedged = hedged || strings.HasPrefix(e.Relation, "maybe_")
		negated = negated || strings.HasPrefix(e.Relation, "not_")
	}
	if len(types) > 0 {
		ids := make([]string, 0, len(types))
		for t := range types {
			ids = append(ids, t)
		}
		sort.Strings(ids)
		fmt.Fprintf(bw, "  \"legend:types\" [shape=plaintext, margin=0, fontsize=10, label=<%s>];\n", st.legend(ids, hedged, negated))
	}

	for _, e := range sg.Entities {
		attrs := st.attrs(e.Type)
		if e.ID == sg.Focus {
			attrs += ", penwidth=3"
		}
		tip := e.ID
		if e.Type != "" {
			tip += " (" + e.Type + ")"
		}
		fmt.Fprintf(bw, "  %s [label=%s, tooltip=%s, %s];\n", NodeID(e.ID), Quote(e.Label()), Quote(tip), attrs)
	}
	for _, e := range sg.Edges {
		label := e.Relation
		if e.EvidenceCount > 1 {
			label += " (" + strconv.Itoa(e.EvidenceCount) + ")"
		}
		style := ""
		switch {
		case strings.HasPrefix(e.Relation, "maybe_"):
			style = ", style=dashed"
		case strings.HasPrefix(e.Relation, "not_"):
			style = ", style=dotted"
		}
		fmt.Fprintf(bw, "  %s -> %s [label=%s%s];\n", NodeID(e.From), NodeID(e.To), Quote(label), style)
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}

// styler gives each type its colour and shape: its own, else its nearest
// ancestor's, else the palette's and DefaultShape.
type styler struct {
	types map[string]store.Type
	memo  map[string]string
}

func newStyler(ts []store.Type) *styler {
	s := &styler{types: make(map[string]store.Type, len(ts)), memo: map[string]string{}}
	for _, t := range ts {
		s.types[t.ID] = t
	}
	return s
}

// style returns the colour and shape of type id.
func (s *styler) style(id string) (color, shape string) {
	seen := map[string]bool{}
	for t := id; t != "" && !seen[t] && (color == "" || shape == ""); t = s.types[t].Parent {
		seen[t] = true
		if c := s.types[t].Color; color == "" && colorSyntax.MatchString(c) {
			color = c
		}
		if sh := s.types[t].Shape; shape == "" && shapeSyntax.MatchString(sh) {
			shape = sh
		}
	}
	switch {
	case color != "":
	case id == "":
		color = Untyped
	default:
		h := fnv.New32a()
		h.Write([]byte(id))
		color = Palette[h.Sum32()%uint32(len(Palette))]
	}
	if shape == "" {
		shape = DefaultShape
	}
	return color, shape
}

// attrs returns the DOT attributes of a node of type id.
func (s *styler) attrs(id string) string {
	if a, ok := s.memo[id]; ok {
		return a
	}
	color, shape := s.style(id)
	style := "filled"
	if shape == "box" {
		style = "rounded,filled"
	}
	a := fmt.Sprintf("shape=%s, style=%s, fillcolor=%s, fontcolor=%s", shape, Quote(style), Quote(color), Quote(textColor(color)))
	s.memo[id] = a
	return a
}

// legendColumns is how many types a row of the legend holds.
const legendColumns = 4

// legend returns an HTML-like label: a table of the types, each in its
// colour, and a line on the edge styles used.
func (s *styler) legend(types []string, hedged, negated bool) string {
	var b strings.Builder
	cols := min(len(types), legendColumns)
	b.WriteString(`<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="5" COLOR="#999999">`)
	for i, t := range types {
		if i%legendColumns == 0 {
			if i > 0 {
				b.WriteString("</TR>")
			}
			b.WriteString("<TR>")
		}
		color, _ := s.style(t)
		name := t
		if t == "" {
			name = "(no type)"
		}
		fmt.Fprintf(&b, `<TD BGCOLOR="%s"><FONT COLOR="%s">%s</FONT></TD>`, color, textColor(color), htmlText(name))
	}
	b.WriteString("</TR>")
	var styles []string
	if hedged {
		styles = append(styles, "dashed: hedged (maybe_…)")
	}
	if negated {
		styles = append(styles, "dotted: negated (not_…)")
	}
	if len(styles) > 0 {
		fmt.Fprintf(&b, `<TR><TD COLSPAN="%d" BORDER="0">%s</TD></TR>`, cols, strings.Join(styles, "<BR/>"))
	}
	b.WriteString("</TABLE>")
	return b.String()
}

// htmlText escapes text for an HTML-like label: &, <, >, quotes, with
// control characters as spaces and bad UTF-8 as U+FFFD.
func htmlText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return html.EscapeString(s)
}

// textColor returns a colour that reads well on background c: white on a
// dark #rrggbb, black otherwise.
func textColor(c string) string {
	if len(c) == 7 && c[0] == '#' {
		r, _ := strconv.ParseUint(c[1:3], 16, 8)
		g, _ := strconv.ParseUint(c[3:5], 16, 8)
		b, _ := strconv.ParseUint(c[5:7], 16, 8)
		if 299*r+587*g+114*b < 140_000 {
			return "white"
		}
	}
	return "black"
}

// Quote returns s as a DOT quoted string whose text, as a label, is s:
// a double quote and a backslash are escaped (Graphviz would read "\N",
// "\l" and the like as its own escapes), '&' is written "&amp;" (Graphviz
// reads HTML entities in labels), a line break becomes "\n" (a CR LF or a
// lone CR too), other control characters become spaces, and text that is
// not UTF-8 gets U+FFFD. Everything else, non-ASCII included, stays as it is.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	s = strings.ToValidUTF8(s, "\uFFFD")
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			b.WriteString(`\"`)
		case c == '\\':
			b.WriteString(`\\`)
		case c == '&':
			b.WriteString("&amp;")
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 || c == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// NodeID returns the quoted DOT node id of an entity: its id with every
// byte outside [A-Za-z0-9._~-] written %XX, as in the store's IRIs. The
// id never holds a quote or a backslash, which Graphviz's reader cannot
// always take back, and never a ':' or '/', which the legend's ids have.
func NodeID(id string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(id); i++ {
		c := id[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	b.WriteByte('"')
	return b.String()
}
