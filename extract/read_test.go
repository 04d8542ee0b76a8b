package extract

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/graphbuild/graphbuild/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// corpusFiles returns the paths of the project's corpus files.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob("../corpus/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	return paths
}

func readCorpusFile(t testing.TB, path string) *Document {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(path, raw)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRead(t *testing.T) {
	tests := []struct {
		name     string
		raw      string
		text     string
		orig     []int32 // checked if not nil
		warnings []string
	}{
		{name: "empty"},
		{name: "plain", raw: "Mr. Xi", text: "Mr. Xi", orig: []int32{0, 1, 2, 3, 4, 5, 6}},
		{name: "bom", raw: "\uFEFFab", text: "ab", orig: []int32{3, 4, 5}},
		{name: "only bom", raw: "\uFEFF", text: "", orig: []int32{3}},
		{name: "crlf", raw: "a\r\nb\r\n", text: "a\nb\n", orig: []int32{0, 1, 3, 4, 6}},
		{name: "lone cr", raw: "a\rb\r", text: "a\nb\n", orig: []int32{0, 1, 2, 3, 4}},
		{name: "cr cr lf", raw: "a\r\r\nb", text: "a\n\nb"},
		{name: "tab vt ff", raw: "a\tb\vc\fd", text: "a b c d"},
		{name: "nbsp", raw: "1\u00A0000", text: "1 000", orig: []int32{0, 1, 3, 4, 5, 6}},
		{name: "thin and ideographic space", raw: "a\u2009b\u3000c\u202Fd", text: "a b c d"},
		{name: "line separators", raw: "a\u0085b\u2028c\u2029d", text: "a b c d"},
		{name: "zero width", raw: "Ali\u200Bba\u200Cba\u200Dx\u2060y", text: "Alibabaxy", orig: []int32{0, 1, 2, 6, 7, 11, 12, 16, 20, 21}},
		{name: "soft hyphen", raw: "sur\u00ADveil", text: "surveil", orig: []int32{0, 1, 2, 5, 6, 7, 8, 9}},
		{name: "bom in middle", raw: "a\uFEFFb", text: "ab", orig: []int32{0, 4, 5}},
		{name: "curly quotes", raw: "‘big’ “data” ‚x‛ ′ ″ „y", text: `'big' "data" 'x' ' " "y`},
		{name: "dashes", raw: "a‐b‑c‒d–e—f―g−h", text: "a-b-c-d-e-f-g-h",
			orig: []int32{0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29}},
		{name: "ellipsis kept", raw: "wait…", text: "wait…", orig: []int32{0, 1, 2, 3, 4, 4, 4, 7}},
		{name: "replacement char kept", raw: "a\uFFFD", text: "a\uFFFD"},
		{
			name: "invalid byte", raw: strings.Repeat("x", 98) + "\xffr",
			text:     strings.Repeat("x", 98) + "\uFFFDr",
			warnings: []string{"x.txt: byte 98: invalid UTF-8 byte 0xff, replaced by U+FFFD"},
		},
		{
			// A truncated sequence is two bad bytes, each its own U+FFFD.
			name: "truncated sequence", raw: strings.Repeat("x", 200) + "\xe2\x80y",
			text: strings.Repeat("x", 200) + "\uFFFD\uFFFDy",
			warnings: []string{
				"x.txt: byte 200: invalid UTF-8 byte 0xe2, replaced by U+FFFD",
				"x.txt: byte 201: invalid UTF-8 byte 0x80, replaced by U+FFFD",
			},
		},
		{
			name: "mojibake copyright", raw: "ยฉ Financial Times", text: "© Financial Times",
			orig:     []int32{0, 0, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22},
			warnings: []string{`x.txt: byte 0: repaired mojibake "ยฉ" as "©"`},
		},
		{
			name: "mojibake copyright in quotes", raw: "“ยฉ”", text: `"©"`,
			warnings: []string{`x.txt: byte 3: repaired mojibake "ยฉ" as "©"`},
		},
		{
			name: "mojibake dash", raw: "a โ b", text: "a - b", orig: []int32{0, 1, 2, 5, 6, 7},
			warnings: []string{`x.txt: byte 2: repaired mojibake "โ" as "—"`},
		},
		{
			name: "mojibake dash at end", raw: "aโ", text: "a-",
			warnings: []string{`x.txt: byte 1: repaired mojibake "โ" as "—"`},
		},
		{
			name: "mojibake ellipsis", raw: "dataโ.โ.โ.โYou", text: "data…You",
			orig:     []int32{0, 1, 2, 3, 4, 4, 4, 19, 20, 21, 22},
			warnings: []string{`x.txt: byte 4: repaired mojibake "โ.โ.โ.โ" as "…"`},
		},
		{
			// A browser decodes the bytes Windows-874 leaves unassigned
			// as C1 controls.
			name: "mojibake apostrophe", raw: "Didiโ\u20AC\u0099s", text: "Didi's",
			warnings: []string{`x.txt: byte 4: repaired mojibake "โ€\u0099" as "’"`},
		},
		{
			name: "mojibake emoji", raw: "ok ๐\u009F\u0099\u0082", text: "ok 🙂",
			warnings: []string{`x.txt: byte 3: repaired mojibake "๐\u009f\u0099\u0082" as "🙂"`},
		},
		{
			name: "mojibake with euro", raw: "one โ€” two", text: "one - two",
			warnings: []string{`x.txt: byte 4: repaired mojibake "โ€”" as "—"`},
		},
		{
			name: "mojibake of two characters", raw: "ยฉยฎ", text: "©®", orig: []int32{0, 0, 6, 6, 12},
			warnings: []string{`x.txt: byte 0: repaired mojibake "ยฉยฎ" as "©®"`},
		},
		{
			name: "mojibake of Chinese", raw: "\u0E46\u2022\u0E10\u0E46\u008D\u0E0E", text: "数据",
			warnings: []string{`x.txt: byte 0: repaired mojibake "ๆ•ฐๆ\u008dฎ" as "数据"`},
		},
		{name: "thai", raw: "ภาษาไทย", text: "ภาษาไทย"},
		{name: "thai with sara o", raw: "โรงเรียน โ", text: "โรงเรียน -",
			warnings: []string{`x.txt: byte 25: repaired mojibake "โ" as "—"`}},
		{name: "thai sentence", raw: "ฉันไปโรงเรียนทุกวัน", text: "ฉันไปโรงเรียนทุกวัน"},
		{name: "mojibake of Thai is not repaired", raw: "เธ", text: "เธ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read("corpus/x.txt", []byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != tt.text {
				t.Errorf("Text = %q, want %q", d.Text, tt.text)
			}
			if got := denseOrig(d); tt.orig != nil && !reflect.DeepEqual(got, tt.orig) {
				t.Errorf("orig = %v, want %v", got, tt.orig)
			}
			var warnings []string
			for _, w := range d.Warnings {
				warnings = append(warnings, strings.TrimPrefix(w.String(), "corpus/"))
			}
			if !reflect.DeepEqual(warnings, tt.warnings) {
				t.Errorf("warnings = %q, want %q", warnings, tt.warnings)
			}
			checkDocument(t, d)
		})
	}
}

