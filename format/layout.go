package format

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/wl-lang/wl/lexer"
)

// printer writes the formatted text.
type printer struct {
	src   string
	spans []span
	// words holds the text each token is written with (keyword case, translations).
	words []string
	eol   string
	out   strings.Builder
	// line is the current output line, written out at each line break without its trailing
	// blanks.
	line      strings.Builder
	atStart   bool // nothing but indentation is on the current line yet
	cont      bool // the next line continues the statement ("...")
	blocks    blockStack
	level     int  // indentation of the current statement
	depth     int  // open ( and [ brackets
	prevUnary bool // the last token was a unary operator
	prev      int  // index of the last code token written, -1 at the start
	// keyword marks the keywords, contextual ones included (contextKeywords); step the PAS
	// that is a loop's step.
	keyword, step []bool
}

// layout formats text, already decoded.
func layout(filename, text string, opts Options) (string, error) {
	sp, err := spans(filename, text)
	if err != nil {
		return "", err
	}
	p := &printer{src: text, spans: sp, eol: lineBreak(text), atStart: true, prev: -1}
	p.keyword, p.step = contextKeywords(sp)
	p.words = make([]string, len(sp))
	for i, s := range sp {
		p.words[i] = s.text(text)
		if s.tok.Type == lexer.Keyword {
			p.words[i] = keywordCase(p.words[i], s.tok.Value)
		}
	}
	if opts.Lang != Keep {
		if err := translate(p, opts); err != nil {
			return "", err
		}
	}
	pos := 0
	for i, s := range sp {
		if s.start < pos {
			return "", fmt.Errorf("internal error at %s: tokens overlap", s.tok.Pos)
		}
		p.gap(text[pos:s.start])
		p.token(i)
		pos = s.end
	}
	p.gap(text[pos:])
	p.flushLine(false)
	out := p.out.String()
	if err := sameTokens(filename, text, out, sp, p.words); err != nil {
		return "", err
	}
	return out, nil
}

// lineBreak is the line-break style of text: CRLF when its first line break is one.
func lineBreak(text string) string {
	if i := strings.IndexAny(text, "\r\n"); i >= 0 && strings.HasPrefix(text[i:], "\r\n") {
		return "\r\n"
	}
	return "\n"
}

// keywordCase writes a reserved word as WINDEV prints it: in capitals, keeping the accents
// it was written with, except est/sont/is/are in lower case.
func keywordCase(word, canon string) string {
	switch canon {
	case "EST", "SONT", "IS", "ARE":
		return strings.ToLower(word)
	}
	return strings.ToUpper(word)
}

// flushLine ends the current line; with brk, a line break follows it.
func (p *printer) flushLine(brk bool) {
	p.out.WriteString(strings.TrimRight(p.line.String(), " \t"))
	p.line.Reset()
	if brk {
		p.out.WriteString(p.eol)
	}
	p.atStart = true
}

// gap writes what lies between two tokens: blanks, comments, line breaks and "..."
// continuations.
func (p *printer) gap(g string) {
	blank := ""
	for len(g) > 0 {
		switch {
		case strings.HasPrefix(g, "//"):
			e := strings.IndexAny(g, "\r\n")
			if e < 0 {
				e = len(g)
			}
			p.comment(g[:e], blank)
			blank = ""
			g = g[e:]
		case strings.HasPrefix(g, "..."):
			if !p.atStart {
				p.line.WriteByte(' ')
			}
			p.line.WriteString("...")
			p.cont = true
			blank = ""
			g = g[3:]
		case g[0] == '\r' || g[0] == '\n':
			p.newline()
			blank = ""
			if strings.HasPrefix(g, "\r\n") {
				g = g[2:]
			} else {
				g = g[1:]
			}
		default:
			// Blanks (spaces, tabs, no-break spaces, byte-order marks).
			n := strings.IndexAny(g, "/.\r\n")
			if n < 0 {
				n = len(g)
			}
			if n == 0 {
				// A lone "/" or "." cannot be in a gap; keep it rather than loop.
				n = 1
			}
			blank += g[:n]
			g = g[n:]
		}
	}
}

