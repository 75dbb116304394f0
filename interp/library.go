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
	funcs  map[string]*Builtin
	consts map[string]Value
	vars   map[string]*Var
	types  map[string]*ObjectType
	// constNames keeps each constant's names together, as registered (NameSets).
	constNames [][]string
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

func (l *Library) claim(name string) error {
	k := lexer.Fold(name)
	if _, ok := l.funcs[k]; ok {
		return fmt.Errorf("name %q is already a function", name)
	}
	if _, ok := l.consts[k]; ok {
		return fmt.Errorf("name %q is already a constant", name)
	}
	if _, ok := l.vars[k]; ok {
		return fmt.Errorf("name %q is already a variable", name)
	}
	return nil
}

// AddFunc registers a builtin under all its names.
func (l *Library) AddFunc(b *Builtin) error {
	if len(b.Names) == 0 {
		return fmt.Errorf("builtin without a name")
	}
	for _, n := range b.Names {
		if err := l.claim(n); err != nil {
			return err
		}
	}
	for _, n := range b.Names {
		l.funcs[lexer.Fold(n)] = b
	}
	return nil
}

// AddConst registers a constant under all its names.
func (l *Library) AddConst(v Value, names ...string) error {
	for _, n := range names {
		if err := l.claim(n); err != nil {
			return err
		}
	}
	for _, n := range names {
		l.consts[lexer.Fold(n)] = v
	}
	l.constNames = append(l.constNames, names)
	return nil
}

// AddVar registers a predeclared variable under all its names.
func (l *Library) AddVar(v *Var) error {
	for _, n := range v.Names {
		if err := l.claim(n); err != nil {
			return err
		}
	}
	for _, n := range v.Names {
		l.vars[lexer.Fold(n)] = v
	}
	return nil
}

// AddType registers an object type under all its names. Type names may also be function or
// variable names (the Email type and the Email structure).
func (l *Library) AddType(t *ObjectType) error {
	t.index()
	for _, n := range t.Names {
		k := lexer.Fold(n)
		if _, ok := l.types[k]; ok {
			return fmt.Errorf("type %q is already registered", n)
		}
		l.types[k] = t
	}
	return nil
}

// Func finds a builtin by any of its names.
func (l *Library) Func(name string) *Builtin { return l.funcs[lexer.Fold(name)] }

// Const finds a constant by any of its names.
func (l *Library) Const(name string) (Value, bool) {
	v, ok := l.consts[lexer.Fold(name)]
	return v, ok
}

// Type finds an object type by any of its names.
func (l *Library) Type(name string) *ObjectType { return l.types[lexer.Fold(name)] }

func (l *Library) lookupType(fold string) *ObjectType { return l.types[fold] }

// Names returns the main name of every function, for listings.
func (l *Library) FuncNames() []string {
	seen := map[*Builtin]bool{}
	var out []string
	for _, b := range l.funcs {
		if !seen[b] {
			seen[b] = true
			out = append(out, b.Names...)
		}
	}
	return out
}

// ConstNames returns every name of every constant, as registered, for listings (editor
// completion).
func (l *Library) ConstNames() []string {
	var all []string
	for _, names := range l.constNames {
		all = append(all, names...)
	}
	return all
}

// VarNames returns every name of every predeclared variable, for listings.
func (l *Library) VarNames() []string {
	seen := map[*Var]bool{}
	var out []string
	for _, v := range l.vars {
		if !seen[v] {
			seen[v] = true
			out = append(out, v.Names...)
		}
	}
	return out
}

// Var finds a predeclared variable by any of its names.
func (l *Library) Var(name string) *Var { return l.vars[lexer.Fold(name)] }

// Types returns every object type once, for listings.
func (l *Library) Types() []*ObjectType {
	seen := map[*ObjectType]bool{}
	var out []*ObjectType
	for _, t := range l.types {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