func TestReadError(t *testing.T) {
	tests := []struct {
		raw  string
		want string
	}{
		{"abc\x00def", "corpus/x.txt: not a text file (NUL byte at offset 3)"},
		{"\x00", "corpus/x.txt: not a text file (NUL byte at offset 0)"},
		{"\xff", "corpus/x.txt: not a text file (more than 1% of 1 bytes are invalid UTF-8, the first at offset 0)"},
		{strings.Repeat("a", 98) + "\xfe\xff", "corpus/x.txt: not a text file (more than 1% of 100 bytes are invalid UTF-8, the first at offset 98)"},
		{"\x89PNG\r\n\x1a\n", "corpus/x.txt: not a text file (more than 1% of 8 bytes are invalid UTF-8, the first at offset 0)"},
	}
	for _, tt := range tests {
		d, err := Read("corpus/x.txt", []byte(tt.raw))
		if err == nil {
			t.Errorf("Read(%q) = %q, want error %q", tt.raw, d.Text, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Read(%q) error = %q, want %q", tt.raw, err, tt.want)
		}
	}
	// Exactly 1% is still text.
	if _, err := Read("corpus/x.txt", []byte(strings.Repeat("a", 99)+"\xff")); err != nil {
		t.Errorf("1%% invalid: %v", err)
	}
}

// TestReadPlain checks that Read makes quotes and dashes plain exactly as
// schema.Plain does, since rules and aliases go through schema.Plain.
func TestReadPlain(t *testing.T) {
	changed := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if p := schema.Plain(s); p != s {
			changed++
			d, err := Read("x.txt", []byte("a"+s+"b"))
			if err != nil {
				t.Fatal(err)
			}
			if want := "a" + p + "b"; d.Text != want {
				t.Errorf("Read(%q) = %q, schema.Plain gives %q", "a"+s+"b", d.Text, want)
			}
		}
		// The other way round: every rune Read makes a quote or a dash is
		// one schema.Plain changes.
		if q := plainRune(r); q != r && (q == '\'' || q == '"' || q == '-') && schema.Plain(s) != string(q) {
			t.Errorf("Read makes %q %q, schema.Plain gives %q", s, q, schema.Plain(s))
		}
	}
	if changed == 0 {
		t.Fatal("schema.Plain changed no rune")
	}
}

