// Package lexer turns WLanguage source text into tokens for the participle grammar.
//
// It is written by hand rather than with participle's regular-expression lexer because
// WLanguage's lexical rules are not regular enough: a "..." continuation swallows the line
// break and an optional comment after it, a string left open continues on the next lines,
// "[" alone at the end of a line opens a multi-line literal that ends at a line holding only
// "]", and keywords are recognised whatever their case and accents. Doing it by hand also
// gives errors that point at the offending character instead of quoting the rest of the file.
package lexer

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	plexer "github.com/alecthomas/participle/v2/lexer"
)

// Token types produced by the lexer.
const (
	EOF                        = plexer.EOF
	Keyword   plexer.TokenType = iota + 1 // a reserved word, Value is its canonical spelling
	Ident                                 // a name (soft keywords have their canonical spelling)
	String                                // a string literal, Value is its decoded content
	Number                                // an integer, decimal or 0x hexadecimal literal, as written
	Punct                                 // an operator or punctuation
	Sep                                   // a statement separator: "\n" for line breaks, ";"
	DirIf                                 // <SI cond> / <IF cond>: Value is the condition
	DirElseIf                             // <SINON SI cond> / <ELSE IF cond>
	DirElse                               // <SINON> / <ELSE>
	DirEnd                                // <FIN> / <END>
)

// Definition is the WLanguage lexer definition for participle. It is immutable and safe for
// concurrent use.
type Definition struct {
	keywords keywordTable
	// symbols is what Symbols returns: participle asks for it at each token type a grammar
	// names, and only reads it.
	symbols map[string]plexer.TokenType
}

// New returns the lexer definition.
func New() *Definition {
	return &Definition{keywords: newKeywordTable(), symbols: symbols()}
}

// Symbols implements participle's lexer.Definition. The map is shared: callers must not
// change it.
func (d *Definition) Symbols() map[string]plexer.TokenType {
	if d.symbols == nil {
		return symbols()
	}
	return d.symbols
}

func symbols() map[string]plexer.TokenType {
	return map[string]plexer.TokenType{
		"EOF": EOF, "Keyword": Keyword, "Ident": Ident, "String": String, "Number": Number,
		"Punct": Punct, "Sep": Sep,
		"DirIf": DirIf, "DirElseIf": DirElseIf, "DirElse": DirElse, "DirEnd": DirEnd,
	}
}

// Lex implements participle's lexer.Definition: the source is decoded with Decode.
func (d *Definition) Lex(filename string, r io.Reader) (plexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexString(filename, Decode(b))
}

// LexString lexes already-decoded text.
func (d *Definition) LexString(filename, src string) (plexer.Lexer, error) {
	toks, err := d.Tokens(filename, src)
	if err != nil {
		return nil, err
	}
	return &sliceLexer{toks: toks}, nil
}

// IsHardKeyword reports whether name (any case, with or without accents) is a reserved word.
func (d *Definition) IsHardKeyword(name string) bool {
	k, ok := d.keywords[Fold(name)]
	return ok && k.hard
}

type sliceLexer struct {
	toks []plexer.Token
	i    int
}

func (l *sliceLexer) Next() (plexer.Token, error) {
	t := l.toks[l.i]
	if l.i < len(l.toks)-1 {
		l.i++
	}
	return t, nil
}

