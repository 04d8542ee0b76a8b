package extract

import (
	"slices"
	"strings"
	"testing"
)

// TestDemonyms runs the shipped rules' demonyms over sentences written for
// the test: a demonym before a title it may stand before states the
// title's fact with its entity, the name still fills the person's slot,
// and other titles, lower-case words and names inside longer names are
// left alone.
func TestDemonyms(t *testing.T) {
	m := shippedMatcher(t)
	for _, tt := range []struct {
		name, text string
		facts      []string
	}{
		{"a listed name with the title in its alias", "Chinese President Xi Jinping spoke first.", []string{"xi-jinping leads chinese-government"}},
		{"a demonym that is an alias of a country", "US President Joe Biden spoke.", []string{"joe-biden leads united-states"}},
		{"two-word title and a modifier", "Former British Prime Minister Boris Johnson spoke.", []string{"boris-johnson leads united-kingdom"}},
		{"abbreviation with dots", "U.S. President Donald Trump spoke.", []string{"donald-trump leads united-states"}},
		{"a comma before the name", "The Chinese premier, Li Keqiang, spoke.", []string{"li-keqiang leads chinese-government"}},
		{"a title the demonym may not stand before", "British analyst Tom Hale and American chief executive Ann Lee spoke.", nil},
		{"no name after the title", "The Chinese president spoke.", nil},
		{"lower case is not the demonym", "He told us president Joe Biden spoke.", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read("t.txt", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			var facts []string
			for _, e := range m.Extract(d).Evidence {
				facts = append(facts, e.Fact.Subject+" "+e.Fact.Relation()+" "+e.Fact.Object)
			}
			if !slices.Equal(facts, tt.facts) {
				t.Errorf("facts:\n\t%s\nwant\n\t%s", strings.Join(facts, "\n\t"), strings.Join(tt.facts, "\n\t"))
			}
		})
	}
}
