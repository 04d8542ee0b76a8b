package extract

import "github.com/graphbuild/graphbuild/schema"

// The facts of roles ("Xiaomi founder Lei Jun") come from the rules that
// schema.Parse makes of the roles section; what is left for the matcher
// is to know a title when it sees one: a name after a title still fills a
// slot ("by Premier Li Keqiang"), and the roles' type makes an unknown
// name after a title a person (names.go).

// titleSet holds the titles and modifiers of the roles section.
type titleSet struct {
	forward *trieNode           // folded tokens; phrase.entity is 1 for a title, 0 for a modifier
	byLast  map[string][]phrase // the same phrases by their last folded token
	fits    []bool              // type indexes a titled name may have; nil: any
	// demonyms holds the demonyms' words (demonym.go); phrase.entity is
	// the entity they stand for. Nil when there are none.
	demonyms      *trieNode
	demonymTitles [][][]string // per demonym: the folded titles it may stand before; nil: any
}

func (m *Matcher) compileTitles() {
	r := m.file.Roles
	if len(r.Titles) == 0 {
		return
	}
	ts := &titleSet{forward: &trieNode{}, byLast: make(map[string][]phrase)}
	add := func(w string, title int) {
		p := phrase{tokens: foldAll(words(w)), entity: title, ref: -1}
		if len(p.tokens) == 0 {
			return
		}
		ts.forward.insert(p)
		last := p.tokens[len(p.tokens)-1]
		ts.byLast[last] = append(ts.byLast[last], p)
	}
	for _, t := range r.Titles {
		for _, w := range t.Words {
			add(w, 1)
			add(schema.Plural(w), 1)
		}
	}
	for _, w := range r.Modifiers {
		add(w, 0)
	}
	if r.Type != "" {
		ts.fits = m.typeSet([]string{r.Type})
	}
	m.titles = ts
}

// after returns the end of a title at token i, with the modifiers before
// it ("outgoing President"), or i when there is none.
func (ts *titleSet) after(d *Document, i, end int) int {
	p := i
	for p < end {
		n, best, title := ts.forward, p, false
		for j := p; j < end; j++ {
			if n = n.next[d.Tokens[j].Fold]; n == nil {
				break
			}
			for _, ph := range n.ends {
				best, title = j+1, ph.entity == 1
			}
		}
		switch {
		case best == p:
			return i
		case title:
			return best
		}
		p = best // a modifier: a title must follow
	}
	return i
}

// before returns the first token of the titles and modifiers right before
// token i, back to token first, when there is a title among them
// ("former chairman", "outgoing President") or titled is set (the name
// starts with a title: "President Donald Trump"); or i.
func (ts *titleSet) before(d *Document, i, first int, titled bool) int {
	p := i
	for p > first {
		best, title := p, false
		for _, ph := range ts.byLast[d.Tokens[p-1].Fold] {
			if q := p - len(ph.tokens); q >= first && q < best && tokensFold(d, q, ph.tokens) {
				best, title = q, ph.entity == 1
			}
		}
		if best == p {
			break
		}
		p, titled = best, titled || title
	}
	if !titled {
		return i
	}
	return p
}

func tokensFold(d *Document, i int, folded []string) bool {
	for k, f := range folded {
		if d.Tokens[i+k].Fold != f {
			return false
		}
	}
	return true
}

// titleStarts lets a title right before a name start the name's mention
// for the matcher, so that "by Premier Li Keqiang" fills {subject} with Li
// Keqiang: at[t] becomes the mention for the first token t of the title,
// when no other mention starts there.
func (m *Matcher) titleStarts(d *Document, mentions []Mention, at []int32) {
	ts := m.titles
	if ts == nil {
		return
	}
	for i, mn := range mentions {
		if mn.Reference || ts.fits != nil && !ts.fits[mn.typ] {
			continue
		}
		first := d.Sentences[mn.Sentence].First
		titled := ts.after(d, mn.First, mn.End) > mn.First
		if t := ts.before(d, mn.First, first, titled); t < mn.First && at[t] < 0 {
			at[t] = int32(i)
		}
	}
}
