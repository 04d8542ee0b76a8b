package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenize appends the tokens of s to dst, with Start and End shifted by
// base. It is used on document text and on entity aliases and pattern
// words alike, so that both split the same way; callers pass aliases
// through schema.Plain first, as Read does with the text.
//
// A word is a maximal run of letters, numbers and marks. An apostrophe
// between two letters stays inside the word ("dang'an", "O'Brien"), except
// that a final "'s" is a token of its own, as is a final "n't" in the
// manner of the Penn Treebank ("did", "n't"; "ca", "n't"), so that rules can
// name the possessive and the negation. A decimal point or a thousands comma
// between digits stays inside a number ("1.3", "8,000"). Every other rune
// that is not a space is a token by itself ("U" "." "S" "."), and so is each
// Han, Hiragana and Katakana character, since those scripts do not put
// spaces between words. Combining marks stay with the rune before them.
func tokenize(s string, base int, dst []Token) []Token {
	return appendTokens(s, base, dst, nil)
}

// appendTokens is tokenize with an arena, if not nil, that holds the Fold
// of capitalised ASCII tokens: one buffer for a document instead of an
// allocation per capitalised word. Strings taken from a strings.Builder
// stay valid as it grows, since it only ever appends.
func appendTokens(s string, base int, dst []Token, arena *strings.Builder) []Token {
	for i := 0; i < len(s); {
		var j int
		var kind byte // what the token holds, to fold it cheaply
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII first: it is nearly all of English text.
			switch {
			case c == ' ' || '\t' <= c && c <= '\r':
				i++
				continue
			case asciiWord[c] != 0:
				j, kind = wordEnd(s, i)
			case c == '\'' && possessiveS(s, i+1):
				j, kind = i+2, asciiWord[s[i+1]]
			default:
				j = skipMarks(s, i+1)
				if j > i+1 {
					kind = other
				}
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			kind = other
			switch {
			case unicode.IsSpace(r):
				i += n
				continue
			case isSolo(r):
				j = skipMarks(s, i+n)
			case isWordRune(r):
				j, _ = wordEnd(s, i)
			case isApostrophe(r) && possessiveS(s, i+n):
				j = i + n + 1
			default:
				j = skipMarks(s, i+n)
			}
		}
		dst = append(dst, Token{Start: base + i, End: base + j, Fold: fold(s[i:j], kind, arena)})
		i = j
	}
	return dst
}

// Kinds of bytes in a token, as a set, so that fold need not look at the
// bytes again: asciiWord holds them for ASCII.
const (
	lower = 1 << iota // an ASCII lower-case letter or digit
	upper             // an ASCII upper-case letter
	other             // anything else; fold calls strings.ToLower
)

// fold returns t in lower case. Kind holds at least the kinds of bytes in
// t.
func fold(t string, kind byte, arena *strings.Builder) string {
	switch {
	case kind&other != 0 || kind&upper != 0 && arena == nil:
		return strings.ToLower(t)
	case kind&upper == 0:
		return t
	}
	start := arena.Len()
	var buf [32]byte
	for len(t) > 0 {
		n := copy(buf[:], t)
		for k, c := range buf[:n] {
			if 'A' <= c && c <= 'Z' {
				buf[k] = c + 'a' - 'A'
			}
		}
		arena.Write(buf[:n])
		t = t[n:]
	}
	return arena.String()[start:]
}

// wordEnd returns the end of the word that starts at s[start], a byte
// offset after start, and the kinds of bytes in the word (at least).
func wordEnd(s string, start int) (int, byte) {
	j, kind := start, byte(0)
	for j < len(s) {
		if k := asciiWord[s[j]]; k != 0 {
			kind |= k
			j++
			continue
		}
		r, n := rune(s[j]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[j:])
			if isWordRune(r) {
				if isSolo(r) {
					break
				}
				kind |= other
				j += n
				continue
			}
		}
		if j == start {
			break
		}
		if isApostrophe(r) {
			prev, _ := utf8.DecodeLastRuneInString(s[:j])
			next, nn := utf8.DecodeRuneInString(s[j+n:])
			if !(unicode.IsLetter(prev) || unicode.IsMark(prev)) || !unicode.IsLetter(next) || isSolo(next) {
				break
			}
			after := j + n + nn
			if wordEndsAt(s, after) {
				if next == 's' || next == 'S' {
					return j, kind // the possessive is a token of its own
				}
				if (next == 't' || next == 'T') && (prev == 'n' || prev == 'N') {
					if j-1 == start {
						return after, kind | other // the word is "n't" itself
					}
					return j - 1, kind
				}
			}
			if r == '\'' && next < utf8.RuneSelf {
				kind |= asciiWord[next]
			} else {
				kind |= other
			}
			j = after
			continue
		}
		if (r == '.' || r == ',') && isDigit(s[j-1]) && j+1 < len(s) && isDigit(s[j+1]) {
			if r == '.' || thousands(s, j+1) {
				j++
				continue
			}
		}
		break
	}
	return j, kind
}

// thousands reports whether s[i:] starts with exactly three digits, as
// after the comma of "8,000" but not of "1,2".
func thousands(s string, i int) bool {
	return i+3 <= len(s) && isDigit(s[i]) && isDigit(s[i+1]) && isDigit(s[i+2]) &&
		(i+3 == len(s) || !isDigit(s[i+3]))
}

// possessiveS reports whether s[i:] is an "s" that ends a word, the rest of
// a possessive "'s".
func possessiveS(s string, i int) bool {
	return i < len(s) && (s[i] == 's' || s[i] == 'S') && wordEndsAt(s, i+1)
}

// wordEndsAt reports whether no letter, number or mark starts at s[i].
func wordEndsAt(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r)
}

// skipMarks returns the offset after the marks and emoji modifiers that
// start at s[i], so that they stay with the rune they modify.
func skipMarks(s string, i int) int {
	for i < len(s) && s[i] >= utf8.RuneSelf {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsMark(r) && !(0x1F3FB <= r && r <= 0x1F3FF) {
			break
		}
		i += n
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// asciiWord gives the kind of each ASCII byte that words are made of, and
// 0 for the others.
var asciiWord = func() (t [256]byte) {
	for c := range utf8.RuneSelf {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = lower
		case 'A' <= c && c <= 'Z':
			t[c] = upper
		}
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r] != 0
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isSolo reports whether r is a letter of a script written without spaces
// between words, which makes each character a token.
func isSolo(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// isApostrophe reports whether r is one of the single quotes that
// schema.Plain turns into "'", so that "Didi’s" splits like "Didi's".
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '‘', '’', '‚', '‛', '′':
		return true
	}
	return false
}
