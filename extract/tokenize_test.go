package extract

import (
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{" \n\t\u00A0\u3000 ", nil},
		{"Mr. Xi", []string{"Mr", ".", "Xi"}},

		// Possessives, straight and curly.
		{"Didi's app", []string{"Didi", "'s", "app"}},
		{"Didi’s app", []string{"Didi", "’s", "app"}},
		{"Google‘s efforts", []string{"Google", "‘s", "efforts"}},
		{"ALIBABA'S", []string{"ALIBABA", "'S"}},
		{"O'Brien's", []string{"O'Brien", "'s"}},
		{"1990's", []string{"1990", "'s"}},
		{"'s", []string{"'s"}},
		{"’s", []string{"’s"}},
		{"companies' data", []string{"companies", "'", "data"}},
		{"companies’ data.", []string{"companies", "’", "data", "."}},
		{"users' data", []string{"users", "'", "data"}},

		// Apostrophes inside words and as quotes.
		{"dang'an", []string{"dang'an"}},
		{"dang’an", []string{"dang’an"}},
		{"I'm we're they'd", []string{"I'm", "we're", "they'd"}},
		{"'socialist'", []string{"'", "socialist", "'"}},
		{"‘Big data’ is", []string{"‘", "Big", "data", "’", "is"}},
		{"rock 'n' roll", []string{"rock", "'", "n", "'", "roll"}},
		{"it's", []string{"it", "'s"}},

		// n't, as in the Penn Treebank.
		{"didn't", []string{"did", "n't"}},
		{"don’t", []string{"do", "n’t"}},
		{"can't", []string{"ca", "n't"}},
		{"won't", []string{"wo", "n't"}},
		{"DIDN'T", []string{"DID", "N'T"}},
		{"n't", []string{"n't"}},
		{"hasn't.", []string{"has", "n't", "."}},
		{"n'tx", []string{"n'tx"}},

		// Hyphens and dashes.
		{"e-commerce", []string{"e", "-", "commerce"}},
		{"Guizhou-Cloud Big Data Industry Co.", []string{"Guizhou", "-", "Cloud", "Big", "Data", "Industry", "Co", "."}},
		{"vis-à-vis", []string{"vis", "-", "à", "-", "vis"}},
		{"--", []string{"-", "-"}},
		{"value—for", []string{"value", "—", "for"}},

		// Numbers.
		{"1.3", []string{"1.3"}},
		{"4.4 billion", []string{"4.4", "billion"}},
		{"8,000 cameras", []string{"8,000", "cameras"}},
		{"79.1 percent", []string{"79.1", "percent"}},
		{"US$2.1 trillion", []string{"US", "$", "2.1", "trillion"}},
		{"$1.3 trillion", []string{"$", "1.3", "trillion"}},
		{"1,000,000.50", []string{"1,000,000.50"}},
		{"1,2", []string{"1", ",", "2"}},
		{"1,0000", []string{"1", ",", "0000"}},
		{"2016,2017", []string{"2016", ",", "2017"}},
		{"in 2016.", []string{"in", "2016", "."}},
		{"1.3.", []string{"1.3", "."}},
		{".5", []string{".", "5"}},
		{"5.", []string{"5", "."}},
		{"2.0?", []string{"2.0", "?"}},
		{"21Vianet", []string{"21Vianet"}},
		{"100+", []string{"100", "+"}},
		{"1%", []string{"1", "%"}},
		{"5 min readNov 11, 2016", []string{"5", "min", "readNov", "11", ",", "2016"}},

		// Punctuation is a token per rune.
		{"U.S.", []string{"U", ".", "S", "."}},
		{"U.S.-Sino", []string{"U", ".", "S", ".", "-", "Sino"}},
		{"CEOs.More", []string{"CEOs", ".", "More"}},
		{"Alibaba.com", []string{"Alibaba", ".", "com"}},
		{"http://cht.hm/2iztRyb.", []string{"http", ":", "/", "/", "cht", ".", "hm", "/", "2iztRyb", "."}},
		{`“Arguments ensue.”`, []string{"“", "Arguments", "ensue", ".", "”"}},
		{"(…)", []string{"(", "…", ")"}},
		{"data…You", []string{"data", "…", "You"}},
		{"...", []string{".", ".", "."}},
		{"marked *", []string{"marked", "*"}},

		// Other scripts.
		{"禁书 网/Flickr", []string{"禁", "书", "网", "/", "Flickr"}},
		{"中国的数据", []string{"中", "国", "的", "数", "据"}},
		{"ひらがなカタカナ", []string{"ひ", "ら", "が", "な", "カ", "タ", "カ", "ナ"}},
		{"WeChat微信", []string{"WeChat", "微", "信"}},
		{"한국어 문장", []string{"한국어", "문장"}},
		{"ภาษาไทย", []string{"ภาษาไทย"}},
		{"Séverine Arsène", []string{"Séverine", "Arsène"}},
		{"Москва", []string{"Москва"}},

		// Marks stay with what they mark; emoji are tokens.
		{"cafe\u0301 au lait", []string{"cafe\u0301", "au", "lait"}},
		{"\u0301a", []string{"\u0301a"}},
		{"great 👍 day", []string{"great", "👍", "day"}},
		{"👍🏽!", []string{"👍🏽", "!"}},
		{"❤\uFE0F", []string{"❤\uFE0F"}},
		{"中\u0301", []string{"中\u0301"}},
		{"\uFFFD", []string{"\uFFFD"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range tokenize(tt.in, 0, nil) {
			got = append(got, tt.in[tok.Start:tok.End])
			if tok.Fold != strings.ToLower(tt.in[tok.Start:tok.End]) {
				t.Errorf("tokenize(%q): Fold %q of %q", tt.in, tok.Fold, tt.in[tok.Start:tok.End])
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeBase(t *testing.T) {
	dst := []Token{{Start: 0, End: 1, Fold: "x"}}
	got := tokenize("Ab cd", 10, dst)
	want := []Token{{0, 1, "x"}, {10, 12, "ab"}, {13, 15, "cd"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tokenize = %v, want %v", got, want)
	}
}

// TestTokenizeFold checks that the Fold Read keeps in its arena is what
// tokenize gives.
func TestTokenizeFold(t *testing.T) {
	d, err := Read("x.txt", []byte("O'Brien O’BRIEN DIDN'T Didn’t 'S N'T X’S ’S Dang’An ABC1.5 1,000X ÉCOLE İstanbul KELVIN\u212A A\u0301 "+strings.Repeat("LONG", 20)))
	if err != nil {
		t.Fatal(err)
	}
	checkDocument(t, d)
	if want := tokenize(d.Text, 0, nil); !reflect.DeepEqual(d.Tokens, want) {
		t.Errorf("Read's tokens %v differ from tokenize's %v", d.Tokens, want)
	}
	for _, path := range corpusFiles(t) {
		d := readCorpusFile(t, path)
		want := tokenize(d.Text, 0, nil)
		if !reflect.DeepEqual(d.Tokens, want) {
			t.Errorf("%s: Read's tokens differ from tokenize's", d.ID)
		}
	}
}
