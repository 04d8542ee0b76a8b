package extract

import "fmt"

// MaxMatchSteps is the work one pattern may do on one sentence, in steps
// of the matcher (one element tried at one token). Matching backtracks,
// so gaps and options multiply: "{subject} ...50 the ...50 the ...50 of
// {object}" may try 50×50×50 ways from each start. A pattern that runs
// out stops on that sentence, with a warning, and the rest of the
// document is matched as usual. Ordinary patterns take well under a
// thousand steps per sentence.
const MaxMatchSteps = 1_000_000

// spent counts a step and reports whether the pattern has run out.
func (w *window) spent() bool {
	w.steps++
	return w.steps > MaxMatchSteps
}

// overBudget warns when pattern pi ran out of steps on sentence si.
func (w *window) overBudget(pi, si int) {
	if w.steps <= MaxMatchSteps {
		return
	}
	p := w.m.patterns[pi]
	s := w.d.Sentences[si]
	w.d.Warnings = append(w.d.Warnings, Warning{
		Path:   w.d.Path,
		Offset: w.d.RawSpan(s.Start, s.End).Start,
		Msg: fmt.Sprintf("rule %s, pattern %q: stopped after %d steps on sentence %d, matches there may be missed (its gaps and options multiply)",
			w.m.rules[p.rule].ID, p.src, MaxMatchSteps, si),
	})
}
