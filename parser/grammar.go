// Package parser reads WLanguage source into a syntax tree.
//
// The statement grammar is written as participle struct tags on the tree types (ast.go);
// expressions, type references, simple statements and CAS conditions are parsed by
// hand-written functions registered with participle.ParseTypeWith (parse_expr.go,
// parse_stmt.go). Keywords may be French or English, in any case, with or without accents,
// mixed in one file.
package parser

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// grammar holds the built participle parsers. It is immutable once built and safe for
// concurrent use.
type grammar struct {
	lex   *wlex.Definition
	file  *participle.Parser[File]
	block *participle.Parser[Block]
	param *participle.Parser[Param]
	stmts stmtParsers
	// opts are the options every production is built with.
	opts []participle.Option
	// parses maps the first token of each parse in progress to its state, so that the
	// hand-written productions can record their errors (see noteError).
	parses sync.Map
}

// parseState is what one parse remembers beside participle's own state. A parse runs on
// one goroutine.
type parseState struct {
	err *Error
	// blocks and exprs are the nesting of the statement and of the expression being parsed,
	// reach the deepest expression level reached in the current chain (see nesting.go).
	blocks, exprs, reach int
	// fatal is a nesting error: it ends the parse.
	fatal error
	// src is the text the tokens' offsets point into ("" when unknown): declarations that
	// keep a name as written (a member's, which Sérialise writes) read it there, since the
	// lexer gives words that are also keywords their canonical spelling.
	src string
}

// state returns the state of the parse lex belongs to. A lexer the parse did not register
// (none today) gets a state of its own.
func (g *grammar) state(lex *lexer.PeekingLexer) *parseState {
	first := lex.Range(0, 1)
	if len(first) > 0 {
		if v, ok := g.parses.Load(&first[0]); ok {
			return v.(*parseState)
		}
	}
	return &parseState{}
}

// noteError records an error of a hand-written production. participle may backtrack over
// it (an optional part that failed early), then report a less precise error at an earlier
// token; Parse reports the deepest error instead.
func (g *grammar) noteError(lex *lexer.PeekingLexer, err error) error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return err
	}
	st := g.state(lex)
	if st.err == nil || perr.Position().Offset > st.err.Pos.Offset {
		st.err = &Error{Pos: perr.Position(), Msg: perr.Message()}
	}
	return err
}

func newGrammar() (*grammar, error) {
	g := &grammar{lex: wlex.New()}
	opts := []participle.Option{
		participle.Lexer(g.lex),
		participle.ParseTypeWith(g.parseStmt),
		participle.ParseTypeWith(g.parseExpr),
		participle.ParseTypeWith(g.parseOptExpr),
		participle.ParseTypeWith(g.parseTypeSpec),
		participle.ParseTypeWith(g.parseCaseCond),
		participle.ParseTypeWith(g.parseAction),
		participle.UseLookahead(2),
	}
	g.opts = opts
	file, err := participle.Build[File](opts...)
	if err != nil {
		return nil, err
	}
	g.file = file
	if g.block, err = participle.ParserForProduction[Block](file); err != nil {
		return nil, err
	}
	if g.param, err = participle.ParserForProduction[Param](file); err != nil {
		return nil, err
	}
	return g, nil
}

// Parser parses WLanguage files. Build one with New and share it: it is safe for concurrent
// use.
type Parser struct {
	g *grammar
}

// sharedGrammar builds the grammar on first use, once per process: every Parser shares it.
// It is immutable once built (parses only holds the state of the parses under way, each
// under a key of its own), so sharing it is as safe as sharing one Parser. Building it is
// most of the cost of a first parse; a run of the wl command parses with one grammar.
var sharedGrammar = sync.OnceValues(newGrammar)

// New returns a parser. The grammar behind it is built by the first call in the process
// and shared by the parsers of later calls.
func New() (*Parser, error) {
	g, err := sharedGrammar()
	if err != nil {
		return nil, fmt.Errorf("building the WLanguage grammar: %w", err)
	}
	return &Parser{g: g}, nil
}

