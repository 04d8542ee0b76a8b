package main

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
)

// namedCorpus is a corpus a curator checks rule changes against: a name
// for its accepted graph and a folder of articles.
type namedCorpus struct {
	Name, Dir string
}

// corpusList is a repeatable -corpus flag: "DIR" or "NAME=DIR"; a bare
// folder is named after its last element.
type corpusList []namedCorpus

func (l *corpusList) String() string {
	var s []string
	for _, c := range *l {
		s = append(s, c.Name+"="+c.Dir)
	}
	return strings.Join(s, ",")
}

func (l *corpusList) Set(v string) error {
	name, dir, ok := strings.Cut(v, "=")
	if !ok {
		dir = v
		name = filepath.Base(filepath.Clean(v))
	}
	if name == "" || dir == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return fmt.Errorf("want DIR or NAME=DIR, with a NAME that can be a file name; got %q", v)
	}
	for _, c := range *l {
		if c.Name == name {
			return fmt.Errorf("two corpora named %q (%s and %s); name them with NAME=DIR", name, c.Dir, dir)
		}
	}
	*l = append(*l, namedCorpus{name, dir})
	return nil
}

// corpusEvidence extracts every document of dir in memory, without a
// store, and returns the evidence in document order.
func corpusEvidence(m *extract.Matcher, dir string) ([]extract.Evidence, error) {
	paths, err := listCorpus(dir)
	if err != nil {
		return nil, err
	}
	var evs []extract.Evidence
	err = eachResult(m, paths, runtime.GOMAXPROCS(0), func(x extracted) { evs = append(evs, x.result.Evidence...) })
	return evs, err
}
