package mailrt

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

var writeCharsetNames = flag.Bool("write-charset-names", false, "rewrite charset_names.go from x/text's ianaindex and htmlindex (go generate)")

// charsetCandidate is an encoding charset_names.go may name: its constant, the Go expression
// that makes it, and the value x/text's indexes give.
type charsetCandidate struct {
	name, expr string
	enc        encoding.Encoding
}

// charsetCandidates are the encodings of x/text's ianaindex and htmlindex; US-ASCII is
// ianaindex's own, asciiEncoding here.
func charsetCandidates(t *testing.T) []charsetCandidate {
	ascii, err := ianaindex.MIME.Encoding("us-ascii")
	if err != nil {
		t.Fatal(err)
	}
	c := []charsetCandidate{
		{"encASCII", "asciiEncoding{}", ascii},
		{"encUTF8", "unicode.UTF8", unicode.UTF8},
		{"encUTF16BEBOM", "unicode.UTF16(unicode.BigEndian, unicode.UseBOM)", unicode.UTF16(unicode.BigEndian, unicode.UseBOM)},
		{"encUTF16BE", "unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)},
		{"encUTF16LE", "unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)},
		{"encBig5", "traditionalchinese.Big5", traditionalchinese.Big5},
		{"encGBK", "simplifiedchinese.GBK", simplifiedchinese.GBK},
		{"encGB18030", "simplifiedchinese.GB18030", simplifiedchinese.GB18030},
		{"encHZGB2312", "simplifiedchinese.HZGB2312", simplifiedchinese.HZGB2312},
		{"encEUCKR", "korean.EUCKR", korean.EUCKR},
		{"encEUCJP", "japanese.EUCJP", japanese.EUCJP},
		{"encISO2022JP", "japanese.ISO2022JP", japanese.ISO2022JP},
		{"encShiftJIS", "japanese.ShiftJIS", japanese.ShiftJIS},
		{"encReplacement", "encoding.Replacement", encoding.Replacement},
	}
	for name, cm := range map[string]encoding.Encoding{
		"CodePage037": charmap.CodePage037, "CodePage437": charmap.CodePage437, "CodePage850": charmap.CodePage850,
		"CodePage852": charmap.CodePage852, "CodePage855": charmap.CodePage855, "CodePage858": charmap.CodePage858,
		"CodePage860": charmap.CodePage860, "CodePage862": charmap.CodePage862, "CodePage863": charmap.CodePage863,
		"CodePage865": charmap.CodePage865, "CodePage866": charmap.CodePage866, "CodePage1047": charmap.CodePage1047,
		"CodePage1140": charmap.CodePage1140, "ISO8859_1": charmap.ISO8859_1, "ISO8859_2": charmap.ISO8859_2,
		"ISO8859_3": charmap.ISO8859_3, "ISO8859_4": charmap.ISO8859_4, "ISO8859_5": charmap.ISO8859_5,
		"ISO8859_6": charmap.ISO8859_6, "ISO8859_6E": charmap.ISO8859_6E, "ISO8859_6I": charmap.ISO8859_6I,
		"ISO8859_7": charmap.ISO8859_7, "ISO8859_8": charmap.ISO8859_8, "ISO8859_8E": charmap.ISO8859_8E,
		"ISO8859_8I": charmap.ISO8859_8I, "ISO8859_9": charmap.ISO8859_9, "ISO8859_10": charmap.ISO8859_10,
		"ISO8859_13": charmap.ISO8859_13, "ISO8859_14": charmap.ISO8859_14, "ISO8859_15": charmap.ISO8859_15,
		"ISO8859_16": charmap.ISO8859_16, "KOI8R": charmap.KOI8R, "KOI8U": charmap.KOI8U,
		"Macintosh": charmap.Macintosh, "MacintoshCyrillic": charmap.MacintoshCyrillic,
		"Windows874": charmap.Windows874, "Windows1250": charmap.Windows1250, "Windows1251": charmap.Windows1251,
		"Windows1252": charmap.Windows1252, "Windows1253": charmap.Windows1253, "Windows1254": charmap.Windows1254,
		"Windows1255": charmap.Windows1255, "Windows1256": charmap.Windows1256, "Windows1257": charmap.Windows1257,
		"Windows1258": charmap.Windows1258, "XUserDefined": charmap.XUserDefined,
	} {
		c = append(c, charsetCandidate{"enc" + name, "charmap." + name, cm})
	}
	slices.SortStableFunc(c[1:], func(a, b charsetCandidate) int { return strings.Compare(a.name, b.name) })
	return c
}

// xtextCharsetNames reads the names x/text's ianaindex (the keys of ianaAliases) and
// htmlindex (nameMap) know, from their sources in the module cache.
func xtextCharsetNames(t *testing.T) (iana, html []string) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/text").Output()
	if err != nil {
		t.Skipf("go list -m golang.org/x/text: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	read := func(file, table string) []string {
		src, err := os.ReadFile(filepath.Join(dir, "encoding", file))
		if err != nil {
			t.Fatal(err)
		}
		start := bytes.Index(src, []byte("var "+table+" = map[string]"))
		if start < 0 {
			t.Fatalf("%s: no table %s", file, table)
		}
		body := src[start:]
		body = body[:bytes.Index(body, []byte("\n}\n"))]
		var names []string
		for _, m := range regexp.MustCompile(`(?m)^\s*("(?:[^"\\]|\\.)*"):`).FindAllSubmatch(body, -1) {
			n, err := strconv.Unquote(string(m[1]))
			if err != nil {
				t.Fatalf("%s: %s: %v", file, m[1], err)
			}
			names = append(names, n)
		}
		if len(names) < 50 {
			t.Fatalf("%s: only %d names in %s", file, len(names), table)
		}
		return names
	}
	return read("ianaindex/tables.go", "ianaAliases"), read("htmlindex/tables.go", "nameMap")
}

// charsetTables resolves every name of x/text's indexes with them: the lowercase names, and
// the candidate (1-based, 0: known without an encoding) each gives.
func charsetTables(t *testing.T, cands []charsetCandidate) (iana, html map[string]int) {
	index := func(enc encoding.Encoding) int {
		if enc == nil {
			return 0
		}
		for i, c := range cands {
			if c.enc == enc {
				return i + 1
			}
		}
		t.Fatalf("no candidate for encoding %v (%T)", enc, enc)
		return 0
	}
	ianaNames, htmlNames := xtextCharsetNames(t)
	iana, html = map[string]int{}, map[string]int{}
	for _, n := range ianaNames {
		enc, err := ianaindex.MIME.Encoding(n)
		if err != nil {
			t.Fatalf("ianaindex %q: %v", n, err)
		}
		k := strings.ToLower(n)
		if i, ok := iana[k]; ok && i != index(enc) {
			t.Fatalf("ianaindex: %q and its lowercase differ", n)
		}
		iana[k] = index(enc)
	}
	for _, n := range htmlNames {
		enc, err := htmlindex.Get(n)
		if err != nil || enc == nil {
			t.Fatalf("htmlindex %q: %v, %v", n, enc, err)
		}
		html[strings.ToLower(n)] = index(enc)
	}
	return iana, html
}

// charsetNamesSource is charset_names.go.
func charsetNamesSource(t *testing.T, cands []charsetCandidate, iana, html map[string]int) []byte {
	var b bytes.Buffer
	b.WriteString("// Code generated by TestCharsetNames (go generate ./mailrt) from golang.org/x/text's\n")
	b.WriteString("// ianaindex and htmlindex; DO NOT EDIT.\n\npackage mailrt\n\nimport (\n")
	for _, p := range []string{"golang.org/x/text/encoding", "golang.org/x/text/encoding/charmap", "golang.org/x/text/encoding/japanese",
		"golang.org/x/text/encoding/korean", "golang.org/x/text/encoding/simplifiedchinese",
		"golang.org/x/text/encoding/traditionalchinese", "golang.org/x/text/encoding/unicode"} {
		fmt.Fprintf(&b, "%q\n", p)
	}
	b.WriteString(")\n\n// The encodings of the tables below; 0 is none.\nconst (\n")
	for i, c := range cands {
		if i == 0 {
			fmt.Fprintf(&b, "%s uint8 = iota + 1\n", c.name)
		} else {
			fmt.Fprintf(&b, "%s\n", c.name)
		}
	}
	b.WriteString(")\n\n// encodingAt returns the encoding of a constant above, nil for 0.\n")
	b.WriteString("func encodingAt(i uint8) encoding.Encoding {\nswitch i {\n")
	for _, c := range cands {
		fmt.Fprintf(&b, "case %s:\nreturn %s\n", c.name, c.expr)
	}
	b.WriteString("}\nreturn nil\n}\n")
	table := func(doc, names, encs string, m map[string]int) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		fmt.Fprintf(&b, "\n// %s\nvar %s = [%d]string{\n", doc, names, len(keys))
		for _, k := range keys {
			fmt.Fprintf(&b, "%q,\n", k)
		}
		fmt.Fprintf(&b, "}\n\n// %s are the encodings of %s.\nvar %s = [%d]uint8{\n", encs, names, encs, len(keys))
		for _, k := range keys {
			if i := m[k]; i == 0 {
				b.WriteString("0,\n")
			} else {
				fmt.Fprintf(&b, "%s,\n", cands[i-1].name)
			}
		}
		b.WriteString("}\n")
	}
	table("ianaCharsetNames are the names of ianaindex.MIME, lowercase and sorted.", "ianaCharsetNames", "ianaCharsetEncodings", iana)
	table("htmlCharsetNames are the names of htmlindex, lowercase and sorted.", "htmlCharsetNames", "htmlCharsetEncodings", html)
	src, err := format.Source(b.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.Bytes())
	}
	return src
}

