package interp

import (
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// selfName is the hidden first parameter of a method: the current object. `objet`,
// `object` and `this` all name it.
const selfName = "objet"

// classTable is what the compiler knows of the script's structures and classes.
type classTable struct {
	byName map[string]*classInfo
	byObj  map[*ObjectType]*classInfo
	order  []*classInfo // ancestors before descendants
	all    []*methodInfo
	// cur is the class whose method is being compiled (nil elsewhere); curStatic is set in a
	// GLOBAL method, which has no current object; curMethod is the method.
	cur       *classInfo
	curStatic bool
	curMethod *methodInfo
	// statics describes the GLOBAL members (their access and class).
	statics map[*varInfo]*fieldInfo
}

// collectClasses finds the structure and class declarations of a file (main code and
// procedure bodies, at any depth of blocks) and of the files it includes. A structure or
// class declared inside a procedure is known to the whole program: its name must be unique.
func collectClasses(f *parser.File, decls *[]*parser.ClassDecl, methods *[]*parser.Procedure) {
	var block func(b *parser.Block)
	block = func(b *parser.Block) {
		if b == nil {
			return
		}
		for _, s := range b.Stmts {
			switch s := s.(type) {
			case *parser.ClassDecl:
				*decls = append(*decls, s)
			case *parser.ExternStmt:
				if s.Included != nil {
					collectClasses(s.Included, decls, methods)
				}
			}
		}
	}
	if f.Main != nil {
		block(f.Main.Block)
	}
	for _, pd := range f.Procs {
		if pd.Method != "" {
			*methods = append(*methods, pd)
		}
		if pd.Body != nil {
			block(pd.Body.Block)
		}
	}
}

// declareClasses registers every structure and class of the files with their members and
// methods (the method bodies are compiled by compileMethods). The returned code gives the
// GLOBAL members their initial values when the program starts.
func (c *compiler) declareClasses(files []*parser.File) execFn {
	ct := &classTable{byName: map[string]*classInfo{}, byObj: map[*ObjectType]*classInfo{},
		statics: map[*varInfo]*fieldInfo{}}
	c.cls = ct
	var decls []*parser.ClassDecl
	var methods []*parser.Procedure
	for _, f := range files {
		collectClasses(f, &decls, &methods)
	}
	for _, d := range decls {
		key := wlex.Fold(d.Name)
		if old, ok := ct.byName[key]; ok {
			c.errorf(d.Pos, "%s is already declared at %s", d.Name, old.pos)
			continue
		}
		ci := &classInfo{name: d.Name, isStruct: d.Struct, pos: d.Pos, decl: d,
			fieldIdx: map[string]int{}, methods: map[string]*methodInfo{},
			statics: map[string]*varInfo{}, consts: map[string]Value{}}
		ci.objType = &ObjectType{Name: d.Name, Names: []string{d.Name}}
		ci.typ = &Type{Name: d.Name, Kind: KObject, Obj: ci.objType}
		dyn := &ObjectType{Name: d.Name, Names: []string{d.Name}}
		ci.dynTyp = &Type{Name: d.Name + " dynamique", Kind: KObject, Obj: dyn}
		ci.objType.class, dyn.class = ci, ci
		ct.byName[key] = ci
		ct.byObj[ci.objType] = ci
		ct.byObj[dyn] = ci
	}
	// Ancestors first. visit is false for a class whose own visit is under way: its
	// descendant closes a cycle and gets no base, so no chain of bases loops.
	state := map[*classInfo]int{}
	var visit func(ci *classInfo) bool
	visit = func(ci *classInfo) bool {
		switch state[ci] {
		case 1:
			return false
		case 2:
			return true
		}
		state[ci] = 1
		if b := ci.decl.Base; b != "" {
			base := ct.byName[wlex.Fold(b)]
			switch {
			case base == nil:
				c.errorf(ci.decl.BasePos, "unknown base class %s", b)
			case base.isStruct:
				c.errorf(ci.decl.BasePos, "%s is a structure: a class inherits from a class", b)
			case !visit(base):
				c.errorf(ci.decl.BasePos, "class %s inherits from itself", ci.name)
			default:
				ci.base = base
			}
		}
		state[ci] = 2
		ct.order = append(ct.order, ci)
		return true
	}
	for _, d := range decls {
		if ci := ct.byName[wlex.Fold(d.Name)]; ci != nil && ci.decl == d {
			visit(ci)
		}
	}
	var inits []execFn
	for _, ci := range ct.order {
		inits = append(inits, c.declareMembers(ci)...)
	}
	c.checkValueCycles()
	for _, pd := range methods {
		c.declareMethod(pd)
	}
	for _, ci := range ct.order {
		c.buildMethodTable(ci)
	}
	for _, ci := range ct.order {
		ci.finishObjectType()
	}
	return func(fr *frame) ctl {
		for _, f := range inits {
			f(fr)
		}
		return ctlNext
	}
}

// declareMembers lays out the members of ci after its ancestor's.
func (c *compiler) declareMembers(ci *classInfo) []execFn {
	var inits []execFn
	if b := ci.base; b != nil {
		ci.fields = append(ci.fields, b.fields...)
		for k, i := range b.fieldIdx {
			ci.fieldIdx[k] = i
		}
	}
	for _, cd := range ci.decl.Consts {
		v, ok := c.constValue(cd.Value)
		if !ok {
			c.errorf(cd.Pos, "the value of constant %s must be known at compile time", cd.Name)
		}
		ci.consts[wlex.Fold(cd.Name)] = v
	}
	for _, m := range ci.decl.Members {
		t := c.resolveTypeRef(m.Type)
		var def evalFn
		if m.Value != nil {
			def = c.compileExpr(m.Value)
		}
		for _, n := range m.Names {
			key := wlex.Fold(n)
			if m.Global {
				v := c.declareGlobal(ci.name+"::"+n, t)
				c.cls.statics[v] = &fieldInfo{name: n, key: key, typ: t, access: m.Access, owner: ci}
				ci.statics[key] = v
				if def != nil {
					set := c.storeVar(v, 0, m.Pos)
					inits = append(inits, func(fr *frame) ctl { set(fr, def(fr)); return ctlNext })
				}
				continue
			}
			if i, dup := ci.fieldIdx[key]; dup && ci.fields[i].owner == ci {
				c.errorf(m.Pos, "member %s is declared twice in %s", n, ci.name)
				continue
			}
			f := &fieldInfo{name: n, key: key, typ: t, access: m.Access, owner: ci, def: def,
				serialName: n, skip: m.NoSerialize}
			if m.Value != nil {
				f.constDef, f.hasConst = c.constValue(m.Value)
			}
			if m.Serialize != "" {
				f.serialName = m.Serialize
			}
			ci.fieldIdx[key] = len(ci.fields)
			ci.fields = append(ci.fields, f)
		}
	}
	return inits
}

func accessOf(mods []string) (parser.Access, bool) {
	a, global := parser.Public, false
	for _, m := range mods {
		switch m {
		case "PRIVE", "PRIVEE", "PRIVATE":
			a = parser.Private
		case "PROTEGE", "PROTEGEE", "PROTECTED":
			a = parser.Protected
		case "GLOBAL", "GLOBALE":
			global = true
		}
	}
	return a, global
}

// declareMethod registers a `PROCÉDURE Classe::Méthode` of the script.
func (c *compiler) declareMethod(pd *parser.Procedure) {
	ct := c.cls
	ci := ct.byName[wlex.Fold(pd.Name)]
	if ci == nil {
		c.errorf(pd.Pos, "unknown class %s for method %s", pd.Name, pd.Method)
		return
	}
	access, global := accessOf(pd.Mods)
	key := wlex.Fold(pd.Method)
	m := &methodInfo{name: pd.Method, access: access, global: global, owner: ci, def: pd,
		proc: &Proc{Name: ci.name + "::" + pd.Method, Pos: pd.Pos, required: requiredParams(pd.Params)}}
	switch key {
	case "constructeur", "constructor":
		if ci.ctor != nil {
			c.errorf(pd.Pos, "class %s already has a constructor at %s", ci.name, ci.ctor.proc.Pos)
			return
		}
		ci.ctor = m
	case "destructeur", "destructor":
		ci.dtor = m
	default:
		if old, ok := ci.methods[key]; ok && old.owner == ci {
			c.errorf(pd.Pos, "method %s::%s is already declared at %s", ci.name, pd.Method, old.proc.Pos)
			return
		}
		ci.methods[key] = m
	}
	ct.all = append(ct.all, m)
}

// buildMethodTable gives ci its ancestor's methods where it does not redefine them, and the
// method table of virtual calls (a redefinition takes its ancestor's index).
func (c *compiler) buildMethodTable(ci *classInfo) {
	own := ci.methods
	ci.methods = map[string]*methodInfo{}
	if b := ci.base; b != nil {
		ci.vtable = append(ci.vtable, b.vtable...)
		for k, m := range b.methods {
			ci.methods[k] = m
		}
	}
	keys := make([]string, 0, len(own))
	for k := range own {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m := own[k]
		if m.global {
			ci.methods[k] = m
			continue
		}
		if old, ok := ci.methods[k]; ok && !old.global {
			m.slot = old.slot
			ci.vtable[m.slot] = m.proc
		} else {
			m.slot = len(ci.vtable)
			ci.vtable = append(ci.vtable, m.proc)
		}
		ci.methods[k] = m
	}
}

// compileMethods compiles the bodies of the methods: a non-global method has the current
// object as hidden first parameter.
func (c *compiler) compileMethods() {
	ct := c.cls
	for _, m := range ct.all {
		pd := m.def
		params := pd.Params
		if !m.global {
			self := &parser.Param{Pos: pd.Pos, Name: selfName,
				Type: &parser.TypeRef{Pos: pd.Pos, Words: []string{m.owner.name}}}
			params = append([]*parser.Param{self}, pd.Params...)
		}
		var block *parser.Block
		var handlers []*parser.ErrorHandler
		if pd.Body != nil {
			block, handlers = pd.Body.Block, pd.Body.Handlers
		}
		ct.cur, ct.curStatic, ct.curMethod = m.owner, m.global, m
		c.compileProcParts(m.proc, params, pd.Result, block, handlers, nil)
		ct.cur, ct.curStatic, ct.curMethod = nil, false, nil
	}
}

// finishObjectType fills the ObjectTypes through which values of unknown static type (a
// variant, an element of an untyped array) reach the public members and methods.
func (ci *classInfo) finishObjectType() {
	t := ci.objType
	t.New = func() Object { return ci.alloc(nil) }
	t.fromList = ci.instanceFromList
	t.Assign = func(v Value) (Object, bool) {
		if o, ok := v.r.(*instance); ok && v.k == KObject {
			return o.Copy(), true
		}
		if v.k == KArray && t.fromList != nil {
			if o, err := t.fromList(v.Array(), 0); err == nil {
				return o, true
			}
		}
		return nil, false
	}
	for i, f := range ci.fields {
		t.Props = append(t.Props, ci.fieldProperty(i, f))
	}
	keys := make([]string, 0, len(ci.methods))
	for k := range ci.methods {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Methods = append(t.Methods, methodOf(ci.methods[k]))
	}
	t.index()
	dyn := ci.dynTyp.Obj
	dyn.Props, dyn.Methods = t.Props, t.Methods
	dyn.Assign = func(v Value) (Object, bool) {
		if o, ok := v.r.(*instance); ok && v.k == KObject {
			return o, true
		}
		return nil, false
	}
	// A list cannot become the object a dynamic variable designates (PC SOFT's pages give
	// no meaning to it): a clear error rather than a list stored in the variable.
	dyn.fromList = func(*Array, int) (Object, error) {
		return nil, fmt.Errorf("a dynamic %s %s designates an object: it cannot be assigned a list of values (allocate it, then assign its members)", ci.kindName(), ci.name)
	}
	dyn.index()
}

func privateError(name string, a parser.Access, owner *classInfo) error {
	return &RuntimeError{Msg: name + " is a " + a.String() + " member of " + owner.kindName() + " " + owner.name}
}

func (ci *classInfo) fieldProperty(i int, f *fieldInfo) *Property {
	return &Property{Names: []string{f.name},
		Get: func(th *Thread, o Object) (Value, error) {
			if f.access != parser.Public {
				return Null, privateError(f.name, f.access, f.owner)
			}
			return o.(*instance).fields[i], nil
		},
		Set: func(th *Thread, o Object, v Value) error {
			if f.access != parser.Public {
				return privateError(f.name, f.access, f.owner)
			}
			o.(*instance).fields[i] = f.typ.convert(v)
			return nil
		}}
}

func methodOf(m *methodInfo) *Method {
	return &Method{Names: []string{m.name}, Call: func(th *Thread, o Object, args []Value) (Value, error) {
		if m.access != parser.Public {
			return Null, privateError("method "+m.name, m.access, m.owner)
		}
		caller := th.callFr
		if caller == nil {
			caller = &frame{th: th, proc: th.prog.main}
		}
		p := m.proc
		all := append([]Value(nil), args...)
		if !m.global {
			if in, ok := o.(*instance); ok {
				p = in.cls.vtable[m.slot]
			}
			all = append([]Value{ObjectValue(o)}, args...)
		}
		return th.callProc(caller, p, nil, all, th.callPos), nil
	}}
}

// classType resolves a type naming a structure or class (with `dynamique` / `dynamic`
// for a dynamic variable); nil when ref names none.
func (c *compiler) classType(ref *parser.TypeRef) *Type {
	if c.cls == nil || ref.Array || len(ref.Words) == 0 {
		return nil
	}
	var ci *classInfo
	dyn := false
	for _, w := range ref.Words {
		f := wlex.Fold(w)
		switch {
		case f == "dynamique" || f == "dynamic":
			dyn = true
		case c.cls.byName[f] != nil:
			ci = c.cls.byName[f]
		case strings.HasSuffix(f, "s") && c.cls.byName[strings.TrimSuffix(f, "s")] != nil:
			ci = c.cls.byName[strings.TrimSuffix(f, "s")]
		default:
			return nil
		}
	}
	if ci == nil {
		return nil
	}
	if dyn {
		return ci.dynTyp
	}
	return ci.typ
}

// canAccess reports whether code compiled now may use a member of owner with access a.
func (c *compiler) canAccess(a parser.Access, owner *classInfo) bool {
	switch a {
	case parser.Private:
		return c.cls.cur == owner
	case parser.Protected:
		return c.cls.cur != nil && c.cls.cur.derives(owner)
	}
	return true
}

func (c *compiler) checkAccess(pos lexer.Position, name string, a parser.Access, owner *classInfo) {
	if !c.canAccess(a, owner) {
		c.errorf(pos, "%s is a %s member of %s %s: it cannot be used here", name, a, owner.kindName(), owner.name)
	}
}

// inMethod reports whether the current object exists here.
func (c *compiler) inMethod() bool {
	return c.cls != nil && c.cls.cur != nil && !c.cls.curStatic && c.sc != nil
}

func isSelfName(name string) bool {
	switch wlex.Fold(name) {
	case "objet", "object", "this":
		return true
	}
	return false
}

func isAncestorName(name string) bool {
	switch wlex.Fold(name) {
	case "ancetre", "ancestor":
		return true
	}
	return false
}

// isLocal reports whether name is a variable of the current procedure.
func (c *compiler) isLocal(name string) bool {
	if c.sc == nil {
		return false
	}
	_, ok := c.sc.vars[wlex.Fold(name)]
	return ok
}

// selfLoad compiles a read of the current object.
func (c *compiler) selfLoad() evalFn {
	v, depth := c.lookupVar(selfName)
	return loadVar(v, depth)
}

// staticType is the declared type of an expression when the compiler knows it (variables,
// members of structures and classes, their array elements); nil otherwise.
func (c *compiler) staticType(e parser.Expr) *Type {
	switch e := e.(type) {
	case *parser.Ident:
		if c.inMethod() && isSelfName(e.Name) && (wlex.Fold(e.Name) == selfName || !c.isLocal(e.Name)) {
			return c.cls.cur.typ
		}
		if c.inMethod() && !c.isLocal(e.Name) {
			if i, ok := c.cls.cur.fieldIdx[wlex.Fold(e.Name)]; ok {
				return c.cls.cur.fields[i].typ
			}
		}
		if v, _ := c.lookupVar(e.Name); v != nil {
			return v.typ
		}
		if v := c.staticVar(e.Name); v != nil {
			return v.typ
		}
	case *parser.Member:
		if ci, _ := c.cls.classOfType(c.staticType(e.X)); ci != nil {
			if i, ok := ci.fieldIdx[wlex.Fold(e.Name)]; ok {
				return ci.fields[i].typ
			}
		}
	case *parser.Index:
		if t := c.staticType(e.X); t != nil && (t.Kind == KArray || t.Kind == KAssoc) {
			return t.Elem
		}
	}
	return nil
}

func (c *compiler) staticClass(e parser.Expr) (*classInfo, bool) {
	return c.cls.classOfType(c.staticType(e))
}

// staticVar finds a GLOBAL member named `Classe::membre`, or, inside a method, a GLOBAL
// member of the class or its ancestors named alone.
func (c *compiler) staticVar(name string) *varInfo {
	if c.cls == nil {
		return nil
	}
	if i := strings.Index(name, "::"); i > 0 {
		ci := c.cls.byName[wlex.Fold(name[:i])]
		for ; ci != nil; ci = ci.base {
			if v, ok := ci.statics[wlex.Fold(name[i+2:])]; ok {
				return v
			}
		}
		return nil
	}
	if c.cls.cur == nil || c.isLocal(name) {
		return nil
	}
	for ci := c.cls.cur; ci != nil; ci = ci.base {
		if v, ok := ci.statics[wlex.Fold(name)]; ok {
			return v
		}
	}
	return nil
}

// classConst finds a constant of a class: `Classe::NOM`, or NOM alone inside its methods.
func (c *compiler) classConst(name string) (Value, bool) {
	if c.cls == nil {
		return Null, false
	}
	ci, n := c.cls.cur, name
	if i := strings.Index(name, "::"); i > 0 {
		ci, n = c.cls.byName[wlex.Fold(name[:i])], name[i+2:]
	}
	for ; ci != nil; ci = ci.base {
		if v, ok := ci.consts[wlex.Fold(n)]; ok {
			return v, true
		}
	}
	return Null, false
}
