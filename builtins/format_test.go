package builtins

import (
	"strings"
	"testing"

	"github.com/wl-lang/wl/interp"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		n      interp.Value
		format string
		want   string
	}{
		{interp.Int(5), "d", "5"},
		{interp.Int(5), "5d", "    5"},
		{interp.Int(5), "05d", "00005"},
		{interp.Int(5), "-5d", "5    "},
		{interp.Int(-5), "05d", "-0005"},
		{interp.Int(-5), "5d", "   -5"},
		{interp.Int(5), "+d", "+5"},
		{interp.Int(5), " d", " 5"},
		{interp.Int(0), "+d", "+0"},
		{interp.Int(-9223372036854775808), "d", "-9223372036854775808"},
		{interp.Real(3.14159), ".2f", "3.14"},
		{interp.Real(3.14159), "+.3f", "+3.142"},
		{interp.Real(-3.14159), "+.3f", "-3.142"},
		{interp.Real(3.14159), "8.3f", "   3.142"},
		{interp.Real(3.14159), "08.3f", "0003.142"},
		{interp.Real(3.14159), "-8.3f|", ""}, // invalid
		{interp.Real(1.5), "f", "1.500000"},
		{interp.Real(1.25), ".1", "1.3"},
		{interp.Int(2), ".2f", "2.00"},
		{interp.Real(2.675), ".2f", "2.68"},
		{interp.Real(1.005), ".2f", "1.01"},
		{interp.Real(0.5), ".0f", "1"},
		{interp.Real(1.5), ".0f", "2"},
		{interp.Real(2.5), ".0f", "3"},
		{interp.Real(-2.5), ".0f", "-3"},
		{interp.Real(9.995), ".2f", "10.00"},
		{interp.Real(99.5), "d", "100"},
		{interp.Real(2.5), "d", "3"},
		{interp.Real(2.4), "d", "2"},
		{interp.Real(-0.001), ".2f", "0.00"},
		{interp.Real(1e-7), ".3f", "0.000"},
		// The examples of PC SOFT's NumériqueVersChaîne page.
		{interp.Int(123), "05d", "00123"},
		{interp.Real(12345.5), "+10.2f", " +12345.50"},
		{interp.Real(12345.5), "-+10.2f", "+12345.50 "},
		{interp.Real(12345.5), "+010.2f", "+012345.50"},
		{interp.Real(12345.5), "010.2f", "0012345.50"},
		{interp.Real(12345.5), "10.2fS", " 12 345.50"},
		{interp.Real(12345.5), "10,2fS", " 12 345,50"},
		// "+" shows the sign of zero, and of a negative number that rounds to zero.
		{interp.Int(0), "+d", "+0"},
		{interp.Real(-0.001), "+.2f", "+0.00"},
		// "-" wins over "0"; a size too small is ignored; the size is below 100.
		{interp.Int(42), "-05d", "42   "},
		{interp.Int(123456), "3d", "123456"},
		{interp.Int(1), "99d", strings.Repeat(" ", 98) + "1"},
		{interp.Int(1), "100d", ""},
		// Thousands with S, the decimal comma, both.
		{interp.Real(1234567.891), ".1fS", "1 234 567.9"},
		{interp.Int(1234567), "12dS", "   1 234 567"},
		{interp.Int(-1234567), "dS", "-1 234 567"},
		{interp.Int(999), "dS", "999"},
		{interp.Int(1000), "dS", "1 000"},
		{interp.Real(3.14159), ",3f", "3,142"},
		{interp.Real(-1234.5), "012,2fS", "-0001 234,50"},
		{interp.Real(12345.678), ",2e", "1,23e+04"},
		{interp.Real(12345.678), "e", "1.234568e+04"},
		{interp.Real(12345.678), "E", "1.234568E+04"},
		{interp.Int(1234567), ",.1f", ""},
		{interp.Int(1234567), "12,d", ""},
		{interp.Int(1234567), "Sd", ""},
		// wl's " " flag.
		{interp.Int(-1234567), " d", "-1234567"},
		{interp.Int(1234567), " .0f", " 1234567"},
		{interp.Int(255), "x", "ff"},
		{interp.Int(255), "X", "FF"},
		{interp.Int(255), "04X", "00FF"},
		{interp.Int(8), "o", "10"},
		{interp.Int(5), "b", "101"},
		{interp.Int(-255), "x", "-ff"},
		{interp.Real(12345.678), ".2e", "1.23e+04"},
		{interp.Real(0.000123), "g", "0.000123"},
		{interp.Int(1), "5q", ""},
		{interp.Int(1), ".f", ""},
		{interp.Int(1), "q", ""},
		{interp.Int(1), "1001d", ""},
		{interp.Int(255), "8xS", "      ff"},
		{interp.Int(1), ".101f", ""},
	}
	for _, tt := range tests {
		got, err := formatNumber(tt.n, tt.format)
		if tt.want == "" {
			if err == nil {
				t.Errorf("formatNumber(%v, %q) = %q, want an error", tt.n, tt.format, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("formatNumber(%v, %q) = %q, %v; want %q", tt.n, tt.format, got, err, tt.want)
		}
	}
}

func TestRoundDecimalString(t *testing.T) {
	tests := []struct {
		s    string
		prec int
		want string
	}{
		{"1.005", 2, "1.01"},
		{"1.004", 2, "1.00"},
		{"0.5", 0, "1"},
		{"0.49", 0, "0"},
		{"9.99", 1, "10.0"},
		{"999.5", 0, "1000"},
		{"12", 3, "12.000"},
		{"1234.5678", -2, "1200"},
		{"1250", -2, "1300"},
		{"49", -2, "0"},
		{"50", -2, "100"},
		{"0.004", -1, "0"},
		{"0", 2, "0.00"},
		{"0.00001", 2, "0.00"},
	}
	for _, tt := range tests {
		if got := roundDecimalString(tt.s, tt.prec); got != tt.want {
			t.Errorf("roundDecimalString(%q, %d) = %q, want %q", tt.s, tt.prec, got, tt.want)
		}
	}
}

func TestRoundHalfAway(t *testing.T) {
	tests := []struct {
		x      float64
		digits int
		want   float64
	}{
		{2.5, 0, 3}, {-2.5, 0, -3}, {2.4999, 0, 2}, {1.005, 2, 1.01}, {-1.005, 2, -1.01},
		{2.345, 2, 2.35}, {1234.5678, -2, 1200}, {0.1 + 0.2, 15, 0.3}, {1e20, 2, 1e20},
	}
	for _, tt := range tests {
		if got := roundHalfAway(tt.x, tt.digits); got != tt.want {
			t.Errorf("roundHalfAway(%v, %d) = %v, want %v", tt.x, tt.digits, got, tt.want)
		}
	}
}

func TestParseDateMask(t *testing.T) {
	tests := []struct {
		s, mask string
		want    string // AAAAMMJJ, "" when s must be refused
	}{
		{"24/12/2026", "JJ/MM/AAAA", "20261224"},
		{"1/2/2026", "JJ/MM/AAAA", "20260201"},
		{"2026-03-05", "AAAA-MM-JJ", "20260305"},
		{"2026-03-05", "YYYY-MM-DD", "20260305"},
		{"05/03/26", "JJ/MM/AA", "20260305"},
		{"05/03/75", "JJ/MM/AA", "19750305"},
		{"5 août 2026", "J MMMM AAAA", "20260805"},
		{"5 AOUT 2026", "J MMMM AAAA", "20260805"},
		{"Mercredi 5 Août 2026", "JJJJ J MMMM AAAA", "20260805"},
		{"12/26", "MM/AA", "20261201"},
		{"20261224", "AAAAMMJJ", "20261224"},
		{"30/02/2026", "JJ/MM/AAAA", ""},
		{"24.12.2026", "JJ/MM/AAAA", ""},
		{"24/12/2026 ", "JJ/MM/AAAA", ""},
		{"24/13/2026", "JJ/MM/AAAA", ""},
		{"/12/2026", "JJ/MM/AAAA", ""},
		{"", "JJ/MM/AAAA", ""},
		{"5 brumaire 2026", "J MMMM AAAA", ""},
	}
	for _, tt := range tests {
		d, ok := parseDateMask(tt.s, tt.mask)
		got := ""
		if ok {
			got = d.Format("20060102")
		}
		if got != tt.want {
			t.Errorf("parseDateMask(%q, %q) = %q, want %q", tt.s, tt.mask, got, tt.want)
		}
	}
}

func TestStringBuild(t *testing.T) {
	args := []string{"a", "2"}
	tests := []struct{ format, want string }{
		{"%1-%2", "a-2"},
		{"%2%1%2", "2a2"},
		{"%3", ""},
		{"100%%", "100%"},
		{"50% off", "50% off"},
		{"%", "%"},
		{"%0", ""},
		{"%12", ""},
		{"é%1è", "éaè"},
		{"%99999999999999999999", ""},
	}
	for _, tt := range tests {
		var b strings.Builder
		buildString(tt.format, args, func(s string) { b.WriteString(s) })
		if got := b.String(); got != tt.want {
			t.Errorf("stringBuild(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
}

func TestFindPos(t *testing.T) {
	tests := []struct {
		s, sub string
		start  int
		opts   int64
		want   int
	}{
		{"abcabc", "c", 0, 0, 3},
		{"abcabc", "c", 4, 0, 6},
		{"abcabc", "c", 7, 0, 0},
		{"abcabc", "C", 0, optIgnoreCase, 3},
		{"abcabc", "c", 0, optFromEnd, 6},
		{"abcabc", "c", 5, optFromEnd, 3},
		{"abcabc", "abc", 4, optFromEnd, 4},
		{"éléphant", "PHANT", 0, optIgnoreCase, 4},
		{"ÉTÉ été", "été", 0, optIgnoreCase, 1},
		{"ÉTÉ été", "été", 2, optIgnoreCase, 5},
		{"a mot motif", "mot", 0, optWholeWord, 3},
		{"motif a mot", "mot", 0, optWholeWord, 9},
		{"motif", "mot", 0, optWholeWord, 0},
		{"l'été", "été", 0, optWholeWord, 3},
		{"", "a", 0, 0, 0},
		{"a", "", 0, 0, 0},
	}
	for _, tt := range tests {
		if got := findPos(tt.s, tt.sub, tt.start, tt.opts); got != tt.want {
			t.Errorf("findPos(%q, %q, %d, %d) = %d, want %d", tt.s, tt.sub, tt.start, tt.opts, got, tt.want)
		}
	}
}

func TestReplace(t *testing.T) {
	tests := []struct {
		s, old, nw string
		opts       int64
		want       string
	}{
		{"aaa", "a", "aa", 0, "aaaaaa"},
		{"Été ÉTÉ été", "été", "x", optIgnoreCase, "x x x"},
		{"ǅ", "ǆ", "x", optIgnoreCase, "x"},
		{"art partie art", "art", "X", optWholeWord, "X partie X"},
		{"ArT partie art", "art", "X", optWholeWord | optIgnoreCase, "X partie X"},
		{"abc", "", "x", 0, "abc"},
	}
	for _, tt := range tests {
		if got := replace(tt.s, tt.old, tt.nw, tt.opts); got != tt.want {
			t.Errorf("replace(%q, %q, %q, %d) = %q, want %q", tt.s, tt.old, tt.nw, tt.opts, got, tt.want)
		}
	}
}

func TestExtractPath(t *testing.T) {
	tests := []struct {
		p     string
		parts int64
		want  string
	}{
		{`C:\dossier\fichier.txt`, fpName + fpExt, "fichier.txt"},
		{`C:\dossier\fichier.txt`, fpDrive + fpDir, `C:\dossier\`},
		{`C:\dossier\sous\fichier.txt`, fpDir, `\dossier\sous\`},
		{`\\serveur\partage\d\f.txt`, fpDrive, `\\serveur\partage`},
		{`\\serveur\partage\d\f.txt`, fpDir + fpName, `\d\f`},
		{`\\serveur`, fpDrive + fpName, `\\serveur`},
		{"/a/b/c.eml", fpDrive + fpDir, "/a/b/"},
		{`C:fichier.txt`, fpDrive, "C:"},
		{"/a/b/c.tar.gz", fpName, "c.tar"},
		{"/a/b/.profile", fpName, ".profile"},
		{"/a/b/.profile", fpExt, ""},
		{"sans", fpDir + fpName + fpExt, "sans"},
	}
	for _, tt := range tests {
		if got := extractPath(tt.p, tt.parts); got != tt.want {
			t.Errorf("extractPath(%q, %d) = %q, want %q", tt.p, tt.parts, got, tt.want)
		}
	}
}

func TestBuildPath(t *testing.T) {
	tests := []struct{ dir, name, ext, want string }{
		{`C:\Temp`, "f", "txt", `C:\Temp\f.txt`},
		{`C:\Temp\`, "f", ".txt", `C:\Temp\f.txt`},
		{" /tmp ", "f", "", "/tmp/f"},
		{"/tmp/", "f", "eml", "/tmp/f.eml"},
		{"a/b", "c", "", "a/b/c"},
		{"", "f", "txt", "f.txt"},
		{`C:\a/b`, "f", "", `C:\a/b/f`},
	}
	for _, tt := range tests {
		if got := buildPath(tt.dir, tt.name, tt.ext); got != tt.want {
			t.Errorf("buildPath(%q, %q, %q) = %q, want %q", tt.dir, tt.name, tt.ext, got, tt.want)
		}
	}
}
