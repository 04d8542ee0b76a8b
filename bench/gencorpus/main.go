// Command gencorpus writes a large synthetic corpus and a matching rule file,
// so that graphbuild can be measured on more text than the real articles.
//
// Usage:
//
//	gencorpus -docs N -entities M [-seed S] -out DIR [-rules graph.yaml] [-corpus corpus]
//
// It writes DIR/corpus/doc-NNNNN.txt (N documents) and DIR/graph.yaml: the
// shipped rules plus M invented entities. Documents are made of the real
// articles' sentences with the curated entity names swapped for invented
// names of the same type, so the relation rules still fire on them. The
// output depends only on the flags and the input files: the same seed gives
// byte-identical files.
//
// Exit status: 0 ok, 1 bad input or I/O, 2 usage.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.IntVar(&c.Docs, "docs", 1000, "documents to write")
	fs.IntVar(&c.Entities, "entities", 1000, "synthetic entities to add to the rules")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed; the same seed gives the same files")
	fs.StringVar(&c.Out, "out", "", "output folder (required)")
	fs.StringVar(&c.Rules, "rules", "graph.yaml", "the shipped rule file to extend")
	fs.StringVar(&c.Corpus, "corpus", "corpus", "the real articles whose sentences are the templates")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 0 || c.Out == "" || c.Docs < 1 || c.Entities < 0 {
		fmt.Fprintln(stderr, "usage: gencorpus -docs N -entities M [-seed S] -out DIR [-rules graph.yaml] [-corpus corpus]")
		return 2
	}
	st, err := generate(c)
	if err != nil {
		fmt.Fprintf(stderr, "gencorpus: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "documents   %d\n", st.Docs)
	fmt.Fprintf(stdout, "bytes       %d\n", st.Bytes)
	fmt.Fprintf(stdout, "entities    %d (%d synthetic)\n", st.Entities, c.Entities)
	fmt.Fprintf(stdout, "templates   %d sentences\n", st.Templates)
	return 0
}

// config is what gencorpus is asked to do.
type config struct {
	Docs, Entities int
	Seed           uint64
	Out            string // folder to write corpus/ and graph.yaml into
	Rules, Corpus  string // the shipped rule file and real articles
}

// stats is what gencorpus wrote.
type stats struct {
	Docs      int
	Bytes     int64 // corpus bytes, graph.yaml not included
	Entities  int   // shipped plus synthetic
	Templates int
}

// entity is the little of a graph.yaml entity that gencorpus needs.
type entity struct {
	ID      string   `yaml:"id"`
	Type    string   `yaml:"type"`
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
}

func generate(c config) (stats, error) {
	src, err := os.ReadFile(c.Rules)
	if err != nil {
		return stats{}, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return stats{}, fmt.Errorf("%s: %v", c.Rules, err)
	}
	list, err := entitiesNode(&doc)
	if err != nil {
		return stats{}, fmt.Errorf("%s: %v", c.Rules, err)
	}
	var shipped []entity
	if err := list.Decode(&shipped); err != nil {
		return stats{}, fmt.Errorf("%s: %v", c.Rules, err)
	}
	tpls, err := readTemplates(c.Corpus, shipped)
	if err != nil {
		return stats{}, err
	}

	// Two streams, so that changing -docs leaves the entities unchanged.
	names := newNamer(rand.New(rand.NewPCG(c.Seed, 1)), shipped, c.Entities)
	synth, err := names.entities(c.Entities)
	if err != nil {
		return stats{}, err
	}
	if err := writeRules(filepath.Join(c.Out, "graph.yaml"), &doc, list, synth, c.Seed); err != nil {
		return stats{}, err
	}

	dir := filepath.Join(c.Out, "corpus")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return stats{}, err
	}
	w := &docWriter{r: rand.New(rand.NewPCG(c.Seed, 2)), tpls: tpls, byType: map[string][]*entity{}}
	for i := range synth {
		e := &synth[i]
		w.byType[e.Type] = append(w.byType[e.Type], e)
	}
	width := len(strconv.Itoa(c.Docs))
	st := stats{Docs: c.Docs, Entities: len(shipped) + len(synth), Templates: len(tpls)}
	for i := range c.Docs {
		n, err := w.write(filepath.Join(dir, fmt.Sprintf("doc-%0*d.txt", width, i+1)))
		if err != nil {
			return stats{}, err
		}
		st.Bytes += n
	}
	return st, nil
}

