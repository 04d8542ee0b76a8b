package schema_test

// This file imports package extract, which imports schema: an external test
// may, and it is the only way to hold schema's copy of the tokenizer to the
// one the matcher uses.

import (
	"os"
	"slices"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
)

// tokenTests are texts whose tokens are easy to get wrong.
var tokenTests = []string{
	"Didi Chuxing", "Didi’s app", "Alibaba's", "students' union", "1990's",
	"didn't", "can't", "isn't", "n't", "won't", "O'Brien", "dang'an", "rock 'n' roll",
	"U.S.", "U. S.", "Mr. Xi", "Guizhou-Cloud Big Data Industry Co.", "e-commerce",
	"1.3 billion", "8,000", "1,2", "1,2345", "3.", ".5", "Alibaba.com", "cht.hm/2iztRyb",
	"“quoted” — dashed – text", "‘single’", "People’s Bank of China", "S’s",
	"腾讯控股", "Tencent腾讯", "カタカナ", "Séverine Arsène", "Se\u0301verine", "👍🏽 ok",
	"tab\there", "a\u00a0b", "x\u200by", "a\r\nb", "", "   ", "'s", "’s", "'", "s'",
}

func TestTokensAgree(t *testing.T) {
	texts := slices.Clone(tokenTests)
	for _, path := range []string{"../graph.yaml", "../extract/testdata/rules.yaml"} {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := schema.Parse(path, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range f.Entities {
			texts = append(texts, e.Name)
			texts = append(texts, e.Aliases...)
		}
		for _, r := range f.References {
			texts = append(texts, r.Words...)
		}
	}
	for _, s := range texts {
		checkTokens(t, s)
	}
}

func FuzzTokensAgree(f *testing.F) {
	for _, s := range tokenTests {
		f.Add(s)
	}
	f.Fuzz(checkTokens)
}

// checkTokens checks that schema splits the text extract.Read makes of s
// as extract does. Read normalises more than schema.Plain (it drops
// zero-width spaces, for one), so the two are compared on Read's text.
func checkTokens(t *testing.T, s string) {
	d, err := extract.Read("t.txt", []byte(s))
	if err != nil {
		return // not a text file
	}
	var want []string
	for i := range d.Tokens {
		want = append(want, d.TokenText(i))
	}
	if got := schema.Tokens(d.Text); !slices.Equal(got, want) {
		t.Errorf("tokens of %q (read as %q):\nschema  %q\nextract %q", s, d.Text, got, want)
	}
}
