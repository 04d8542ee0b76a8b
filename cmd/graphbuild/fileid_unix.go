//go:build unix

package main

import (
	"os"
	"strconv"
	"syscall"
)

// fileID is the identity of a file: its device and inode numbers.
func fileID(fi os.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return strconv.FormatUint(uint64(st.Dev), 10) + ":" + strconv.FormatUint(st.Ino, 10)
	}
	return ""
}