// entitiesNode returns the sequence under the top-level "entities" key,
// adding an empty one if the rule file has none.
func entitiesNode(doc *yaml.Node) (*yaml.Node, error) {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not a mapping")
	}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "entities" {
			if top.Content[i+1].Kind != yaml.SequenceNode {
				return nil, errors.New("entities is not a list")
			}
			return top.Content[i+1], nil
		}
	}
	list := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	top.Content = append(top.Content, str("entities"), list)
	return list, nil
}

// writeRules appends the synthetic entities to the shipped rule file's
// node tree, which keeps its comments and the rest of its sections as
// they are, and writes the result.
func writeRules(path string, doc, list *yaml.Node, synth []entity, seed uint64) error {
	for i, e := range synth {
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		n.Content = append(n.Content, str("id"), str(e.ID), str("type"), str(e.Type), str("name"), str(e.Name))
		if len(e.Aliases) > 0 {
			al := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
			for _, a := range e.Aliases {
				al.Content = append(al.Content, str(a))
			}
			n.Content = append(n.Content, str("aliases"), al)
		}
		if i == 0 {
			n.HeadComment = fmt.Sprintf("Synthetic entities written by bench/gencorpus -seed %d", seed)
		}
		list.Content = append(list.Content, n)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// str is a string scalar; the explicit tag makes the encoder quote values
// such as "17" or "yes" that would otherwise read back as numbers or booleans.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// A template is a real sentence with the byte spans of the curated
// entity names in it.
type template struct {
	text  string
	slots []slot // in text order, not overlapping
}

type slot struct {
	start, end int // byte offsets into text
	typ        string
}

// minWords drops headings and fragments, which make poor sentences.
const minWords = 6

// readTemplates splits the real articles into sentences and marks where
// the shipped entities are named in them.
func readTemplates(dir string, shipped []entity) ([]template, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	type alias struct{ text, typ string }
	var aliases []alias
	for _, e := range shipped {
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			aliases = append(aliases, alias{a, e.Type})
			// A lower-case alias also matches at the start of a sentence.
			if r, n := utf8.DecodeRuneInString(a); unicode.IsLower(r) {
				aliases = append(aliases, alias{string(unicode.ToUpper(r)) + a[n:], e.Type})
			}
		}
	}
	// Longest first, so "WeChat Pay" is one slot and not "WeChat" plus text.
	slices.SortStableFunc(aliases, func(a, b alias) int { return cmp.Compare(len(b.text), len(a.text)) })

	var tpls []template
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(src), "\n") {
			for _, s := range splitSentences(line) {
				if len(strings.Fields(s)) < minWords {
					continue
				}
				t := template{text: s}
				taken := make([]bool, len(s))
				for _, a := range aliases {
					for from := 0; ; {
						i := strings.Index(s[from:], a.text)
						if i < 0 {
							break
						}
						start, end := from+i, from+i+len(a.text)
						from = end
						if wordAt(s, start, end) && !slices.Contains(taken[start:end], true) {
							t.slots = append(t.slots, slot{start, end, a.typ})
							for j := start; j < end; j++ {
								taken[j] = true
							}
						}
					}
				}
				slices.SortFunc(t.slots, func(a, b slot) int { return cmp.Compare(a.start, b.start) })
				tpls = append(tpls, t)
			}
		}
	}
	if len(tpls) == 0 {
		return nil, fmt.Errorf("%s: no sentences of %d or more words in *.txt", dir, minWords)
	}
	return tpls, nil
}

// wordAt reports whether s[start:end] is whole words: "US" in "US firms"
// but not in "USA".
func wordAt(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return !isWord(before) && !isWord(after)
}

// abbrevs end in a full stop that does not end a sentence.
var abbrevs = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "St": true, "Jr": true, "Inc": true, "Co": true,
	"U.S": true, "U.K": true, "Jan": true, "Feb": true, "Aug": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true,
}

