package format

import (
	"strings"
	"unicode/utf8"

	plexer "github.com/alecthomas/participle/v2/lexer"

	"github.com/wl-lang/wl/lexer"
)

// span is one token of the source with the bytes it covers.
type span struct {
	tok        plexer.Token
	start, end int
}

// text is the token as written in src.
func (s span) text(src string) string { return src[s.start:s.end] }

// spans lexes src and gives every token, EOF excluded, with the end of its text. The lexer
// only records where a token starts; where it ends follows from its kind and first bytes.
func spans(filename, src string) ([]span, error) {
	toks, err := lexer.New().Tokens(filename, src)
	if err != nil {
		return nil, err
	}
	out := make([]span, 0, len(toks))
	for _, t := range toks {
		if t.Type == lexer.EOF {
			break
		}
		start := t.Pos.Offset
		out = append(out, span{tok: t, start: start, end: tokenEnd(src, t, start)})
	}
	return out, nil
}

// tokenEnd is the offset just after the text of t, which starts at start.
func tokenEnd(src string, t plexer.Token, start int) int {
	if start >= len(src) {
		return len(src)
	}
	switch t.Type {
	case lexer.Keyword, lexer.Ident:
		i := start
		for i < len(src) {
			r, size := utf8.DecodeRuneInString(src[i:])
			if !lexer.IsIdentPart(r) {
				break
			}
			i += size
		}
		return i
	case lexer.Number, lexer.Punct:
		return start + len(t.Value)
	case lexer.Sep:
		switch {
		case strings.HasPrefix(src[start:], "\r\n"):
			return start + 2
		case src[start] == '\r' || src[start] == '\n' || src[start] == ';':
			return start + 1
		}
		// The separator the lexer adds before the "}" that ends a procedure's body.
		return start
	case lexer.DirIf, lexer.DirElseIf, lexer.DirElse, lexer.DirEnd:
		return lineEnd(src, start)
	case lexer.String:
		return stringEnd(src, start)
	}
	return start
}

// lineEnd is the offset of the line break that ends the line holding i, or len(src).
func lineEnd(src string, i int) int {
	if j := strings.IndexAny(src[i:], "\r\n"); j >= 0 {
		return i + j
	}
	return len(src)
}

// stringEnd is the end of the string literal that starts at start, following the lexer's
// rules (quoted.go's doubling, "[" literals, <§ §> resources).
func stringEnd(src string, start int) int {
	r, size := utf8.DecodeRuneInString(src[start:])
	closeAfter := func(close string, doubling bool) int {
		i := start + size
		for {
			j := strings.Index(src[i:], close)
			if j < 0 {
				return len(src)
			}
			i += j + len(close)
			if doubling && strings.HasPrefix(src[i:], close) {
				i += len(close)
				continue
			}
			return i
		}
	}
	switch r {
	case '"':
		return closeAfter(`"`, true)
	case '`':
		return closeAfter("`", false)
	case '“':
		return closeAfter("”", false)
	case '«':
		return closeAfter("»", false)
	case '<':
		return closeAfter("§>", false)
	case '[':
		// The literal ends at the first line, after the opening one, holding only "]".
		i := lineEnd(src, start)
		for i < len(src) {
			if strings.HasPrefix(src[i:], "\r\n") {
				i += 2
			} else {
				i++
			}
			e := lineEnd(src, i)
			if strings.TrimSpace(src[i:e]) == "]" {
				return i + strings.IndexByte(src[i:e], ']') + 1
			}
			i = e
		}
		return len(src)
	}
	return start + size
}
