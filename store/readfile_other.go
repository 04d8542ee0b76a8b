//go:build !unix

package store

import "os"

// readWhole reads a cached block; see the unix version.
func readWhole(path string) ([]byte, error) { return os.ReadFile(path) }
