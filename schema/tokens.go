package schema

import (
	"unicode"
	"unicode/utf8"
)

// tokens splits s, made Plain, into tokens exactly as package extract splits
// text and aliases, so that Warnings compares aliases the way the matcher
// sees them. It is a copy of extract's tokenizer without its speed-ups:
// schema cannot import extract, and extract's tests cannot be changed from
// here, so TestTokensAgree (tokens_test.go) checks the two agree.
//
// A word is a maximal run of letters, numbers and marks. An apostrophe
// between two letters stays inside the word ("dang'an"), except that a
// final "'s" is a token of its own, as is a final "n't" ("did", "n't"). A
// decimal point or a thousands comma between digits stays inside a number
// ("1.3", "8,000"). Every other rune that is not a space is a token by
// itself ("U" "." "S" "."), and so is each Han, Hiragana and Katakana
// character. Combining marks stay with the rune before them.
func tokens(s string) []string {
	s = Plain(s)
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		var j int
		switch {
		case unicode.IsSpace(r):
			i += n
			continue
		case isSolo(r):
			j = skipMarks(s, i+n)
		case isWordRune(r):
			j = wordEnd(s, i)
		case isApostrophe(r) && possessiveS(s, i+n):
			j = i + n + 1
		default:
			j = skipMarks(s, i+n)
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// wordEnd returns the end of the word that starts at s[start].
func wordEnd(s string, start int) int {
	j := start
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) {
			if isSolo(r) {
				break
			}
			j += n
			continue
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
					return j // the possessive is a token of its own
				}
				if (next == 't' || next == 'T') && (prev == 'n' || prev == 'N') {
					if j-1 == start {
						return after // the word is "n't" itself
					}
					return j - 1
				}
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
	return j
}

// thousands reports whether s[i:] starts with exactly three digits.
func thousands(s string, i int) bool {
	return i+3 <= len(s) && isDigit(s[i]) && isDigit(s[i+1]) && isDigit(s[i+2]) &&
		(i+3 == len(s) || !isDigit(s[i+3]))
}

// possessiveS reports whether s[i:] is an "s" that ends a word.
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
// start at s[i].
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

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isSolo reports whether r is a letter of a script written without spaces
// between words, which makes each character a token.
func isSolo(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// isApostrophe reports whether r is one of the single quotes Plain makes "'".
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '‘', '’', '‚', '‛', '′':
		return true
	}
	return false
}
