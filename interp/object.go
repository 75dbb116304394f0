package interp

import (
	"sync"

	"github.com/wl-lang/wl/lexer"
)

// Object is a value of a type registered by a library (Email, emailSessionSMTP...).
type Object interface {
	// ObjectType returns the object's type, which lists its properties and methods.
	ObjectType() *ObjectType
}

// Copier is implemented by objects that assignment copies (value types such as Email).
type Copier interface {
	Copy() Object
}

// Iterable is implemented by objects that POUR TOUT / FOR EACH can walk: next returns the
// following element, and false at the end.
type Iterable interface {
	Iterate(th *Thread) (next func() (Value, bool), err error)
}

// KeyedIterable is implemented by objects that POUR TOUT walks like an associative array
// when they hold named entries (a JSON object): next returns the element and its name, or a
// Null name for an element that has none (a JSON array), in which case the second loop
// variable gets its position as for Iterable.
type KeyedIterable interface {
	IterateKeyed(th *Thread) (next func() (item, key Value, ok bool), err error)
}

// ObjectType describes a library type: its names, constructor, properties and methods.
type ObjectType struct {
	// Name is the type's main name, for messages.
	Name string
	// Names lists every name of the type (French, English, old names).
	Names []string
	// New makes a new value for a declared variable; nil when the type cannot be declared.
	New func() Object
	// Assign, when set, converts a value assigned to a variable of this type (a string
	// assigned to a JSON variable is parsed, another JSON value copied); ok false stores the
	// value as it is.
	Assign func(v Value) (o Object, ok bool)
	// fromList, set for the structures of a script, makes an instance from a list of
	// values (struct_list.go).
	fromList func(list *Array, depth int) (Object, error)
	// Properties, found by any of their names.
	Props []*Property
	// Methods, found by any of their names.
	Methods []*Method
	// Open is set when a value of the type has members beyond Props and Methods (a JSON
	// value's members are its data): wl check does not report unknown member names then.
	Open bool

	// props and methods find the members by folded name. A class's type builds them when
	// its members are complete (index); a library type on its first lookup (indexLater,
	// set by Library.AddType; indexOnce): a script uses few of the library's types, and
	// indexing them all cost a fold per member name at each start.
	indexLater bool
	indexOnce  sync.Once
	props      map[string]*Property
	methods    map[string]*Method
	// class is the structure or class of the script whose values (or dynamic references)
	// the type holds; nil for the library's types.
	class *classInfo
}

// Property is a property of an object type.
type Property struct {
	Names []string
	Get   func(th *Thread, o Object) (Value, error)
	// Set is nil for read-only properties.
	Set func(th *Thread, o Object, v Value) error
}

// Method is a method of an object type: `x.Method(args)`.
type Method struct {
	Names []string
	Call  func(th *Thread, o Object, args []Value) (Value, error)
}

// index builds the member tables from Props and Methods as they are now.
func (t *ObjectType) index() { t.buildIndex() }

// indexed builds the member tables of a library type on its first lookup.
func (t *ObjectType) indexed() {
	if t.indexLater {
		t.indexOnce.Do(t.buildIndex)
	}
}

// prop and method find a member by folded name.
func (t *ObjectType) prop(key string) *Property {
	t.indexed()
	return t.props[key]
}

func (t *ObjectType) method(key string) *Method {
	t.indexed()
	return t.methods[key]
}

func (t *ObjectType) buildIndex() {
	t.props = make(map[string]*Property, len(t.Props)*2)
	for _, p := range t.Props {
		for _, n := range p.Names {
			t.props[lexer.Fold(n)] = p
		}
	}
	t.methods = make(map[string]*Method, len(t.Methods)*2)
	for _, m := range t.Methods {
		for _, n := range m.Names {
			t.methods[lexer.Fold(n)] = m
		}
	}
}

// Property finds a property by name (any spelling).
func (t *ObjectType) Property(name string) *Property { return t.prop(lexer.Fold(name)) }

// Method finds a method by name (any spelling).
func (t *ObjectType) Method(name string) *Method { return t.method(lexer.Fold(name)) }
