package builtins

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
)

// jsonKind is the kind of a JSON node.
type jsonKind uint8

const (
	jNull jsonKind = iota
	jBool
	jNumber
	jString
	jObject
	jArray
)

// jsonNode is one node of a JSON document. Objects keep their members in the order they
// were read or created; numbers keep their text so that a document read and written back is
// unchanged.
type jsonNode struct {
	kind  jsonKind
	b     bool
	text  string // number text, or string content
	keys  []string
	vals  []*jsonNode
	items []*jsonNode
}

// maxJSONDepth bounds the nesting of a document read, so that hostile input cannot exhaust
// the stack of the functions that walk it.
const maxJSONDepth = 1000

// parseJSON reads a JSON document (RFC 8259; a byte order mark is skipped). Duplicate keys
// keep their first position and their last value.
func parseJSON(data []byte) (*jsonNode, error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		n   *jsonNode
		key string
		has bool // an object frame holds a key waiting for its value
	}
	var stack []*frame
	var root *jsonNode
	add := func(n *jsonNode) {
		if len(stack) == 0 {
			root = n
			return
		}
		top := stack[len(stack)-1]
		if top.n.kind == jArray {
			top.n.items = append(top.n.items, n)
			return
		}
		top.n.set(top.key, n)
		top.has = false
	}
	for root == nil || len(stack) > 0 {
		tok, err := dec.Token()
		switch {
		case err == io.EOF && root == nil:
			return nil, errors.New("the text is empty")
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			return nil, errors.New("the text ends before the end of the document")
		case err != nil:
			return nil, jsonSyntaxError(data, err)
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				if len(stack) >= maxJSONDepth {
					return nil, fmt.Errorf("the document is nested more than %d levels deep", maxJSONDepth)
				}
				n := &jsonNode{kind: jObject}
				if d == '[' {
					n.kind = jArray
				}
				add(n)
				stack = append(stack, &frame{n: n})
			default:
				stack = stack[:len(stack)-1]
			}
			continue
		}
		if len(stack) > 0 {
			if top := stack[len(stack)-1]; top.n.kind == jObject && !top.has {
				top.key, top.has = tok.(string), true
				continue
			}
		}
		switch v := tok.(type) {
		case nil:
			add(&jsonNode{kind: jNull})
		case bool:
			add(&jsonNode{kind: jBool, b: v})
		case json.Number:
			add(&jsonNode{kind: jNumber, text: v.String()})
		case string:
			add(&jsonNode{kind: jString, text: v})
		}
	}
	if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return nil, jsonSyntaxError(data, errors.New("unexpected text after the document"))
	}
	return root, nil
}

// jsonSyntaxError describes a malformed document: encoding/json's scanner says what is wrong
// and where (line and column of the offending character); err is the fallback.
func jsonSyntaxError(data []byte, err error) error {
	var v any
	var se *json.SyntaxError
	if uerr := json.Unmarshal(data, &v); !errors.As(uerr, &se) {
		return err
	}
	off := se.Offset - 1
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(data[:off], '\n'))
	return fmt.Errorf("%s (line %d, column %d)", strings.TrimPrefix(se.Error(), "json: "), line, col)
}

// find returns the index of member key: the exact spelling first, then the first member
// whose name is the same for WLanguage (case and accents aside). -1 when absent.
func (n *jsonNode) find(key string) int {
	for i, k := range n.keys {
		if k == key {
			return i
		}
	}
	f := lexer.Fold(key)
	for i, k := range n.keys {
		if lexer.Fold(k) == f {
			return i
		}
	}
	return -1
}

// get returns member key, or nil.
func (n *jsonNode) get(key string) *jsonNode {
	if n.kind != jObject {
		return nil
	}
	if i := n.find(key); i >= 0 {
		return n.vals[i]
	}
	return nil
}

// set replaces member key (found as find does) or appends it.
func (n *jsonNode) set(key string, v *jsonNode) {
	if n.kind != jObject {
		*n = jsonNode{kind: jObject}
	}
	for i, k := range n.keys {
		if k == key {
			n.vals[i] = v
			return
		}
	}
	if i := n.find(key); i >= 0 {
		n.vals[i] = v
		return
	}
	n.keys = append(n.keys, key)
	n.vals = append(n.vals, v)
}