//go:generate go test -run ^TestCharsetNames$ -args -write-charset-names

// TestCharsetNames checks that charset_names.go holds exactly the names of x/text's
// ianaindex and htmlindex with the encodings they give; with -write-charset-names (go
// generate) it rewrites the file.
func TestCharsetNames(t *testing.T) {
	cands := charsetCandidates(t)
	iana, html := charsetTables(t, cands)
	want := charsetNamesSource(t, cands, iana, html)
	if *writeCharsetNames {
		if err := os.WriteFile("charset_names.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("charset_names.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("charset_names.go is out of date: run go generate ./mailrt")
	}
}

// decodeAll decodes every byte value (and a few multi-byte sequences) with r's decoder, to
// compare two decoders.
func decodeAll(t *testing.T, newReader func(io.Reader) (io.Reader, error)) string {
	var in []byte
	for c := range 256 {
		in = append(in, byte(c))
	}
	in = append(in, "\x1b$B$3$s\x1b(B \x82\xa0 \xa4\xa2 \xfe\xff\x00A"...)
	r, err := newReader(bytes.NewReader(in))
	if err != nil {
		return "error: " + err.Error()
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return fmt.Sprintf("%q, error: %v", out, err)
	}
	return string(out)
}

// TestCharsetReaderMatchesGoMessage checks that charsetReader accepts the names go-message's
// charset.Reader accepts (every name of the indexes, in other cases, with spaces, without
// their "cs" prefix, its quirks) and decodes as it does, and refuses the others with the
// same message.
func TestCharsetReaderMatchesGoMessage(t *testing.T) {
	ianaNames, htmlNames := xtextCharsetNames(t)
	names := []string{"ansi_x3.110-1983", "X-UTF_8J", "", " ", "nonsense", "utf-9", "cs", "latin-1", " latin1 ", "ISO-8859-1 ", " utf-8"}
	for _, n := range slices.Concat(ianaNames, htmlNames) {
		names = append(names, n, strings.ToUpper(n), " "+n+"\t")
		if rest, ok := strings.CutPrefix(strings.ToLower(n), "cs"); ok {
			names = append(names, rest, strings.ToUpper(rest)+" ")
		}
	}
	for _, n := range names {
		got := decodeAll(t, func(r io.Reader) (io.Reader, error) { return charsetReader(n, r) })
		want := decodeAll(t, func(r io.Reader) (io.Reader, error) { return charset.Reader(n, r) })
		if got != want {
			t.Errorf("charset %q: decoded %q, go-message %q", n, got, want)
		}
	}
}
