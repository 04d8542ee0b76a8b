package extract

import (
	"reflect"
	"testing"
)

// TestRelease reads documents into token memory handed back by Release:
// each comes out as from fresh memory, and strings taken from a released
// document's tokens keep their values.
func TestRelease(t *testing.T) {
	texts := []string{
		"Tesla opened a factory in Shanghai. It employs 4,000 people.",
		"Alibaba's Jack Ma met regulators in Beijing.",
		"A much longer text, so that the released slice is too short for it: " +
			"the Cyberspace Administration of China opened a review of Didi Chuxing, and Didi said it would comply.",
		"Short.",
	}
	var fresh []*Document // never released
	for _, text := range texts {
		d, err := Read("doc.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		fresh = append(fresh, d)
	}
	var kept []string
	var want []string
	for round := range 2 {
		for i, text := range texts {
			compareRead(t, text, fresh[i], &kept, &want)
		}
		if round == 0 {
			texts[0], texts[3], fresh[0], fresh[3] = texts[3], texts[0], fresh[3], fresh[0]
		}
	}
	if !reflect.DeepEqual(kept, want) {
		t.Errorf("strings taken from released tokens changed:\n%q\nwant\n%q", kept, want)
	}
}

// compareRead reads text, perhaps into released memory, compares it with
// fresh, keeps its folded strings and releases it.
func compareRead(t *testing.T, text string, fresh *Document, kept, want *[]string) {
	t.Helper()
	d, err := Read("doc.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.Tokens, fresh.Tokens) || !reflect.DeepEqual(d.Sentences, fresh.Sentences) {
		t.Fatalf("%q: tokens %v, want %v", text, d.Tokens, fresh.Tokens)
	}
	for _, tok := range d.Tokens {
		*kept = append(*kept, tok.Fold)
		*want = append(*want, string([]byte(tok.Fold)))
	}
	d.Release()
	if d.Tokens != nil {
		t.Errorf("%q: Tokens after Release: %v", text, d.Tokens)
	}
}
