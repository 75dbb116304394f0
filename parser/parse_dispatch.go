package parser

import (
	"errors"
	"fmt"
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// stmtParsers holds a participle parser for each statement production. A statement is
// recognised by its first tokens and handed to its own parser, instead of participle trying
// every statement in turn: parsing is several times faster and an error inside a statement
// is reported where it is, not after backtracking.
//
// Each parser is built on first use: building them all is four fifths of the cost of the
// grammar, and a script uses a few kinds of statement (hello.wl only calls a procedure).
// The productions share little (a Block is a list of the custom Stmt), so building them
// apart costs hardly more than building them together.
type stmtParsers struct {
	ifs        lazy[IfStmt]
	switches   lazy[SwitchStmt]
	whiles     lazy[WhileStmt]
	loops      lazy[LoopStmt]
	fors       lazy[ForStmt]
	forEach    lazy[ForEachStmt]
	forStrings lazy[ForEachStringStmt]
	breaks     lazy[BreakStmt]
	continues  lazy[ContinueStmt]
	returns    lazy[ReturnStmt]
	sections   lazy[SectionStmt]
	consts     lazy[ConstStmt]
	lets       lazy[LetStmt]
	whens      lazy[WhenExceptionStmt]
	externs    lazy[ExternStmt]
	internals  lazy[InternalProc]
	usings     lazy[UsingStmt]
	compileIfs lazy[CompileIf]
	decls      lazy[DeclStmt]
	simples    lazy[SimpleStmt]
}

// lazy is the parser of production P, built with the grammar's options on first use; it
// is safe for concurrent use.
type lazy[P any] struct {
	once sync.Once
	p    *participle.Parser[P]
	err  error
}

func (l *lazy[P]) get(opts []participle.Option) (*participle.Parser[P], error) {
	l.once.Do(func() {
		if l.p, l.err = participle.Build[P](opts...); l.err != nil {
			l.err = fmt.Errorf("building the WLanguage grammar: %w", l.err)
		}
	})
	return l.p, l.err
}

// buildAll builds every statement parser now (tests check that each production builds).
func (s *stmtParsers) buildAll(opts []participle.Option) error {
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	_, err := s.ifs.get(opts)
	add(err)
	_, err = s.switches.get(opts)
	add(err)
	_, err = s.whiles.get(opts)
	add(err)
	_, err = s.loops.get(opts)
	add(err)
	_, err = s.fors.get(opts)
	add(err)
	_, err = s.forEach.get(opts)
	add(err)
	_, err = s.forStrings.get(opts)
	add(err)
	_, err = s.breaks.get(opts)
	add(err)
	_, err = s.continues.get(opts)
	add(err)
	_, err = s.returns.get(opts)
	add(err)
	_, err = s.sections.get(opts)
	add(err)
	_, err = s.consts.get(opts)
	add(err)
	_, err = s.lets.get(opts)
	add(err)
	_, err = s.whens.get(opts)
	add(err)
	_, err = s.externs.get(opts)
	add(err)
	_, err = s.internals.get(opts)
	add(err)
	_, err = s.usings.get(opts)
	add(err)
	_, err = s.compileIfs.get(opts)
	add(err)
	_, err = s.decls.get(opts)
	add(err)
	_, err = s.simples.get(opts)
	add(err)
	return errors.Join(errs...)
}

// sub parses one statement with its production's parser.
func sub[P any](g *grammar, lex *lexer.PeekingLexer, lp *lazy[P]) (Stmt, error) {
	p, err := lp.get(g.opts)
	if err != nil {
		return nil, err
	}
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
		return sub(g, lex, &s.compileIfs)
	case wlex.Keyword:
		switch t.Value {
		case "SI", "IF":
			return sub(g, lex, &s.ifs)
		case "SELON", "SWITCH":
			return sub(g, lex, &s.switches)
		case "TANTQUE", "WHILE":
			return sub(g, lex, &s.whiles)
		case "BOUCLE", "LOOP":
			return sub(g, lex, &s.loops)
		case "POUR", "FOR":
			if isSoft(p.peekN(1), "TOUT", "TOUTE", "TOUS", "TOUTES", "EACH") {
				if isSoft(p.peekN(2), "CHAINE", "STRING") && p.peekN(3).Type == wlex.Ident {
					return sub(g, lex, &s.forStrings)
				}
				return sub(g, lex, &s.forEach)
			}
			return sub(g, lex, &s.fors)
		case "SORTIR", "BREAK":
			return sub(g, lex, &s.breaks)
		case "CONTINUER", "CONTINUE":
			return sub(g, lex, &s.continues)
		case "RENVOYER", "RESULT", "RETOUR", "RETURN":
			return sub(g, lex, &s.returns)
		case "GLOBAL", "GLOBALE", "LOCAL", "LOCALE":
			return sub(g, lex, &s.sections)
		case "CONSTANT", "CONSTANTE", "CONSTANTES", "CONSTANTS":
			return sub(g, lex, &s.consts)
		case "SOIT", "LET":
			return sub(g, lex, &s.lets)
		case "QUAND", "WHEN":
			return sub(g, lex, &s.whens)
		case "EXTERN":
			return sub(g, lex, &s.externs)
		case "UTILISER", "USING":
			return sub(g, lex, &s.usings)
		case "PROCEDURE", "FONCTION", "FUNCTION":
			if isSoft(p.peekN(1), "INTERNE", "INTERNAL") {
				return sub(g, lex, &s.internals)
			}
			if isPunct(p.peekN(1), "(") {
				// An anonymous procedure called or used as a statement.
				return sub(g, lex, &s.simples)
			}
			// A top-level procedure: it ends the current body.
			return nil, participle.NextMatch
		case "PAS", "NOT":
			return sub(g, lex, &s.simples)
		}
		return nil, participle.NextMatch
	case wlex.Ident:
		if cs, ok, err := g.classStmt(lex); ok {
			return cs, err
		}
		if isSoft(t, "INTERNE", "INTERNAL") && isKw(p.peekN(1), "PROCEDURE", "FONCTION", "FUNCTION") {
			return sub(g, lex, &s.internals)
		}
		if p.isDeclaration() {
			return sub(g, lex, &s.decls)
		}
		return sub(g, lex, &s.simples)
	case wlex.Number, wlex.String, wlex.Punct:
		if startsExprAt(lex) {
			return sub(g, lex, &s.simples)
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
