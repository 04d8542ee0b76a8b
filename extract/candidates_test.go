package extract

import (
	"fmt"
	"slices"
	"testing"
)

// collect reads each text as a document of its own and returns the
// candidates they give.
func collect(t *testing.T, texts ...string) *Candidates {
	t.Helper()
	m := testMatcher(t)
	c := m.NewCandidates()
	for i, text := range texts {
		d, err := Read(fmt.Sprintf("doc%d.txt", i+1), []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		c.Add(m.Extract(d))
	}
	return c
}

func TestCandidateNames(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		want  []string // "text count [acronym] [part of id]", in rank order
	}{
		{"a name after the first word", []string{"Analysts at Trivium China said so."}, []string{"Trivium China 1"}},
		{"of joins, and joins once there is an of",
			[]string{"The Ministry of Natural Resources and the Ministry of Industry and Information Technology met."},
			[]string{"Ministry of Industry and Information Technology 1", "Ministry of Natural Resources 1"}},
		{"and does not join two names", []string{"Analysts said Baidu and Sogou met."}, []string{"Baidu 1", "Sogou 1"}},
		{"an acronym; a mention is no candidate", []string{"The MIIT and the CAC met."}, []string{"MIIT 1 acronym"}},
		{"a sentence adverb is dropped", []string{"Similarly, Human Rights Watch said so."}, []string{"Human Rights Watch 1"}},
		{"a sentence-initial word seen capitalised elsewhere is kept",
			[]string{"Baidu grew. Analysts like Baidu."}, []string{"Baidu 2"}},
		{"initials, a title and a dotted acronym; a month is not a name",
			[]string{"In May, Eugene K. Chow met Mr. Zhang in the U.S. capital."},
			[]string{"Eugene K. Chow 1", "Mr. Zhang 1", "U.S. 1 acronym"}},
		{"a hyphen joins", []string{"Analysts in Xinjiang-Uygur said so."}, []string{"Xinjiang-Uygur 1"}},
		{"a possessive joins", []string{"Analysts at People's Daily said so."}, []string{"People's Daily 1"}},
		{"a word of an entity name alone is dropped; two are kept with the entity they come from",
			[]string{"Analysts at the Bank said the Cyberspace Administration agreed."},
			[]string{"Cyberspace Administration 1 part of cac"}},
		{"ranked by count, then by text",
			[]string{"Analysts at Zeta Corp met Beta Corp.", "Analysts at Zeta Corp said so."},
			[]string{"Zeta Corp 2", "Beta Corp 1"}},
		{"a title-case headline starts with a function word",
			[]string{"The Big Tech Crackdown\nAnalysts said so."}, []string{"Big Tech Crackdown 1"}},
		{"contractions and single letters are not names",
			[]string{"Analysts said I'm sure, and I agree, as A said."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, n := range collect(t, tt.texts...).Names() {
				s := fmt.Sprintf("%s %d", n.Text, n.Count)
				if n.Acronym {
					s += " acronym"
				}
				if n.PartOf != "" {
					s += " part of " + n.PartOf
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("names:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestCandidateNameExample(t *testing.T) {
	names := collect(t, "Intro.\nSimilarly, analysts at Trivium China said so.").Names()
	if len(names) != 1 {
		t.Fatalf("names: %+v", names)
	}
	ex := names[0].Example
	if ex.Doc != "doc1" || ex.Sentence != 1 || ex.Text[ex.Start:ex.End] != "Trivium China" || ex.Span != (Span{30, 43}) {
		t.Errorf("example: %+v", ex)
	}
}

func TestCandidatePairs(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "type «between» type count: example", in rank order
	}{
		{"the words between", "Didi was fined by SAMR.", []string{"company «was fined by» agency 1: Didi=didi SAMR=samr"}},
		{"a list is no relation", "Tencent and Meituan, or Alibaba, and Didi grew.", nil},
		{"a sentence with evidence is left out", "The CAC opened a national security review into Didi.", nil},
		{"a long gap", "Tesla, which makes cars and batteries and much more besides, met SAMR.",
			[]string{"company «…» agency 1: Tesla=tesla SAMR=samr"}},
		{"a reference counts, after names; a clause break ranks lower; the same entity twice does not",
			"Tesla grew. It met SAMR in Shanghai, where Tesla met Tesla.",
			[]string{"agency «in» place 1: SAMR=samr Shanghai=shanghai",
				"company «met» agency 1: It->tesla SAMR=samr",
				"place «, where» company 1: Shanghai=shanghai Tesla=tesla"}},
		{"a headline ranks lower",
			"SAMR fines Tesla\nTesla grew. Reporters met SAMR near Tesla.",
			[]string{"agency «near» company 1: SAMR=samr Tesla=tesla",
				"agency «fines» company 1: SAMR=samr Tesla=tesla"}},
		{"two names make the example", "Tesla grew. It met SAMR. Didi met SAMR.", []string{"company «met» agency 2: Didi=didi SAMR=samr"}},
		{"mentions that touch are one phrase", "Tesla Shanghai grew.", nil},
		{"grouped and ranked by size, long gaps last",
			"Tesla, which makes cars and batteries and much more besides, met SAMR. Didi was fined by SAMR. Alibaba was fined by the CAC.",
			[]string{"company «was fined by» agency 2: Didi=didi SAMR=samr", "company «…» agency 1: Tesla=tesla SAMR=samr"}},
		{"a slot takes the article with the name", "Didi was fined by the CAC.", []string{"company «was fined by» agency 1: Didi=didi CAC=cac"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, g := range collect(t, tt.text).Pairs() {
				var ex []string
				for i, s := range g.Example {
					is := "="
					if g.References[i] {
						is = "->"
					}
					ex = append(ex, s.Text[s.Start:s.End]+is+g.Entities[i])
				}
				got = append(got, fmt.Sprintf("%s «%s» %s %d: %s %s", g.Types[0], g.Between, g.Types[1], g.Count, ex[0], ex[1]))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("pairs:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
