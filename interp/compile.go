package interp

import (
	"fmt"
	"sort"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// Diagnostic is a compile-time message about a script.
type Diagnostic struct {
	Pos     lexer.Position
	Msg     string
	Warning bool
}

func (d Diagnostic) String() string {
	kind := "error"
	if d.Warning {
		kind = "warning"
	}
	return fmt.Sprintf("%s: %s: %s", d.Pos, kind, d.Msg)
}

// CompileError is returned by Compile when a script cannot run; it lists the errors.
type CompileError struct {
	Diags []Diagnostic
}

func (e *CompileError) Error() string {
	if len(e.Diags) == 0 {
		return "compile error"
	}
	d := e.Diags[0]
	return d.Pos.String() + ": " + d.Msg
}

// varInfo is a variable, parameter or constant known to the compiler.
type varInfo struct {
	name    string
	slot    int
	global  bool
	typ     *Type
	isConst bool
	constV  Value
	scope   *scope // the procedure scope owning a local
	param   *paramInfo
	// implicit marks loop variables that were never declared.
	implicit bool
}

// scope is the compile-time view of one procedure: its variables by Fold key.
type scope struct {
	proc   *Proc
	vars   map[string]*varInfo
	procs  map[string]*Proc // internal procedures
	parent *scope           // enclosing procedure, for internal and anonymous procedures
	nslots int
	// loops counts the enclosing loops, for SORTIR/CONTINUER checks.
	loops int
}

type compiler struct {
	lib      *Library
	prog     *Program
	globals  map[string]*varInfo
	procs    map[string]*Proc
	procDefs map[*Proc]*parser.Procedure
	sc       *scope // nil while compiling main code
	diags    []Diagnostic
	types    typeResolver
	// inGlobalSection is set after a GLOBAL line of main code or a procedure.
	inGlobalSection bool
	// mainLoops counts the loops enclosing the statement being compiled in main code.
	mainLoops int
	// level is the nesting of the statement or expression being compiled in the current
	// procedure, maxLevel the deepest so far (see Proc.frameCost).
	level, maxLevel int
	// cls holds the structures and classes (compile_class.go).
	cls *classTable
}

func (c *compiler) enterNode() {
	c.level++
	c.maxLevel = max(c.maxLevel, c.level)
}

func (c *compiler) leaveNode() { c.level-- }

// CompileOptions adjust compilation.
type CompileOptions struct {
	// Globals are global variables the host predeclares (variants); a run gives them values
	// with Options.Globals.
	Globals []string
}

// Compile compiles source files into a program. The files run in order: the main code of
// each, then the next; their procedures are global. Diagnostics hold warnings (unknown names,
// which fail only when reached) even when compilation succeeds.
func Compile(lib *Library, files ...*parser.File) (*Program, []Diagnostic, error) {
	return CompileWith(lib, CompileOptions{}, files...)
}

// CompileWith is Compile with options.
func CompileWith(lib *Library, opts CompileOptions, files ...*parser.File) (*Program, []Diagnostic, error) {
	c := &compiler{
		lib:      lib,
		prog:     &Program{lib: lib, procs: map[string]*Proc{}, globalIndex: map[string]int{}},
		globals:  map[string]*varInfo{},
		procs:    map[string]*Proc{},
		procDefs: map[*Proc]*parser.Procedure{},
		types:    typeResolver{lib: lib},
	}
	for _, g := range opts.Globals {
		c.declareGlobal(g, Variant)
	}
	main := &Proc{Name: "main code"}
	if len(files) > 0 {
		main.Pos = files[0].Pos
	}
	c.prog.main = main
	classInit := c.declareClasses(files)
	// Procedures are callable before their declaration: declare them all first.
	for _, f := range files {
		c.declareProcs(f)
	}
	bodies := []execFn{classInit}
	var handlers []execFn
	for _, f := range files {
		b, h := c.compileMainBody(f)
		bodies = append(bodies, b)
		if h != nil {
			handlers = append(handlers, h)
		}
	}
	main.body = seqFiles(bodies)
	if len(handlers) > 0 {
		main.handler = handlers[len(handlers)-1]
	}
	// Procedure bodies see every global of the main code.
	names := make([]string, 0, len(c.procDefs))
	byName := map[string]*Proc{}
	for p := range c.procDefs {
		names = append(names, p.Name+"\x00"+p.Pos.String())
		byName[p.Name+"\x00"+p.Pos.String()] = p
	}
	sort.Strings(names)
	for _, n := range names {
		p := byName[n]
		c.compileProcedure(p, c.procDefs[p], nil)
	}
	c.compileMethods()
	c.prog.nGlobals = len(c.prog.globalTypes)
	c.prog.procs = c.procs
	var errs []Diagnostic
	for _, d := range c.diags {
		if !d.Warning {
			errs = append(errs, d)
		}
	}
	if len(errs) > 0 {
		return nil, c.diags, &CompileError{Diags: errs}
	}
	return c.prog, c.diags, nil
}

func seqFiles(bodies []execFn) execFn {
	if len(bodies) == 1 {
		return bodies[0]
	}
	return func(fr *frame) ctl {
		for _, b := range bodies {
			if c := b(fr); c == ctlReturn {
				return c
			}
		}
		return ctlNext
	}
}

func (c *compiler) errorf(pos lexer.Position, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (c *compiler) warnf(pos lexer.Position, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// declareProcs registers the top-level procedures of f and of the files it includes.
func (c *compiler) declareProcs(f *parser.File) {
	for _, pd := range f.Procs {
		if pd.Method != "" {
			continue // a method of a class: see declareClasses
		}
		key := wlex.Fold(pd.Name)
		if old, ok := c.procs[key]; ok {
			c.errorf(pd.Pos, "procedure %s is already declared at %s", pd.Name, old.Pos)
			continue
		}
		p := &Proc{Name: pd.Name, Pos: pd.Pos, required: requiredParams(pd.Params)}
		c.procs[key] = p
		c.procDefs[p] = pd
	}
	parser.VisitExterns(f, func(x *parser.ExternStmt) {
		if x.Included != nil {
			c.declareProcs(x.Included)
		}
	})
}

// requiredParams is the number of leading parameters without a default value.
func requiredParams(params []*parser.Param) int {
	n := 0
	for i, p := range params {
		if p.Default == nil {
			n = i + 1
		}
	}
	return n
}

// compileMainBody compiles a file's main code, whose variables are globals.
func (c *compiler) compileMainBody(f *parser.File) (execFn, execFn) {
	c.sc = nil
	body := c.compileBlock(f.Main.Block)
	var handler execFn
	for _, h := range f.Main.Handlers {
		hb := c.compileBlock(h.Block)
		if handler == nil {
			handler = hb
		}
	}
	return body, handler
}

// compileProcedure compiles a procedure declared at the top level (parent nil) or inside
// another procedure.
func (c *compiler) compileProcedure(p *Proc, pd *parser.Procedure, parent *scope) {
	var block *parser.Block
	var handlers []*parser.ErrorHandler
	if pd.Body != nil {
		block, handlers = pd.Body.Block, pd.Body.Handlers
	}
	c.compileProcParts(p, pd.Params, pd.Result, block, handlers, parent)
}

func (c *compiler) compileProcParts(p *Proc, params []*parser.Param, result parser.TypeSpec,
	block *parser.Block, handlers []*parser.ErrorHandler, parent *scope) {
	saved, savedGlobal := c.sc, c.inGlobalSection
	savedLevel, savedMax := c.level, c.maxLevel
	c.level, c.maxLevel = 0, 0
	c.inGlobalSection = false
	sc := &scope{proc: p, vars: map[string]*varInfo{}, procs: map[string]*Proc{}, parent: parent}
	if parent != nil {
		p.depth = parent.proc.depth + 1
	}
	c.sc = sc
	p.minArgs = 0
	for i, prm := range params {
		c.checkVarName(prm.Name, prm.Pos)
		pi := &paramInfo{name: prm.Name, slot: i, local: prm.Local, pos: prm.Pos}
		if prm.Type != nil {
			pi.typ = c.resolveType(prm.Type)
		}
		pi.setFastBind(pi.typ)
		v := c.declareLocal(prm.Name, pi.typ, prm.Pos)
		v.param = pi
		p.params = append(p.params, pi)
	}
	// Defaults are compiled in the procedure's scope, after the parameters exist.
	for i, prm := range params {
		if prm.Default != nil {
			p.params[i].def = c.compileExpr(prm.Default)
		} else if p.minArgs == i {
			p.minArgs = i + 1
		}
	}
	if result != nil {
		p.result = c.resolveType(result)
	}
	p.body = c.compileBlock(block)
	for _, h := range handlers {
		hb := c.compileBlock(h.Block)
		if p.handler == nil {
			p.handler = hb
		}
	}
	p.nslots = sc.nslots
	for _, pi := range p.params {
		if pi.writes && !pi.local {
			p.outParams = append(p.outParams, pi.slot)
		}
	}
	p.frameCost = frameCost(c.maxLevel)
	// The body is compiled: whether it calls ErreurPropage or ExceptionChangeParamètre is known.
	p.plain = p.handler == nil && !p.propagates && !p.changesExc
	c.sc, c.inGlobalSection = saved, savedGlobal
	c.level, c.maxLevel = savedLevel, savedMax
}

func (c *compiler) resolveType(ts parser.TypeSpec) *Type {
	ref, ok := ts.(*parser.TypeRef)
	if !ok || ref == nil {
		return Variant
	}
	return c.resolveTypeRef(ref)
}

func (c *compiler) resolveTypeRef(ref *parser.TypeRef) *Type {
	if t := c.classType(ref); t != nil {
		return t
	}
	if ref.Tuple != nil {
		return c.tupleType(ref)
	}
	if ref.Array {
		elem := Variant
		if ref.Elem != nil {
			elem = c.resolveTypeRef(ref.Elem)
		}
		t := &Type{Name: "tableau", Kind: KArray, Elem: elem}
		if ref.Associative {
			t.Name, t.Kind, t.Assoc = "tableau associatif", KAssoc, true
			t.Keys = c.assocOptions(ref)
		}
		for _, d := range ref.Dims {
			if n, ok := d.(*parser.NumberLit); ok {
				v, _ := parseNumber(n.Text)
				t.Dims = append(t.Dims, int(v.AsInt()))
			}
		}
		return t
	}
	t, unknown := c.types.resolve(ref.Words, ref.Size)
	if unknown != "" {
		c.warnf(ref.Pos, "unknown type %s: the variable is a variant", unknown)
	}
	return t
}

// declareLocal adds a variable to the current procedure (or a global in main code).
func (c *compiler) declareLocal(name string, t *Type, pos lexer.Position) *varInfo {
	key := wlex.Fold(name)
	if c.sc == nil || c.inGlobalSection {
		return c.declareGlobal(name, t)
	}
	v := &varInfo{name: name, slot: c.sc.nslots, typ: t, scope: c.sc}
	c.sc.nslots++
	c.sc.vars[key] = v
	return v
}

func (c *compiler) declareGlobal(name string, t *Type) *varInfo {
	key := wlex.Fold(name)
	v := &varInfo{name: name, slot: len(c.prog.globalTypes), typ: t, global: true}
	c.prog.globalTypes = append(c.prog.globalTypes, t)
	c.globals[key] = v
	c.prog.globalIndex[key] = v.slot
	return v
}

// lookupVar finds a variable or constant visible from the current scope. depth is the
// number of procedure levels up where it lives (0: current procedure).
func (c *compiler) lookupVar(name string) (v *varInfo, depth int) {
	key := wlex.Fold(name)
	d := 0
	for sc := c.sc; sc != nil; sc = sc.parent {
		if v, ok := sc.vars[key]; ok {
			return v, d
		}
		d++
	}
	if v, ok := c.globals[key]; ok {
		return v, 0
	}
	return nil, 0
}

// procByName finds a top-level procedure.
func (p *Program) procByName(name string) *Proc { return p.procs[wlex.Fold(name)] }

// checkVarName refuses a variable or parameter named like a reserved word (`Autre est un
// entier`): the lexer reads such a word as a name before EST/IS so that a STRUCTURE or
// CLASSE member may have it, but a variable's uses (`Trace(Autre)`) could not be told from
// the keyword.
func (c *compiler) checkVarName(name string, pos lexer.Position) {
	if wlex.IsReserved(name) {
		c.errorf(pos, "%s is a reserved word: it may name a member of a structure or class, not a variable or a parameter", name)
	}
}
