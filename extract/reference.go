package extract

import (
	"slices"
	"sort"
	"strings"
)

// Why a reference was resolved to its antecedent: the preference of the
// resolution policy that chose it (docs/rules.md, "References").
const (
	WhyNearest   = "nearest"          // the nearest fitting mention before it
	WhyHeadNoun  = "head-noun"        // "the academy": an entity whose name or type has that word
	WhySubject   = "previous-subject" // the subject of the previous sentence over a later object
	WhyPossessor = "possessor"        // "its WeChat account … it": the owner, not the thing owned
	WhyLookAhead = "look-ahead"       // "In its statement, the platform said": later in its sentence
	WhyGroup     = "group"            // "they": the names coordinated last
	WhyLastN     = "last-n"           // "the three apps": the last three fitting entities
	WhySlotType  = "slot-type"        // a further candidate, the nearest that fits the slot's types
)

// possessive lists the reference words that are possessive determiners:
// they may look ahead in their sentence, and the name right after one is
// a thing owned.
var possessive = map[string]bool{"its": true, "their": true, "his": true, "her": true}

// subordinators open a clause: a name shortly after one is that clause's
// subject ("after shareholder Jack Ma infuriated …"), not an object.
var subordinators = map[string]bool{
	"after": true, "when": true, "because": true, "while": true, "as": true, "although": true, "though": true,
	"since": true, "if": true, "that": true, "which": true, "who": true, "before": true, "until": true, "whereas": true,
}

// prepositions before a mention make it no sentence subject.
var prepositions = map[string]bool{
	"in": true, "on": true, "at": true, "by": true, "with": true, "for": true, "from": true, "to": true,
	"of": true, "into": true, "against": true, "about": true, "under": true, "after": true, "before": true,
	"over": true, "than": true, "like": true, "including": true, "as": true, "'s": true, "and": true, "or": true,
}

