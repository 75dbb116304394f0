package builtins

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// iniEncoding is how an INI file's text is stored.
type iniEncoding int

const (
	// iniASCII: nothing but ASCII so far (or a new file): written in Windows-1252 as long as
	// every character has a place there, as WINDEV writes INI files, else in UTF-8.
	iniASCII iniEncoding = iota
	iniUTF8
	iniUTF8BOM
	iniWindows1252
	iniUTF16LE // with its byte-order mark, as Windows writes "Unicode" INI files
	iniUTF16BE
)

// iniDoc is an INI file kept line by line, so that rewriting it changes only the lines
// INIEcrit is asked to change: comments, blank lines, the order of sections and keys, the
// encoding and the line endings stay as they were.
//
// The syntax is that of Windows' GetPrivateProfileString, which INILit / INIEcrit use in
// WINDEV: "[section]" lines, "key=value" lines, spaces and tabs around names and values
// ignored, a value between matching double or single quotes read without them, lines that
// start with ";" are comments. Section and key names are compared without regard to case;
// when a section or key appears twice, the first one counts.
type iniDoc struct {
	lines    []string
	enc      iniEncoding
	eol      string // "\r\n" or "\n": the file's line ending, CR LF for a new file
	finalEOL bool   // the last line ends with a line break
}

// errIniEncoding reports a value that the file's encoding cannot hold.
var errIniEncoding = errors.New("the value has characters that Windows-1252 cannot hold")

// parseINI reads the bytes of an INI file: UTF-8 (with or without byte-order mark),
// UTF-16 with a byte-order mark, else Windows-1252. The line ending is the one of the
// first line (CR LF when there is none).
func parseINI(b []byte) *iniDoc {
	d := &iniDoc{eol: "\r\n"}
	var text string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		d.enc, text = iniUTF8BOM, decodeWith(b[3:], nil)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		d.enc, text = iniUTF16LE, decodeWith(b[2:], unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM))
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		d.enc, text = iniUTF16BE, decodeWith(b[2:], unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM))
	case !utf8.Valid(b):
		d.enc, text = iniWindows1252, decode1252(b)
	default:
		d.enc, text = iniUTF8, string(b)
		if isASCII(text) {
			d.enc = iniASCII
		}
	}
	if i := strings.IndexByte(text, '\n'); i >= 0 && (i == 0 || text[i-1] != '\r') {
		d.eol = "\n"
	}
	if text == "" {
		return d
	}
	d.finalEOL = strings.HasSuffix(text, "\n")
	text = strings.TrimSuffix(text, "\n")
	for _, l := range strings.Split(text, "\n") {
		d.lines = append(d.lines, strings.TrimSuffix(l, "\r"))
	}
	return d
}

// decodeWith decodes b with e (nil for UTF-8); bytes e cannot decode become U+FFFD.
func decodeWith(b []byte, e encoding.Encoding) string {
	if e == nil {
		return string(b)
	}
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return string(b)
	}
	return string(out)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// bytes returns the file's content in its encoding and with its line endings. A file
// whose encoding is Windows-1252 fails with errIniEncoding if the text no longer fits.
func (d *iniDoc) bytes() ([]byte, error) {
	text := strings.Join(d.lines, d.eol)
	if len(d.lines) > 0 && d.finalEOL {
		text += d.eol
	}
	switch d.enc {
	case iniUTF8:
		return []byte(text), nil
	case iniUTF8BOM:
		return append([]byte{0xEF, 0xBB, 0xBF}, text...), nil
	case iniUTF16LE:
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(text))
		return append([]byte{0xFF, 0xFE}, b...), err
	case iniUTF16BE:
		b, err := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte(text))
		return append([]byte{0xFE, 0xFF}, b...), err
	}
	b, ok := encode1252(text)
	switch {
	case ok:
		return b, nil
	case d.enc == iniASCII:
		return []byte(text), nil
	}
	return nil, errIniEncoding
}

// decode1252 reads Windows-1252; the five bytes it leaves undefined (81, 8D, 8F, 90, 9D)
// become the control characters of the same number, as Windows reads them, so that a file
// comes back byte for byte.
func decode1252(b []byte) string {
	var out strings.Builder
	for _, c := range b {
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError {
			r = rune(c)
		}
		out.WriteRune(r)
	}
	return out.String()
}

// encode1252 writes s in Windows-1252, reporting whether every character has a place there.
func encode1252(s string) ([]byte, bool) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			switch r {
			case 0x81, 0x8D, 0x8F, 0x90, 0x9D:
				c, ok = byte(r), true
			default:
				return nil, false
			}
		}
		out = append(out, c)
	}
	return out, true
}