// splitSentences splits a line on ". ", except after an abbreviation or an
// initial ("Mr. Xi", "Eugene K. Chow"). It is naive on purpose: the
// templates only need to look like sentences, not be them.
func splitSentences(line string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(line); i++ {
		if line[i] != '.' || line[i+1] != ' ' {
			continue
		}
		prev := line[start:i]
		if k := strings.LastIndexByte(prev, ' '); k >= 0 {
			prev = prev[k+1:]
		}
		if abbrevs[prev] || len(prev) == 1 && prev[0] >= 'A' && prev[0] <= 'Z' {
			continue
		}
		out = append(out, strings.TrimSpace(line[start:i+1]))
		start = i + 2
	}
	return append(out, strings.TrimSpace(line[start:]))
}

// docWriter writes one synthetic document at a time.
type docWriter struct {
	r      *rand.Rand
	tpls   []template
	byType map[string][]*entity // synthetic entities; looked up, never ranged over
	next   int                  // the template after the last one used
}

// castSize is how many synthetic entities of a type one document uses:
// a real article names a few actors again and again, which is what gives
// references and possessives something to resolve to.
const castSize = 4

// write writes one document of 20 to 60 sentences in paragraphs and
// returns its size in bytes.
func (w *docWriter) write(path string) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(f)
	var n int64
	put := func(s string) { k, _ := bw.WriteString(s); n += int64(k) } // Flush reports the first error

	cast := map[string][]*entity{}
	pick := func(typ string) *entity {
		all := w.byType[typ]
		if len(all) == 0 {
			return nil
		}
		if cast[typ] == nil {
			for range 1 + w.r.IntN(castSize) {
				cast[typ] = append(cast[typ], all[w.r.IntN(len(all))])
			}
		}
		return cast[typ][w.r.IntN(len(cast[typ]))]
	}

	sep := "\n"
	if w.r.IntN(2) == 0 {
		sep = "\n\n" // some articles leave a blank line between paragraphs
	}
	if e := pick("person"); e != nil && w.r.IntN(2) == 0 {
		put("By " + e.Name + sep)
	}
	sentences := 20 + w.r.IntN(41)
	for i := 0; i < sentences; {
		para := min(1+w.r.IntN(5), sentences-i)
		for j := range para {
			if j > 0 {
				put(" ")
			}
			put(w.sentence(pick))
		}
		put(sep)
		i += para
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	return n, f.Close()
}

// sentence is a template with most entity names replaced by the
// names of synthetic entities of the same type, and some of the real
// corpus's blemishes added: mojibake dashes, abbreviations, curly quotes.
func (w *docWriter) sentence(pick func(typ string) *entity) string {
	// Half the time the next sentence of the same article follows, so that
	// references and two-sentence rules find what they look back for.
	i := w.next
	if i >= len(w.tpls) || w.r.IntN(2) == 0 {
		i = w.r.IntN(len(w.tpls))
	}
	w.next = i + 1
	t := w.tpls[i]
	var b strings.Builder
	last := 0
	for _, s := range t.slots {
		b.WriteString(t.text[last:s.start])
		last = s.end
		e := pick(s.typ)
		if e == nil || w.r.IntN(5) == 0 { // keep one real name in five
			b.WriteString(t.text[s.start:s.end])
			continue
		}
		// The name at least half the time, else one of the aliases.
		if k := w.r.IntN(2 * (len(e.Aliases) + 1)); k < len(e.Aliases) {
			b.WriteString(e.Aliases[k])
		} else {
			b.WriteString(e.Name)
		}
	}
	b.WriteString(t.text[last:])
	s := b.String()

	switch {
	case strings.Contains(s, " – ") || strings.Contains(s, " — "):
		if w.r.IntN(3) == 0 { // "โ" is how one article's em dashes arrived
			s = strings.NewReplacer(" – ", " โ ", " — ", " โ ").Replace(s)
		}
	case strings.Contains(s, ", ") && w.r.IntN(40) == 0:
		s = strings.Replace(s, ", ", " โ ", 1)
	}
	if strings.Contains(s, "United States") && w.r.IntN(3) == 0 {
		s = strings.Replace(s, "United States", "U.S.", 1)
	}
	if r, _ := utf8.DecodeLastRuneInString(s); !strings.ContainsRune(".?!”\"’)", r) {
		s += "."
	}
	if !strings.ContainsAny(s, "“”") && w.r.IntN(20) == 0 {
		s = "“" + s + "”"
	}
	return s
}