// Error is a lexical error at a position.
type Error struct {
	Pos plexer.Position
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Message implements participle.Error.
func (e *Error) Message() string { return e.Msg }

// Position implements participle.Error.
func (e *Error) Position() plexer.Position { return e.Pos }

// operators, longest first.
var operators = []string{
	"[=]", "[~]", "<=>",
	"..", "<>", "<=", ">=", "~=", "~~", "[=", "=]", "[~", "~]", "++", "--", "+=", "-=", "*=", "/=",
	"=", "<", ">", "+", "-", "*", "/", "%", ".", "[", "]", "(", ")", ",", ":", "?", "{", "}",
	"&", "'", "^", "!", "@", "|", "\\", "$", "#", "~",
}

type scanner struct {
	d    *Definition
	src  string
	file string
	off  int
	line int
	col  int
	toks []plexer.Token
	// braces records, for each open "{", whether it opens the body of an anonymous
	// procedure (true) or an indirection (false).
	braces []bool
}

// Tokens lexes the whole of src and returns its tokens, ending with EOF.
func (d *Definition) Tokens(filename, src string) ([]plexer.Token, error) {
	s := &scanner{d: d, src: src, file: filename, line: 1, col: 1,
		toks: make([]plexer.Token, 0, len(src)/4+1)}
	if err := s.run(); err != nil {
		return nil, err
	}
	return s.toks, nil
}

func (s *scanner) pos() plexer.Position {
	return plexer.Position{Filename: s.file, Offset: s.off, Line: s.line, Column: s.col}
}

// advance moves over n bytes, keeping line and column (in runes) up to date.
func (s *scanner) advance(n int) {
	end := s.off + n
	for s.off < end {
		c := s.src[s.off]
		switch {
		case c == '\n':
			s.line++
			s.col = 1
			s.off++
		case c == '\r':
			if s.off+1 < len(s.src) && s.src[s.off+1] == '\n' {
				s.off++
				continue
			}
			s.line++
			s.col = 1
			s.off++
		case c < utf8.RuneSelf:
			s.col++
			s.off++
		default:
			_, size := utf8.DecodeRuneInString(s.src[s.off:])
			s.col++
			s.off += size
		}
	}
}

func (s *scanner) emit(typ plexer.TokenType, val string, pos plexer.Position) {
	s.toks = append(s.toks, plexer.Token{Type: typ, Value: val, Pos: pos})
}

func (s *scanner) errorf(pos plexer.Position, format string, args ...any) error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

// IsIdentPart reports whether r may continue an identifier: a letter, a digit, '_' or a
// combining mark (the accent of a decomposed letter).
func IsIdentPart(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func (s *scanner) run() error {
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\v':
			s.advance(1)
		case c == '\n' || c == '\r':
			pos := s.pos()
			s.advance(1)
			if n := len(s.toks); n > 0 && !(s.toks[n-1].Type == Sep && s.toks[n-1].Value == "\n") {
				s.emit(Sep, "\n", pos)
			}
		case c == '/' && strings.HasPrefix(s.src[s.off:], "//"):
			s.skipLineRest()
		case c == '.' && strings.HasPrefix(s.src[s.off:], "..."):
			if err := s.continuation(); err != nil {
				return err
			}
		case c == ';':
			s.emit(Sep, ";", s.pos())
			s.advance(1)
		case c == '"':
			if err := s.quoted('"', '"', true); err != nil {
				return err
			}
		case c == '`':
			if err := s.quoted('`', '`', false); err != nil {
				return err
			}
		case c >= '0' && c <= '9':
			s.number()
		case c == '[' && s.bracketLiteralAhead():
			s.bracketLiteral()
		case c == '<' && strings.HasPrefix(s.src[s.off:], "<§"):
			if err := s.resource(); err != nil {
				return err
			}
		case c == '<' && s.atLineStart() && s.directive():
		case c < utf8.RuneSelf:
			if isIdentStart(rune(c)) {
				s.ident()
				continue
			}
			if !s.operator() {
				return s.errorf(s.pos(), "unexpected character %q", string(c))
			}
		default:
			r, size := utf8.DecodeRuneInString(s.src[s.off:])
			switch {
			case r == utf8.RuneError && size == 1:
				return s.errorf(s.pos(), "invalid UTF-8 byte 0x%02X", c)
			case r == '\u00A0' || r == '\uFEFF' || unicode.IsSpace(r):
				s.advance(size)
			case r == '“' || r == '”' || r == '«':
				closing := '”'
				if r == '«' {
					closing = '»'
				}
				if err := s.quoted(r, closing, false); err != nil {
					return err
				}
			case isIdentStart(r):
				s.ident()
			default:
				return s.errorf(s.pos(), "unexpected character %q", string(r))
			}
		}
	}
	// Every statement ends with a separator, the last one included.
	if n := len(s.toks); n > 0 && s.toks[n-1].Type != Sep {
		s.emit(Sep, "\n", s.pos())
	}
	s.emit(EOF, "", s.pos())
	return nil
}

