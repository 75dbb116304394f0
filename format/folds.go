package format

import (
	"strings"

	"github.com/wl-lang/wl/lexer"
)

// Fold is a range of lines an editor can fold: a block from the line that opens it to the
// line before the one that closes it (FIN stays visible), a procedure from its PROCÉDURE
// line to its last line of code, or a run of comment lines. Lines count from 0.
type Fold struct {
	Start, End int
	Comment    bool
}

// Folds finds the folds of text (decoded source): the bodies of PROCÉDURE/PROCEDURE (up to
// the next procedure), SI/POUR/TANTQUE/BOUCLE/SELON (and its CAS)/QUAND/UTILISER/CONSTANTE
// blocks, structures and classes, GLOBAL/LOCAL sections, CAS ERREUR: handlers, and runs of
// two or more lines holding only a comment. The blocks are the ones the layout indents,
// found the same way. Errors are lexical errors of the text.
func Folds(filename, text string) ([]Fold, error) {
	sp, err := spans(filename, text)
	if err != nil {
		return nil, err
	}
	lineAt := newLineIndex(text)
	var out []Fold
	add := func(start, end int, comment bool) {
		if end > start {
			out = append(out, Fold{Start: start, End: end, Comment: comment})
		}
	}
	var b blockStack
	var opens []int // the line each open block of b starts on
	closeTo := func(n, end int) {
		for len(opens) > n {
			add(opens[len(opens)-1], end, false)
			opens = opens[:len(opens)-1]
		}
	}
	proc, last := -1, 0
	stmtStart := true
	for i, s := range sp {
		t := s.tok
		if t.Type == lexer.Sep {
			stmtStart = true
			continue
		}
		line := lineAt(s.start)
		if stmtStart {
			stmtStart = false
			if t.Type == lexer.Keyword && kw(sp, i, "PROCEDURE", "FONCTION", "FUNCTION") && !kw(sp, i+1, "INTERNE", "INTERNAL") {
				closeTo(0, last)
				if proc >= 0 {
					add(proc, last, false)
				}
				proc = line
			}
			before := len(b)
			top, _ := b.top()
			b.statement(sp, i)
			pops := before - len(b)
			if pops == 0 && len(b) > 0 && kw(sp, i, "CAS", "CASE", "AUTRE", "AUTRES", "OTHER") && (top == frameCase || top == frameHandler) {
				// The next CAS of a SELON (or CAS EXCEPTION: after CAS ERREUR:) ends the one
				// before and opens its own.
				pops = 1
			}
			if pops > 0 {
				closeTo(max(len(opens)-pops, 0), line-1)
			}
			for len(opens) < len(b) {
				opens = append(opens, line)
			}
		}
		last = lineAt(max(s.end-1, s.start))
	}
	closeTo(0, last)
	if proc >= 0 {
		add(proc, last, false)
	}
	return append(out, commentFolds(text, sp, lineAt)...), nil
}

// commentFolds finds the runs of two or more lines holding only a comment (outside
// multi-line strings).
func commentFolds(text string, sp []span, lineAt func(int) int) []Fold {
	var out []Fold
	start, prev := -1, -2
	str := 0 // the next string span that may hold an offset
	inString := func(off int) bool {
		for ; str < len(sp); str++ {
			s := sp[str]
			if s.tok.Type != lexer.String || s.end <= off {
				continue
			}
			return s.start < off
		}
		return false
	}
	flush := func() {
		if start >= 0 && prev > start {
			out = append(out, Fold{Start: start, End: prev, Comment: true})
		}
		start = -1
	}
	off := 0
	for _, l := range strings.SplitAfter(text, "\n") {
		trimmed := strings.TrimLeft(l, " \t")
		c := off + len(l) - len(trimmed)
		if strings.HasPrefix(trimmed, "//") && !inString(c) {
			n := lineAt(c)
			if n != prev+1 {
				flush()
				start = n
			}
			prev = n
		} else {
			flush()
		}
		off += len(l)
	}
	flush()
	return out
}

// newLineIndex returns the function giving the line (from 0) of a byte offset of text.
func newLineIndex(text string) func(int) int {
	var starts []int
	starts = append(starts, 0)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return func(off int) int {
		lo, hi := 0, len(starts)
		for hi-lo > 1 {
			m := (lo + hi) / 2
			if starts[m] <= off {
				lo = m
			} else {
				hi = m
			}
		}
		return lo
	}
}
