package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unicode/utf16"
)

// TestBuildSkipsBadFiles is issue 14's cases 3 and 4: a file that cannot
// be read is skipped, counted in the summary and listed with its reason
// in out/skipped.tsv, and -strict fails the build instead; a UTF-16 file
// is read; a corpus that is a symbolic link, and linked folders, are
// read, a loop of links is reported.
func TestBuildSkipsBadFiles(t *testing.T) {
	root := t.TempDir()
	real := filepath.Join(root, "articles")
	other := filepath.Join(root, "more")
	for _, d := range []string{real, other} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(real, "good.txt"), []byte("Tesla set up a data centre in Shanghai.\n"))
	write(filepath.Join(real, "binary.txt"), []byte("PK\x03\x04\x00\x00\xff\xfe"))
	u := []byte{0xFF, 0xFE}
	for _, c := range utf16.Encode([]rune("Apple set up a data storage centre in Guizhou.\r\n")) {
		u = binary.LittleEndian.AppendUint16(u, c)
	}
	write(filepath.Join(real, "windows.txt"), u)
	write(filepath.Join(other, "linked.txt"), []byte("Didi is a company.\n"))
	for _, l := range [][2]string{
		{"nowhere.txt", filepath.Join(root, "missing.txt")},
		{"more", other},
		{"loop", real},
	} {
		if err := os.Symlink(l[1], filepath.Join(real, l[0])); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(real, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join(root, "corpus")
	if err := os.Symlink(real, corpus); err != nil {
		t.Fatal(err)
	}

	out := t.TempDir()
	write(filepath.Join(other, "big.txt"), []byte(strings.Repeat("Tesla is a company. ", 100)))
	code, stdout, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", out, "-max-doc-bytes", "1000")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"documents   3\n", "skipped     5 files (see " + filepath.Join(out, "skipped.tsv") + ")\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the summary lacks %q:\n%s", want, stdout)
		}
	}
	report, err := os.ReadFile(filepath.Join(out, "skipped.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer("C/", corpus+"/", "to C\n", "to "+corpus+"\n").Replace("path\treason\n" +
		"C/binary.txt\tnot a text file (NUL byte at offset 4)\n" +
		"C/loop\tsymbolic link loop: leads back to C\n" +
		"C/more/big.txt\t2000 bytes, more than -max-doc-bytes 1000\n" +
		"C/nowhere.txt\tsymbolic link to nothing: no such file or directory\n" +
		"C/pipe.txt\tnot a regular file (p---------)\n")
	if string(report) != want {
		t.Errorf("skipped.tsv:\n%s\nwant:\n%s", report, want)
	}
	nq, _ := os.ReadFile(filepath.Join(out, "graph.nq"))
	for _, doc := range []string{"<doc:windows>", "<doc:linked>", "<doc:good>"} {
		if !strings.Contains(string(nq), doc) {
			t.Errorf("the graph lacks %s", doc)
		}
	}
	if !strings.Contains(string(nq), `<ent:apple> <rel:built_data_centre_in> <ent:guizhou> <doc:windows>`) {
		t.Error("the UTF-16 file gave no fact")
	}

	// -strict fails the build and keeps the graph.
	code, _, stderr = graphbuild(t, "build", "-strict", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", out, "-max-doc-bytes", "1000")
	if code != 1 || !strings.Contains(stderr, "pipe.txt: not a regular file") || !strings.Contains(stderr, "binary.txt: not a text file") {
		t.Errorf("build -strict: exit %d, want 1 and every bad file\n%s", code, stderr)
	}
	if again, _ := os.ReadFile(filepath.Join(out, "graph.nq")); string(again) != string(nq) {
		t.Error("a failed build changed the graph")
	}

	// A build without bad files removes the old report.
	os.RemoveAll(real)
	os.Mkdir(real, 0o755)
	write(filepath.Join(real, "good.txt"), []byte("Tesla set up a data centre in Shanghai.\n"))
	if code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", out); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "skipped.tsv")); err == nil {
		t.Error("skipped.tsv outlived the files it listed")
	}
}

func TestTSVField(t *testing.T) {
	for in, want := range map[string]string{
		"plain name.txt": "plain name.txt",
		"a\nb.txt":       `"a\nb.txt"`,
		"tab\there":      `"tab\there"`,
		"\x1b[31mred":    `"\x1b[31mred"`,
	} {
		if got := tsvField(in); got != want {
			t.Errorf("tsvField(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestBuildNothingReadable: a corpus whose every file is skipped says so,
// naming one and why, rather than that it holds no articles.
func TestBuildNothingReadable(t *testing.T) {
	corpus := t.TempDir()
	if err := os.WriteFile(filepath.Join(corpus, "big.txt"), []byte(strings.Repeat("Tesla is a company. ", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", corpus, "-out", t.TempDir(), "-max-doc-bytes", "1000")
	if code != 1 || !strings.Contains(stderr, "no *.txt article can be read: 1 skipped") || !strings.Contains(stderr, "big.txt") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

// TestBuildKilledWarnings: the warnings file of a killed build (left as
// warnings.txt.tmp) is the next build's to overwrite, so none pile up.
func TestBuildKilledWarnings(t *testing.T) {
	out := t.TempDir()
	left := filepath.Join(out, "warnings.txt.tmp")
	if err := os.WriteFile(left, []byte("a warning of a killed build\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := graphbuild(t, "build", "-rules", "testdata/rules.yaml", "-corpus", "testdata/corpus", "-out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("out/%s is left", e.Name())
		}
	}
	data, err := os.ReadFile(filepath.Join(out, "warnings.txt"))
	if err == nil && strings.Contains(string(data), "killed build") {
		t.Error("out/warnings.txt holds the killed build's warning")
	}
}
