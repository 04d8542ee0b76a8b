package extract

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/graphbuild/graphbuild/schema"
)

var fuzzSeeds = []string{
	"",
	"\uFEFF",
	"\uFEFF\uFEFF\r\n\r",
	"Mr. Xi. U.S. Postal. Oct. 24. Co.",
	"CEOs.More e.g.The 2016.The U.S.-Sino cht.hm/2iztRyb.",
	"dataโ.โ.โ.โYou โ.โ.โ ยฉ โ โก โ€” ยฉโ.โ.โ.โ “ยฉ” ๆ•ฐ",
	"โ",
	"ย",
	"ภาษาไทย โรงเรียน",
	"\xff\xfe\xe2\x80 a\x80",
	"a\u200B\u00AD\u2060b\u00A0c\u2009d\re",
	"didn't n't 's ' O'Brien's companies' 1,000.5 1,2 .5",
	"(…) [… ] …You ?! ?\" .\") .'",
	"禁书 网 ❤\uFE0F 👍🏽 e\u0301 \u0301",
	"\n\n \n.\n?\n\"\n",
}

// FuzzRead checks that Read never panics and that what it returns holds
// together: offsets map back into the file in order, and every token is
// in exactly one sentence.
func FuzzRead(f *testing.F) {
	for _, path := range corpusFiles(f) {
		raw, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := Read("fuzz.txt", raw)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.txt: not a text file (") {
				t.Fatalf("unexpected error %q", err)
			}
			if bytes.IndexByte(raw, 0) < 0 && utf8.Valid(raw) {
				t.Fatalf("UTF-8 without NUL rejected: %v", err)
			}
			return
		}
		checkDocument(t, d)
		if strings.ContainsAny(d.Text, "\r\t\u00A0\u200B\u200C\u200D\u00AD\u2060\uFEFF") {
			t.Fatalf("Text %q is not normalised", d.Text)
		}
		for i, tok := range d.Tokens {
			span := d.RawSpan(tok.Start, tok.End)
			if span.Start < 0 || span.Start >= span.End || span.End > len(raw) {
				t.Fatalf("token %d %q: raw span %v of %d bytes", i, d.TokenText(i), span, len(raw))
			}
			if strings.ContainsAny(d.TokenText(i), " \n") {
				t.Fatalf("token %d %q holds a space", i, d.TokenText(i))
			}
		}
		if len(d.Tokens) > 0 && d.Title == "" {
			first, _, _ := strings.Cut(d.Text[d.Tokens[0].Start:], "\n")
			if !byline(strings.TrimSpace(first)) {
				t.Fatalf("no Title, and %q is no byline", first)
			}
		}
	})
}

// FuzzTokenize checks that tokenize splits a string and its schema.Plain
// form in the same places, as aliases rely on.
func FuzzTokenize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("Didi’s ‘big’ don’t — “x” O′Brien")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		toks := tokenize(s, 0, nil)
		p := schema.Plain(s)
		ptoks := tokenize(p, 0, nil)
		if len(toks) != len(ptoks) {
			t.Fatalf("%d tokens in %q, %d in %q", len(toks), s, len(ptoks), p)
		}
		end := 0
		for i, tok := range toks {
			if tok.Start < end || tok.End <= tok.Start || tok.End > len(s) {
				t.Fatalf("token %d %v of %q", i, tok, s)
			}
			end = tok.End
			if w, g := schema.Plain(s[tok.Start:tok.End]), p[ptoks[i].Start:ptoks[i].End]; w != g {
				t.Fatalf("token %d: %q in %q, %q in %q", i, s[tok.Start:tok.End], s, g, p)
			}
		}
	})
}

// FuzzExtract runs the test rules over any text: no panic, and every
// mention and evidence points into the file, at entities the rules know,
// with two different entities per fact.
func FuzzExtract(f *testing.F) {
	test := testMatcher(f)
	src, err := os.ReadFile("../graph.yaml")
	if err != nil {
		f.Fatal(err)
	}
	shipped, err := schema.Parse("../graph.yaml", src)
	if err != nil {
		f.Fatal(err)
	}
	matchers := []*Matcher{test, Compile(shipped)}
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, s := range []string{
		"It did so in Shanghai in May. Tesla, Apple, and Didi set up a data centre in Guizhou in Oct. 24, 2017.",
		"investigators are also probing Tencent and e-commerce company Meituan, the company and it.",
		"the company Didi\nthe company Didi. Mr. Ma was encouraged by the PBOC and may not issue a license for Sesame Credit",
		"Source: https://example.com/x\nDate: 2021-05-10\n\nT\n\nThe Data Security Law, which takes effect on Sept. 1, and the PIPL took effect last month, on Friday, 10 April 2021, 2021-09-01.",
		"Date: unknown\nThe Cybersecurity Law came into effect earlier this year, in the first half of 2021, on Feb. 30, mid-2021.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Read("fuzz.txt", []byte(text))
		if err != nil {
			return
		}
		for _, m := range matchers {
			checkFacts(t, m, d)
		}
		// The traces a curator reads must hold on any text too.
		r := test.Extract(d)
		for _, n := range test.Nearest(r, "cac", "reviewed", "didi") {
			if n.Sentence < 0 || n.Sentence >= len(d.Sentences) || n.Subject.How == Absent || n.Object.How == Absent {
				t.Fatalf("bad candidate sentence %+v", n)
			}
		}
		for _, u := range test.Unresolved(r) {
			if u.Mention.Entity != "" || u.Mention.Span.Start < 0 || u.Mention.Span.End > len(d.Raw) || u.Why == "" {
				t.Fatalf("bad unresolved reference %+v", u)
			}
		}
	})
}

// checkFacts checks that every mention and evidence m finds in d points
// into the file, at entities the rules know (or, for a predicate that
// states a date, a date value of its kind), with two different entities
// per fact.
func checkFacts(t *testing.T, m *Matcher, d *Document) {
	r := m.Extract(d)
	inRaw := func(s Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(d.Raw) }
	for _, mn := range r.Mentions {
		if _, ok := m.file.Entity(mn.Entity); !ok || !inRaw(mn.Span) || mn.First >= mn.End {
			t.Fatalf("bad mention %+v", mn)
		}
	}
	for _, e := range r.Evidence {
		_, okS := m.file.Entity(e.Fact.Subject)
		_, okO := m.file.Entity(e.Fact.Object)
		if e.Fact.ObjectDate != "" {
			c, ok := parseDocDate(e.Fact.Object)
			_, kind := c.value()
			okO = ok && kind == e.Fact.ObjectDate && e.Date != ""
		}
		if !okS || !okO || e.Fact.Subject == e.Fact.Object || !inRaw(e.Span) || !inRaw(e.SentenceSpan) ||
			e.Span.Start < e.SentenceSpan.Start || e.Span.End > e.SentenceSpan.End {
			t.Fatalf("bad evidence %+v", e)
		}
		if e.DateValue != "" {
			if c, ok := parseDocDate(e.DateValue); !ok {
				t.Fatalf("bad date value %q in %+v", e.DateValue, e)
			} else if _, kind := c.value(); kind != e.DateKind {
				t.Fatalf("date value %q of kind %q, want %q", e.DateValue, e.DateKind, kind)
			}
		}
	}
}
