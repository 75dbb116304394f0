package parser

import (
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// MaxNesting bounds how deeply a script may nest, so that no input can exhaust the Go stack
// of the parser, of the compiler or of the run (which all recurse over the syntax tree):
//
//   - a statement may be inside at most MaxNesting blocks (SI, POUR, TANTQUE, SELON...
//     nested in each other; the bodies of anonymous procedures count too);
//   - an expression may nest at most MaxNesting levels: each pair of parentheses or
//     brackets, each call's, index's or array literal's element, each unary operator
//     (-, PAS/NOT), each "tableau de" of a type and each link of a chain of binary
//     operators, members, calls or indexes adds a level (a + b + c is (a + b) + c: two
//     levels), and a nested anonymous procedure keeps counting from where it is.
//
// Hand-written code nests blocks a dozen levels and expressions a few dozen: a thousand
// leaves room for generated code while keeping the deepest tree a few megabytes of stack.
// Going past either limit is a syntax error at the statement or expression that does.
const MaxNesting = 1000

// enterBlock is called before a statement is parsed: it fails when the statement is inside
// more than MaxNesting blocks. leaveBlock undoes it.
func (st *parseState) enterBlock(pos lexer.Position) error {
	if st.fatal != nil {
		return st.fatal
	}
	if st.blocks > MaxNesting {
		return st.fail(pos, fmt.Sprintf("statement nested in more than %d blocks", MaxNesting))
	}
	st.blocks++
	return nil
}

func (st *parseState) leaveBlock() { st.blocks-- }

// enterExpr is called before a nested expression is parsed: it fails past MaxNesting
// levels. what names the construct in the message ("expression", "type").
func (st *parseState) enterExpr(pos lexer.Position, what string) error {
	if st.fatal != nil {
		return st.fatal
	}
	d := st.exprs
	if d > MaxNesting {
		return st.fail(pos, fmt.Sprintf("%s nested more than %d levels deep", what, MaxNesting))
	}
	st.exprs = d + 1
	st.reach = max(st.reach, d)
	return nil
}

func (st *parseState) leaveExpr() { st.exprs-- }

// fail records a nesting error: it is the error of the whole parse, whatever participle
// then reports, and every production called afterwards fails at once.
func (st *parseState) fail(pos lexer.Position, msg string) error {
	st.fatal = participle.Errorf(pos, "%s", msg)
	return st.fatal
}

// chain accounts for a left-associative chain (a + b + c, a.b.c, f(x)(y), t[1][2]): each
// link wraps what was read so far in one more node, so its nesting grows by one. The
// parser does not recurse for a link, so enterExpr cannot see it: the chain computes the
// nesting of the tree it builds from the deepest level reached by each operand.
type chain struct {
	st    *parseState
	saved int // the deepest level reached before the chain
	base  int // the level of the chain's root
	depth int // the deepest level of the tree built so far; -1 before the first link
}

// beginChain starts a chain at the current level; close it with end, deferred.
func (st *parseState) beginChain() chain {
	c := chain{st: st, saved: st.reach, base: max(st.exprs-1, 0), depth: -1}
	st.reach = c.base
	return c
}

// link adds a link at pos, before its right operand (if any) is read: what the chain built
// goes one level down. It fails past MaxNesting.
func (c *chain) link(pos lexer.Position) error {
	if c.depth < 0 {
		c.depth = c.st.reach
	}
	c.depth++
	c.st.reach = c.base
	return c.check(pos)
}

// right accounts for the right operand of the last link, just read: down is the levels it
// is below the link's node (1 for a binary operator's operand; 0 for arguments and indexes,
// which enterExpr counted already).
func (c *chain) right(pos lexer.Position, down int) error {
	c.depth = max(c.depth, c.st.reach+down)
	return c.check(pos)
}

func (c *chain) check(pos lexer.Position) error {
	if c.st.fatal != nil {
		return c.st.fatal
	}
	if c.depth > MaxNesting {
		return c.st.fail(pos, fmt.Sprintf("expression nested more than %d levels deep", MaxNesting))
	}
	return nil
}

// end closes the chain: the deepest level reached is the deepest of the chain's tree.
func (c *chain) end() {
	if c.depth < 0 {
		c.depth = c.st.reach
	}
	c.st.reach = max(c.saved, c.depth)
}
