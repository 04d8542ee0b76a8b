package schema

import "strings"

// CommonWord reports whether w, in any case, is a common English word
// (commonwords.txt): a word of a name that says little on its own.
func CommonWord(w string) bool { return commonWords()[strings.ToLower(w)] }