// Error is a syntax error at a position; Error() gives `file:line:col: message`.
type Error struct {
	Pos lexer.Position
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Parse parses already-decoded source text (see lexer.Decode). EXTERN statements are left
// unresolved; use Load to resolve them.
func (p *Parser) Parse(filename, src string) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &Error{Pos: lexer.Position{Filename: filename, Line: 1, Column: 1},
				Msg: fmt.Sprintf("internal parser error: %v", r)}
		}
	}()
	toks, err := p.g.lex.Tokens(filename, src)
	if err != nil {
		return nil, convertError(err, filename)
	}
	pl, err := lexer.Upgrade(&tokenSlice{toks: toks})
	if err != nil {
		return nil, convertError(err, filename)
	}
	st := &parseState{src: src}
	key := &pl.Range(0, 1)[0]
	p.g.parses.Store(key, st)
	defer p.g.parses.Delete(key)
	f, err = p.g.file.ParseFromLexer(pl)
	if st.fatal != nil {
		return nil, convertError(st.fatal, filename)
	}
	if err != nil {
		e := convertError(err, filename).(*Error)
		if st.err != nil && st.err.Pos.Offset > e.Pos.Offset {
			e = st.err
			if e.Pos.Filename == "" {
				e.Pos.Filename = filename
			}
		}
		if strings.HasPrefix(e.Msg, "unexpected end of file") {
			if open := unclosedBlock(toks); open != nil {
				e.Msg = fmt.Sprintf("%s has no matching %s before the end of the file", open.Value, closerOf(open.Value))
				e.Pos = open.Pos
			}
		}
		return nil, e
	}
	return f, nil
}

type tokenSlice struct {
	toks []lexer.Token
	i    int
}

func (t *tokenSlice) Next() (lexer.Token, error) {
	tok := t.toks[t.i]
	if t.i < len(t.toks)-1 {
		t.i++
	}
	return tok, nil
}

// parseEmbedded parses the expression of a [%expr%] part of a string starting at pos.
func (g *grammar) parseEmbedded(st *parseState, pos lexer.Position, src string) (Expr, error) {
	toks, err := g.lex.Tokens(pos.Filename, src)
	if err != nil {
		return nil, err
	}
	for i := range toks {
		toks[i].Pos.Line = pos.Line
		toks[i].Pos.Column = pos.Column
		toks[i].Pos.Offset = pos.Offset
	}
	pl, err := lexer.Upgrade(&tokenSlice{toks: toks})
	if err != nil {
		return nil, err
	}
	// Anonymous procedures inside the expression reach the state through their lexer.
	key := &pl.Range(0, 1)[0]
	g.parses.Store(key, st)
	defer g.parses.Delete(key)
	ep := &exprParser{g: g, lex: pl, st: st}
	e, err := ep.expr()
	if err != nil {
		return nil, err
	}
	for t := ep.peek(); !t.EOF(); t = ep.peek() {
		if t.Type != wlex.Sep {
			return nil, participle.Errorf(pos, "unexpected %s in [%%...%%] of a string", describe(t))
		}
		ep.next()
	}
	return e, nil
}

// convertError turns lexer and participle errors into *Error with a readable message.
func convertError(err error, filename string) error {
	var perr participle.Error
	if errors.As(err, &perr) {
		pos := perr.Position()
		if pos.Filename == "" {
			pos.Filename = filename
		}
		return &Error{Pos: pos, Msg: readable(perr)}
	}
	return &Error{Pos: lexer.Position{Filename: filename, Line: 1, Column: 1}, Msg: err.Error()}
}

// readable rewrites participle's messages in terms a WLanguage user knows.
func readable(perr participle.Error) string {
	var ute *participle.UnexpectedTokenError
	if errors.As(perr, &ute) {
		t := ute.Unexpected
		return "unexpected " + describe(&t) + expectation(ute)
	}
	msg := perr.Message()
	msg = strings.ReplaceAll(msg, `"\n"`, "end of line")
	return msg
}

func expectation(ute *participle.UnexpectedTokenError) string {
	if ute.Expect == "" {
		return ""
	}
	e := strings.ReplaceAll(ute.Expect, `"\n"`, "end of line")
	return " (expected " + e + ")"
}