// countWords give the size of a plural reference's group ("both
// companies", "the three apps").
var countWords = map[string]int{
	"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}

// resolve turns candidates into mentions: entity names directly, and each
// reference into a mention of the antecedent the resolution policy
// prefers (see preferred). A possessive reference with no antecedent
// before it takes the first fitting mention after it in its sentence. It
// returns the mentions, in text order, and the references left
// unresolved (with no Entity).
func (m *Matcher) resolve(d *Document, cands []candidate, found []Found) ([]Mention, []Mention) {
	mentions := make([]Mention, 0, len(cands))
	var pending []Mention // possessive references waiting for a later name
	var pendingRef []int
	var unresolved []Mention
	unresolve := func(mn Mention) {
		mn.Reference, mn.entity, mn.typ, mn.antecedents, mn.group = true, -1, -1, nil, nil
		unresolved = append(unresolved, mn)
	}
	for ci, c := range cands {
		si := d.sentenceOf(c.first)
		mn := Mention{
			Sentence: si,
			First:    c.first,
			End:      c.end,
			Span:     d.RawSpan(d.Tokens[c.first].Start, d.Tokens[c.end-1].End),
		}
		if c.entity >= 0 {
			mn.Entity, mn.typ = m.entityOf(c.entity, found)
			mn.entity = m.listedIndex(c.entity)
			mentions = append(mentions, mn)
			continue
		}
		ref := m.refs[c.ref]
		// Only a description of several words ("the company"), not a
		// pronoun ("its China data centres"), can stand before a name.
		if c.end-c.first > 1 && ci+1 < len(cands) && cands[ci+1].first == c.end && cands[ci+1].entity >= 0 &&
			d.sentenceOf(c.end) == si &&
			m.candidateFits(ref, cands[ci+1].entity, found) {
			// "the company Didi": a description of the name that follows,
			// which becomes part of that name's mention.
			cands[ci+1].first = c.first
			continue
		}
		mn.Group = c.ref
		mn.antecedents = m.candidates(d, ref, mentions, si)
		if len(mn.antecedents) > 0 && !m.nearestOnly && !m.prefer(d, &mn, c, ref, mentions) {
			unresolve(mn)
			continue
		}
		if len(mn.antecedents) == 0 {
			if !m.nearestOnly && c.end-c.first == 1 && possessive[d.Tokens[c.first].Fold] {
				pending, pendingRef = append(pending, mn), append(pendingRef, c.ref)
				continue
			}
			unresolve(mn)
			continue
		}
		a := mn.antecedents[0]
		mn.Entity, mn.entity, mn.typ, mn.Reference, mn.Antecedent = a.entity, a.index, a.typ, true, a.span
		mentions = append(mentions, mn)
	}
	if len(pending) == 0 {
		return mentions, unresolved
	}
	for k, mn := range pending {
		if !m.lookAhead(d, &mn, m.refs[pendingRef[k]], mentions) {
			unresolve(mn)
			continue
		}
		mentions = append(mentions, mn)
	}
	sort.SliceStable(mentions, func(a, b int) bool { return mentions[a].First < mentions[b].First })
	sort.SliceStable(unresolved, func(a, b int) bool { return unresolved[a].First < unresolved[b].First })
	return mentions, unresolved
}

// candidates returns the entities a reference in sentence si may stand
// for: those mentioned before it (mentions so far) within its window that
// fit it, nearest first, each once.
func (m *Matcher) candidates(d *Document, ref reference, mentions []Mention, si int) []antecedent {
	var out []antecedent
	seen := make(map[string]bool)
	for k := len(mentions) - 1; k >= 0 && mentions[k].Sentence >= si-ref.window; k-- {
		a := mentions[k]
		if len(a.group) > 0 {
			// A plural reference stands for each of its members.
			for _, g := range a.group {
				if !seen[g.entity] && m.refFits(ref, g.entity, g.typ) {
					seen[g.entity] = true
					out = append(out, antecedent{entity: g.entity, index: g.index, typ: g.typ, span: g.span, mention: k, why: WhyNearest})
				}
			}
			continue
		}
		if seen[a.Entity] || !m.refFits(ref, a.Entity, a.typ) {
			continue
		}
		seen[a.Entity] = true
		span := a.Span
		if a.Reference {
			span = a.Antecedent // point at the name, not at another reference
		}
		out = append(out, antecedent{entity: a.Entity, index: a.entity, typ: a.typ, span: span, mention: k, why: WhyNearest})
	}
	return out
}

// prefer puts first, among mn's antecedents, the one the policy prefers,
// and fills mn's group for a plural reference. It reports false when the
// reference must stay unresolved: its words give a number N and fewer than
// N entities fit. The preferences, strongest first:
//
//  1. a plural reference stands for the last N fitting entities when its
//     words give N ("both companies", "the three apps"), else for the
//     names coordinated with its nearest candidate ("Alibaba and Tencent …
//     they"), else for the nearest one;
//  2. a description's head noun ("the academy") prefers the nearest entity
//     one of whose names has that word, or whose type is that word, when
//     some candidates have it and some do not;
//  3. the owner over the thing owned: a name right after a possessive
//     ("its WeChat account") yields to the next candidate;
//  4. the subject of the previous sentence over a later mention in it,
//     when the reference has no candidate in its own sentence;
//  5. otherwise the nearest.
func (m *Matcher) prefer(d *Document, mn *Mention, c candidate, ref reference, mentions []Mention) bool {
	ants := mn.antecedents
	if ref.plural {
		if n := groupSize(d, c); n > 0 {
			if len(ants) < n {
				return false
			}
			mn.group = markWhy(ants[:n:n], WhyLastN)
			return true
		}
		if g := mentions[ants[0].mention].group; len(g) > 1 {
			mn.group = markWhy(g, WhyGroup) // "these companies … they"
			return true
		}
		for _, a := range ants {
			if g := m.coordinated(d, a, ref, mentions); len(g) > 1 {
				mn.group = markWhy(g, WhyGroup)
				return true
			}
		}
	}
	pick := func(i int, why string) {
		a := ants[i]
		a.why = why
		copy(ants[1:i+1], ants[:i])
		ants[0] = a
	}
	if c.end-c.first > 1 {
		// The head noun decides when it tells the candidates apart.
		head := singular(d.Tokens[c.end-1].Fold)
		with := -1
		all := true
		for i, a := range ants {
			if !m.hasHead(a.index, a.typ, head) {
				all = false
			} else if with < 0 {
				with = i
			}
		}
		if with >= 0 && !all {
			pick(with, WhyHeadNoun)
			return true
		}
	}
	if len(ants) > 1 && owned(d, mentions[ants[0].mention]) {
		pick(1, WhyPossessor)
		return true
	}
	si := mn.Sentence
	if len(ants) > 1 && mentions[ants[0].mention].Sentence == si-1 && !clauseSubject(d, mentions[ants[0].mention]) {
		for i := 1; i < len(ants) && mentions[ants[i].mention].Sentence == si-1; i++ {
			if subject(d, mentions, ants[i].mention) {
				pick(i, WhySubject)
				return true
			}
		}
	}
	return true
}

// singular undoes a regular English plural, so that "the companies" has
// the head "company": "ies" becomes "y", a final "s" (not "ss") goes.
func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// clauseSubject reports whether a mention follows a word that opens a
// clause, within three tokens of its sentence: the subject of that clause.
func clauseSubject(d *Document, mn Mention) bool {
	first := d.Sentences[mn.Sentence].First
	for i := mn.First - 1; i >= first && i >= mn.First-3; i-- {
		if subordinators[d.Tokens[i].Fold] {
			return true
		}
	}
	return false
}

// markWhy returns a copy of ants, each marked with why.
func markWhy(ants []antecedent, why string) []antecedent {
	out := make([]antecedent, len(ants))
	for i, a := range ants {
		a.why = why
		out[i] = a
	}
	return out
}

// groupSize returns the size a plural reference's words give ("both
// companies": 2, "the 3 apps": 3), or 0.
func groupSize(d *Document, c candidate) int {
	for i := c.first; i < c.end; i++ {
		f := d.Tokens[i].Fold
		if n, ok := countWords[f]; ok {
			return n
		}
		if n := atoi(f); n >= 2 && n <= 20 {
			return n
		}
	}
	return 0
}

// coordinated returns the fitting entities of the list of names a
// candidate's mention belongs to ("Alibaba, Tencent and Baidu"), nearest
// first, each once; a mention in no list gives none.
func (m *Matcher) coordinated(d *Document, a antecedent, ref reference, mentions []Mention) []antecedent {
	first, last := a.mention, a.mention
	for first > 0 && listed(d, mentions[first-1], mentions[first]) && m.refFits(ref, mentions[first-1].Entity, mentions[first-1].typ) {
		first--
	}
	for last+1 < len(mentions) && listed(d, mentions[last], mentions[last+1]) && m.refFits(ref, mentions[last+1].Entity, mentions[last+1].typ) {
		last++
	}
	if first == last {
		return nil // in no list
	}
	var out []antecedent
	seen := make(map[string]bool)
	for k := first; k <= last; k++ {
		x := mentions[k]
		if seen[x.Entity] {
			continue
		}
		seen[x.Entity] = true
		span := x.Span
		if x.Reference {
			span = x.Antecedent
		}
		out = append(out, antecedent{entity: x.Entity, index: x.entity, typ: x.typ, span: span, mention: k})
	}
	slices.Reverse(out) // nearest first, like every list of antecedents
	return out
}

// listed reports whether mention b follows a in a list: in the same
// sentence, with nothing between them but commas, "and", "or" and "the".
func listed(d *Document, a, b Mention) bool {
	if a.Sentence != b.Sentence || b.First < a.End || b.First-a.End > 3 || b.First == a.End {
		return false
	}
	for i := a.End; i < b.First; i++ {
		switch d.Tokens[i].Fold {
		case ",", "and", "or", "the", "&":
		default:
			return false
		}
	}
	return true
}

// legalForms are the words of a company's legal name ("Alibaba Group
// Holding Ltd."): a description's head that is one of them ("the group")
// says nothing about which company is meant.
var legalForms = map[string]bool{
	"group": true, "holding": true, "co": true, "company": true, "corp": true, "corporation": true,
	"inc": true, "ltd": true, "limited": true, "plc": true, "llc": true,
}

// hasHead reports whether one of entity i's names has the word head (not
// a word of legal form), or its type is head. A found entity has i < 0.
func (m *Matcher) hasHead(i, typ int, head string) bool {
	return i >= 0 && slices.Contains(m.headWords[i], head) && !legalForms[head] || m.file.Types[typ].ID == head
}

// owned reports whether a mention is a thing owned: a name right after a
// possessive ("its WeChat account", "Tencent's WeChat app") and followed by
// a word in lower case, which it describes.
func owned(d *Document, mn Mention) bool {
	s := d.Sentences[mn.Sentence]
	if mn.Reference || mn.First == s.First || mn.End >= s.EndTok || !possessive[d.Tokens[mn.First-1].Fold] {
		return false
	}
	next := d.TokenText(mn.End)
	return next != "" && next[0] >= 'a' && next[0] <= 'z'
}

// subject reports whether mentions[k] stands as its sentence's subject:
// the first mention of the sentence, not a possessive pronoun, with no
// preposition or possessive right before it (an article aside).
func subject(d *Document, mentions []Mention, k int) bool {
	mn := mentions[k]
	if k > 0 && mentions[k-1].Sentence == mn.Sentence {
		return false
	}
	if mn.Reference && mn.End-mn.First == 1 && possessive[d.Tokens[mn.First].Fold] {
		return false // "their own CBDCs": a possessive modifies the subject, it is none
	}
	i := mn.First - 1
	first := d.Sentences[mn.Sentence].First
	if i >= first && d.Tokens[i].Fold == "the" {
		i--
	}
	return i < first || !prepositions[d.Tokens[i].Fold]
}

// lookAhead resolves a possessive reference that has no antecedent before
// it and stands in a phrase put before its clause ("In its statement, the
// platform said …") to the mention that starts the clause, right after the
// phrase's comma (an article aside). Nothing else looks ahead: "Their
// employees …, while Facebook …" is not about Facebook.
func (m *Matcher) lookAhead(d *Document, mn *Mention, ref reference, mentions []Mention) bool {
	s := d.Sentences[mn.Sentence]
	comma := -1
	for i := mn.End; i < s.EndTok; i++ {
		if d.Tokens[i].Fold == "," {
			comma = i
			break
		}
	}
	if comma < 0 {
		return false
	}
	start := comma + 1
	if start < s.EndTok && d.Tokens[start].Fold == "the" {
		start++
	}
	k := sort.Search(len(mentions), func(k int) bool { return mentions[k].End > comma })
	for ; k < len(mentions) && mentions[k].First <= start; k++ {
		a := mentions[k]
		if a.First < comma+1 || !m.refFits(ref, a.Entity, a.typ) {
			continue
		}
		span := a.Span
		if a.Reference {
			span = a.Antecedent
		}
		mn.antecedents = []antecedent{{entity: a.Entity, index: a.entity, typ: a.typ, span: span, mention: -1, why: WhyLookAhead}}
		mn.Entity, mn.entity, mn.typ, mn.Reference, mn.Antecedent = a.Entity, a.entity, a.typ, true, span
		return true
	}
	return false
}

// refFits reports whether a reference may point at an entity, given by id
// and by the index of its type in the rule file.
func (m *Matcher) refFits(ref reference, id string, typ int) bool {
	if ref.entities != nil && !ref.entities[id] {
		return false
	}
	return ref.types == nil || ref.types[typ]
}

// candidateFits reports whether a reference may point at the entity of a
// candidate (see entityOf).
func (m *Matcher) candidateFits(ref reference, entity int, found []Found) bool {
	id, typ := m.entityOf(entity, found)
	return m.refFits(ref, id, typ)
}
