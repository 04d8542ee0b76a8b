package store

import (
	"fmt"
	"os"
)

// The bolt and PostgreSQL writers both write the new graph's N-Quads to a
// temporary file beside out/graph.nq, renamed into place by Commit. These
// two functions end that file the same way for both, so that a change to
// how it is made durable or cleaned up is made once.

// closeNQTemp flushes the writer in front of f (flush), syncs and closes f.
// f is closed even when flush or sync fails; the first error is returned,
// prefixed with path.
func closeNQTemp(path string, f *os.File, flush func() error) error {
	err := flush()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	return nil
}

// discardNQTemp closes f, if still open, and removes path, if set, for an
// aborted build. A file already gone is no error.
func discardNQTemp(path string, f *os.File) error {
	var err error
	if f != nil {
		err = f.Close()
	}
	if path != "" {
		if rerr := os.Remove(path); rerr != nil && !os.IsNotExist(rerr) && err == nil {
			err = rerr
		}
	}
	return err
}
