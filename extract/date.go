package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateKind says how much of a calendar date a value gives. It is named
// after the XML Schema datatype the store writes the value as.
type DateKind string

const (
	DayDate   DateKind = "date"       // 2021-09-01
	MonthDate DateKind = "gYearMonth" // 2021-09
	YearDate  DateKind = "gYear"      // 2021
)

// Date is a date read from the text: the words as written, and the
// calendar value they stand for, resolved against the document's date
// where the words need one ("last month", "on Friday", "Sept. 1"). Value
// and Kind are empty when the words cannot be resolved: a relative date in
// a document whose date is unknown is never guessed.
type Date struct {
	Text  string   // normalised text of the date, e.g. "Sept. 1"
	Value string   // ISO 8601: "2021-09-01", "2021-09" or "2021"; "" if unresolved
	Kind  DateKind // of Value; "" if unresolved
}

// calDate is a calendar date of which y, m and d may be unknown (0).
type calDate struct{ y, m, d int }

// value returns the lexical form and kind of a date known at least to the year.
func (c calDate) value() (string, DateKind) {
	switch {
	case c.y == 0:
		return "", ""
	case c.m == 0:
		return fmt.Sprintf("%04d", c.y), YearDate
	case c.d == 0:
		return fmt.Sprintf("%04d-%02d", c.y, c.m), MonthDate
	}
	return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d), DayDate
}

