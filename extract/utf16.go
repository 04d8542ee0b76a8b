package extract

import (
	"encoding/binary"
	"fmt"
	"unicode/utf16"
)

// utf16Order returns the byte order of raw when it starts with a UTF-16
// byte order mark (FF FE little-endian, FE FF big-endian), or nil. Such a
// file (Windows Notepad's "Unicode") is full of NUL bytes, and would
// otherwise be refused as binary.
func utf16Order(raw []byte) binary.ByteOrder {
	switch {
	case len(raw) >= 2 && raw[0] == 0xFF && raw[1] == 0xFE:
		return binary.LittleEndian
	case len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF:
		return binary.BigEndian
	}
	return nil
}

// runUTF16 is run for a file in UTF-16 with a byte order mark: Text is
// the same as for the file in UTF-8, and its offsets map back to the
// UTF-16 bytes on disk. An unpaired surrogate or an odd last byte becomes
// U+FFFD and a warning, and counts as a bad byte.
func (n *normalizer) runUTF16(order binary.ByteOrder) {
	raw := n.raw
	size := len(raw)/2 + len(raw)/50 + 4
	n.b.Grow(size)
	n.off.scale = 2 // an ASCII character is two bytes on disk, one in Text
	unit := func(i int) rune { return rune(order.Uint16(raw[i:])) }
	bad := func(at int, msg string) {
		if n.bad == 0 {
			n.firstBad = at
		}
		n.bad += 2
		n.warn(at, msg+", replaced by U+FFFD")
		n.rune('\uFFFD', at)
	}
	for i := 2; i < len(raw); {
		if i+1 == len(raw) {
			bad(i, "odd last byte of UTF-16 text")
			i++
			continue
		}
		r, size := unit(i), 2
		switch {
		case utf16.IsSurrogate(r) && r < 0xDC00 && i+3 < len(raw) && unit(i+2) >= 0xDC00 && unit(i+2) < 0xE000:
			r, size = utf16.DecodeRune(r, unit(i+2)), 4
		case utf16.IsSurrogate(r):
			bad(i, fmt.Sprintf("unpaired UTF-16 surrogate 0x%04X", r))
			i += 2
			continue
		}
		switch r {
		case '\r':
			n.off.mark(n.b.Len(), i)
			n.b.WriteByte('\n')
			if i+3 < len(raw) && unit(i+2) == '\n' {
				size = 4
			}
		case '\t', '\v', '\f':
			n.off.mark(n.b.Len(), i)
			n.b.WriteByte(' ')
		case 0:
			bad(i, "NUL character")
		default:
			n.rune(r, i)
		}
		i += size
	}
	n.off.mark(n.b.Len(), len(raw))
}
