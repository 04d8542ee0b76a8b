package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
)

// namer invents entity names. Names are one to four tokens long, and many
// share their first token ("Qorvanta Holdings 17", "Qorvanta Cloud",
// "Bureau of Zemi 3", "Lin Wexiao 42", "Xi Dolan", "China Mevaro
// Networks") so that the alias matcher sees long runs of common prefixes.
// Every name and alias is unique, ignoring case, among all entities, the
// shipped ones included, so the rule file stays valid.
type namer struct {
	r     *rand.Rand
	used  map[string]bool // lower-cased names and aliases
	stems []string
}

func newNamer(r *rand.Rand, shipped []entity, n int) *namer {
	g := &namer{r: r, used: map[string]bool{}}
	for _, e := range shipped {
		g.use(e.Name)
		for _, a := range e.Aliases {
			g.use(a)
		}
	}
	// About six entities per stem: enough sharing to stress the matcher,
	// enough stems for the names to stay unique. A stem must hold a q, x,
	// z or k, so it cannot spell an English word such as the cue "never".
	seen := map[string]bool{}
	for len(g.stems) < max(8, n/6) {
		s := g.stem()
		if !seen[s] && !g.used[strings.ToLower(s)] && strings.ContainsAny(s, "QXZKqxzk") {
			seen[s] = true
			g.stems = append(g.stems, s)
		}
	}
	return g
}

func (g *namer) use(s string) { g.used[strings.ToLower(s)] = true }

var (
	onsets = []string{"b", "d", "f", "g", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "z", "zh", "x", "br", "kr", "tr"}
	vowels = []string{"a", "e", "i", "o", "u", "ai", "ao", "ei", "ia", "ou"}
	codas  = []string{"", "", "", "n", "r", "l", "x", "ng"}
)

// stem is an invented word of two or three syllables, "Qorvanta".
func (g *namer) stem() string {
	var b strings.Builder
	for range 2 + g.r.IntN(2) {
		b.WriteString(pick(g.r, onsets) + pick(g.r, vowels) + pick(g.r, codas))
	}
	return capitalize(b.String())
}

// kinds is the order synthetic entities take types in: mostly companies
// and people, as in the real articles. Countries are left real.
var kinds = []string{
	"company", "person", "company", "agency", "person", "technology", "company", "place", "organization", "person",
	"company", "law", "technology", "person", "company", "agency", "place", "organization", "person", "company",
}

var (
	surnames  = []string{"Lin", "Wang", "Chen", "Zhao", "Liu", "Huang", "Zhou", "Xu", "Sun", "Zhu", "Guo", "Luo", "Xi", "Li", "Ma", "Deng"}
	firsts    = []string{"Anna", "David", "Grace", "Kevin", "Laura", "Peter", "Sofia", "Tom"}
	firmKinds = []string{"Holdings", "Group", "Technologies", "Cloud", "Networks", "Capital", "Semiconductor", "Robotics", "Logistics"}
	sectors   = []string{"Data", "Mobile", "Digital", "Smart", "Finance", "Health"}
)

// entities invents n entities, cycling through kinds.
func (g *namer) entities(n int) ([]entity, error) {
	out := make([]entity, 0, n)
	for i := range n {
		typ := kinds[i%len(kinds)]
		name, aliases, err := g.name(typ)
		if err != nil {
			return nil, err
		}
		out = append(out, entity{ID: fmt.Sprintf("syn-%s-%d", typ, i+1), Type: typ, Name: name, Aliases: aliases})
	}
	return out, nil
}

// name returns an unused name of type typ and zero to three unused aliases.
func (g *namer) name(typ string) (string, []string, error) {
	for range 1000 {
		forms := g.forms(typ)
		name := forms[g.r.IntN(len(forms)-1)] // the last form is an acronym or title: alias only
		if g.used[strings.ToLower(name)] {
			continue
		}
		g.use(name)
		g.r.Shuffle(len(forms), func(i, j int) { forms[i], forms[j] = forms[j], forms[i] })
		var aliases []string
		want := g.r.IntN(4)
		for _, a := range forms {
			if len(aliases) == want {
				break
			}
			if !g.used[strings.ToLower(a)] {
				g.use(a)
				aliases = append(aliases, a)
			}
		}
		return name, aliases, nil
	}
	return "", nil, fmt.Errorf("ran out of unique %s names; ask for fewer entities", typ)
}

// forms returns the ways one invented entity of type typ may be written:
// one becomes its name, a few others its aliases. The last is never a name.
func (g *namer) forms(typ string) []string {
	s := pick(g.r, g.stems)
	n := strconv.Itoa(1 + g.r.IntN(999)) // below 1000, so never read as a year
	switch typ {
	case "company":
		k := pick(g.r, firmKinds)
		return []string{
			s + pick(g.r, []string{"ix", "ora", "eon", "ly"}),
			s + " " + k,
			s + " " + k + " " + n,
			s + " " + pick(g.r, sectors) + " " + k + " " + n,
			"China " + s + " " + k,
			acronym(s+" "+k) + n,
		}
	case "agency":
		return []string{
			s + "kom",
			"Bureau of " + s,
			"Bureau of " + s + " " + n,
			"Ministry of " + s + " Affairs",
			"State " + s + " Administration",
			s + " Regulatory Commission",
			"B" + acronym(s) + n,
		}
	case "person":
		sur, given := pick(g.r, surnames), g.stem()
		return []string{
			sur + " " + given,
			sur + " " + given + " " + n,
			pick(g.r, firsts) + " " + sur + " " + given,
			pick(g.r, firsts) + " " + sur + " " + given + " " + n,
			"Mr. " + sur + " " + given,
			"Dr. " + sur + " " + given + " " + n,
		}
	case "place":
		return []string{
			s,
			s + " City",
			s + " Province",
			"New " + s,
			"Port " + s + " " + n,
			s + " Special Economic Zone",
		}
	case "technology":
		lower := strings.ToLower(s)
		return []string{
			s + "Pay",
			s + " Pay",
			s + " Cloud Platform " + n,
			lower + " scoring system",
			lower + " camera network " + n,
			s + " OS " + n,
		}
	case "organization":
		return []string{
			s + " Institute",
			"University of " + s,
			s + " Foundation " + n,
			s + " Digital Policy Centre",
			acronym(s+" Institute") + n,
		}
	default: // law
		return []string{
			s + " Data Act",
			s + " Data Act " + n,
			s + " Platform Regulation",
			acronym(s+" Data Act") + n,
		}
	}
}

func pick(r *rand.Rand, from []string) string { return from[r.IntN(len(from))] }

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// acronym is the initials of the capitalised words: "Qorvanta Holdings" → "QH".
func acronym(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if c := rune(w[0]); unicode.IsUpper(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}