// atLineStart reports whether only blanks precede the current position on its line.
func (s *scanner) atLineStart() bool {
	n := len(s.toks)
	return n == 0 || (s.toks[n-1].Type == Sep && s.toks[n-1].Value == "\n")
}

// resource lexes a <§...§> string resource of WINDEV's exported sources. Its text is not in
// the source, so it stands for itself as a string.
func (s *scanner) resource() error {
	pos := s.pos()
	end := strings.Index(s.src[s.off+len("<§"):], "§>")
	if end < 0 {
		return s.errorf(pos, "string resource not closed: <§ opened here has no closing §>")
	}
	n := len("<§") + end + len("§>")
	s.emit(String, s.src[s.off:s.off+n], pos)
	s.advance(n)
	return nil
}

// directive lexes a conditional-compilation line, <SI CibleExécution = ...>, <SINON SI ...>,
// <SINON> or <FIN> (and their English forms), when the line holds one.
func (s *scanner) directive() bool {
	rest := s.src[s.off:]
	eol := strings.IndexAny(rest, "\r\n")
	if eol < 0 {
		eol = len(rest)
	}
	line := strings.TrimSpace(rest[:eol])
	if c := strings.Index(line, "//"); c >= 0 {
		line = strings.TrimSpace(line[:c])
	}
	if !strings.HasSuffix(line, ">") {
		return false
	}
	inner := strings.TrimSpace(line[1 : len(line)-1])
	words := strings.Fields(inner)
	if len(words) == 0 {
		return false
	}
	first := Fold(words[0])
	var typ plexer.TokenType
	cond := ""
	switch {
	case (first == "si" || first == "if") && len(words) > 1:
		typ, cond = DirIf, strings.TrimSpace(inner[len(words[0]):])
	case (first == "sinon" || first == "else") && len(words) > 2 && (Fold(words[1]) == "si" || Fold(words[1]) == "if"):
		rest := strings.TrimSpace(inner[len(words[0]):])
		typ, cond = DirElseIf, strings.TrimSpace(rest[len(words[1]):])
	case (first == "sinon" || first == "else") && len(words) == 1:
		typ = DirElse
	case (first == "fin" || first == "end") && len(words) == 1:
		typ = DirEnd
	default:
		return false
	}
	s.emit(typ, cond, s.pos())
	s.advance(eol)
	return true
}

func (s *scanner) skipLineRest() {
	i := strings.IndexAny(s.src[s.off:], "\r\n")
	if i < 0 {
		i = len(s.src) - s.off
	}
	s.advance(i)
}

// continuation handles "...": the rest of the line may only hold blanks and a comment, and the
// line break after it is dropped, joining the two lines.
func (s *scanner) continuation() error {
	pos := s.pos()
	s.advance(3)
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t':
			s.advance(1)
		case c == '/' && strings.HasPrefix(s.src[s.off:], "//"):
			s.skipLineRest()
		case c == '\r' || c == '\n':
			s.advance(1)
			if c == '\r' && s.off < len(s.src) && s.src[s.off] == '\n' {
				s.advance(1)
			}
			return nil
		default:
			return s.errorf(pos, `"..." continues a line: only a comment may follow it on the same line`)
		}
	}
	return nil
}