// setItem stores v at the 1-based position i of an array, growing it with nulls.
func (n *jsonNode) setItem(i int, v *jsonNode) error {
	if n.kind != jArray {
		*n = jsonNode{kind: jArray}
	}
	if i < 1 {
		return fmt.Errorf("index %d out of range: JSON arrays start at 1", i)
	}
	if i > len(n.items)+maxJSONGrow {
		return fmt.Errorf("index %d out of range: the array has %d elements", i, len(n.items))
	}
	for len(n.items) < i {
		n.items = append(n.items, &jsonNode{kind: jNull})
	}
	n.items[i-1] = v
	return nil
}

// maxJSONGrow bounds how far past its end an assignment may grow a JSON array.
const maxJSONGrow = 1 << 16

// count is the number of elements of an array or members of an object.
func (n *jsonNode) count() int {
	switch n.kind {
	case jArray:
		return len(n.items)
	case jObject:
		return len(n.keys)
	}
	return 0
}

// clone copies a node and everything below it.
func (n *jsonNode) clone() *jsonNode {
	if n == nil {
		return &jsonNode{kind: jNull}
	}
	c := &jsonNode{kind: n.kind, b: n.b, text: n.text}
	if n.keys != nil {
		c.keys = append([]string(nil), n.keys...)
		c.vals = make([]*jsonNode, len(n.vals))
		for i, v := range n.vals {
			c.vals[i] = v.clone()
		}
	}
	if n.items != nil {
		c.items = make([]*jsonNode, len(n.items))
		for i, v := range n.items {
			c.items[i] = v.clone()
		}
	}
	return c
}

// scalar returns the WLanguage value of a null, boolean, number or string node.
func (n *jsonNode) scalar() interp.Value {
	switch n.kind {
	case jBool:
		return interp.Bool(n.b)
	case jNumber:
		if i, err := strconv.ParseInt(n.text, 10, 64); err == nil {
			return interp.Int(i)
		}
		f, err := strconv.ParseFloat(n.text, 64)
		if err != nil && !math.IsInf(f, 0) {
			return interp.Real(0)
		}
		return interp.Real(f)
	case jString:
		return interp.Str(n.text)
	}
	return interp.Null
}

// marshal writes the node as compact JSON, members in their order. Strings are written in
// UTF-8, with only the characters JSON requires escaped; with ascii, every character
// beyond 7-bit ASCII is written as \uXXXX too (UTF-16 surrogate pairs beyond U+FFFF), as
// PC SOFT documents Sérialise's psdJSON.
func (n *jsonNode) marshal(b *strings.Builder, ascii bool) {
	switch n.kind {
	case jNull:
		b.WriteString("null")
	case jBool:
		if n.b {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case jNumber:
		b.WriteString(n.text)
	case jString:
		writeJSONString(b, n.text, ascii)
	case jArray:
		b.WriteByte('[')
		for i, it := range n.items {
			if i > 0 {
				b.WriteByte(',')
			}
			it.marshal(b, ascii)
		}
		b.WriteByte(']')
	case jObject:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k, ascii)
			b.WriteByte(':')
			n.vals[i].marshal(b, ascii)
		}
		b.WriteByte('}')
	}
}

// String is the compact JSON text of the node.
func (n *jsonNode) String() string {
	var b strings.Builder
	n.marshal(&b, false)
	return b.String()
}

func writeJSONString(b *strings.Builder, s string, ascii bool) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(b, `\u%04x`, r)
		case r == utf8.RuneError && size == 1:
			// A byte that is not UTF-8 (a Windows-1252 string) is written as U+FFFD.
			b.WriteString(`\ufffd`)
		case ascii && r > 0x7f:
			if r > 0xffff {
				hi, lo := utf16.EncodeRune(r)
				fmt.Fprintf(b, `\u%04x\u%04x`, hi, lo)
			} else {
				fmt.Fprintf(b, `\u%04x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
