package interp

import "github.com/alecthomas/participle/v2/lexer"

// Recursion limits. A WLanguage call runs on the Go stack of the goroutine that runs the
// script, whose size Go caps (1 GB by default) with a fatal error that cannot be recovered:
// the interpreter must stop an endless recursion well before. A procedure's activation
// takes a few hundred bytes of Go stack per level of nesting of its code (a statement inside
// a POUR inside a SI, an operand of an operator inside a call's argument...) on top of a
// fixed part; the parser bounds that nesting (parser.MaxNesting), so each procedure has a
// bounded cost, estimated when it is compiled.
const (
	// maxDepth bounds the number of nested calls.
	maxDepth = 20000
	// maxStack bounds the estimated Go stack of the nested calls (about 254 MiB: a
	// multiple of maxDepth). The estimate is about twice the stack measured; were it off by
	// another factor of two, the stack would still grow to 512 MB at most, half Go's limit.
	maxStack = maxDepth * 13 << 10
	// stackPerCall is the fixed part of a call (measured: 0.9 KB for a call in a
	// statement, 3.3 KB for a call made by a builtin calling back, such as TableauTrie's
	// comparison procedure, whose code adds levels too); stackPerLevel what each level of
	// nesting of the called code adds (measured: 30 to 530 bytes, the most for POUR TOUT
	// inside POUR TOUT). A procedure nesting 10 levels can recurse maxDepth times; one
	// nesting 2,000 levels (the parser's limit for blocks plus expressions) about 125 times.
	stackPerCall  = 2 << 10
	stackPerLevel = 1 << 10
)

// minFrameCost is the least a call counts: maxDepth calls of procedures that nest little
// take maxStack exactly, so that one check in enter enforces both limits.
const minFrameCost = maxStack / maxDepth

// frameCost is the estimated stack of an activation of a procedure whose code nests
// levels deep, at least minFrameCost.
func frameCost(levels int) int64 {
	return max(stackPerCall+int64(levels)*stackPerLevel, minFrameCost)
}

// tooDeep raises the fatal error of a call nested too deeply: past maxDepth calls, or
// maxStack of estimated stack.
func (th *Thread) tooDeep(caller *frame, pos lexer.Position) {
	if th.depth >= maxDepth {
		th.fatalf(caller, pos, "too many nested calls (more than %d): endless recursion?", maxDepth)
	}
	th.fatalf(caller, pos, "too many nested calls (%d, of procedures whose code nests deeply): endless recursion?", th.depth)
}
