package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The file index lets an incremental build know an unchanged corpus file
// by its metadata, as git's index does, instead of reading and hashing it:
// out/cache/files records, for every file of the last build, its size,
// modification and change times, device and inode, and the SHA-256 of the
// content read. A file whose record matches its metadata now has the
// recorded content, with git's "racily clean" exception: a file changed
// in the same clock tick as the recording build's look at it could keep
// every field, so a record is trusted only when the file's times were
// older, by more than statMargin, than the moment its metadata was taken
// (before its content was read: any later change gives it newer times).
// A record that is not is written "smudged" (settle), as git does, so
// that the next build reads the file again. The moment is the file's own,
// not the start of the build: a corpus written just before a build would
// otherwise be read again in full by the build after it. The change
// time, which no program can set, catches a rewrite that keeps the size
// and puts the modification time back.

// fileIndexVersion heads the file; another heading reads as no index.
// Version 1 recorded racily clean files unsmudged, trusting them by the
// recording build's start instead.
const fileIndexVersion = "graphbuild-files-2"

// statMargin is the clock granularity a file's times must be older than, with
// room: the kernel's coarse clock stamps files up to a tick (≤ 10 ms)
// behind real time, and some file systems keep whole or even two seconds.
// A variable for the tests.
var statMargin = 2 * time.Second

// fileStat is what the index records of a file besides its hash.
type fileStat struct {
	size, mtime, ctime int64 // bytes; nanoseconds since 1970
	dev, ino           uint64
}

type fileRecord struct {
	stat fileStat
	sum  [sha256.Size]byte
}

// smudged is the change time of a record that must not be trusted: no
// file has it.
const smudged = math.MinInt64

// settle returns the record of a file whose metadata st was taken at
// seen, before its content (sum) was read: smudged when a change of the
// file after seen could keep st.
func settle(st fileStat, sum [sha256.Size]byte, seen time.Time) fileRecord {
	safe := seen.Add(-statMargin).UnixNano()
	if st.mtime >= safe || st.ctime >= safe {
		st.ctime = smudged
	}
	return fileRecord{stat: st, sum: sum}
}

// fileIndex is the index one build read (prev) or is making (next).
type fileIndex struct {
	files map[string]fileRecord
}

func newFileIndex() *fileIndex {
	return &fileIndex{files: make(map[string]fileRecord)}
}

// fileIndexPath is where the index of the cache in dir lives.
func fileIndexPath(cacheDir string) string { return filepath.Join(cacheDir, "files") }

// readFileIndex reads the index at path; a missing or damaged one reads
// as empty, so every file is hashed.
func readFileIndex(path string) *fileIndex {
	empty := newFileIndex()
	data, err := os.ReadFile(path)
	if err != nil {
		return empty
	}
	head, rest, _ := bytes.Cut(data, []byte("\n"))
	f := strings.Fields(string(head))
	if len(f) != 2 || f[0] != fileIndexVersion {
		return empty
	}
	if _, err := strconv.ParseInt(f[1], 10, 64); err != nil { // when the build began
		return empty
	}
	ix := newFileIndex()
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		// <sum> <size> <mtime> <ctime> <dev> <ino> <quoted path>
		f := strings.SplitN(string(line), " ", 7)
		if len(f) != 7 {
			return empty
		}
		var r fileRecord
		sum, err := hex.DecodeString(f[0])
		if err != nil || len(sum) != len(r.sum) {
			return empty
		}
		copy(r.sum[:], sum)
		var nums [5]int64
		for i := range nums {
			if nums[i], err = strconv.ParseInt(f[1+i], 10, 64); err != nil {
				return empty
			}
		}
		r.stat = fileStat{size: nums[0], mtime: nums[1], ctime: nums[2], dev: uint64(nums[3]), ino: uint64(nums[4])}
		path, err := strconv.Unquote(f[6])
		if err != nil {
			return empty
		}
		ix.files[path] = r
	}
	return ix
}

// lookup returns the content hash recorded for path when its metadata now,
// st, says the content is still the one recorded: a smudged record (settle)
// never does.
func (ix *fileIndex) lookup(path string, st fileStat) ([sha256.Size]byte, bool) {
	r, ok := ix.files[path]
	return r.sum, ok && r.stat == st
}

// fileIndexWriter writes the index of this build as its records come,
// in the order of the corpus (sorted paths), so that nothing per file is
// kept in memory for it; commit puts it in place atomically: a killed
// build leaves the previous index, whose records are still true of the
// files they describe.
type fileIndexWriter struct {
	path string // where it goes
	f    *os.File
	w    *bufio.Writer
	err  error
}

// createFileIndex starts the index of a build that began at taken.
func createFileIndex(path string, taken time.Time) (*fileIndexWriter, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	// What killed builds left: a build holds out/build.lock, so no other
	// build is writing one now.
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "files.*.tmp"))
	for _, o := range old {
		os.Remove(o)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "files.*.tmp")
	if err != nil {
		return nil, err
	}
	iw := &fileIndexWriter{path: path, f: f, w: bufio.NewWriterSize(f, 1<<16)}
	_, iw.err = fmt.Fprintf(iw.w, "%s %d\n", fileIndexVersion, taken.UnixNano())
	return iw, nil
}

func (iw *fileIndexWriter) add(path string, r fileRecord) {
	if iw.err != nil {
		return
	}
	st := r.stat
	_, iw.err = fmt.Fprintf(iw.w, "%x %d %d %d %d %d %s\n", r.sum, st.size, st.mtime, st.ctime, int64(st.dev), int64(st.ino), strconv.Quote(path))
}

// commit puts the index in place.
func (iw *fileIndexWriter) commit() error {
	err := iw.err
	if err == nil {
		err = iw.w.Flush()
	}
	if cerr := iw.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(iw.f.Name(), iw.path)
	}
	if err != nil {
		os.Remove(iw.f.Name())
	}
	return err
}

// abort removes the unfinished index; commit after abort does nothing useful.
func (iw *fileIndexWriter) abort() {
	iw.f.Close()
	os.Remove(iw.f.Name())
	if iw.err == nil {
		iw.err = os.ErrClosed
	}
}