func TestReadNames(t *testing.T) {
	tests := []struct {
		path, id, date string
	}{
		{"corpus/ft-2021-xi-blueprint-digital-dictatorship.txt", "ft-2021-xi-blueprint-digital-dictatorship", "2021"},
		{"chow-china-digital-surveillance-state.txt", "chow-china-digital-surveillance-state", ""},
		{"/a/b/intaffairs-2016-china.txt", "intaffairs-2016-china", "2016"},
		{"x-20211-1899-1999.txt", "x-20211-1899-1999", "1999"},
		{"2100-2099", "2100-2099", "2099"},
		{"a.b.txt", "a.b", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		d, err := Read(tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d.ID != tt.id || d.Date != tt.date || d.Path != tt.path {
			t.Errorf("Read(%q): ID %q, Date %q, Path %q; want %q, %q", tt.path, d.ID, d.Date, d.Path, tt.id, tt.date)
		}
	}
}

func TestReadTitle(t *testing.T) {
	want := map[string]string{
		"arsene-2018-china-tech-giants-and-the-state":             "", // a byline is not a title
		"chow-china-digital-surveillance-state":                   "",
		"ft-2021-xi-blueprint-digital-dictatorship":               "China and Big Tech: Xi Jinping's blueprint for a digital dictatorship",
		"intaffairs-2016-china-big-data-liberating-or-repressive": "China and big data: is technology liberating or repressive?",
		"metaviews-2021-china-technology-moment":                  "Is this China's technology moment?",
	}
	for _, path := range corpusFiles(t) {
		d := readCorpusFile(t, path)
		if d.Title != want[d.ID] {
			t.Errorf("%s: Title = %q, want %q", d.ID, d.Title, want[d.ID])
		}
	}
	d, _ := Read("x.txt", []byte("\n \u00A0 \n\n  Title here \nBody."))
	if d.Title != "Title here" {
		t.Errorf("Title = %q, want %q", d.Title, "Title here")
	}
}

// TestReadFT checks the repairs of the FT article's mojibake.
func TestReadFT(t *testing.T) {
	d := readCorpusFile(t, "../corpus/ft-2021-xi-blueprint-digital-dictatorship.txt")
	var got []string
	for _, w := range d.Warnings {
		got = append(got, fmt.Sprintf("%d: %s", w.Offset, w.Msg))
	}
	dash := `repaired mojibake "โ" as "—"`
	want := []string{
		"4281: " + dash, "4503: " + dash, "4532: " + dash,
		"7420: " + dash, "7478: " + dash,
		"11197: " + dash, "11235: " + dash,
		"12344: " + dash, "12462: " + dash,
		"13043: " + dash,
		`15798: repaired mojibake "โ.โ.โ.โ" as "…"`,
		`15926: repaired mojibake "ยฉ" as "©"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	find := func(text string) (int, Span) {
		t.Helper()
		for i := range d.Tokens {
			if d.TokenText(i) == text {
				tok := d.Tokens[i]
				return i, d.RawSpan(tok.Start, tok.End)
			}
		}
		t.Fatalf("no token %q", text)
		return 0, Span{}
	}
	i, span := find("©")
	if got := string(d.Raw[span.Start:span.End]); got != "ยฉ" {
		t.Errorf("raw of %q = %q, want %q", "©", got, "ยฉ")
	}
	if got := d.TokenText(i+1) + " " + d.TokenText(i+2); got != "Financial Times" {
		t.Errorf("after ©: %q", got)
	}
	_, span = find("…")
	if got := string(d.Raw[span.Start:span.End]); got != "โ.โ.โ.โ" {
		t.Errorf("raw of %q = %q, want %q", "…", got, "โ.โ.โ.โ")
	}
	i = strings.Index(d.Text, "algorithms - or mathematical")
	if i < 0 {
		t.Fatal(`no "algorithms - or mathematical" in Text`)
	}
	span = d.RawSpan(i+len("algorithms "), i+len("algorithms -"))
	if span != (Span{4281, 4284}) || string(d.Raw[span.Start:span.End]) != "โ" {
		t.Errorf("raw span of the dash = %v %q, want {4281 4284} %q", span, d.Raw[span.Start:span.End], "โ")
	}
	if strings.ContainsAny(d.Text, "โยฉ") {
		t.Errorf("Thai left in Text")
	}
}

// TestReadCorpusOffsets checks that every token of the corpus maps back
// to the bytes it came from.
func TestReadCorpusOffsets(t *testing.T) {
	for _, path := range corpusFiles(t) {
		d := readCorpusFile(t, path)
		checkDocument(t, d)
		for i, tok := range d.Tokens {
			span := d.RawSpan(tok.Start, tok.End)
			if span.Start < 0 || span.Start >= span.End || span.End > len(d.Raw) {
				t.Fatalf("%s: token %d %q: bad raw span %v", d.ID, i, d.TokenText(i), span)
			}
			raw, text := string(d.Raw[span.Start:span.End]), d.TokenText(i)
			if raw == text {
				continue
			}
			// A token may differ from its bytes only by normalisation,
			// or by a repair that has a warning.
			if normalise(raw) == text || repairedAt(d, span) {
				continue
			}
			t.Errorf("%s: token %d %q: raw %q", d.ID, i, text, raw)
		}
	}
}

// normalise is the rune mapping of Read, written another way.
func normalise(s string) string {
	s = schema.Plain(s)
	return strings.Map(func(r rune) rune {
		switch {
		case strings.ContainsRune("\u200B\u200C\u200D\u00AD\u2060\uFEFF", r):
			return -1
		case r != '\n' && unicode.IsSpace(r):
			return ' '
		}
		return r
	}, s)
}

func repairedAt(d *Document, span Span) bool {
	for _, w := range d.Warnings {
		if span.Start <= w.Offset && w.Offset < span.End {
			return true
		}
	}
	return false
}

// denseOrig returns the Raw offset of every byte of d.Text and of its end,
// as offsets maps them.
func denseOrig(d *Document) []int32 {
	out := make([]int32, len(d.Text)+1)
	for i := range out {
		out[i] = int32(d.orig.at(d.Text, i))
	}
	return out
}

// checkDocument checks the invariants of a document that Read returned.
func checkDocument(t testing.TB, d *Document) {
	t.Helper()
	orig := denseOrig(d)
	if int(orig[len(d.Text)]) != len(d.Raw) {
		t.Fatalf("orig[len(Text)] = %d, len(Raw) = %d", orig[len(d.Text)], len(d.Raw))
	}
	for i, o := range orig {
		if o < 0 || int(o) > len(d.Raw) || i > 0 && o < orig[i-1] {
			t.Fatalf("orig[%d] = %d: out of order or range (len(Raw) %d)", i, o, len(d.Raw))
		}
	}
	if !utf8.ValidString(d.Text) {
		t.Fatalf("Text is not UTF-8")
	}
	end := 0
	for i, tok := range d.Tokens {
		if tok.Start < end || tok.End <= tok.Start || tok.End > len(d.Text) {
			t.Fatalf("token %d %v: empty, overlapping or out of Text", i, tok)
		}
		if tok.Fold != strings.ToLower(d.TokenText(i)) {
			t.Fatalf("token %d %q: Fold %q", i, d.TokenText(i), tok.Fold)
		}
		end = tok.End
	}
	next, para := 0, -1
	for i, s := range d.Sentences {
		if s.First != next || s.EndTok <= s.First || s.EndTok > len(d.Tokens) {
			t.Fatalf("sentence %d %+v: tokens do not follow on from %d", i, s, next)
		}
		if s.Start != d.Tokens[s.First].Start || s.End != d.Tokens[s.EndTok-1].End {
			t.Fatalf("sentence %d %+v: not the span of its tokens", i, s)
		}
		if strings.Contains(d.SentenceText(i), "\n") {
			t.Fatalf("sentence %d %q crosses a paragraph", i, d.SentenceText(i))
		}
		if s.Paragraph != para && s.Paragraph != para+1 {
			t.Fatalf("sentence %d: paragraph %d after %d", i, s.Paragraph, para)
		}
		para = s.Paragraph
		next = s.EndTok
	}
	if next != len(d.Tokens) {
		t.Fatalf("tokens %d to %d are in no sentence", next, len(d.Tokens))
	}
}

// TestReadGolden writes each corpus file's sentences, one a line with its
// byte range in the file, to testdata/read/NAME.sentences.
func TestReadGolden(t *testing.T) {
	for _, path := range corpusFiles(t) {
		d := readCorpusFile(t, path)
		var b bytes.Buffer
		for i, s := range d.Sentences {
			span := d.RawSpan(s.Start, s.End)
			fmt.Fprintf(&b, "%d-%d\t%s\n", span.Start, span.End, d.SentenceText(i))
		}
		golden := filepath.Join("testdata", "read", d.ID+".sentences")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s: sentences differ from %s (run go test -update and review the diff)", d.ID, golden)
		}
	}
}

// BenchmarkRead reads the corpus; its MB/s is of bytes on disk.
func BenchmarkRead(b *testing.B) {
	var raws [][]byte
	size := 0
	for _, path := range corpusFiles(b) {
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
		size += len(raw)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range raws {
			if _, err := Read("x.txt", raw); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func ExampleRead() {
	raw := []byte("Mr. Xi’s data\u00A0vision โ digital.\r\nยฉ Financial Times")
	d, err := Read("corpus/ft-2021-xi.txt", raw)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s %q\n", d.ID, d.Date, d.Title)
	for i, s := range d.Sentences {
		span := d.RawSpan(s.Start, s.End)
		fmt.Printf("bytes %d-%d: %s\n", span.Start, span.End, d.SentenceText(i))
	}
	for _, w := range d.Warnings {
		fmt.Println(w)
	}
	// Output:
	// ft-2021-xi 2021 "Mr. Xi's data vision - digital."
	// bytes 0-36: Mr. Xi's data vision - digital.
	// bytes 38-60: © Financial Times
	// corpus/ft-2021-xi.txt: byte 24: repaired mojibake "โ" as "—"
	// corpus/ft-2021-xi.txt: byte 38: repaired mojibake "ยฉ" as "©"
}
