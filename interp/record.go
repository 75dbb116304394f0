package interp

// Record is the view library functions (Sérialise, Désérialise, VariantVersJSON) have of a
// structure or class instance: its members in declaration order, an ancestor's first, with
// the name a <Sérialise = "nom"> annotation gives them. It reads and writes the instance
// itself, not a copy. GLOBAL members belong to the class, not to the instance, and are not
// part of it.
type Record struct{ o *instance }

// RecordField describes a member of a Record.
type RecordField struct {
	// Name is the member's name as declared.
	Name string
	// SerialName is the name Sérialise writes: Name, or the one a <Sérialise = "nom">
	// annotation gives.
	SerialName string
	// Skip is set by <Sérialise = Faux>: Sérialise leaves the member out and Désérialise
	// leaves it unchanged.
	Skip bool
	// Type is the member's declared type (nil: variant).
	Type *Type
}

// RecordOf returns the record of v when v holds a structure or class instance.
func RecordOf(v Value) (Record, bool) {
	if v.k != KObject {
		return Record{}, false
	}
	o, ok := v.r.(*instance)
	return Record{o}, ok
}

// NewRecord makes an instance of the structure or class that t names (a value or dynamic
// variable's type), with the initial values of its members that are constants; its
// constructor is not run. ok is false when t names no structure or class.
func NewRecord(t *Type) (Value, bool) {
	if t == nil || t.Kind != KObject || t.Obj == nil {
		return Null, false
	}
	if c := t.Obj.class; c != nil {
		return ObjectValue(c.alloc(nil)), true
	}
	return Null, false
}

// TypeName is the name of the structure or class.
func (r Record) TypeName() string { return r.o.cls.name }

// IsStruct reports whether the record is a structure (false: a class).
func (r Record) IsStruct() bool { return r.o.cls.isStruct }

// Len is the number of members.
func (r Record) Len() int { return len(r.o.fields) }

// Field describes member i (0-based).
func (r Record) Field(i int) RecordField {
	f := r.o.cls.fields[i]
	return RecordField{Name: f.name, SerialName: f.serialName, Skip: f.skip, Type: f.typ}
}

// Get returns the value of member i: an array, structure or object member is the member
// itself, so changing it changes the record.
func (r Record) Get(i int) Value { return r.o.fields[i] }

// Set stores v in member i, converted to its type.
func (r Record) Set(i int, v Value) { r.o.fields[i] = r.o.cls.fields[i].typ.convert(v) }
