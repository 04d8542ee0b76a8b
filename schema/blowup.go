package schema

import "fmt"

// maxWays is how many ways a pattern may have to match from one start
// before check warns: the matcher backtracks, so that gaps and options
// multiply, and stops a pattern on a sentence after a fixed amount of
// work (extract.MaxMatchSteps), when matches there may be missed.
const maxWays = 1_000_000

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
				w.warnf(p.Pos, "rule %q: the pattern's gaps and options multiply to %s ways of matching from each word; "+
					"matching may stop on long sentences (shorten the gaps, or split the pattern)", r.ID, waysText(n))
			}
		}
	}
}

// ways is an upper bound of the ways seq can match from one start,
// capped at a billion.
func ways(seq []Node) float64 {
	n := 1.0
	for _, e := range seq {
		switch e.Kind {
		case Gap:
			n *= float64(e.Max + 1)
		case Alt, Opt:
			sum := 0.0
			for _, a := range e.Alts {
				sum += ways(a)
			}
			if e.Kind == Opt {
				sum++
			}
			n *= sum
		}
		if n > 1e9 {
			return 1e9
		}
	}
	return n
}

func waysText(n float64) string {
	if n >= 1e9 {
		return "over a billion"
	}
	return fmt.Sprintf("%.0f", n)
}