// comment writes a comment: on a line of its own at the indentation of the code around it,
// after code with the blanks that separated them (one space at least).
func (p *printer) comment(c, blank string) {
	if p.atStart {
		p.indent(p.blocks.level())
	} else {
		if strings.Trim(blank, " \t") != "" || blank == "" {
			blank = " "
		}
		p.line.WriteString(blank)
	}
	p.line.WriteString(strings.TrimRight(c, " \t"))
}

// newline ends a line of the source.
func (p *printer) newline() {
	p.flushLine(true)
}

func (p *printer) indent(n int) {
	for range n {
		p.line.WriteByte('\t')
	}
	p.atStart = false
}

// token writes token i.
func (p *printer) token(i int) {
	s := p.spans[i]
	t := s.tok
	if t.Type == lexer.Sep && t.Value == "\n" {
		if s.end > s.start {
			p.newline()
		}
		p.cont = false
		return
	}
	if p.words[i] == "" {
		// A word translation drops (the article of "est un entier" in English).
		return
	}
	if p.atStart {
		switch {
		case p.cont || p.depth > 0:
			p.indent(p.level + 1)
		default:
			p.level = p.blocks.statement(p.spans, i)
			p.indent(p.level)
		}
		p.cont = false
	} else {
		if p.prev >= 0 && p.spans[p.prev].tok.Type == lexer.Sep {
			// A statement after ";".
			p.blocks.statement(p.spans, i)
		}
		if p.space(i) {
			p.line.WriteByte(' ')
		}
	}
	p.line.WriteString(p.words[i])
	p.prevUnary = p.unary(i)
	if t.Type == lexer.Punct {
		switch t.Value {
		case "(", "[":
			p.depth++
		case ")", "]":
			if p.depth > 0 {
				p.depth--
			}
		}
	}
	p.prev = i
}

// binaryOps take one space on each side.
var binaryOps = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"=": true, "<>": true, "<": true, ">": true, "<=": true, ">=": true, "~=": true, "~~": true,
		"[=]": true, "[~]": true, "[=": true, "=]": true, "[~": true, "~]": true, "<=>": true,
		"+": true, "-": true, "*": true, "/": true, "%": true,
		"+=": true, "-=": true, "*=": true, "/=": true,
	}
})

// wordOps are the operators written as words: one space on each side.
var wordOps = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"ET": true, "OU": true, "_ET_": true, "_OU_": true, "AND": true, "OR": true, "_AND_": true, "_OR_": true,
	}
})

// unary reports whether token i, an operator, is a sign (nothing to its left it applies to).
func (p *printer) unary(i int) bool {
	t := p.spans[i].tok
	if t.Type != lexer.Punct || (t.Value != "-" && t.Value != "+") {
		return false
	}
	if p.prev < 0 {
		return true
	}
	pt := p.spans[p.prev].tok
	if p.keyword[p.prev] {
		return true
	}
	switch pt.Type {
	case lexer.Keyword, lexer.Sep:
		return true
	case lexer.Punct:
		switch pt.Value {
		case ")", "]", "}":
			return false
		}
		return true
	case lexer.Ident:
		// A contextual keyword before a sign: POUR i = 1 À -5, CAS -1.
		return false
	}
	return false
}

