package lsp

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	plexer "github.com/alecthomas/participle/v2/lexer"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// text is the content of a document with the byte offset of each line's start. LSP
// positions count UTF-16 code units on a line; wl positions count runes (Column) and bytes
// (Offset).
type text struct {
	src   string
	lines []int
}

func newText(src string) text {
	t := text{src: src, lines: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// line returns the text of line n (0-based) without its line break.
func (t text) line(n int) string {
	if n < 0 || n >= len(t.lines) {
		return ""
	}
	end := len(t.src)
	if n+1 < len(t.lines) {
		end = t.lines[n+1]
	}
	return strings.TrimRight(t.src[t.lines[n]:end], "\r\n")
}

// offset converts an LSP position to a byte offset, clamped to the document.
func (t text) offset(p protocol.Position) int {
	n := int(p.Line)
	if n >= len(t.lines) {
		return len(t.src)
	}
	l := t.line(n)
	units := int(p.Character)
	i := 0
	for i < len(l) && units > 0 {
		r, size := utf8.DecodeRuneInString(l[i:])
		units -= utf16.RuneLen(r)
		i += size
	}
	return t.lines[n] + i
}

// position converts a byte offset to an LSP position.
func (t text) position(off int) protocol.Position {
	if off > len(t.src) {
		off = len(t.src)
	}
	n := 0
	for n+1 < len(t.lines) && t.lines[n+1] <= off {
		n++
	}
	units := 0
	for _, r := range t.src[t.lines[n]:off] {
		units += utf16.RuneLen(r)
	}
	return protocol.Position{Line: protocol.UInteger(n), Character: protocol.UInteger(units)}
}

// fromWL converts a wl position (1-based line, 1-based rune column) to an LSP position.
func (t text) fromWL(p plexer.Position) protocol.Position {
	if p.Line < 1 {
		return protocol.Position{}
	}
	l := t.line(p.Line - 1)
	units, col := 0, 1
	for _, r := range l {
		if col >= p.Column {
			break
		}
		units += utf16.RuneLen(r)
		col++
	}
	return protocol.Position{Line: protocol.UInteger(p.Line - 1), Character: protocol.UInteger(units)}
}

// offsetWL converts a wl position to a byte offset of t.
func (t text) offsetWL(p plexer.Position) int { return t.offset(t.fromWL(p)) }

// rangeOf is the range of n bytes from offset off.
func (t text) rangeOf(off, n int) protocol.Range {
	return protocol.Range{Start: t.position(off), End: t.position(off + n)}
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// identAt returns the identifier that contains or ends at byte offset off, with its start.
func (t text) identAt(off int) (name string, start int) {
	if off > len(t.src) {
		off = len(t.src)
	}
	start = off
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(t.src[:start])
		if !isIdentRune(r) {
			break
		}
		start -= size
	}
	return t.src[start:off] + t.identFrom(off), start
}

// identFrom returns the identifier that starts at byte offset off.
func (t text) identFrom(off int) string {
	end := off
	for end < len(t.src) {
		r, size := utf8.DecodeRuneInString(t.src[end:])
		if !isIdentRune(r) {
			break
		}
		end += size
	}
	return t.src[off:end]
}

// receiverBefore returns the name written just before a "." that ends at byte offset dot
// (x in "x.", "x[i]." is not followed); ok is false when there is none.
func (t text) receiverBefore(dot int) (string, bool) {
	if dot < 1 || t.src[dot-1] != '.' {
		return "", false
	}
	end := dot - 1
	for end > 0 && t.src[end-1] == '.' { // legacy ".."
		end--
	}
	name, _ := t.identAt(end)
	if name == "" {
		return "", false
	}
	r, _ := utf8.DecodeRuneInString(name)
	if unicode.IsDigit(r) {
		return "", false
	}
	return name, true
}
