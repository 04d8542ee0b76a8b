package extract

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

func testMatcher(t testing.TB) *Matcher {
	t.Helper()
	src, err := os.ReadFile("testdata/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := schema.Parse("testdata/rules.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return Compile(f)
}

// describe prints an evidence compactly: the fact, its date, the rule and
// the references resolved for it.
func describe(d *Document, e Evidence) string {
	s := fmt.Sprintf("%s %s %s", e.Fact.Subject, e.Fact.Relation(), e.Fact.Object)
	if e.Date != "" {
		s += " date=" + e.Date
	}
	s += " rule=" + e.Rule
	for _, r := range e.Resolved {
		s += fmt.Sprintf(" %s=%q->%s(%q)", r.Slot, r.Text, r.Entity, d.Raw[r.Antecedent.Start:r.Antecedent.End])
	}
	return s
}

// ruleTest is a text and what the test rules find in it, one line each.
type ruleTest struct {
	name, text string
	want       []string
}

// checkExtract extracts each test's text and compares the lines show
// makes of the result with the test's.
func checkExtract(t *testing.T, m *Matcher, tests []ruleTest, show func(*Document, *Result) []string) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read("test.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			got := show(d, m.Extract(d))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// evidenceLines shows the evidence of a result as describe prints it.
func evidenceLines(d *Document, r *Result) []string {
	var lines []string
	for _, e := range r.Evidence {
		lines = append(lines, describe(d, e))
	}
	return lines
}

// mentionLines shows the mentions of a result as entity=text.
func mentionLines(d *Document, r *Result) []string {
	var lines []string
	for _, mn := range r.Mentions {
		lines = append(lines, mn.Entity+"="+string(d.Raw[mn.Span.Start:mn.Span.End]))
	}
	return lines
}

func TestRules(t *testing.T) {
	m := testMatcher(t)
	tests := []ruleTest{
		{"cross-sentence scope and a pronoun",
			"Tesla, for example, was quick to see that setting up a data centre was a route to greater harmony with Chinese authorities. It did so in Shanghai in May, a couple of months later.",
			[]string{`tesla built_data_centre_in shanghai date=May rule=did-so subject="It"->tesla("Tesla")`}},
		{"definite description resolved to the nearest fitting entity",
			"The current focus of attention is Didi Chuxing, a Chinese ride-hailing company, which pushed ahead with plans for a listing in New York before the Cyberspace Administration of China had completed all of its data security clearances.\nIn response, the CAC opened a national security review into the company and kicked Didi’s app off China’s online stores.",
			[]string{`cac reviewed didi rule=review object="the company"->didi("Didi Chuxing")`}},
		{"bounded gaps and a date",
			"In response to Beijing’s stiffening data controls, Apple set up a data storage centre in the southern province of Guizhou in 2017.",
			[]string{"apple built_data_centre_in guizhou date=2017 rule=set-up"}},
		{"passive voice, object first",
			"Alibaba was initially encouraged by the People’s Bank of China to develop a trial scheme.",
			[]string{"pboc encouraged alibaba rule=encouraged-by"}},
		{"coordination gives two facts, investigators resolved",
			"Based on tip-offs received by the State Administration for Market Regulation in recent days, the administration will be investigating Alibaba. Apart from the e-commerce giant, investigators are also probing social media giant Tencent and e-commerce company Meituan.",
			[]string{
				`samr investigated meituan rule=probing subject="investigators"->samr("State Administration for Market Regulation")`,
				`samr investigated tencent rule=probing subject="investigators"->samr("State Administration for Market Regulation")`,
			}},
		{"possessive before a name",
			"For instance, Tencent’s Pony Ma is a member of the National People’s Congress.",
			[]string{"pony-ma member_of npc rule=member"}},
		{"negation is never a plain fact",
			"For this reason, the PBOC did not issue a license for Sesame Credit or any similar service.",
			[]string{"pboc not_licensed sesame-credit rule=licence"}},
		{"hedge",
			"Sources in Washington last week said the regulator SAMR was considering adding Alibaba and Tencent to the list of banned firms.",
			[]string{"samr maybe_banned alibaba rule=considering", "samr maybe_banned tencent rule=considering"}},
		{"a reference takes the nearest antecedent that fits the slot",
			"The CAC looked at Didi. Alibaba was initially encouraged by it to list.",
			[]string{`cac encouraged alibaba rule=encouraged-by subject="it"->cac("CAC")`}},
		{"a conjunct's description holds no preposition",
			"the decline of Sina's service Weibo, and the rise of Tencent's instant messaging Wechat",
			nil},
		{"a description right before a name is not a reference",
			"Tesla was there. In response, the CAC opened a national security review into the company Didi.",
			[]string{"cac reviewed didi rule=review"}},
		{"no antecedent, no fact",
			"It did so in Shanghai in May.",
			nil},
		{"a gap never leaves the sentence",
			"Apple set up a data storage centre in the south. Guizhou is far.",
			nil},
	}
	checkExtract(t, m, tests, evidenceLines)
}

func TestMentions(t *testing.T) {
	m := testMatcher(t)
	tests := []ruleTest{ // want: entity=text
		{"possessives, curly and straight", "Didi’s app and Alibaba's shares", []string{"didi=Didi", "alibaba=Alibaba"}},
		{"longest match wins", "payments through WeChat Pay, not WeChat", []string{"wechat-pay=WeChat Pay", "wechat=WeChat"}},
		{"a name inside a longer name is not a mention", "managed by Guizhou-Cloud Big Data Industry Co. in Guizhou", []string{"guizhou-cloud=Guizhou-Cloud Big Data Industry Co.", "guizhou=Guizhou"}},
		{"word boundaries", "Tesla’s Teslas and Shanghaiese", []string{"tesla=Tesla"}},
		{"exact case by default", "the cac and the CAC", []string{"cac=CAC"}},
		{"exact case: DiDi is not Didi", "DiDi and Didi", []string{"didi-app=DiDi", "didi=Didi"}},
		{"case fold on request", "Facial Recognition and facial recognition", []string{"facial-recognition=Facial Recognition", "facial-recognition=facial recognition"}},
		{"a curated alias with a curly apostrophe matches a straight one", "the People's Bank of China", []string{"pboc=People's Bank of China"}},
		{"regular expression patterns", "the now ubiquitous real-name system", []string{"real-name=real-name system"}},
		{"a reference word in capitals is a name, not a reference", "Didi spoke. IT spending fell.", []string{"didi=Didi"}},
		{"a description never joins a name in the next paragraph", "Tesla spoke of the company\nDidi.", []string{"tesla=Tesla", "tesla=the company", "didi=Didi"}},
		{"a pronoun before a name stays a reference", "Didi spoke. Its Alibaba shares fell.", []string{"didi=Didi", "didi=Its", "alibaba=Alibaba"}},
		{"a reference restricted to some entities", "Jack Ma spoke. Mr. Ma left.", []string{"jack-ma=Jack Ma", "jack-ma=Mr. Ma"}},
	}
	checkExtract(t, m, tests, mentionLines)
}

var benchDir = flag.String("extract.dir", "", "BenchmarkExtract: a folder with graph.yaml and corpus/*.txt, such as gencorpus writes (default: the shipped rules and corpus)")

// BenchmarkExtract reads and matches the corpus with the shipped rules:
// the whole per-document cost of a build before the store.
func BenchmarkExtract(b *testing.B) {
	rules, paths := "../graph.yaml", []string(nil)
	if *benchDir != "" {
		rules = filepath.Join(*benchDir, "graph.yaml")
		paths, _ = filepath.Glob(filepath.Join(*benchDir, "corpus", "*.txt"))
		if len(paths) == 0 {
			b.Fatalf("no %s", filepath.Join(*benchDir, "corpus", "*.txt"))
		}
	} else {
		paths = corpusFiles(b)
	}
	src, err := os.ReadFile(rules)
	if err != nil {
		b.Fatal(err)
	}
	f, err := schema.Parse("graph.yaml", src)
	if err != nil {
		b.Fatal(err)
	}
	m := Compile(f)
	var raws [][]byte
	size := 0
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
		size += len(raw)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, raw := range raws {
			d, err := Read(paths[i], raw)
			if err != nil {
				b.Fatal(err)
			}
			m.Extract(d)
		}
	}
}

func TestMatcherEdges(t *testing.T) {
	m := testMatcher(t)
	tests := []ruleTest{
		{"a comma and a clause is no coordination",
			"The CAC opened a review into Didi, which owns Alibaba.",
			[]string{"cac reviewed didi rule=review"}},
		{"a list after commas is",
			"The CAC opened a review into Didi, Alibaba, and Tencent.",
			[]string{"cac reviewed alibaba rule=review", "cac reviewed didi rule=review", "cac reviewed tencent rule=review"}},
		{"the month May is no hedge",
			"The PBOC in May issued a license for Didi.",
			[]string{"pboc licensed didi rule=licence"}},
		{"a cue in capitals is a cue",
			"The PBOC did NOT issue a license for Didi.",
			[]string{"pboc not_licensed didi rule=licence"}},
		{"the modal may is",
			"The PBOC may issue a license for Didi.",
			[]string{"pboc maybe_licensed didi rule=licence"}},
	}
	checkExtract(t, m, tests, evidenceLines)
}
