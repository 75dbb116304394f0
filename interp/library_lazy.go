package interp

import (
	"fmt"
	"math/bits"
	"sync"
	"sync/atomic"
)

// lazyParts are the groups of a library made by NewLazyLibrary: each group registers its
// names into a library of its own the first time one of them is looked up.
type lazyParts struct {
	// find returns the groups (bit i for groups[i]) that hold a name with the folded key.
	find   func(key string) uint64
	groups []lazyGroup
}

// lazyGroup is one group of a lazy library.
type lazyGroup struct {
	once     sync.Once
	register func(*Library) error
	lib      *Library
	// loaded is set once lib is registered (GroupsLoaded).
	loaded atomic.Bool
}

// NewLazyLibrary makes a library whose names are registered group by group, each group the
// first time a name it holds is looked up (compiling a script that names it, Func, Const...),
// so that a program pays only for the groups it uses. groups[i] registers group i into the
// empty library it is given; find(key) returns the groups that register a name whose folded
// key (lexer.Fold) is key, bit i standing for groups[i] (at most 64 groups). find must be
// exact: a name it does not report is not found. Listings (FuncNames, ConstNames, Types,
// NameSets...) register every group. The library is safe for concurrent use; like any
// library it is meant to be shared through Extend, not added to. A group whose registration
// fails is a programming error: the lookup that needed it panics with the error.
func NewLazyLibrary(groups []func(*Library) error, find func(key string) uint64) *Library {
	if len(groups) > 64 {
		panic(fmt.Sprintf("interp.NewLazyLibrary: %d groups, at most 64", len(groups)))
	}
	l := NewLibrary()
	l.lazy = &lazyParts{find: find, groups: make([]lazyGroup, len(groups))}
	for i, g := range groups {
		l.lazy.groups[i].register = g
	}
	return l
}

// group returns group i, registering it on the first call.
func (p *lazyParts) group(i int) *Library {
	g := &p.groups[i]
	g.once.Do(func() {
		lib := NewLibrary()
		if err := g.register(lib); err != nil {
			panic(fmt.Sprintf("interp: registering group %d of a lazy library: %v", i, err))
		}
		g.lib = lib
		g.loaded.Store(true)
	})
	return g.lib
}

// lookupIn finds key in the table that table returns of l, of the groups of l that hold
// key (registering them), and of the libraries l extends.
func lookupIn[T any](l *Library, key string, table func(*Library) map[string]T) (T, bool) {
	for ; l != nil; l = l.base {
		if v, ok := table(l)[key]; ok {
			return v, true
		}
		if l.lazy != nil {
			for set := l.lazy.find(key); set != 0; set &= set - 1 {
				if v, ok := table(l.lazy.group(bits.TrailingZeros64(set)))[key]; ok {
					return v, true
				}
			}
		}
	}
	var zero T
	return zero, false
}

// GroupsLoaded reports how many groups of the lazy libraries among l and the libraries it
// extends (NewLazyLibrary) are registered so far: what the names looked up made them
// register. It is 0 when there is no lazy library.
func (l *Library) GroupsLoaded() int {
	n := 0
	for ; l != nil; l = l.base {
		if l.lazy == nil {
			continue
		}
		for i := range l.lazy.groups {
			if l.lazy.groups[i].loaded.Load() {
				n++
			}
		}
	}
	return n
}
