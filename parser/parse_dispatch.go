package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// stmtParsers holds a participle parser for each statement production. A statement is
// recognised by its first tokens and handed to its own parser, instead of participle trying
// every statement in turn: parsing is several times faster and an error inside a statement
// is reported where it is, not after backtracking.
type stmtParsers struct {
	ifs        *participle.Parser[IfStmt]
	switches   *participle.Parser[SwitchStmt]
	whiles     *participle.Parser[WhileStmt]
	loops      *participle.Parser[LoopStmt]
	fors       *participle.Parser[ForStmt]
	forEach    *participle.Parser[ForEachStmt]
	forStrings *participle.Parser[ForEachStringStmt]
	breaks     *participle.Parser[BreakStmt]
	continues  *participle.Parser[ContinueStmt]
	returns    *participle.Parser[ReturnStmt]
	sections   *participle.Parser[SectionStmt]
	consts     *participle.Parser[ConstStmt]
	lets       *participle.Parser[LetStmt]
	whens      *participle.Parser[WhenExceptionStmt]
	externs    *participle.Parser[ExternStmt]
	internals  *participle.Parser[InternalProc]
	usings     *participle.Parser[UsingStmt]
	compileIfs *participle.Parser[CompileIf]
	decls      *participle.Parser[DeclStmt]
	simples    *participle.Parser[SimpleStmt]
}

// productions is the root of the one participle grammar the parser builds: a choice of
// every production parsed on its own, so that a single participle.Build reads each struct
// type once (Block, Param, TypeSpec... are shared by many statements) and each parser is a
// view of that grammar (participle.ParserForProduction). It is never parsed itself.
type productions struct {
	File       *File              `parser:"  @@"`
	Ifs        *IfStmt            `parser:"| @@"`
	Switches   *SwitchStmt        `parser:"| @@"`
	Whiles     *WhileStmt         `parser:"| @@"`
	Loops      *LoopStmt          `parser:"| @@"`
	Fors       *ForStmt           `parser:"| @@"`
	ForEach    *ForEachStmt       `parser:"| @@"`
	ForStrings *ForEachStringStmt `parser:"| @@"`
	Breaks     *BreakStmt         `parser:"| @@"`
	Continues  *ContinueStmt      `parser:"| @@"`
	Returns    *ReturnStmt        `parser:"| @@"`
	Sections   *SectionStmt       `parser:"| @@"`
	Consts     *ConstStmt         `parser:"| @@"`
	Lets       *LetStmt           `parser:"| @@"`
	Whens      *WhenExceptionStmt `parser:"| @@"`
	Externs    *ExternStmt        `parser:"| @@"`
	Internals  *InternalProc      `parser:"| @@"`
	Usings     *UsingStmt         `parser:"| @@"`
	CompileIfs *CompileIf         `parser:"| @@"`
	Decls      *DeclStmt          `parser:"| @@"`
	Simples    *SimpleStmt        `parser:"| @@"`
}

// production sets *dst to the parser of production P of the built grammar root.
func production[P any](root *participle.Parser[productions], dst **participle.Parser[P], err *error) {
	if *err != nil {
		return
	}
	*dst, *err = participle.ParserForProduction[P](root)
}

func (s *stmtParsers) build(root *participle.Parser[productions]) error {
	var err error
	production(root, &s.ifs, &err)
	production(root, &s.switches, &err)
	production(root, &s.whiles, &err)
	production(root, &s.loops, &err)
	production(root, &s.fors, &err)
	production(root, &s.forEach, &err)
	production(root, &s.forStrings, &err)
	production(root, &s.breaks, &err)
	production(root, &s.continues, &err)
	production(root, &s.returns, &err)
	production(root, &s.sections, &err)
	production(root, &s.consts, &err)
	production(root, &s.lets, &err)
	production(root, &s.whens, &err)
	production(root, &s.externs, &err)
	production(root, &s.internals, &err)
	production(root, &s.usings, &err)
	production(root, &s.compileIfs, &err)
	production(root, &s.decls, &err)
	production(root, &s.simples, &err)
	return err
}