// iniLine is what a line of an INI file holds.
type iniLine struct {
	section string // for a "[section]" line
	key     string // for a "key=value" line
	value   string
	isHead  bool
	isKey   bool
}

func parseIniLine(l string) iniLine {
	t := strings.TrimSpace(l)
	if t == "" || t[0] == ';' {
		return iniLine{}
	}
	if t[0] == '[' {
		if end := strings.IndexByte(t, ']'); end > 0 {
			return iniLine{section: strings.TrimSpace(t[1:end]), isHead: true}
		}
		return iniLine{}
	}
	i := strings.IndexByte(t, '=')
	if i <= 0 {
		return iniLine{}
	}
	key := strings.TrimSpace(t[:i])
	if key == "" {
		return iniLine{}
	}
	v := strings.TrimSpace(t[i+1:])
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return iniLine{key: key, value: v, isKey: true}
}

// section returns the lines of the first section named name: the index of its "[name]"
// line and the index just past its last line; head is -1 when there is no such section.
func (d *iniDoc) section(name string) (head, end int) {
	head = -1
	for i, l := range d.lines {
		p := parseIniLine(l)
		if !p.isHead {
			continue
		}
		if head >= 0 {
			return head, i
		}
		if strings.EqualFold(p.section, name) {
			head = i
		}
	}
	return head, len(d.lines)
}

// sections lists the section names in file order, each once.
func (d *iniDoc) sections() []string {
	var out []string
	for _, l := range d.lines {
		if p := parseIniLine(l); p.isHead && !containsFoldCase(out, p.section) {
			out = append(out, p.section)
		}
	}
	return out
}

// keys lists the keys of a section in file order, each once.
func (d *iniDoc) keys(section string) []string {
	head, end := d.section(section)
	if head < 0 {
		return nil
	}
	var out []string
	for _, l := range d.lines[head+1 : end] {
		if p := parseIniLine(l); p.isKey && !containsFoldCase(out, p.key) {
			out = append(out, p.key)
		}
	}
	return out
}

// keyLine returns the index of the first line of key in section, or -1.
func (d *iniDoc) keyLine(section, key string) int {
	head, end := d.section(section)
	if head < 0 {
		return -1
	}
	for i := head + 1; i < end; i++ {
		if p := parseIniLine(d.lines[i]); p.isKey && strings.EqualFold(p.key, key) {
			return i
		}
	}
	return -1
}

// get returns the value of key in section.
func (d *iniDoc) get(section, key string) (string, bool) {
	i := d.keyLine(section, key)
	if i < 0 {
		return "", false
	}
	return parseIniLine(d.lines[i]).value, true
}

// set writes key=value in section: the key's line is replaced (the key keeps its spelling),
// a new key goes after the last non-blank line of its section, a new section at the end of
// the file.
func (d *iniDoc) set(section, key, value string) error {
	switch {
	case strings.ContainsAny(value, "\r\n"):
		return fmt.Errorf("the value of %s cannot hold a line break", key)
	case strings.ContainsAny(key, "\r\n=") || strings.TrimSpace(key) != key:
		return fmt.Errorf("the key %q cannot hold \"=\", a line break or spaces at its ends", key)
	case strings.ContainsAny(section, "\r\n]") || strings.TrimSpace(section) != section:
		return fmt.Errorf("the section %q cannot hold \"]\", a line break or spaces at its ends", section)
	}
	if i := d.keyLine(section, key); i >= 0 {
		d.lines[i] = parseIniLine(d.lines[i]).key + "=" + value
		return nil
	}
	line := key + "=" + value
	head, end := d.section(section)
	if head < 0 {
		if len(d.lines) == 0 {
			d.finalEOL = true
		}
		d.lines = append(d.lines, "["+section+"]", line)
		return nil
	}
	at := end
	for at > head+1 && strings.TrimSpace(d.lines[at-1]) == "" {
		at--
	}
	d.lines = append(d.lines[:at], append([]string{line}, d.lines[at:]...)...)
	return nil
}

// deleteKey removes the line of key in section; it reports whether there was one.
func (d *iniDoc) deleteKey(section, key string) bool {
	i := d.keyLine(section, key)
	if i < 0 {
		return false
	}
	d.lines = append(d.lines[:i], d.lines[i+1:]...)
	return true
}

// deleteSection removes the first section named name with all its lines; it reports
// whether there was one.
func (d *iniDoc) deleteSection(name string) bool {
	head, end := d.section(name)
	if head < 0 {
		return false
	}
	d.lines = append(d.lines[:head], d.lines[end:]...)
	return true
}

func containsFoldCase(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
