package extract

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/graphbuild/graphbuild/schema"
)

// TestDocExamples runs the examples of docs/rules.md, kept in
// docs/examples.yaml: each is a rule file, a text, the facts the matcher
// finds (one per evidence, in text order) and, where given, the mentions.
func TestDocExamples(t *testing.T) {
	src, err := os.ReadFile("../docs/examples.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Examples []struct {
			Name     string    `yaml:"name"`
			Rules    string    `yaml:"rules"`
			Text     string    `yaml:"text"`
			Facts    []string  `yaml:"facts"`
			Mentions *[]string `yaml:"mentions"`
		} `yaml:"examples"`
	}
	if err := yaml.Unmarshal(src, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Examples) == 0 {
		t.Fatal("no examples")
	}
	seen := map[string]bool{}
	for _, ex := range file.Examples {
		if seen[ex.Name] {
			t.Errorf("two examples named %q", ex.Name)
		}
		seen[ex.Name] = true
		t.Run(ex.Name, func(t *testing.T) {
			f, err := schema.Parse(ex.Name+".yaml", []byte(ex.Rules))
			if err != nil {
				t.Fatal(err)
			}
			d, err := Read(ex.Name+".txt", []byte(ex.Text))
			if err != nil {
				t.Fatal(err)
			}
			r := Compile(f).Extract(d)
			var facts []string
			for _, e := range r.Evidence {
				s := e.Fact.Subject + " " + e.Fact.Relation() + " " + e.Fact.Object
				if e.Date != "" && e.Fact.ObjectDate == "" {
					s += " date=" + e.Date
					if e.DateValue != "" && e.DateValue != e.Date {
						s += " (" + e.DateValue + ")"
					}
				}
				facts = append(facts, s)
			}
			if got, want := strings.Join(facts, "\n"), strings.Join(ex.Facts, "\n"); got != want {
				t.Errorf("facts:\n\t%s\nwant:\n\t%s", strings.ReplaceAll(got, "\n", "\n\t"), strings.ReplaceAll(want, "\n", "\n\t"))
			}
			if ex.Mentions == nil {
				return
			}
			var mentions []string
			for _, mn := range r.Mentions {
				mentions = append(mentions, mn.Entity+"="+string(d.Raw[mn.Span.Start:mn.Span.End]))
			}
			if got, want := strings.Join(mentions, " | "), strings.Join(*ex.Mentions, " | "); got != want {
				t.Errorf("mentions:\n\t%s\nwant:\n\t%s", got, want)
			}
		})
	}
}
