// Package rulegen makes large rule files for benchmarks: a rule file with
// thousands of invented entities, written the way curators write them, so
// that parsing and compiling can be measured at the size real curated
// files grow to.
package rulegen

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
)

// File reads the rule file at path and returns it with n invented
// entities, as WithEntities makes them.
func File(path string, n int) ([]byte, error) {
	base, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return WithEntities(base, n)
}

// WithEntities returns base, a rule file with a top-level "references"
// section after its entities, with n invented entities added at the end
// of its entities section, one flow mapping a line with zero to three
// aliases, as bench/gencorpus writes them. Names and aliases are unique,
// ignoring case, and differ from any real name.
func WithEntities(base []byte, n int) ([]byte, error) {
	at := bytes.Index(base, []byte("\nreferences:"))
	if at < 0 {
		return nil, errors.New("rulegen: no top-level references section")
	}
	var b bytes.Buffer
	b.Grow(len(base) + n*110)
	b.Write(base[:at+1])
	b.WriteString("  # Invented entities (internal/rulegen)\n")
	for i := range n {
		writeEntity(&b, i)
	}
	b.Write(base[at+1:])
	return b.Bytes(), nil
}

var (
	types    = []string{"company", "person", "agency", "place", "organization", "technology", "law", "company"}
	syllable = []string{"qor", "van", "zhe", "kai", "xin", "lu", "mei", "tra", "bro", "dex", "qua", "zir", "kel", "xao", "ven", "rui"}
)

// stem is an invented word made from the digits of i in base 16; every
// stem holds a q, x, z or k, so none spells an English word.
func stem(i int) string {
	var w strings.Builder
	w.WriteString("Zx"[i%2 : i%2+1])
	for range 3 {
		w.WriteString(syllable[i%16])
		i /= 16
	}
	return w.String()
}

func writeEntity(b *bytes.Buffer, i int) {
	typ := types[i%len(types)]
	s := stem(i)
	var name string
	var aliases []string
	switch typ {
	case "company":
		name = fmt.Sprintf("%s Holdings %d", s, i)
		aliases = []string{fmt.Sprintf("%s Group %d", s, i), fmt.Sprintf("%s Technology Co. %d", s, i), fmt.Sprintf("ZH%d", i)}
	case "person":
		name = fmt.Sprintf("Li %s %d", s, i)
		aliases = []string{fmt.Sprintf("Mr. Li %s %d", s, i)}
	case "agency":
		name = fmt.Sprintf("State %s Administration %d", s, i)
		aliases = []string{fmt.Sprintf("SA%d", i), fmt.Sprintf("%s Bureau %d", s, i)}
	case "place":
		name = fmt.Sprintf("%s City %d", s, i)
	case "organization":
		name = fmt.Sprintf("%s Institute %d", s, i)
		aliases = []string{fmt.Sprintf("University of %s %d", s, i)}
	case "technology":
		name = fmt.Sprintf("%s Cloud %d", s, i)
		aliases = []string{fmt.Sprintf("%s OS %d", s, i), fmt.Sprintf("%s pay %d", strings.ToLower(s), i)}
	case "law":
		name = fmt.Sprintf("%s Data Act %d", s, i)
	}
	aliases = aliases[:min(len(aliases), i%4)]
	fmt.Fprintf(b, "  - {id: rulegen-%d, type: %s, name: %s", i, typ, name)
	if len(aliases) > 0 {
		fmt.Fprintf(b, ", aliases: [%s]", strings.Join(aliases, ", "))
	}
	b.WriteString("}\n")
}
