// Package pgtest gives tests a database of their own on the PostgreSQL
// server that GRAPHBUILD_TEST_PG names, and says how to run them without one.
package pgtest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	"github.com/lib/pq"
)

// Var is the environment variable that points the tests at a server.
const Var = "GRAPHBUILD_TEST_PG"

var seq atomic.Int64

// URL creates a new, empty database for the test, dropped when the test
// ends, and returns its URL. Without GRAPHBUILD_TEST_PG the test is
// skipped, saying how to run it; under CI (CI=true) it fails instead, so
// that a CI run cannot pass without the PostgreSQL tests.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Var)
	if base == "" {
		msg := Var + " is not set: it names a PostgreSQL server where the tests may create databases, " +
			"e.g. " + Var + "='postgres:///postgres?host=/tmp/pg&sslmode=disable'; " +
			"or run the tests with a throwaway server: .ci/with-postgres go test ./..."
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: not a URL", Var)
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("graphbuild_test_%d_%d", os.Getpid(), seq.Add(1))
	if _, err := admin.Exec(`CREATE DATABASE ` + pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("creating a test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("postgres", base)
		if err != nil {
			return
		}
		defer admin.Close()
		if _, err := admin.Exec(`DROP DATABASE ` + pq.QuoteIdentifier(name) + ` WITH (FORCE)`); err != nil {
			t.Errorf("dropping the test database: %v", err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
