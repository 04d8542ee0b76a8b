package extract

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

func encodeUTF16(s string, order binary.ByteOrder) []byte {
	b := order.(binary.AppendByteOrder).AppendUint16(nil, 0xFEFF)
	for _, u := range utf16.Encode([]rune(s)) {
		b = order.(binary.AppendByteOrder).AppendUint16(b, u)
	}
	return b
}

// TestReadUTF16 is issue 14's case 3: a UTF-16 file with a byte order
// mark reads as the same text as its UTF-8 form, and its offsets point at
// its own bytes.
func TestReadUTF16(t *testing.T) {
	const text = "Tesla’s data centre\r\nis in Shanghai 🚗.\tIt opened in 2021."
	want, err := Read("x.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		raw := encodeUTF16(text, order)
		d, err := Read("x.txt", raw)
		if err != nil {
			t.Fatalf("%v: %v", order, err)
		}
		if d.Text != want.Text || len(d.Sentences) != len(want.Sentences) || len(d.Warnings) != 0 {
			t.Errorf("%v: text %q, %d sentences, warnings %v; want %q, %d sentences", order, d.Text, len(d.Sentences), d.Warnings, want.Text, len(want.Sentences))
		}
		i := strings.Index(d.Text, "Shanghai")
		sp := d.RawSpan(i, i+len("Shanghai"))
		if got := string(utf16Decode(raw[sp.Start:sp.End], order)); got != "Shanghai" {
			t.Errorf("%v: RawSpan of Shanghai = %v, the bytes %q", order, sp, got)
		}
	}
	// An unpaired surrogate is a warning; a file of them is not text.
	raw := encodeUTF16("ab", binary.LittleEndian)
	raw = binary.LittleEndian.AppendUint16(raw, 0xD800)
	raw = append(raw, encodeUTF16(strings.Repeat("word ", 100), binary.LittleEndian)[2:]...)
	d, err := Read("x.txt", raw)
	if err != nil || len(d.Warnings) != 1 || d.Warnings[0].String() != "x.txt: byte 6: unpaired UTF-16 surrogate 0xD800, replaced by U+FFFD" {
		t.Errorf("one unpaired surrogate: %v, %v", err, d.Warnings)
	}
	bad := encodeUTF16("xx", binary.LittleEndian)
	for range 10 {
		bad = binary.LittleEndian.AppendUint16(bad, 0xDC00)
	}
	if _, err := Read("x.txt", bad); err == nil || !strings.Contains(err.Error(), "invalid UTF-16") {
		t.Errorf("a file of unpaired surrogates: error %v", err)
	}
}

func utf16Decode(b []byte, order binary.ByteOrder) []rune {
	var u []uint16
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, order.Uint16(b[i:]))
	}
	return utf16.Decode(u)
}
