package main

import (
	"os"
	"syscall"
)

// statOf returns what a build records of a corpus file to know it again
// without reading it: its size, change and modification times, device and
// inode. ok is false where the system does not give them all.
func statOf(fi os.FileInfo) (fileStat, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStat{}, false
	}
	return fileStat{
		size:  fi.Size(),
		mtime: st.Mtim.Nano(),
		ctime: st.Ctim.Nano(),
		dev:   uint64(st.Dev),
		ino:   st.Ino,
	}, true
}
