package extract

import (
	"strings"
	"testing"
)

// TestLongSentence is issue 14's case 5: text without sentence ends is
// cut into sentences of at most MaxSentenceTokens, at a comma where there
// is one, with one warning for the run; every token stays in a sentence.
func TestLongSentence(t *testing.T) {
	var b strings.Builder
	b.WriteString("A short first sentence. Then ")
	for i := range 1000 {
		b.WriteString("word")
		if i%300 == 299 {
			b.WriteString(",")
		}
		b.WriteString(" ")
	}
	b.WriteString("end\nNext paragraph.")
	d, err := Read("long.txt", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	prev := 0
	for i, s := range d.Sentences {
		if s.First != prev {
			t.Fatalf("sentence %d starts at token %d, want %d", i, s.First, prev)
		}
		if n := s.EndTok - s.First; n > MaxSentenceTokens {
			t.Errorf("sentence %d has %d tokens", i, n)
		}
		prev = s.EndTok
	}
	if prev != len(d.Tokens) {
		t.Errorf("the sentences end at token %d of %d", prev, len(d.Tokens))
	}
	var got []string
	for i := range d.Sentences {
		s := d.SentenceText(i)
		got = append(got, s[max(0, len(s)-12):])
	}
	// The cuts fall at the commas, after words 300, 600 and 900.
	want := []string{"st sentence.", "d word word,", "d word word,", "d word word,", "ord word end", "t paragraph."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentence ends %q, want %q", got, want)
	}
	if len(d.Warnings) != 1 || d.Warnings[0].String() != "long.txt: byte 24: a sentence of 1005 tokens, cut into 4 of at most 400" {
		t.Errorf("warnings %v", d.Warnings)
	}
}