// space reports whether a space goes between the last token written and token i.
func (p *printer) space(i int) bool {
	prev, cur := p.spans[p.prev], p.spans[i]
	had := cur.start > prev.end
	pv, cv := punct(prev), punct(cur)
	last, _ := utf8.DecodeLastRuneInString(p.words[p.prev])
	next, _ := utf8.DecodeRuneInString(p.words[i])
	switch {
	case last == '\'':
		// "d'" that translation wrote before a vowel: d'entiers.
		return false
	case p.prev != i-1 && isWordRune(last) && isWordRune(next):
		// Two words that a dropped token separated (d'entiers becoming "of int").
		return true
	case cur.tok.Type == lexer.Sep: // ";"
		return false
	case prev.tok.Type == lexer.Sep:
		return true
	case cv == "," || cv == ")" || cv == "]":
		return false
	case cv == "[" && pv == "[":
		// "[[" together is a substring, "[ [" an index by an array.
		return had
	case pv == "(" || pv == "[":
		return false
	case pv == ",":
		return true
	case cv == "." || cv == ".." || pv == "." || pv == "..":
		return false
	case p.arrow(i):
		// "<-" (assignment by reference) is a "<" and a "-" written together: apart they
		// would be a comparison with a negative value.
		return false
	case p.arrow(p.prev):
		return true
	case binaryOps()[cv]:
		if p.unary(i) {
			// A sign: spaced from the word or operator before it.
			return had || p.keyword[p.prev] || binaryOps()[pv]
		}
		return true
	case binaryOps()[pv]:
		return !p.prevUnary
	case prev.tok.Type == lexer.Keyword && wordOps()[prev.tok.Value]:
		return true
	case cur.tok.Type == lexer.Keyword && cv == "":
		return true
	case cv == "(" || cv == "[":
		switch {
		case prev.tok.Type == lexer.Ident || pv == ")" || pv == "]":
			return false
		case prev.tok.Type == lexer.Keyword:
			return had
		}
		return had
	}
	return had
}

// arrow reports whether token i is the "-" of "<-": it directly follows a "<".
func (p *printer) arrow(i int) bool {
	return i > 0 && punct(p.spans[i]) == "-" && punct(p.spans[i-1]) == "<" && p.spans[i-1].end == p.spans[i].start
}

// punct is the operator a token is, or "".
func punct(s span) string {
	if s.tok.Type == lexer.Punct {
		return s.tok.Value
	}
	return ""
}

// sameTokens checks that out lexes to the tokens of the source, written as words: the
// guarantee that formatting changed nothing a script does.
func sameTokens(filename, src, out string, sp []span, words []string) error {
	got, err := spans(filename, out)
	if err != nil {
		return fmt.Errorf("internal error: the formatted text does not lex: %v", err)
	}
	lx := lexer.New()
	// Separators the lexer adds (at the end of the file, before a "}") have no text.
	var kept []span
	for _, g := range got {
		if !(g.tok.Type == lexer.Sep && g.end == g.start) {
			kept = append(kept, g)
		}
	}
	j := 0
	for i, s := range sp {
		if s.tok.Type == lexer.Sep && s.end == s.start {
			continue
		}
		if j >= len(kept) {
			return fmt.Errorf("internal error: the formatted text ends before %s", s.tok.Pos)
		}
		wants := []plexer.Token{s.tok}
		if words[i] != s.text(src) && s.tok.Type != lexer.String {
			// A translated or re-cased word: it must lex as the words written (none when
			// translation dropped it, several when it added an article).
			wt, err := lx.Tokens("", words[i])
			if err != nil {
				return fmt.Errorf("internal error: %q does not lex", words[i])
			}
			wants = wants[:0]
			for _, w := range wt {
				if w.Type != lexer.EOF && w.Type != lexer.Sep {
					wants = append(wants, w)
				}
			}
		}
		for _, want := range wants {
			if j >= len(kept) {
				return fmt.Errorf("internal error: the formatted text ends before %s", s.tok.Pos)
			}
			g := kept[j].tok
			if g.Type != want.Type || g.Value != want.Value {
				return fmt.Errorf("internal error at %s: formatting changed %q into %q", s.tok.Pos, want.Value, g.Value)
			}
			j++
		}
	}
	if j < len(kept) {
		return fmt.Errorf("internal error: the formatted text has more tokens (%q)", kept[j].tok.Value)
	}
	return nil
}
