package schema

import "fmt"

// maxWays is how many ways a pattern may have to match from one start
// before check warns: the matcher backtracks, so that gaps and options
// multiply, and stops a pattern on a sentence after a fixed amount of
// work (extract.MaxMatchSteps), when matches there may be missed. The
// count is of the worst text (every gap's next word everywhere), which
// news text is far from: lists of the shipped rules ("...40 ; ...40 ;
// ...40 ;") count some hundred million and never run out.
const maxWays = 1e9

// multiplyingPatterns warns about patterns whose gaps and options
// multiply past maxWays.
func (w *warner) multiplyingPatterns() {
	for _, r := range w.f.Rules {
		for _, p := range r.Patterns {
			seq, err := ParsePattern(p.Expr)
			if err != nil {
				continue // an error, reported by Parse
			}
			if n := ways(seq); n > maxWays {
				w.warnf("multiplying-pattern", p.Pos, "rule %q: the pattern's gaps and options multiply to %s ways of matching from each word; "+
					"matching may stop on long sentences (shorten the gaps, or split the pattern)", r.ID, waysText(n))
			}
		}
	}
}

// ways is an upper bound of the ways seq can match from one start on the
// worst text, capped at 1e15. Alternatives count as the most of theirs,
// not their sum: "(said|told)" matches one way where either does.
func ways(seq []Node) float64 {
	n := 1.0
	for _, e := range seq {
		switch e.Kind {
		case Gap:
			n *= float64(e.Max + 1)
		case Alt:
			most := 1.0
			for _, a := range e.Alts {
				most = max(most, ways(a))
			}
			n *= most
		case Opt:
			n *= ways(e.Alts[0]) + 1
		}
		if n > 1e15 {
			return 1e15
		}
	}
	return n
}

func waysText(n float64) string {
	if n >= 1e15 {
		return "over 10^15"
	}
	return fmt.Sprintf("%.3g", n)
}
