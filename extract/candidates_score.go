package extract

import (
	"regexp"
	"slices"
	"strings"
)

// Candidates are ranked by a score, so that what most likely needs an
// entity or a rule comes first and noise sinks:
//
// A name scores 3 per document it is seen in, plus 1 per sighting, plus
// 2 if it has two words or more ("Trivium China") or 1 if it is an
// acronym ("MIIT"), minus 3 times the share of its sightings in a
// headline (see below), where every word is capitalised: a name that
// recurs across documents matters more than one repeated in one article,
// and a multi-word capitalised run is less often a sentence's first word.
// Groups of pairs more than MaxGap words apart come after all others.
//
// A group of pairs scores 3 per document, plus 1 per pair, plus 1 per
// pair of two names (no reference, which may be resolved wrongly), minus
// half a point per word between the mentions (10 for more than MaxGap),
// minus 3 per clause break between them (a comma, colon, semicolon,
// quote, bracket or dash, or a word such as "said", "which" or "while":
// the two mentions are then seldom related by the words between), minus
// 3 times the share of its pairs that stand in a headline (a sentence
// that ends without a full stop, question or exclamation mark).
const (
	scorePerDoc       = 3.0
	scoreMultiWord    = 2.0
	scoreAcronym      = 1.0
	scorePerGapWord   = 0.5
	scoreLongGap      = 10.0
	scorePerBreak     = 3.0
	scoreHeadline     = 3.0
	scorePerNamedPair = 1.0
)

// clauseBreaks are the tokens between two mentions that mark a new
// clause or an aside.
var clauseBreaks = setOf(`, ; : " ( ) [ ] - … said says say told which who whom whose while whereas but although though because according`)

func (n *Name) score(words int) {
	n.Score = scorePerDoc*float64(n.Docs) + float64(n.Count)
	switch {
	case n.Acronym:
		n.Score += scoreAcronym
	case words > 1:
		n.Score += scoreMultiWord
	}
	n.Score -= scoreHeadline * float64(n.Headlines) / float64(max(n.Count, 1))
}

func (g *PairGroup) score() {
	g.Score = scorePerDoc*float64(g.Docs) + float64(g.Count) + scorePerNamedPair*float64(g.Named)
	if g.Between == LongGap {
		g.Score -= scoreLongGap
	} else if g.Between != "" {
		words := strings.Fields(g.Between)
		g.Score -= scorePerGapWord * float64(len(words))
		for _, w := range words {
			if clauseBreaks[w] {
				g.Breaks++
			}
		}
		g.Score -= scorePerBreak * float64(g.Breaks)
	}
	g.Score -= scoreHeadline * float64(g.Headlines) / float64(max(g.Count, 1))
}

// ignorer holds the rule file's ignore section, compiled.
type ignorer struct {
	names    map[string]bool // folded, single-spaced
	patterns []*regexp.Regexp
}

func newIgnorer(m *Matcher) ignorer {
	ig := ignorer{names: make(map[string]bool)}
	for _, n := range m.file.Ignore.Names {
		ig.names[foldName(n)] = true
	}
	for _, p := range m.file.Ignore.Patterns {
		ig.patterns = append(ig.patterns, regexp.MustCompile(p.Expr))
	}
	return ig
}

func foldName(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func (ig ignorer) matches(s string) bool {
	return slices.ContainsFunc(ig.patterns, func(re *regexp.Regexp) bool { return re.MatchString(s) })
}

// name reports whether a candidate name is to be left out.
func (ig ignorer) name(text string) bool { return ig.names[foldName(text)] || ig.matches(text) }

// pair reports whether a pair of mentions, of entities a and b and types
// ta and tb, with the wording between, is to be left out.
func (c *Candidates) ignoredPair(a, b, ta, tb, between string) bool {
	if c.ignore.matches(between) {
		return true
	}
	for _, p := range c.m.file.Ignore.Pairs {
		if p.Between != "" && p.Between != between {
			continue
		}
		if len(p.Types) == 2 && (p.Types[0] != ta || p.Types[1] != tb) {
			continue
		}
		if len(p.Entities) == 2 && !(p.Entities[0] == a && p.Entities[1] == b || p.Entities[0] == b && p.Entities[1] == a) {
			continue
		}
		return true
	}
	return false
}

// headline reports whether sentence si of d reads as a headline: it ends
// without a full stop, a question or an exclamation mark.
func headline(d *Document, si int) bool {
	s := d.Sentences[si]
	for k := s.EndTok - 1; k >= s.First; k-- {
		switch d.Tokens[k].Fold {
		case `"`, "'", ")":
			continue
		case ".", "?", "!", "…":
			return false
		}
		return true
	}
	return true
}
