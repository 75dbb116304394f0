package interp

import (
	"fmt"

	"github.com/wl-lang/wl/lexer"
)

// Func is the Go implementation of a builtin function. It receives the evaluated arguments;
// it returns a fatal WLanguage error (index out of range, wrong argument...) as an error.
// Failures that WLanguage reports through ErreurDétectée are signalled with
// Thread.SetError and a Faux result instead.
type Func func(th *Thread, args []Value) (Value, error)

// Builtin is a function of the library, known by all its names.
type Builtin struct {
	// Names lists every spelling: French, English, old names. Names[0] is used in messages.
	Names []string
	// MinArgs and MaxArgs bound the number of arguments; MaxArgs < 0 means no limit.
	MinArgs, MaxArgs int
	// CanFail marks functions that report failures through ErreurDétectée: it is reset to
	// Faux before each call.
	CanFail bool
	// Propagates marks ErreurPropage: a failure it raises leaves the calling procedure and
	// is reported to that procedure's caller.
	Propagates bool
	// ChangesExceptions marks ExceptionChangeParamètre and ExceptionRestaureParamètre: the
	// procedure calling it catches fatal errors to apply the behaviour chosen
	// (Thread.SetExceptionMode).
	ChangesExceptions bool
	// Fn is the implementation.
	Fn Func
	// OutFrom, when not 0, is the position (1-based) of the first parameter passed by
	// reference: after the call, each parameter from there on that can be assigned (a
	// variable, an element, a member) receives what Fn left in its slot of args
	// (VérifieExpressionRégulière's captures).
	OutFrom int
	// OutTo, when not 0, is the position (1-based) of the last parameter passed by
	// reference: Désérialise assigns its variable, never the buffer it reads from (which
	// may be a read-only property).
	OutTo int
	// Unavailable, when set, is the reason the function cannot run outside WINDEV: calling
	// it is a fatal error with that reason, but scripts that name it still compile.
	Unavailable string
}

// Name is the builtin's main name.
func (b *Builtin) Name() string { return b.Names[0] }

// Var is a predeclared variable whose value lives in the thread (ErreurDétectée, the Email
// structure...).
type Var struct {
	Names []string
	Get   func(th *Thread) Value
	// Set is nil for read-only variables.
	Set func(th *Thread, v Value) error
}

// Library is the set of builtin functions, constants, variables and types a program can
// use. Register everything before compiling; a Library must not change once a program
// compiled with it runs.
type Library struct {
	// base, when set, is a library this one extends (Extend): what this one does not hold
	// is looked up there. base does not change.
	base   *Library
	funcs  map[string]*Builtin
	consts map[string]Value
	vars   map[string]*Var
	types  map[string]*ObjectType
	// constNames keeps each constant's names together, as registered (NameSets).
	constNames [][]string
	// lazy, when set, holds the groups of names registered on first use (NewLazyLibrary).
	lazy *lazyParts
	// newDynamic makes the object a Null variant becomes when a member is assigned to it.
	newDynamic func() DynamicMembers
}

// NewLibrary makes an empty library.
func NewLibrary() *Library {
	return &Library{
		funcs:  map[string]*Builtin{},
		consts: map[string]Value{},
		vars:   map[string]*Var{},
		types:  map[string]*ObjectType{},
	}
}

// NewLibrarySized makes an empty library with room for about funcs function names and
// consts constant names, so that registering a large library does not grow its tables step
// by step (each step rehashes every name registered so far).
func NewLibrarySized(funcs, consts int) *Library {
	l := NewLibrary()
	l.funcs = make(map[string]*Builtin, funcs)
	l.consts = make(map[string]Value, consts)
	return l
}

// Extend returns a library holding everything l holds, to which more can be added without
// changing l, and without copying l's tables: l is shared, and must not change any more.
// That is how one library of builtins, registered once, serves many programs that each add
// functions of their own.
func (l *Library) Extend() *Library {
	e := NewLibrary()
	e.base, e.newDynamic = l, l.newDynamic
	return e
}

// layers returns l and the libraries it extends, l first, each followed by its lazy
// groups (all of them registered).
func (l *Library) layers() []*Library {
	var out []*Library
	for ; l != nil; l = l.base {
		out = append(out, l)
		if l.lazy != nil {
			for i := range l.lazy.groups {
				out = append(out, l.lazy.group(i))
			}
		}
	}
	return out
}

func libFuncs(l *Library) map[string]*Builtin    { return l.funcs }
func libConsts(l *Library) map[string]Value      { return l.consts }
func libVars(l *Library) map[string]*Var         { return l.vars }
func libTypes(l *Library) map[string]*ObjectType { return l.types }

// funcOf, constOf, varOf and typeOf look a folded name up in l and the libraries it
// extends.
func (l *Library) funcOf(key string) (*Builtin, bool) { return lookupIn(l, key, libFuncs) }

// builtinAt is funcOf's builtin alone, nil when there is none.
func (l *Library) builtinAt(key string) *Builtin {
	b, _ := l.funcOf(key)
	return b
}

