package store

import (
	"errors"
	"fmt"
	"log"
)

// quietLog is Cayley's logger while this package is linked in: it drops
// information and warnings and passes errors to the standard logger, with
// every connection string and password graphbuild handed to Cayley
// blanked out (Cayley logs the connection string when it cannot connect).
// Cayley calls Fatalf only from its own commands, never from code we run;
// it is an error here too, so that no library call can end the program.
type quietLog struct{}

func (quietLog) Infof(string, ...interface{})    {}
func (quietLog) Warningf(string, ...interface{}) {}
func (quietLog) Errorf(format string, args ...interface{}) {
	for _, a := range args {
		if err, ok := a.(error); ok && errors.Is(err, errDamaged) {
			return // said once, by the method that met it (see guardKV)
		}
	}
	log.Print(scrub(fmt.Sprintf("cayley: "+format, args...)))
}
func (l quietLog) Fatalf(format string, args ...interface{}) { l.Errorf(format, args...) }
func (quietLog) V(int) bool                                  { return false }
func (quietLog) SetV(int)                                    {}
