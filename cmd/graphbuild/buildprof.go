package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// stages is where a build's time went. Read and match are summed over the
// workers, so with several workers they can exceed the wall time; write is
// the time the writer spent taking documents in, wait the time it spent
// waiting for the workers, commit the time it took to finish the store
// (indexes, sync, renames).
type stages struct {
	Read   time.Duration `json:"read_ns"`
	Match  time.Duration `json:"match_ns"`
	Wait   time.Duration `json:"wait_ns"`
	Write  time.Duration `json:"write_ns"`
	Commit time.Duration `json:"commit_ns"`
	Total  time.Duration `json:"total_ns"`
}

func (s stages) String() string {
	r := func(d time.Duration) string { return d.Round(time.Millisecond).String() }
	return fmt.Sprintf("read %s, match %s (summed over workers); write %s, waiting %s, commit %s; total %s",
		r(s.Read), r(s.Match), r(s.Write), r(s.Wait), r(s.Commit), r(s.Total))
}

// profiles starts a CPU profile when cpu is set, and returns a function that
// stops it and writes a heap profile when mem is set.
func profiles(cpu, mem string, stderr io.Writer) (stop func() bool, ok bool) {
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			fmt.Fprintf(stderr, "graphbuild: %v\n", err)
			return nil, false
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			fmt.Fprintf(stderr, "graphbuild: %s: %v\n", cpu, err)
			return nil, false
		}
		cpuFile = f
	}
	return func() bool {
		ok := true
		if cpuFile != nil {
			pprof.StopCPUProfile()
			if err := cpuFile.Close(); err != nil {
				fmt.Fprintf(stderr, "graphbuild: %s: %v\n", cpu, err)
				ok = false
			}
		}
		if mem != "" {
			f, err := os.Create(mem)
			if err == nil {
				runtime.GC()
				err = pprof.Lookup("allocs").WriteTo(f, 0)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				fmt.Fprintf(stderr, "graphbuild: %s: %v\n", mem, err)
				ok = false
			}
		}
		return ok
	}, true
}