func (l *Library) constOf(key string) (Value, bool) { return lookupIn(l, key, libConsts) }

func (l *Library) varOf(key string) (*Var, bool) { return lookupIn(l, key, libVars) }

func (l *Library) typeOf(key string) (*ObjectType, bool) { return lookupIn(l, key, libTypes) }

// foldNames returns the lookup key of each name, in buf when it is large enough.
func foldNames(names []string, buf *[4]string) []string {
	keys := buf[:0]
	for _, n := range names {
		keys = append(keys, lexer.Fold(n))
	}
	return keys
}

// claim checks that no function, constant or variable has the name whose key is k.
func (l *Library) claim(name, k string) error {
	if _, ok := l.funcOf(k); ok {
		return fmt.Errorf("name %q is already a function", name)
	}
	if _, ok := l.constOf(k); ok {
		return fmt.Errorf("name %q is already a constant", name)
	}
	if _, ok := l.varOf(k); ok {
		return fmt.Errorf("name %q is already a variable", name)
	}
	return nil
}

// AddFunc registers a builtin under all its names.
func (l *Library) AddFunc(b *Builtin) error {
	if len(b.Names) == 0 {
		return fmt.Errorf("builtin without a name")
	}
	var buf [4]string
	keys := foldNames(b.Names, &buf)
	for i, k := range keys {
		if err := l.claim(b.Names[i], k); err != nil {
			return err
		}
	}
	for _, k := range keys {
		l.funcs[k] = b
	}
	return nil
}

// AddConst registers a constant under all its names.
func (l *Library) AddConst(v Value, names ...string) error {
	var buf [4]string
	keys := foldNames(names, &buf)
	for i, k := range keys {
		if err := l.claim(names[i], k); err != nil {
			return err
		}
	}
	for _, k := range keys {
		l.consts[k] = v
	}
	l.constNames = append(l.constNames, names)
	return nil
}

// AddVar registers a predeclared variable under all its names.
func (l *Library) AddVar(v *Var) error {
	var buf [4]string
	keys := foldNames(v.Names, &buf)
	for i, k := range keys {
		if err := l.claim(v.Names[i], k); err != nil {
			return err
		}
	}
	for _, k := range keys {
		l.vars[k] = v
	}
	return nil
}

// AddType registers an object type under all its names. Type names may also be function or
// variable names (the Email type and the Email structure).
func (l *Library) AddType(t *ObjectType) error {
	t.indexLater = true
	for _, n := range t.Names {
		k := lexer.Fold(n)
		if _, ok := l.typeOf(k); ok {
			return fmt.Errorf("type %q is already registered", n)
		}
		l.types[k] = t
	}
	return nil
}

// Func finds a builtin by any of its names.
func (l *Library) Func(name string) *Builtin {
	b, _ := l.funcOf(lexer.Fold(name))
	return b
}

// Const finds a constant by any of its names.
func (l *Library) Const(name string) (Value, bool) { return l.constOf(lexer.Fold(name)) }

// Type finds an object type by any of its names.
func (l *Library) Type(name string) *ObjectType { return l.lookupType(lexer.Fold(name)) }

func (l *Library) lookupType(fold string) *ObjectType {
	t, _ := l.typeOf(fold)
	return t
}

// Names returns the main name of every function, for listings.
func (l *Library) FuncNames() []string {
	seen := map[*Builtin]bool{}
	var out []string
	for _, ll := range l.layers() {
		for _, b := range ll.funcs {
			if !seen[b] {
				seen[b] = true
				out = append(out, b.Names...)
			}
		}
	}
	return out
}

// allConstNames returns each constant's names, as registered, those of the libraries l
// extends first.
func (l *Library) allConstNames() [][]string {
	var out [][]string
	if l.base != nil {
		out = l.base.allConstNames()
	}
	if l.lazy != nil {
		for i := range l.lazy.groups {
			out = append(out, l.lazy.group(i).constNames...)
		}
	}
	return append(out, l.constNames...)
}

// ConstNames returns every name of every constant, as registered, for listings (editor
// completion).
func (l *Library) ConstNames() []string {
	var all []string
	for _, names := range l.allConstNames() {
		all = append(all, names...)
	}
	return all
}

// VarNames returns every name of every predeclared variable, for listings.
func (l *Library) VarNames() []string {
	seen := map[*Var]bool{}
	var out []string
	for _, ll := range l.layers() {
		for _, v := range ll.vars {
			if !seen[v] {
				seen[v] = true
				out = append(out, v.Names...)
			}
		}
	}
	return out
}

// Var finds a predeclared variable by any of its names.
func (l *Library) Var(name string) *Var {
	v, _ := l.varOf(lexer.Fold(name))
	return v
}

// Types returns every object type once, for listings.
func (l *Library) Types() []*ObjectType {
	seen := map[*ObjectType]bool{}
	var out []*ObjectType
	for _, ll := range l.layers() {
		for _, t := range ll.types {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}
