package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCheckWarningsGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		args   []string
		code   int
	}{
		{"check", nil, 0},
		{"check.json", []string{"-json"}, 0},
		{"check.strict", []string{"-strict"}, 1},
		{"check.no-corpus", []string{"-no-corpus"}, 0},
		{"check.only", []string{"-only", "never-fires,adds-nothing"}, 0},
		{"check.skip", []string{"-skip", "never-mentioned, unused-type", "-json"}, 0},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			code, stdout, stderr := curate(t, append([]string{"check"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
			golden(t, "curate/"+tt.golden, []byte(stderr+stdout))
		})
	}
}

func TestCheckCorpus(t *testing.T) {
	// Without -corpus, a missing default corpus means the static warnings only.
	code, stdout, stderr := graphbuild(t, "check", "-rules", "testdata/curate/rules.yaml")
	if code != 0 || strings.Contains(stderr, "corpus") || !strings.Contains(stdout, "; 3 warnings") {
		t.Errorf("check without a corpus: exit %d\n%s%s", code, stderr, stdout)
	}
	// A corpus named that is not there is an error.
	code, _, stderr = graphbuild(t, "check", "-rules", "testdata/curate/rules.yaml", "-corpus", "testdata/nope")
	if code != 1 || !strings.Contains(stderr, "testdata/nope") {
		t.Errorf("check with a missing corpus: exit %d, want 1\n%s", code, stderr)
	}
	// A rule file without warnings: no warning line.
	code, stdout, stderr = graphbuild(t, "check", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-strict")
	if code != 0 || stderr != "" || strings.Contains(stdout, "warning") {
		t.Errorf("check of a clean rule file: exit %d\n%s%s", code, stderr, stdout)
	}
}

func TestCheckKinds(t *testing.T) {
	code, _, stderr := curate(t, "check", "-only", "nope")
	if code != 2 || !strings.Contains(stderr, `unknown warning kind "nope" (kinds: common-word,`) {
		t.Errorf("check -only nope: exit %d\n%s", code, stderr)
	}
	code, _, _ = curate(t, "check", "-only", "never-fires", "-skip", "adds-nothing")
	if code != 2 {
		t.Errorf("check -only and -skip: exit %d, want 2", code)
	}
}

// TestWarningKindsListed checks that -only and -skip know every kind of
// warning the packages give.
func TestWarningKindsListed(t *testing.T) {
	kind := regexp.MustCompile(`warnf\("([a-z-]+)"`)
	for _, dir := range []string{"../../schema", "../../extract"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range kind.FindAllStringSubmatch(string(src), -1) {
				if !slices.Contains(warningKinds, m[1]) {
					t.Errorf("%s: warning kind %q is not in warningKinds", name, m[1])
				}
			}
		}
	}
}
