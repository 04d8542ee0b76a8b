package schema

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxSuggest bounds the length of a word suggest compares, in runes, so a
// long unknown value cannot make Parse slow.
const maxSuggest = 64

// didYouMean returns ` (did you mean "x"?)` for the candidate closest to
// word, or "" if none is close (see suggest).
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// suggest returns the first candidate equal to word but for case, else the
// first at the smallest edit distance (optimal string alignment, in runes)
// of at most 2 and less than word's length, so that "x" suggests nothing.
func suggest(word string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(word, c) {
			return c
		}
	}
	w := []rune(word)
	if len(w) > maxSuggest {
		return ""
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		n := utf8.RuneCountInString(c)
		if n > maxSuggest || n-len(w) >= bestDist || len(w)-n >= bestDist {
			continue
		}
		if d := distance(w, []rune(c)); d < bestDist && d < len(w) {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b: the
// fewest insertions, deletions, substitutions and swaps of adjacent runes
// that turn a into b.
func distance(a, b []rune) int {
	// d[i][j] is the distance between a[:i] and b[:j].
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
