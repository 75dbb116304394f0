package parser

import "github.com/alecthomas/participle/v2/lexer"

// Expr is an expression. Expressions are parsed by hand (precedence climbing, see
// parse_expr.go); these are the node types.
type Expr interface {
	// Position is where the expression starts.
	Position() lexer.Position
}

// OptExpr is an expression that may be absent (the value of RETOUR/RETURN).
type OptExpr interface {
	Expr
}

// NumberLit is a number as written: "12", "1.5", "0x0D".
type NumberLit struct {
	Pos  lexer.Position
	Text string
}

// DurationLit is a readable duration: numbers each followed by a unit, "1 s", "10 ms",
// "1 h 30 min", "2 j" / "2 d". Millis is its value.
type DurationLit struct {
	Pos    lexer.Position
	Text   string
	Millis float64
}

// StringLit is a string literal. When the text holds [%expr%] parts, Parts alternates the
// literal pieces (StringLit without Parts) and the expressions to insert.
type StringLit struct {
	Pos   lexer.Position
	Value string
	Parts []Expr
}

// Ident is a name: a variable, constant, procedure, builtin or type.
type Ident struct {
	Pos  lexer.Position
	Name string
}

// Unary is -x, +x or PAS/NOT x.
type Unary struct {
	Pos lexer.Position
	Op  string // "-", "+", "NOT"
	X   Expr
}

// Binary is x op y. Op is the operator as written for punctuation ("+", "<=", "[=") and the
// canonical English keyword for words ("AND", "OR", "_AND_", "_OR_").
type Binary struct {
	Pos lexer.Position
	Op  string
	X   Expr
	Y   Expr
}

// Between is the interval comparison `Low op1 X op2 High` (`1 < x <= 5`).
type Between struct {
	Pos    lexer.Position
	Low    Expr
	LowOp  string
	X      Expr
	HighOp string
	High   Expr
}

// In is `x DANS (a, b)` / `x IN (a, b)`, or with Not `x PAS DANS (...)`.
type In struct {
	Pos  lexer.Position
	X    Expr
	List []Expr
	Not  bool
}

// Cond is the conditional expression `c ? a SINON b`.
type Cond struct {
	Pos  lexer.Position
	Test Expr
	Then Expr
	Else Expr
}

// Call is f(args). An omitted argument (`f(a, , c)`) is nil.
type Call struct {
	Pos  lexer.Position
	Fn   Expr
	Args []Expr
}

// Index is x[i] or x[i, j].
type Index struct {
	Pos     lexer.Position
	X       Expr
	Indexes []Expr
}

// Substring is s[[a À b]] (and the single-bracket s[a À b] form). Kind tells which bounds
// were given: From only ([[a]]: one character), From and To, From and open end ([[a À]]),
// To only ([[À b]]), From and Length ([[a SUR n]]).
type Substring struct {
	Pos    lexer.Position
	X      Expr
	Kind   SubKind
	From   Expr
	To     Expr
	Length Expr
}

// SubKind is the form of a Substring.
type SubKind int

// Substring forms.
const (
	SubChar   SubKind = iota // [[a]]
	SubRange                 // [[a À b]]
	SubFrom                  // [[a À]]
	SubTo                    // [[À b]]
	SubLength                // [[a SUR n]]
)

// Member is x.Name, x..Name (the legacy property syntax) or x:Name.
type Member struct {
	Pos    lexer.Position
	X      Expr
	Name   string
	Legacy bool // written with ".." or ":"
}

// ListLit is [a, b, c]: an array literal, or, as an operand of "+", the optional separator
// of a concatenation (`a + [sep] + b`).
type ListLit struct {
	Pos   lexer.Position
	Elems []Expr
}

// Tuple is (a, b): several values, for SOIT (a, b) = (1, 2) and multiple results.
type Tuple struct {
	Pos   lexer.Position
	Elems []Expr
}

// Indirection is {name, options}: a variable reached by its name at run time.
type Indirection struct {
	Pos  lexer.Position
	Args []Expr
}

// ProcLit is an anonymous procedure: procedure(p chaîne) { ... }.
type ProcLit struct {
	Pos    lexer.Position
	Params []*Param
	Result TypeSpec
	Body   *Block
}

// Position implements Expr.
func (e *NumberLit) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *DurationLit) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *StringLit) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Ident) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Unary) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Binary) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Between) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *In) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Cond) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Call) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Index) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Substring) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Member) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *ListLit) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Tuple) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *Indirection) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *ProcLit) Position() lexer.Position { return e.Pos }

// TypeSpec is a type reference in a declaration, parameter or result type.
type TypeSpec interface {
	Position() lexer.Position
}

// TypeRef is a type as written: its words (`entier`, `chaîne ANSI`, `Email`), an optional
// byte size (`entier sur 8 octets`), or an array of an element type
// (`tableau [associatif] de T`, `tableau d"entiers`, `array of T`).
type TypeRef struct {
	Pos         lexer.Position
	Words       []string
	Size        int
	Array       bool
	Associative bool
	Dims        []Expr
	Elem        *TypeRef
	// Options are the parenthesised parameters of `tableau associatif (options, valeur par
	// défaut, type de clé) de T`.
	Options []Expr
	// Args are the constructor arguments of `o est un MaClasse(a, b)`; HasArgs tells that
	// parentheses were written.
	Args    []Expr
	HasArgs bool
	// Tuple lists the types of a procedure's several results: `: (entier, chaîne)`.
	Tuple []*TypeRef
}

// Position implements TypeSpec.
func (t *TypeRef) Position() lexer.Position { return t.Pos }

// CaseCond is one condition of a CAS/CASE line.
type CaseCond interface {
	Position() lexer.Position
}

// CaseValue is `CAS v`: equal to v (or, with Op, `CAS > v`, `CAS ~~ "x"`).
type CaseValue struct {
	Pos   lexer.Position
	Op    string // "" for equality
	Value Expr
}

// CaseRange is `CAS a À b` (From nil for `CAS À b`).
type CaseRange struct {
	Pos  lexer.Position
	From Expr
	To   Expr
}

// CaseBetween is `CAS a < * <= b`.
type CaseBetween struct {
	Pos    lexer.Position
	Low    Expr
	LowOp  string
	HighOp string
	High   Expr
}

// Position implements CaseCond.
func (c *CaseValue) Position() lexer.Position { return c.Pos }

// Position implements CaseCond.
func (c *CaseRange) Position() lexer.Position { return c.Pos }

// Position implements CaseCond.
func (c *CaseBetween) Position() lexer.Position { return c.Pos }

// SimpleStmt is a statement that starts with an expression: an assignment, an increment or a
// procedure call.
type SimpleStmt struct {
	Pos    lexer.Position
	Action Action `parser:"@@"`
}

// Action is the content of a SimpleStmt.
type Action interface {
	Position() lexer.Position
}

// Assign is `target op value`: op is "=", "+=", "-=", "*=" or "/=", or "++"/"--" without a
// value. Several targets come from `(a, b) = f()`, and from the exchange `a <=> b` (op "<=>",
// no value).
type Assign struct {
	Pos     lexer.Position
	Targets []Expr
	Op      string
	Value   Expr
}

// ExprAction is an expression used as a statement: a procedure call (with or without
// parentheses) or, in published snippets, a bare value.
type ExprAction struct {
	Pos lexer.Position
	X   Expr
}

// Position implements Action.
func (a *Assign) Position() lexer.Position { return a.Pos }

// Position implements Action.
func (a *ExprAction) Position() lexer.Position { return a.Pos }
