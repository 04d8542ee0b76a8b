package extract

import "sync"

// A document's tokens are a third of the bytes a build allocates (32
// bytes a token, one token in about five bytes of text), and every
// allocation brings the collector's next cycle nearer, each of which
// marks the whole compiled rule file. A caller that is done with a
// document hands the tokens' memory back with Release, and the next Read
// takes it from tokenPool.
var tokenPool sync.Pool // of *[]Token, length 0

// maxPooledTokens bounds the slices kept: a huge document's tokens are
// left to the collector rather than held for the next, small one.
const maxPooledTokens = 1 << 16

// newTokens returns an empty token slice with room for n tokens.
func newTokens(n int) []Token {
	if p, _ := tokenPool.Get().(*[]Token); p != nil {
		if cap(*p) >= n {
			return (*p)[:0]
		}
	}
	return make([]Token, 0, n)
}

// Release hands d's token memory to the next Read. Neither d nor its
// Tokens may be used after it (strings taken from the tokens stay
// valid); a Result of d is then done too.
func (d *Document) Release() {
	t := d.Tokens[:cap(d.Tokens)]
	d.Tokens = nil
	if len(t) == 0 || len(t) > maxPooledTokens {
		return
	}
	clear(t) // the folded strings are the previous document's: not kept alive here
	t = t[:0]
	tokenPool.Put(&t)
}
