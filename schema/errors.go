package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a rule file, at a position.
type Error struct {
	Name    string // file name, as given to Parse
	Pos     Pos
	Msg     string // lower case, without the position
	Warning bool   // a probable mistake that leaves the file usable (see Warnings)
	// Kind names the check that gave a warning ("common-word"), so a
	// curator can count, select and skip warnings by kind.
	Kind string
}

// Error returns the problem as "name:line:col: message", or as
// "name:line:col: warning: message" for a warning.
func (e *Error) Error() string {
	if e.Warning {
		return fmt.Sprintf("%s:%d:%d: warning: %s", e.Name, e.Pos.Line, e.Pos.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Pos.Line, e.Pos.Col, e.Msg)
}

// ErrorList is every problem found in a rule file. Parse returns it sorted
// by line, column and message, without duplicates.
type ErrorList []*Error

// Error returns the problems one per line.
func (l ErrorList) Error() string {
	if len(l) == 0 {
		return "no errors"
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the problems, for errors.As and errors.Is.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sort sorts the list by name, line, column and message and removes
// duplicates, which arise when a YAML alias makes Parse see a node twice.
func (l *ErrorList) sort() {
	slices.SortStableFunc(*l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Name, b.Name),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	*l = slices.CompactFunc(*l, func(a, b *Error) bool { return *a == *b })
}