// quoted lexes a string between open and close. With doubling, a doubled closing quote stands
// for one quote character.
func (s *scanner) quoted(open, close rune, doubling bool) error {
	pos := s.pos()
	s.advance(utf8.RuneLen(open))
	var b strings.Builder
	start := s.off
	for {
		i := strings.IndexRune(s.src[s.off:], close)
		if i < 0 {
			return s.errorf(pos, "string not closed: %c opened here has no closing %c", open, close)
		}
		s.advance(i)
		b.WriteString(s.src[start:s.off])
		s.advance(utf8.RuneLen(close))
		if doubling && s.off < len(s.src) && strings.HasPrefix(s.src[s.off:], string(close)) {
			b.WriteRune(close)
			s.advance(utf8.RuneLen(close))
			start = s.off
			continue
		}
		break
	}
	s.emit(String, normalizeNewlines(b.String()), pos)
	return nil
}

func normalizeNewlines(v string) string {
	if strings.IndexByte(v, '\r') < 0 {
		return v
	}
	v = strings.ReplaceAll(v, "\r\n", "\n")
	return strings.ReplaceAll(v, "\r", "\n")
}

// bracketLiteralAhead reports whether a "[" is followed only by blanks up to the end of the
// line, which opens a multi-line string literal.
func (s *scanner) bracketLiteralAhead() bool {
	for i := s.off + 1; i < len(s.src); i++ {
		switch s.src[i] {
		case ' ', '\t':
		case '\r', '\n':
			return s.bracketLiteralEnd(i) >= 0
		default:
			return false
		}
	}
	return false
}

// bracketLiteralEnd returns the offset of the closing "]" of a literal whose first line break
// is at nl, or -1: the literal ends at the first line whose only non-blank text is "]".
func (s *scanner) bracketLiteralEnd(nl int) int {
	i := nl
	for i < len(s.src) {
		// i is at a line break; find the next line.
		if s.src[i] == '\r' && i+1 < len(s.src) && s.src[i+1] == '\n' {
			i++
		}
		i++
		lineStart := i
		j := strings.IndexAny(s.src[lineStart:], "\r\n")
		lineEnd := len(s.src)
		if j >= 0 {
			lineEnd = lineStart + j
		}
		if strings.TrimSpace(s.src[lineStart:lineEnd]) == "]" {
			return lineStart + strings.IndexByte(s.src[lineStart:lineEnd], ']')
		}
		if j < 0 {
			return -1
		}
		i = lineEnd
	}
	return -1
}

// bracketLiteral lexes "[" newline ... newline "]": the text between the two line breaks, as is.
func (s *scanner) bracketLiteral() {
	pos := s.pos()
	nl := s.off + 1 + strings.IndexAny(s.src[s.off+1:], "\r\n")
	end := s.bracketLiteralEnd(nl)
	bodyStart := nl + 1
	if s.src[nl] == '\r' && bodyStart < len(s.src) && s.src[bodyStart] == '\n' {
		bodyStart++
	}
	bodyEnd := end
	// Drop the line break (and indentation) before the closing bracket.
	for bodyEnd > bodyStart && (s.src[bodyEnd-1] == ' ' || s.src[bodyEnd-1] == '\t') {
		bodyEnd--
	}
	if bodyEnd > bodyStart && s.src[bodyEnd-1] == '\n' {
		bodyEnd--
	}
	if bodyEnd > bodyStart && s.src[bodyEnd-1] == '\r' {
		bodyEnd--
	}
	body := ""
	if bodyEnd > bodyStart {
		body = s.src[bodyStart:bodyEnd]
	}
	s.advance(end + 1 - s.off)
	s.emit(String, normalizeNewlines(body), pos)
}

