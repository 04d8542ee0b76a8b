package extract

import "testing"

// TestOffsets checks the stretches against the map they stand for, one
// Raw offset per byte of Text, including bytes inside runes.
func TestOffsets(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		scale int32
		marks [][2]int // rune starts in Text, their Raw offsets, then the end
		want  []int    // Raw offset of every byte of Text and of its end
	}{
		{"ascii", "abc", 1, [][2]int{{0, 0}, {1, 1}, {2, 2}, {3, 3}}, []int{0, 1, 2, 3}},
		{"crlf", "a\nb", 1, [][2]int{{0, 0}, {1, 1}, {2, 3}, {3, 4}}, []int{0, 1, 3, 4}},
		{"a rune kept", "a—b", 1, [][2]int{{0, 0}, {1, 1}, {4, 4}, {5, 5}}, []int{0, 1, 1, 1, 4, 5}},
		{"a rune made shorter", "a'b", 1, [][2]int{{0, 0}, {1, 1}, {2, 4}, {3, 5}}, []int{0, 1, 4, 5}},
		{"a byte made a rune", "a\uFFFDb", 1, [][2]int{{0, 0}, {1, 1}, {4, 2}, {5, 3}}, []int{0, 1, 1, 1, 2, 3}},
		{"utf-16", "ab—c", 2, [][2]int{{0, 2}, {1, 4}, {2, 6}, {5, 8}, {6, 10}}, []int{2, 4, 6, 6, 6, 8, 10}},
		{"empty", "", 1, [][2]int{{0, 0}}, []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := offsets{scale: tt.scale}
			for _, m := range tt.marks {
				o.mark(m[0], m[1])
			}
			for i, want := range tt.want {
				if got := o.at(tt.text, i); got != want {
					t.Errorf("at(%d) = %d, want %d", i, got, want)
				}
			}
		})
	}
	// A long stretch of ASCII is one entry.
	o := offsets{scale: 1}
	for i := range 1000 {
		o.mark(i, i+3)
	}
	if len(o.text) != 1 {
		t.Errorf("1000 bytes with one offset: %d entries, want 1", len(o.text))
	}
}

// TestRootFilter checks that the filter before the name trie lets every
// first word of a name or reference through.
func TestRootFilter(t *testing.T) {
	m := testMatcher(t)
	for w := range m.phrases.next {
		if !m.roots.mayHave(w) {
			t.Errorf("the filter drops %q", w)
		}
	}
}
