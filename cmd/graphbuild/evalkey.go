package main

import (
	"regexp"
	"strings"
)

// isoDate is a date written as a key's object or date column: a year, a
// year and month, or a full date, as xsd:gYear, xsd:gYearMonth or xsd:date
// spell them.
var isoDate = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

// keyColumns checks a key's header and returns how many columns its lines
// have, or 0 if the header is not one of the accepted forms. The fifth
// column is the evidence sentence (keys of corpora the repository may hold)
// or a locator such as "@1234" (the byte offset of the sentence in the file
// on disk, for third-party text that must not be copied); an optional sixth
// column gives the date a decision was taken or a law was issued.
func keyColumns(header []string) int {
	h := strings.Join(header, " ")
	for _, fifth := range []string{"sentence", "locator"} {
		base := "subject predicate object document " + fifth
		switch h {
		case base:
			return 5
		case base + " date":
			return 6
		}
	}
	return 0
}

// dateScore counts the key's dated facts that the graph found, and how many
// of those carry the key's date on at least one of their evidences.
type dateScore struct {
	Key   int `json:"key"`
	Found int `json:"found"`
	Right int `json:"right"`
}

func scoreDates(key []scored, dates map[keyFact]map[string]bool) dateScore {
	var d dateScore
	for _, k := range key {
		if k.Date == "" {
			continue
		}
		d.Key++
		if ds, ok := dates[k.keyFact]; ok {
			d.Found++
			if ds[k.Date] {
				d.Right++
			}
		}
	}
	return d
}