func (s *scanner) number() {
	pos := s.pos()
	src := s.src[s.off:]
	n := 0
	if len(src) > 2 && src[0] == '0' && (src[1] == 'x' || src[1] == 'X') && isHex(src[2]) {
		n = 2
		for n < len(src) && isHex(src[n]) {
			n++
		}
	} else {
		for n < len(src) && isDigit(src[n]) {
			n++
		}
		if n+1 < len(src) && src[n] == '.' && isDigit(src[n+1]) {
			n++
			for n < len(src) && isDigit(src[n]) {
				n++
			}
		}
		if n+1 < len(src) && (src[n] == 'e' || src[n] == 'E') {
			m := n + 1
			if m < len(src) && (src[m] == '+' || src[m] == '-') {
				m++
			}
			if m < len(src) && isDigit(src[m]) {
				for m < len(src) && isDigit(src[m]) {
					m++
				}
				n = m
			}
		}
	}
	s.advance(n)
	s.emit(Number, src[:n], pos)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *scanner) ident() {
	pos := s.pos()
	start := s.off
	i := s.off
	for i < len(s.src) {
		r, size := utf8.DecodeRuneInString(s.src[i:])
		if !IsIdentPart(r) {
			break
		}
		i += size
	}
	s.advance(i - start)
	word := s.src[start:i]
	if k, ok := s.d.keywords[Fold(word)]; ok {
		if k.hard && s.memberName(start, i) {
			s.emit(Ident, word, pos)
		} else if k.hard {
			s.emit(Keyword, k.canon, pos)
		} else {
			s.emit(Ident, k.canon, pos)
		}
		return
	}
	s.emit(Ident, word, pos)
}

// memberName reports whether the reserved word at src[start:end] stands where only a
// member's name can: right after the "." / ".." / ":" of a member access written against its
// object (`x.Autre`, `x..Autre`, `o:When`; a ":" after ERREUR/EXCEPTION ends a CAS label),
// or in a declaration, directly followed by EST/IS/SONT/ARE (`Autre est une chaîne`, a
// member of a STRUCTURE or CLASSE). There it is a name: WLanguage's reserved words are
// reserved for statements and operators, and neither can stand in these places. The
// parser refuses such a name for a variable or a parameter, whose uses could not be told
// from the keyword.
func (s *scanner) memberName(start, end int) bool {
	if n := len(s.toks); n >= 2 {
		dot, obj := s.toks[n-1], s.toks[n-2]
		if dot.Type == Punct && (dot.Value == "." || dot.Value == ".." || dot.Value == ":") &&
			dot.Pos.Offset+len(dot.Value) == start && obj.Pos.Offset+len(obj.Value) == dot.Pos.Offset {
			switch {
			case obj.Type == Ident:
				if dot.Value == ":" {
					switch obj.Value {
					case "ERREUR", "ERROR", "EXCEPTION":
						return false
					}
				}
				return true
			case obj.Type == Punct && (obj.Value == ")" || obj.Value == "]"):
				return true
			}
			return false
		}
	}
	i := end
	for i < len(s.src) && (s.src[i] == ' ' || s.src[i] == '\t') {
		i++
	}
	j := i
	for j < len(s.src) {
		r, size := utf8.DecodeRuneInString(s.src[j:])
		if !IsIdentPart(r) {
			break
		}
		j += size
	}
	if j == i || i == end {
		return false
	}
	switch Fold(s.src[i:j]) {
	case "est", "is", "sont", "are": // EST, IS, SONT, ARE folded
		return true
	}
	return false
}

func (s *scanner) operator() bool {
	rest := s.src[s.off:]
	for _, op := range operators {
		if strings.HasPrefix(rest, op) {
			switch op {
			case "{":
				s.braces = append(s.braces, s.opensBody())
			case "}":
				// The last statement of a procedure body may be followed directly by "}":
				// give it its separator.
				if n := len(s.braces); n > 0 {
					if s.braces[n-1] && len(s.toks) > 0 && s.toks[len(s.toks)-1].Type != Sep {
						s.emit(Sep, "\n", s.pos())
					}
					s.braces = s.braces[:n-1]
				}
			}
			s.emit(Punct, op, s.pos())
			s.advance(len(op))
			return true
		}
	}
	return false
}

// opensBody reports whether a "{" opens the body of an anonymous procedure: it then follows
// the parameter list's ")" or the result type's name, possibly on the next line.
func (s *scanner) opensBody() bool {
	for i := len(s.toks) - 1; i >= 0; i-- {
		t := s.toks[i]
		if t.Type == Sep && t.Value == "\n" {
			continue
		}
		return (t.Type == Punct && t.Value == ")") || t.Type == Ident
	}
	return false
}