// sub parses one statement with its production's parser.
func sub[P any](g *grammar, lex *lexer.PeekingLexer, p *participle.Parser[P]) (Stmt, error) {
	st := g.state(lex)
	if err := st.enterBlock(lex.Peek().Pos); err != nil {
		return nil, err
	}
	defer st.leaveBlock()
	v, err := p.ParseFromLexer(lex, participle.AllowTrailing(true))
	if err != nil {
		return nil, g.noteError(lex, err)
	}
	return any(v).(Stmt), nil
}

// parseStmt is the participle entry point for Stmt: it picks the statement from its first
// tokens. NextMatch means no statement starts here (FIN, SINON, CAS... end the block).
func (g *grammar) parseStmt(lex *lexer.PeekingLexer) (Stmt, error) {
	p := &exprParser{g: g, lex: lex, st: g.state(lex)}
	t := p.peek()
	s := &g.stmts
	switch t.Type {
	case wlex.DirIf:
		return sub(g, lex, s.compileIfs)
	case wlex.Keyword:
		switch t.Value {
		case "SI", "IF":
			return sub(g, lex, s.ifs)
		case "SELON", "SWITCH":
			return sub(g, lex, s.switches)
		case "TANTQUE", "WHILE":
			return sub(g, lex, s.whiles)
		case "BOUCLE", "LOOP":
			return sub(g, lex, s.loops)
		case "POUR", "FOR":
			if isSoft(p.peekN(1), "TOUT", "TOUTE", "TOUS", "TOUTES", "EACH") {
				if isSoft(p.peekN(2), "CHAINE", "STRING") && p.peekN(3).Type == wlex.Ident {
					return sub(g, lex, s.forStrings)
				}
				return sub(g, lex, s.forEach)
			}
			return sub(g, lex, s.fors)
		case "SORTIR", "BREAK":
			return sub(g, lex, s.breaks)
		case "CONTINUER", "CONTINUE":
			return sub(g, lex, s.continues)
		case "RENVOYER", "RESULT", "RETOUR", "RETURN":
			return sub(g, lex, s.returns)
		case "GLOBAL", "GLOBALE", "LOCAL", "LOCALE":
			return sub(g, lex, s.sections)
		case "CONSTANT", "CONSTANTE", "CONSTANTES", "CONSTANTS":
			return sub(g, lex, s.consts)
		case "SOIT", "LET":
			return sub(g, lex, s.lets)
		case "QUAND", "WHEN":
			return sub(g, lex, s.whens)
		case "EXTERN":
			return sub(g, lex, s.externs)
		case "UTILISER", "USING":
			return sub(g, lex, s.usings)
		case "PROCEDURE", "FONCTION", "FUNCTION":
			if isSoft(p.peekN(1), "INTERNE", "INTERNAL") {
				return sub(g, lex, s.internals)
			}
			if isPunct(p.peekN(1), "(") {
				// An anonymous procedure called or used as a statement.
				return sub(g, lex, s.simples)
			}
			// A top-level procedure: it ends the current body.
			return nil, participle.NextMatch
		case "PAS", "NOT":
			return sub(g, lex, s.simples)
		}
		return nil, participle.NextMatch
	case wlex.Ident:
		if cs, ok, err := g.classStmt(lex); ok {
			return cs, err
		}
		if isSoft(t, "INTERNE", "INTERNAL") && isKw(p.peekN(1), "PROCEDURE", "FONCTION", "FUNCTION") {
			return sub(g, lex, s.internals)
		}
		if p.isDeclaration() {
			return sub(g, lex, s.decls)
		}
		return sub(g, lex, s.simples)
	case wlex.Number, wlex.String, wlex.Punct:
		if startsExpr(t) {
			return sub(g, lex, s.simples)
		}
	}
	return nil, participle.NextMatch
}

// isDeclaration reports whether the tokens ahead are `name [, name]... EST|IS|SONT|ARE`.
func (p *exprParser) isDeclaration() bool {
	for i := 0; ; i += 2 {
		if p.peekN(i).Type != wlex.Ident {
			return false
		}
		next := p.peekN(i + 1)
		if isKw(next, "EST", "IS", "SONT", "ARE") {
			return true
		}
		if !isPunct(next, ",") {
			return false
		}
	}
}
