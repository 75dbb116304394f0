package builtins

import (
	"fmt"

	"github.com/wl-lang/wl/interp"
)

// emailArgsError is the fatal error of a method called with the wrong number of arguments.
func emailArgsError(name string, want, got int) error {
	return fmt.Errorf("%s: wrong number of parameters: %d given, %d expected", name, got, want)
}

// errNotAnEmail is the fatal error of a parameter that should be an Email.
func errNotAnEmail(fn string, v interp.Value) error {
	return fmt.Errorf("%s: an Email variable was expected, not %s", fn, kindName(v))
}
