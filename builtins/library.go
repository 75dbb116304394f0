// Package builtins is the WLanguage library of wl: one table that maps every French,
// English and old name of a function, constant, variable and type to its Go implementation.
package builtins

import (
	"fmt"
	"sync"

	"github.com/wl-lang/wl/interp"
)

// registrar collects registration errors so the tables read as plain lists.
type registrar struct {
	lib *interp.Library
	err error
}

func (r *registrar) fn(b *interp.Builtin) {
	if r.err == nil {
		if err := r.lib.AddFunc(b); err != nil {
			r.err = fmt.Errorf("builtin %v: %w", b.Names, err)
		}
	}
}

func (r *registrar) constant(v interp.Value, names ...string) {
	if r.err == nil {
		if err := r.lib.AddConst(v, names...); err != nil {
			r.err = fmt.Errorf("constant %v: %w", names, err)
		}
	}
}

func (r *registrar) variable(v *interp.Var) {
	if r.err == nil {
		if err := r.lib.AddVar(v); err != nil {
			r.err = fmt.Errorf("variable %v: %w", v.Names, err)
		}
	}
}

func (r *registrar) typ(t *interp.ObjectType) {
	if r.err == nil {
		if err := r.lib.AddType(t); err != nil {
			r.err = fmt.Errorf("type %v: %w", t.Names, err)
		}
	}
}

// shared is the library of every builtin, built by the first New of the process; New hands
// out extensions of it (Library.Extend). It never changes once built: the state of a run lives in its thread,
// so the builtins can serve any number of libraries and runs at once.
var shared = sync.OnceValues(func() (*interp.Library, error) {
	lib := interp.NewLibrarySized(libraryFuncNames, libraryConstNames)
	if err := Register(lib); err != nil {
		return nil, err
	}
	return lib, nil
})

// libraryFuncNames and libraryConstNames are about the number of function and constant names
// Register adds (721 and 343 today; TestLibrarySizeHints keeps them above): the shared
// library's tables are made that large at once.
const (
	libraryFuncNames  = 800
	libraryConstNames = 400
)

// New returns a library holding every builtin of wl, to which the caller may add its own
// functions. The builtins are registered once per process, by the first call; each library
// returned extends that one without copying it.
func New() (*interp.Library, error) {
	lib, err := shared()
	if err != nil {
		return nil, err
	}
	return lib.Extend(), nil
}

// Register adds every builtin of wl to lib.
func Register(lib *interp.Library) error {
	r := &registrar{lib: lib}
	registerCore(r)
	registerStrings(r)
	registerStringFormat(r)
	registerRegex(r)
	registerAnsi(r)
	registerNumbers(r)
	registerNumericFormat(r)
	registerArrays(r)
	registerArrayCSV(r)
	registerDates(r)
	registerCalendar(r)
	registerDateDiff(r)
	registerFiles(r)
	registerFileDates(r)
	registerFileTemp(r)
	registerINI(r)
	registerZip(r)
	registerEncode(r)
	registerHash(r)
	registerCrypt(r)
	registerGUID(r)
	registerSystem(r)
	registerErrors(r)
	registerUI(r)
	registerDelayedMessages(r)
	registerEmailConstants(r)
	registerEmail(r)
	registerAuth(r)
	registerJSON(r)
	registerHTTP(r)
	return r.err
}
