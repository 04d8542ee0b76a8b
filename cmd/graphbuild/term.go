package main

import (
	"io"
)

// termWriter drops control characters on their way to a terminal: text
// from the corpus or the rule file (a title, a file name) could otherwise
// move the cursor, change colours or retitle the window. It keeps
// newlines and tabs, drops the other C0 controls and DEL, and the C1
// controls (U+0080 to U+009F, two bytes in UTF-8). Output to a file or a
// pipe is left as it is.
type termWriter struct{ w io.Writer }

func (t termWriter) Write(p []byte) (int, error) {
	clean := p
	for i := 0; i < len(p); i++ {
		if isControl(p, i) {
			clean = make([]byte, 0, len(p))
			for j := 0; j < len(p); j++ {
				switch {
				case isControl(p, j) && p[j] == 0xc2:
					j++ // a C1 control: two bytes
				case isControl(p, j):
				default:
					clean = append(clean, p[j])
				}
			}
			break
		}
	}
	if _, err := t.w.Write(clean); err != nil {
		return 0, err
	}
	return len(p), nil
}

// isControl reports whether p[i] starts a control character to drop.
func isControl(p []byte, i int) bool {
	c := p[i]
	switch {
	case c == '\n' || c == '\t':
		return false
	case c < 0x20 || c == 0x7f:
		return true
	case c == 0xc2 && i+1 < len(p) && p[i+1] >= 0x80 && p[i+1] <= 0x9f:
		return true
	}
	return false
}
