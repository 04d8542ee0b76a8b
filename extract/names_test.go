package extract

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/schema"
)

// shippedMatcher compiles the shipped graph.yaml, which uses every section
// of the language.
func shippedMatcher(t testing.TB) *Matcher {
	t.Helper()
	src, err := os.ReadFile("../graph.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := schema.Parse("graph.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	return Compile(f)
}

// TestSecondEdition runs the name rules, roles and blocks of the shipped
// rules (testdata/second-edition.yaml) over sentences of the kinds the
// second edition of the language is for (written for the test, not taken
// from an article), and lists the found entities, mentions and facts.
func TestSecondEdition(t *testing.T) {
	src, err := os.ReadFile("testdata/second-edition.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := schema.Parse("testdata/second-edition.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	m := Compile(f)
	for _, tt := range []struct {
		name, text string
		found      []string // id=type/rule
		mentions   []string // entity=text, only for found entities and those listed
		facts      []string
	}{
		{
			name:     "heads and shorter forms",
			text:     "Tianhe Vision Technology Co. Ltd. was added to the list. Tianhe Vision said it would appeal.",
			found:    []string{"tianhe-vision-technology-co-ltd=company/company-heads"},
			mentions: []string{"tianhe-vision-technology-co-ltd=Tianhe Vision Technology Co. Ltd.", "tianhe-vision-technology-co-ltd=Tianhe Vision"},
		},
		{
			name:     "a listed name with heads is the listed entity",
			text:     "Alibaba Group Holding Ltd. and Tencent Holdings fell.",
			mentions: []string{"alibaba=Alibaba Group Holding Ltd.", "tencent=Tencent Holdings"},
		},
		{
			name:     "a law by its start",
			text:     "The Provisions on the Management of Online Lending Algorithms take effect in March.",
			found:    []string{"provisions-on-the-management-of-online-lending-algorithms=law/law-heads"},
			mentions: []string{"provisions-on-the-management-of-online-lending-algorithms=Provisions on the Management of Online Lending Algorithms"},
		},
		{
			name:     "apposition and a list",
			text:     "Qiyun, a bike-sharing platform, joined firms including Hanbo Auto, Lixin Pay and Fenghuo.",
			found:    []string{"fenghuo=company/company-nouns", "hanbo-auto=company/company-nouns", "lixin-pay=company/company-nouns", "qiyun=technology/technology-nouns"},
			mentions: []string{"qiyun=Qiyun", "hanbo-auto=Hanbo Auto", "lixin-pay=Lixin Pay", "fenghuo=Fenghuo"},
		},
		{
			name:     "an acronym defined in the text",
			text:     "The National Radio and Television Administration (NRTA) warned Tencent. The NRTA later fined Baidu.",
			found:    []string{"national-radio-and-television-administration=agency/agency-heads"},
			mentions: []string{"national-radio-and-television-administration=National Radio and Television Administration (NRTA)", "tencent=Tencent", "national-radio-and-television-administration=NRTA", "baidu=Baidu"},
			facts:    []string{"national-radio-and-television-administration fined baidu"},
		},
		{
			name:     "a short form in brackets, found by the name rules too",
			text:     "The Provisions on the Governance of Synthetic Voice Services (the Synthetic Voice Provisions) apply. The Synthetic Voice Provisions are strict.",
			found:    []string{"provisions-on-the-governance-of-synthetic-voice-services=law/law-heads"},
			mentions: []string{"provisions-on-the-governance-of-synthetic-voice-services=Provisions on the Governance of Synthetic Voice Services (the Synthetic Voice Provisions)", "provisions-on-the-governance-of-synthetic-voice-services=Synthetic Voice Provisions"},
		},
		{
			name:     "hereinafter and quotes",
			text:     "Hanbo Robotics Technology Co. Ltd. (hereinafter referred to as \"Hanbo Robotics\") appealed. Hanbo Robotics lost.",
			found:    []string{"hanbo-robotics-technology-co-ltd=company/company-heads"},
			mentions: []string{"hanbo-robotics-technology-co-ltd=Hanbo Robotics Technology Co. Ltd. (hereinafter referred to as \"Hanbo Robotics\")", "hanbo-robotics-technology-co-ltd=Hanbo Robotics"},
		},
		{
			name:     "words not of the name are no short form",
			text:     "Tianhe Vision Technology Co. Ltd. (Lixin Pay Group) appealed.",
			found:    []string{"lixin-pay-group=company/company-heads", "tianhe-vision-technology-co-ltd=company/company-heads"},
			mentions: []string{"tianhe-vision-technology-co-ltd=Tianhe Vision Technology Co. Ltd.", "lixin-pay-group=Lixin Pay Group"},
		},
		{
			name:     "a title before a name: the person and the fact",
			text:     "Hanbo Group founder Zhao Minghui resigned.",
			found:    []string{"hanbo-group=company/company-heads", "zhao-minghui=person/roles"},
			mentions: []string{"hanbo-group=Hanbo Group", "zhao-minghui=Zhao Minghui"},
			facts:    []string{"zhao-minghui leads hanbo-group"},
		},
		{
			name:     "an apposition with a title",
			text:     "Robin Li, chief executive of Baidu, spoke.",
			mentions: []string{"robin-li=Robin Li", "baidu=Baidu"},
			facts:    []string{"robin-li leads baidu"},
		},
		{
			name:     "a title keeps the name in its slot",
			text:     "Apple was praised by outgoing President Donald Trump.",
			mentions: []string{"apple=Apple", "donald-trump=President Donald Trump"},
			facts:    []string{"donald-trump praised apple"},
		},
		{
			name:     "blocks",
			text:     "Apple Daily said Tencent paid US$3 billion. A Weibo post said so.",
			mentions: []string{"tencent=Tencent"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read("t.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			r := m.Extract(d)
			var found, mentions, facts []string
			for _, f := range r.Found {
				found = append(found, f.ID+"="+f.Type+"/"+f.Rule)
			}
			for _, mn := range r.Mentions {
				if mn.Reference {
					continue
				}
				mentions = append(mentions, mn.Entity+"="+string(d.Raw[mn.Span.Start:mn.Span.End]))
			}
			for _, e := range r.Evidence {
				facts = append(facts, e.Fact.Subject+" "+e.Fact.Relation()+" "+e.Fact.Object)
			}
			for _, c := range []struct {
				what      string
				got, want []string
			}{{"found", found, tt.found}, {"mentions", mentions, tt.mentions}, {"facts", facts, tt.facts}} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("%s:\n\t%s\nwant\n\t%s", c.what, strings.Join(c.got, "\n\t"), strings.Join(c.want, "\n\t"))
				}
			}
		})
	}
}

// FuzzExtractNames runs the shipped rules, names, roles and blocks
// included, over any text: no panic; every mention is of a listed or a
// found entity, inside the file; found entities are sorted and mentioned.
func FuzzExtractNames(f *testing.F) {
	m := shippedMatcher(f)
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, s := range []string{
		"Tianhe Vision Technology Co. Ltd. (TVT) and the Ministry of Industry and Information Technology (MIIT). TVT, Tianhe Vision.",
		"Firms including A, B and C. Qiyun, a bike-sharing platform, and the chipmaker Lixin. HK$ US$ Apple Daily.",
		"Premier Li Keqiang and Hanbo Group founder Zhao Minghui; Yi Gang, governor of the central bank. Tencent's Pony Ma ( ) (",
		"Bank of China of of Group Group Ltd. Co. . and and (AB) (A) Provisions on the",
		"The Provisions on the Rules of Voice (the Voice Rules) (the (hereinafter \"Voice Rules\") Voice Rules ( the",
		"Chinese President Xi Jinping, US President, British analyst Tom Hale. U.S. former President , Joe Biden Chinese",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Read("fuzz.txt", []byte(text))
		if err != nil {
			return
		}
		r := m.Extract(d)
		found := map[string]bool{}
		for i, fe := range r.Found {
			if i > 0 && r.Found[i-1].ID >= fe.ID || fe.Count == 0 || fe.Name == "" {
				t.Fatalf("bad found entities %+v", r.Found)
			}
			found[fe.ID] = true
		}
		inRaw := func(s Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(d.Raw) }
		last := -1
		for _, mn := range r.Mentions {
			if _, ok := m.file.Entity(mn.Entity); !ok && !found[mn.Entity] || !inRaw(mn.Span) || mn.First >= mn.End || mn.First < last {
				t.Fatalf("bad mention %+v", mn)
			}
			last = mn.End
		}
		for _, e := range r.Evidence {
			if e.Fact.Subject == e.Fact.Object || !inRaw(e.Span) {
				t.Fatalf("bad evidence %+v", e)
			}
		}
	})
}
