package parser

import (
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar structs below are the syntax tree: participle fills them from the struct tags.
// Every French and English keyword is accepted and the two may be mixed; the lexer gives
// keywords their canonical upper-case, accent-free spelling, so the tags only list those.
// Expressions, type references, simple statements and SELON cases are parsed by hand-written
// functions (see expr.go, stmt.go): they need precedence climbing and context that struct tags
// cannot express.

// File is one source file: its main code, then its procedures.
type File struct {
	Pos   lexer.Position
	Main  *Body        `parser:"Sep* @@"`
	Procs []*Procedure `parser:"@@*"`
}

// Body is the code of a process (the main code or a procedure): statements, then the optional
// CAS ERREUR: / CAS EXCEPTION: sections that handle its errors.
type Body struct {
	Pos      lexer.Position
	Block    *Block          `parser:"@@"`
	Handlers []*ErrorHandler `parser:"@@*"`
}

// ErrorHandler is a `CAS ERREUR:` / `CASE ERROR:` or `CAS EXCEPTION:` section at the end of a
// process: its code runs when a statement of the process fails.
type ErrorHandler struct {
	Pos       lexer.Position
	Exception bool   `parser:"('CAS' | 'CASE') ( @'EXCEPTION' | 'ERREUR' | 'ERROR' ) ':'"`
	Block     *Block `parser:"@@"`
}

// Block is a sequence of statements separated by line breaks or ";".
type Block struct {
	Pos   lexer.Position
	Stmts []Stmt `parser:"Sep* ( @@ Sep+ )*"`
}

// Procedure is a PROCÉDURE/PROCEDURE/FONCTION/FUNCTION declaration. A method of a class is
// written `PROCÉDURE [modifiers] Classe::Méthode(...)`: Name is then the class and Method
// the method, Mods the access and kind words (PRIVÉE, PROTÉGÉE, GLOBALE, VIRTUELLE...).
// At the top level of a file its body runs to the next procedure or the end of the file; an internal procedure
// (PROCÉDURE INTERNE) ends with FIN/END.
type Procedure struct {
	Pos      lexer.Position
	Keyword  string   `parser:"@('PROCEDURE' | 'FONCTION' | 'FUNCTION')"`
	Mods     []string `parser:"@('GLOBAL' | 'GLOBALE' | 'PRIVE' | 'PRIVEE' | 'PROTEGE' | 'PROTEGEE' | 'PUBLIC' | 'PUBLIQUE' | 'PRIVATE' | 'PROTECTED' | 'VIRTUELLE' | 'VIRTUAL' | 'ABSTRAITE' | 'ABSTRACT')*"`
	Name     string   `parser:"@Ident"`
	Method   string   `parser:"( ':' ':' @Ident )?"`
	Params   []*Param `parser:"( '(' ( @@ ( ',' @@ )* )? ')' )?"`
	Result   TypeSpec `parser:"( ':' @@ )?"`
	Body     *Body    `parser:"Sep+ @@"`
	Internal bool
}

// InternalProc is a PROCÉDURE INTERNE / INTERNAL PROCEDURE declared inside a process (the
// two words in either order).
type InternalProc struct {
	Pos    lexer.Position
	Name   string   `parser:"( ('PROCEDURE' | 'FONCTION' | 'FUNCTION') ('INTERNE' | 'INTERNAL') | ('INTERNE' | 'INTERNAL') ('PROCEDURE' | 'FONCTION' | 'FUNCTION') ) @Ident"`
	Params []*Param `parser:"( '(' ( @@ ( ',' @@ )* )? ')' )?"`
	Result TypeSpec `parser:"( ':' @@ )?"`
	Body   *Block   `parser:"Sep+ @@ ('FIN' | 'END')"`
}

// Param is one parameter: `[LOCAL] name [est un T | T] [= default]`.
type Param struct {
	Pos     lexer.Position
	Local   bool     `parser:"@('LOCAL' | 'LOCALE')?"`
	Name    string   `parser:"@Ident"`
	Type    TypeSpec `parser:"( ('EST' | 'IS')? @@ )?"`
	Default Expr     `parser:"( '=' @@ )?"`
}

// Stmt is a statement.
type Stmt interface{ stmt() }

// IfStmt is SI/IF in its block form (SINON SI chains, SINON, FIN) or its one-line form
// (SI c ALORS a; b SINON c).
type IfStmt struct {
	Pos        lexer.Position
	Cond       Expr      `parser:"('SI' | 'IF') @@"`
	Then       *Block    `parser:"( ('ALORS' | 'THEN')? '\\n' @@"`
	ElseIfs    []*ElseIf `parser:"  @@*"`
	Else       *Block    `parser:"  ( ('SINON' | 'ELSE') @@ )? ('FIN' | 'END')"`
	InlineThen []Stmt    `parser:"| ('ALORS' | 'THEN') @@ ( ';'+ @@ )*"`
	InlineElse []Stmt    `parser:"  ( ('SINON' | 'ELSE') @@ ( ';'+ @@ )* )? )"`
}

// ElseIf is a SINON SI / ELSE IF branch.
type ElseIf struct {
	Pos  lexer.Position
	Cond Expr   `parser:"('SINON' | 'ELSE') ('SI' | 'IF') @@ ('ALORS' | 'THEN')?"`
	Then *Block `parser:"@@"`
}

// SwitchStmt is SELON/SWITCH.
type SwitchStmt struct {
	Pos     lexer.Position
	Subject Expr          `parser:"('SELON' | 'SWITCH') @@ Sep+"`
	Cases   []*SwitchCase `parser:"@@* ('FIN' | 'END')"`
}

// SwitchCase is one CAS/CASE branch, or AUTRE CAS/OTHER CASE when Other is set.
type SwitchCase struct {
	Pos   lexer.Position
	Other bool       `parser:"( @('AUTRE' | 'AUTRES' | 'OTHER') ('CAS' | 'CASE')"`
	Conds []CaseCond `parser:"| ('CAS' | 'CASE') @@ ( ',' @@ )* ) ':'?"`
	Body  *Block     `parser:"@@"`
}

// WhileStmt is TANTQUE/WHILE.
type WhileStmt struct {
	Pos  lexer.Position
	Cond Expr   `parser:"('TANTQUE' | 'WHILE') @@"`
	Body *Block `parser:"Sep+ @@ ('FIN' | 'END')"`
}

// LoopStmt is BOUCLE/LOOP: endless (left with SORTIR), counted (BOUCLE(n)), or with its
// condition at the end (À FAIRE TANTQUE c / TO DO WHILE c).
type LoopStmt struct {
	Pos   lexer.Position
	Count Expr   `parser:"('BOUCLE' | 'LOOP') ( '(' @@ ')' )?"`
	Body  *Block `parser:"Sep+ @@"`
	While Expr   `parser:"( ('FIN' | 'END') | ('A' | 'TO') ('FAIRE' | 'DO') ('TANTQUE' | 'WHILE') @@ )"`
}

// ForStmt is POUR/FOR i = a À b [PAS s].
type ForStmt struct {
	Pos     lexer.Position
	Var     string   `parser:"('POUR' | 'FOR') @Ident"`
	VarType TypeSpec `parser:"( ('EST' | 'IS') @@ )?"`
	From    Expr     `parser:"'=' @@"`
	Eval    string   `parser:"@('A' | '_A_' | 'TO' | '_TO_')"`
	To      Expr     `parser:"@@"`
	Step    Expr     `parser:"( ('PAS' | 'STEP') @@ )?"`
	Body    *Block   `parser:"Sep+ @@ ('FIN' | 'END')"`
}

// ForEachStmt is POUR TOUT/FOR EACH over an array, an associative array or another iterable,
// with the ÉLÉMENT value[, key][, index] forms.
type ForEachStmt struct {
	Pos     lexer.Position
	Vars    []string `parser:"('POUR' | 'FOR') ('TOUT' | 'TOUTE' | 'TOUS' | 'TOUTES' | 'EACH') 'ELEMENT'? @Ident ( ',' @Ident )*"`
	Source  Expr     `parser:"('DE' | 'OF' | 'DANS' | 'IN') @@"`
	Body    *Block   `parser:"Sep+ @@ ('FIN' | 'END')"`
	Reverse bool
}

// ForEachStringStmt is POUR TOUTE CHAÎNE s DE x SÉPARÉE PAR sep.
type ForEachStringStmt struct {
	Pos       lexer.Position
	Var       string `parser:"('POUR' | 'FOR') ('TOUT' | 'TOUTE' | 'TOUS' | 'TOUTES' | 'EACH') ('CHAINE' | 'STRING') @Ident"`
	Source    Expr   `parser:"('DE' | 'OF' | 'DANS' | 'IN') @@"`
	Separator Expr   `parser:"('SEPAREE' | 'SEPAREES' | 'SEPARE' | 'SEPARATED') ('PAR' | 'BY') @@"`
	Body      *Block `parser:"Sep+ @@ ('FIN' | 'END')"`
}

// BreakStmt is SORTIR/BREAK.
type BreakStmt struct {
	Pos lexer.Position
	Kw  string `parser:"@('SORTIR' | 'BREAK')"`
}

// ContinueStmt is CONTINUER/CONTINUE.
type ContinueStmt struct {
	Pos lexer.Position
	Kw  string `parser:"@('CONTINUER' | 'CONTINUE')"`
}

// ReturnStmt is RENVOYER/RESULT (with a value) or RETOUR/RETURN (without, or with one in
// procedures that return a value).
type ReturnStmt struct {
	Pos   lexer.Position
	Kw    string  `parser:"@('RENVOYER' | 'RESULT' | 'RETOUR' | 'RETURN')"`
	Value OptExpr `parser:"@@?"`
}

// SectionStmt is a GLOBAL or LOCAL line: the declarations that follow are global or local.
type SectionStmt struct {
	Pos    lexer.Position
	Global bool `parser:"( @('GLOBAL' | 'GLOBALE') | ('LOCAL' | 'LOCALE') )"`
}

// ConstStmt is a CONSTANTE/CONSTANT block (NOM = valeur lines up to FIN) or a single
// CONSTANT NOM = valeur.
type ConstStmt struct {
	Pos  lexer.Position
	Defs []*ConstDef `parser:"('CONSTANT' | 'CONSTANTE' | 'CONSTANTES' | 'CONSTANTS') ( Sep+ ( @@ Sep+ )* ('FIN' | 'END') | @@ )"`
}

// ConstDef is one NOM = valeur line of a constant block.
type ConstDef struct {
	Pos   lexer.Position
	Name  string `parser:"@Ident '='"`
	Value Expr   `parser:"@@"`
}

// LetStmt is SOIT/LET x = v or SOIT (a, b) = v: declaration with an inferred type.
type LetStmt struct {
	Pos   lexer.Position
	Names []string `parser:"('SOIT' | 'LET') ( @Ident | '(' @Ident ( ',' @Ident )* ')' )"`
	Value Expr     `parser:"'=' @@"`
}

// DeclStmt declares variables: `x est un T [= v]`, `a, b sont des T`, `x is [a] T`.
type DeclStmt struct {
	Pos   lexer.Position
	Names []string `parser:"@Ident ( ',' @Ident )* ('EST' | 'IS' | 'SONT' | 'ARE')"`
	Type  TypeSpec `parser:"@@"`
	Value Expr     `parser:"( '=' @@ )?"`
}

// WhenExceptionStmt is QUAND EXCEPTION DANS ... FAIRE ... FIN / WHEN EXCEPTION IN ... DO ... END.
type WhenExceptionStmt struct {
	Pos     lexer.Position
	Body    *Block `parser:"('QUAND' | 'WHEN') 'EXCEPTION' ('DANS' | 'IN') @@"`
	Handler *Block `parser:"('FAIRE' | 'DO') @@"`
	// Else runs when the body raised no exception (QUAND EXCEPTION DANS ... FAIRE ... SINON
	// ... FIN).
	Else *Block `parser:"( ('SINON' | 'ELSE') @@ )? ('FIN' | 'END')"`
}

// ExternStmt is EXTERN "file.wl": the file's code is included at this point.
type ExternStmt struct {
	Pos  lexer.Position
	Path string `parser:"'EXTERN' @String"`
	// Included is the parsed included file, filled in by the loader (see Load).
	Included *File
}

// UsingStmt is UTILISER x DANS ... FIN / USING x IN ... END: the block runs holding the
// critical section x (scripts run on one thread, so it simply runs).
type UsingStmt struct {
	Pos     lexer.Position
	Section string `parser:"('UTILISER' | 'USING') @Ident ('DANS' | 'IN')"`
	Body    *Block `parser:"@@ ('FIN' | 'END')"`
}

// CompileIf is conditional compilation: <SI CibleExécution = ...> ... <SINON> ... <FIN>.
// The conditions compare the execution target; wl is none of WINDEV's targets, so an "="
// test is false and a "<>" test is true.
type CompileIf struct {
	Pos     lexer.Position
	Cond    string           `parser:"@DirIf"`
	Then    *Block           `parser:"@@"`
	ElseIfs []*CompileElseIf `parser:"@@*"`
	Else    *Block           `parser:"( DirElse @@ )? DirEnd"`
}

// CompileElseIf is a <SINON SI ...> branch.
type CompileElseIf struct {
	Pos  lexer.Position
	Cond string `parser:"@DirElseIf"`
	Then *Block `parser:"@@"`
}

func (*UsingStmt) stmt()         {}
func (*CompileIf) stmt()         {}
func (*IfStmt) stmt()            {}
func (*SwitchStmt) stmt()        {}
func (*WhileStmt) stmt()         {}
func (*LoopStmt) stmt()          {}
func (*ForStmt) stmt()           {}
func (*ForEachStmt) stmt()       {}
func (*ForEachStringStmt) stmt() {}
func (*BreakStmt) stmt()         {}
func (*ContinueStmt) stmt()      {}
func (*ReturnStmt) stmt()        {}
func (*SectionStmt) stmt()       {}
func (*ConstStmt) stmt()         {}
func (*LetStmt) stmt()           {}
func (*DeclStmt) stmt()          {}
func (*WhenExceptionStmt) stmt() {}
func (*ExternStmt) stmt()        {}
func (*InternalProc) stmt()      {}
func (*SimpleStmt) stmt()        {}
