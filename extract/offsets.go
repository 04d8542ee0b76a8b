package extract

import (
	"sort"
	"unicode/utf8"
)

// offsets maps byte offsets of a Document's Text to those of its Raw.
// Text is Raw with some runes replaced (quotes, dashes, mojibake, line
// ends) and, for UTF-16, decoded, so the two differ by an offset that
// stays the same over long stretches: offsets keeps one entry where it
// changes, not one per byte, which cost four bytes of memory per byte of
// text (32 MB for an 8 MB document).
//
// Every byte of a rune of Text maps to where the rune came from, as
// before; so a byte inside a rune is looked up as the rune's first byte.
type offsets struct {
	text  []int32 // Text offsets where a stretch starts, increasing
	raw   []int32 // the Raw offset of each
	scale int32   // Raw bytes per Text byte in a stretch: 1, or 2 for UTF-16
}

// mark records that the rune written at Text offset t came from Raw
// offset r. Runes are marked in order; the end of Text is marked with the
// end of Raw.
func (o *offsets) mark(t, r int) {
	if n := len(o.text); n > 0 && int32(r)-o.raw[n-1] == o.scale*(int32(t)-o.text[n-1]) {
		return // the stretch goes on
	}
	o.text = append(o.text, int32(t))
	o.raw = append(o.raw, int32(r))
}

// at returns the Raw offset of Text byte i of text (i == len(text): the
// end of Raw).
func (o *offsets) at(text string, i int) int {
	for i > 0 && i < len(text) && !utf8.RuneStart(text[i]) {
		i--
	}
	k := sort.Search(len(o.text), func(k int) bool { return o.text[k] > int32(i) }) - 1
	return int(o.raw[k] + o.scale*(int32(i)-o.text[k]))
}
