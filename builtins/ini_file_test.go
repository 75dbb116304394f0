package builtins

import (
	"errors"
	"strings"
	"testing"
)

// A Windows INI file: CR LF, Windows-1252 ("é" is the byte E9), a comment, a quoted value,
// spaces around "=", a duplicated key, a blank line between sections.
const winINI = "; r\xe9glages\r\n" +
	"[G\xe9n\xe9ral]\r\n" +
	"Ville = Orl\xe9ans\r\n" +
	"Nom=\"  Zo\xe9  \"\r\n" +
	"ville=doublon\r\n" +
	"\r\n" +
	"[Serveur]\r\n" +
	"Port=25\r\n"

func TestINIRead(t *testing.T) {
	d := parseINI([]byte(winINI))
	if d.enc != iniWindows1252 || d.eol != "\r\n" || !d.finalEOL {
		t.Fatalf("enc %v eol %q final %v", d.enc, d.eol, d.finalEOL)
	}
	tests := []struct{ section, key, want string }{
		{"Général", "Ville", "Orléans"},
		{"GÉNÉRAL", "VILLE", "Orléans"}, // case-insensitive, the first key counts
		{"Général", "Nom", "  Zoé  "},   // quotes removed, the spaces inside kept
		{"Serveur", "Port", "25"},
		{"Serveur", "Ville", ""},
		{"Absente", "Port", ""},
	}
	for _, tt := range tests {
		if got, _ := d.get(tt.section, tt.key); got != tt.want {
			t.Errorf("get(%s, %s) = %q, want %q", tt.section, tt.key, got, tt.want)
		}
	}
	if got := strings.Join(d.sections(), "|"); got != "Général|Serveur" {
		t.Errorf("sections %q", got)
	}
	if got := strings.Join(d.keys("général"), "|"); got != "Ville|Nom" {
		t.Errorf("keys %q", got)
	}
}

func TestINIRewrite(t *testing.T) {
	tests := []struct {
		name string
		in   string
		edit func(d *iniDoc) error
		want string
	}{
		{"replace keeps CRLF, 1252 and the key's spelling", winINI,
			func(d *iniDoc) error { return d.set("général", "VILLE", "Besançon") },
			strings.Replace(winINI, "Ville = Orl\xe9ans", "Ville=Besan\xe7on", 1)},
		{"new key after the last line of its section, before the blank line", winINI,
			func(d *iniDoc) error { return d.set("Général", "Pays", "France") },
			strings.Replace(winINI, "ville=doublon\r\n", "ville=doublon\r\nPays=France\r\n", 1)},
		{"new section at the end", winINI,
			func(d *iniDoc) error { return d.set("Nouvelle", "clé", "é") },
			winINI + "[Nouvelle]\r\ncl\xe9=\xe9\r\n"},
		{"delete a key", winINI,
			func(d *iniDoc) error { d.deleteKey("Serveur", "port"); return nil },
			strings.Replace(winINI, "Port=25\r\n", "", 1)},
		{"delete a section", winINI,
			func(d *iniDoc) error { d.deleteSection("général"); return nil },
			"; r\xe9glages\r\n[Serveur]\r\nPort=25\r\n"},
		{"UTF-8 with LF stays so", "[a]\nk=é\n",
			func(d *iniDoc) error { return d.set("a", "k", "ü€") },
			"[a]\nk=ü€\n"},
		{"UTF-8 byte-order mark kept", "\xef\xbb\xbf[a]\r\nk=1",
			func(d *iniDoc) error { return d.set("a", "j", "2") },
			"\xef\xbb\xbf[a]\r\nk=1\r\nj=2"},
		{"new file: Windows-1252 and CR LF", "",
			func(d *iniDoc) error { return d.set("Réglages", "Ville", "Orléans") },
			"[R\xe9glages]\r\nVille=Orl\xe9ans\r\n"},
		{"ASCII file, a character 1252 lacks: UTF-8", "[a]\r\n",
			func(d *iniDoc) error { return d.set("a", "k", "日本") },
			"[a]\r\nk=日本\r\n"},
		{"UTF-16 little-endian kept", "\xff\xfe[\x00a\x00]\x00\r\x00\n\x00",
			func(d *iniDoc) error { return d.set("a", "k", "é") },
			"\xff\xfe[\x00a\x00]\x00\r\x00\n\x00k\x00=\x00\xe9\x00\r\x00\n\x00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseINI([]byte(tt.in))
			if err := tt.edit(d); err != nil {
				t.Fatal(err)
			}
			got, err := d.bytes()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestINIRefusals(t *testing.T) {
	d := parseINI([]byte(winINI))
	if err := d.set("Général", "k", "a\r\nb"); err == nil {
		t.Error("a value with a line break was accepted")
	}
	if err := d.set("Général", "k", "日本"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.bytes(); !errors.Is(err, errIniEncoding) {
		t.Errorf("a Windows-1252 file took characters it cannot hold: %v", err)
	}
}

// TestINIUnchangedRoundTrip checks that reading a file and writing it back without a change
// gives the same bytes, whatever its encoding, line endings or oddities, and that odd input
// neither panics nor loses lines.
func TestINIUnchangedRoundTrip(t *testing.T) {
	inputs := []string{
		"", "\r\n", "\n\n", "x", "[", "]", "=", "[a", "[a]\r\nb", "=v\r\nk=\r\n",
		winINI, "\xef\xbb\xbf", "\xef\xbb\xbf[é]\nk=v", "[a]\n k = \"v\" \n;c\n",
		"\xff\xfe", "\xff\xfe[\x00a\x00]\x00", "\xfe\xff\x00[\x00a\x00]\x00\n", "\x80\x81\xff",
	}
	for _, in := range inputs {
		d := parseINI([]byte(in))
		out, err := d.bytes()
		if err != nil || string(out) != in {
			t.Errorf("%q came back as %q (%v)", in, out, err)
		}
		d.sections()
		d.keys("a")
		d.get("a", "k")
		if err := d.set("a", "k", "v"); err != nil {
			t.Errorf("%q: %v", in, err)
		}
	}
}
