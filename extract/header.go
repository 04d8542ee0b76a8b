package extract

import "strings"

// header reads one line of a file's header: the "Source: URL" and
// "Date: 2021-05-10" lines a file may start with, before its title. It
// reports whether line was a header line; such lines are neither title
// nor sentences. A Date of "unknown" (or any value that is not an ISO
// date, year-month or year) leaves the document's date unknown, even if
// the file name holds a year.
func (d *Document) header(line string) bool {
	key, val, ok := strings.Cut(line, ":")
	if !ok {
		return false
	}
	val = strings.TrimSpace(val)
	switch strings.TrimSpace(key) {
	case "Source":
		if strings.ContainsAny(val, " \t") || !strings.Contains(val, "/") {
			return false // a sentence that starts with "Source:", not an address
		}
		d.Source = val
	case "Date":
		d.Date = ""
		if _, ok := parseDocDate(val); ok {
			d.Date = val
		}
	default:
		return false
	}
	return true
}
