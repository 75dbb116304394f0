// Package builtins is the WLanguage library of wl: one table that maps every French,
// English and old name of a function, constant, variable and type to its Go implementation.
package builtins

import (
	"fmt"
	"slices"
	"sync"

	"github.com/wl-lang/wl/interp"
)

// registrar collects registration errors so the tables read as plain lists.
type registrar struct {
	lib *interp.Library
	// others is where a group finds what another group registers (registerHTTP reads the
	// AuthToken type): the whole library. It is lib when everything is registered at once.
	others *interp.Library
	err    error
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

// shared is the library of every builtin, made by the first New of the process; New hands
// out extensions of it (Library.Extend). Its groups (libraryGroups) are registered lazily,
// each the first time a name it holds is looked up (interp.NewLazyLibrary, the name index of
// names_index.go), so a run registers only the groups its script names. It never changes
// once a group is registered: the state of a run lives in its thread, so the builtins can
// serve any number of libraries and runs at once.
var shared = sync.OnceValue(newShared)

// newShared makes a lazy library of every builtin.
func newShared() *interp.Library {
	var lib *interp.Library
	groups := make([]func(*interp.Library) error, len(libraryGroups))
	for i, register := range libraryGroups {
		groups[i] = func(group *interp.Library) error {
			r := &registrar{lib: group, others: lib}
			register(r)
			return r.err
		}
	}
	lib = interp.NewLazyLibrary(groups, findName)
	// A Null variant that receives a member becomes a JSON object (registerJSON), whether or
	// not the script names anything of the JSON group.
	jsonType := sync.OnceValue(func() *interp.ObjectType { return lib.Type("JSON") })
	lib.SetDynamicObject(func() interp.DynamicMembers { return newJSONObject(jsonType()) })
	return lib
}

// findName returns the groups of libraryGroups (bit i for group i) that register a name
// whose folded key is key, from the index of names_index.go.
func findName(key string) uint64 {
	i, ok := slices.BinarySearch(nameIndexKeys[:], key)
	if !ok {
		return 0
	}
	return uint64(nameIndexGroups[i])
}

// New returns a library holding every builtin of wl, to which the caller may add its own
// functions. The builtins are registered once per process, group by group as names are
// first looked up; each library returned extends that one without copying it.
func New() (*interp.Library, error) {
	return shared().Extend(), nil
}

// libraryGroups are the parts of the library, in the order Register registers them. Each is
// registered on its own by the shared library, the first time a script names something it
// holds, so a group must not look up names of another group in r.lib (r.others holds them).
// The name index (names_index.go) says which names each group holds: TestNameIndex checks
// it, and `go generate` rewrites it after a group changes.
var libraryGroups = [...]func(*registrar){
	registerCore,
	registerStrings,
	registerStringFormat,
	registerRegex,
	registerAnsi,
	registerNumbers,
	registerNumericFormat,
	registerArrays,
	registerArrayCSV,
	registerDates,
	registerCalendar,
	registerDateDiff,
	registerFiles,
	registerFileDates,
	registerFileTemp,
	registerINI,
	registerZip,
	registerEncode,
	registerHash,
	registerCrypt,
	registerGUID,
	registerSystem,
	registerErrors,
	registerUI,
	registerDelayedMessages,
	registerEmailConstants,
	registerEmail,
	registerAuth,
	registerJSON,
	registerHTTP,
}

//go:generate go test -run ^TestNameIndex$ -args -write-name-index

// Register adds every builtin of wl to lib, at once.
func Register(lib *interp.Library) error {
	r := &registrar{lib: lib, others: lib}
	for _, register := range libraryGroups {
		register(r)
	}
	return r.err
}