// parseDocDate reads a document date: "2021-05-10", "2021-05" or "2021".
func parseDocDate(s string) (calDate, bool) {
	var c calDate
	parts := strings.Split(s, "-")
	if len(parts) > 3 || !isYear(parts[0]) {
		return c, false
	}
	c.y = atoi(parts[0])
	if len(parts) > 1 {
		m, err := strconv.Atoi(parts[1])
		if err != nil || len(parts[1]) != 2 || m < 1 || m > 12 {
			return calDate{}, false
		}
		c.m = m
	}
	if len(parts) > 2 {
		d, err := strconv.Atoi(parts[2])
		if err != nil || len(parts[2]) != 2 || d < 1 || d > daysIn(c.y, c.m) {
			return calDate{}, false
		}
		c.d = d
	}
	return c, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var monthNumber = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
	"sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

// Words of the relative and partial dates.
var (
	relativeStep = map[string]int{"last": -1, "this": 0, "next": 1}
	dateRoughly  = map[string]bool{"earlier": true, "later": true, "early": true, "late": true, "mid": true}
	yearParts    = map[string]bool{"half": true, "quarter": true}
	ordinals     = map[string]bool{"first": true, "second": true, "third": true, "fourth": true}
)

// dateAt reads a date at token pos, not past token end, and returns the
// token after it, or -1. The forms, each resolved against the document's
// date where it needs one:
//
//	2021                          a year
//	2021-09-01                    an ISO date (no spaces)
//	Sept. 1 | Sept 1, 2021        a capitalised month, with a day, a year or both
//	March 2018 | May
//	10 April 2021 | 12 May        a day before the month
//	Friday                        the latest such day on or before the document's date
//	last month | this year | next year, with "earlier" or "later" before "this"
//	the first half of 2021        a half or quarter of a year: the year
//	early 2021 | mid-2021         the year (or month) itself
func (d *Document) dateAt(pos, end int) (int, Date) {
	doc, _ := parseDocDate(d.Date)
	return d.dateIn(pos, end, doc)
}

// dateIn is dateAt with the document's date already parsed, as the
// matcher calls it for every {date} it tries.
func (d *Document) dateIn(pos, end int, doc calDate) (int, Date) {
	p, c, ok := d.readDate(pos, end, doc)
	if !ok {
		return -1, Date{}
	}
	dt := Date{Text: d.Text[d.Tokens[pos].Start:d.Tokens[p-1].End]}
	dt.Value, dt.Kind = c.value()
	return p, dt
}

// readDate is dateAt without the text: the calendar date, y 0 when it
// cannot be resolved.
func (d *Document) readDate(pos, end int, doc calDate) (int, calDate, bool) {
	toks := d.Tokens
	if pos >= end {
		return -1, calDate{}, false
	}
	at := func(i int) string {
		if i < end {
			return toks[i].Fold
		}
		return ""
	}
	switch w := at(pos); {
	case isYear(w):
		c := calDate{y: atoi(w)}
		// "2021-09-01", written without spaces.
		if pos+4 < end && at(pos+1) == "-" && at(pos+3) == "-" && len(at(pos+2)) == 2 && len(at(pos+4)) == 2 &&
			toks[pos+4].Start == toks[pos].Start+8 {
			m, dd := atoi(at(pos+2)), atoi(at(pos+4))
			if m >= 1 && m <= 12 && dd >= 1 && dd <= daysIn(c.y, m) {
				return pos + 5, calDate{c.y, m, dd}, true
			}
		}
		return pos + 1, c, true
	case dateRoughly[w] && w != "earlier" && w != "later":
		// "early 2021", "mid-2021", "late March"
		p := pos + 1
		if at(p) == "-" {
			p++
		}
		if p < end && (isYear(at(p)) || d.capitalMonth(p)) {
			return d.readDate(p, end, doc)
		}
	case (w == "earlier" || w == "later") && at(pos+1) == "this" || relativeStep[w] != 0 || w == "this":
		p, step := pos, 0
		if w == "earlier" || w == "later" {
			p++
		}
		step = relativeStep[at(p)]
		switch at(p + 1) {
		case "year":
			if doc.y == 0 {
				return p + 2, calDate{}, true
			}
			return p + 2, calDate{y: doc.y + step}, true
		case "month":
			if doc.m == 0 {
				return p + 2, calDate{}, true
			}
			t := time.Date(doc.y, time.Month(doc.m)+time.Month(step), 1, 0, 0, 0, 0, time.UTC)
			return p + 2, calDate{y: t.Year(), m: int(t.Month())}, true
		}
	case w == "the" || ordinals[w]:
		// "the first half of 2021", "the second quarter of 2022"
		p := pos
		if w == "the" {
			p++
		}
		if ordinals[at(p)] && yearParts[at(p+1)] && at(p+2) == "of" && isYear(at(p+3)) {
			return p + 4, calDate{y: atoi(at(p + 3))}, true
		}
	case weekdays[w] != 0 || w == "sunday":
		if !titleCase(d.TokenText(pos)) {
			return -1, calDate{}, false
		}
		if doc.d == 0 {
			return pos + 1, calDate{}, true
		}
		t := time.Date(doc.y, time.Month(doc.m), doc.d, 0, 0, 0, 0, time.UTC)
		back := (int(t.Weekday()) - int(weekdays[w]) + 7) % 7
		t = t.AddDate(0, 0, -back)
		return pos + 1, calDate{t.Year(), int(t.Month()), t.Day()}, true
	case isDay(w) && pos+1 < end && d.capitalMonth(pos+1):
		// "10 April 2021", "12 May"
		p := pos + 2
		if at(p) == "." {
			p++
		}
		c := calDate{m: monthNumber[at(pos+1)], d: atoi(w)}
		if isYear(at(p)) {
			c.y = atoi(at(p))
			p++
		}
		if p == pos+3 && at(pos+2) == "." {
			p-- // "12 May." at the end of a sentence: the full stop is not the date's
		}
		return p, d.complete(c, doc), true
	case d.capitalMonth(pos):
		return d.monthFirst(pos, end, doc)
	}
	return -1, calDate{}, false
}

// monthFirst reads a capitalised month with an optional day and year
// ("May", "Oct. 24", "March 2018", "Nov 11, 2016").
func (d *Document) monthFirst(pos, end int, doc calDate) (int, calDate, bool) {
	toks := d.Tokens
	c := calDate{m: monthNumber[toks[pos].Fold]}
	p := pos + 1
	if p < end && toks[p].Fold == "." {
		p++
	}
	if p < end && isDay(toks[p].Fold) {
		c.d = atoi(toks[p].Fold)
		p++
		if p+1 < end && toks[p].Fold == "," && isYear(toks[p+1].Fold) {
			p++
		}
	}
	if p < end && isYear(toks[p].Fold) {
		c.y = atoi(toks[p].Fold)
		p++
	}
	if p == pos+2 && toks[pos+1].Fold == "." {
		p-- // "Oct." alone: the full stop is not part of the date
	}
	return p, d.complete(c, doc), true
}

// complete gives a month (and day) written without a year the year of the
// document, if known; a day beyond its month makes the date unresolved.
func (d *Document) complete(c, doc calDate) calDate {
	if c.y == 0 {
		c.y = doc.y
	}
	if c.y == 0 || c.d > daysIn(c.y, c.m) {
		return calDate{}
	}
	return c
}

// capitalMonth reports whether token i is a month name in title case.
func (d *Document) capitalMonth(i int) bool {
	return monthNumber[d.Tokens[i].Fold] != 0 && titleCase(d.TokenText(i))
}

// atoi reads a run of 1 to 4 ASCII digits, or returns -1; unlike
// strconv.Atoi it allocates nothing on a word, and it runs on every token
// a {date} is tried at.
func atoi(s string) int {
	if len(s) == 0 || len(s) > 4 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isYear(s string) bool {
	n := atoi(s)
	return len(s) == 4 && n >= 1900 && n <= 2099
}

func isDay(s string) bool {
	n := atoi(s)
	return len(s) <= 2 && n >= 1 && n <= 31
}
