package main

import (
	"flag"
	"os"
)

// dbEnv is the environment variable that names the graph store when -db
// is not given: a team sets it once to its server's URL.
const dbEnv = "GRAPHBUILD_DB"

// dbFlag adds -db to a command that reads or writes the graph. Its default
// is empty rather than $GRAPHBUILD_DB, so that -h never prints a URL that
// may carry a password.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "where the graph is stored: a directory (bolt) or a postgres:// URL, "+
		"which libpq's PG* variables complete (default: -out if given, else $"+dbEnv+", else -out's default)")
}

// graphDB is the store a command uses: -db, else an -out given on the
// command line, else $GRAPHBUILD_DB, else the default -out directory.
func graphDB(fs *flag.FlagSet, db, out string) string {
	if db != "" {
		return db
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "out" })
	if env := os.Getenv(dbEnv); env != "" && !explicit {
		return env
	}
	return out
}
