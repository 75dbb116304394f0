package mailrt

import (
	"reflect"
	"strings"
	"testing"
	"unsafe"

	gomail "github.com/emersion/go-message/mail"
)

// addressLists are address header values: plain lists the fast path reads and forms it must
// leave to the general parser.
var addressLists = []string{
	"marie.martin@exemple.org",
	"<marie.martin@exemple.org>",
	"Marie Martin <marie.martin@exemple.org>",
	"Marie <marie@exemple.org>, Jean Dupont <jean.dupont@exemple.fr>, bob@example.com",
	"\"Jean Dupont\" <jean.dupont@exemple.fr>",
	"\"Dupont, Jean (DSI)\" <jean.dupont@exemple.fr>, a@b",
	"a@b,c@d",
	"a@b , c@d",
	"  a@b  ",
	"o'brien+tag@sub.example.co.uk",
	"x!#$%&'*+-/=?^_`{|}~@example.com",
	"a@b,",
	"a@b,,c@d",
	",a@b",
	"a@b, ",
	"",
	" ",
	"a@",
	"@b",
	"a@b.",
	"a.@b",
	".a@b",
	"a..b@c",
	"a@b..c",
	"a@b <c@d>",
	"a@b (Bob)",
	"\"Martin, Marie\" <marie@exemple.org>",
	"=?utf-8?q?Zo=C3=A9?= <zoe@example.com>",
	"Zoé <zoe@example.com>",
	"zoé@example.com",
	"Marie  Martin <m@e.org>",
	"Marie.Martin <m@e.org>",
	"Marie<m@e.org>",
	"Marie <m@e.org",
	"Marie <m@e.org> x",
	"Marie <m@e.org>,",
	"Marie <m@[192.0.2.1]>",
	"group: a@b, c@d;",
	"undisclosed-recipients:;",
	"a@b\r\n c@d",
	"a@b;c@d",
	"Marie (comment) <m@e.org>",
	"<m@e.org> Marie",
	"Who? <w@e.org>",
	"A=B <w@e.org>",
	"\"\" <w@e.org>",
	"\"a\\\"b\" <w@e.org>",
	"\"a\tb\" <w@e.org>",
	"\"Zoé\" <w@e.org>",
	"\"=?utf-8?q?Zo=C3=A9?=\" <w@e.org>",
	"\"Jean\"<w@e.org>",
	"\"Jean\" Dupont <w@e.org>",
	"\"Jean <w@e.org>",
}

// checkAddresses compares parseAddressListFast, where it answers, with go-message's parser.
func checkAddresses(t *testing.T, s string) (fast bool) {
	t.Helper()
	got, ok := parseAddressListFast(s)
	if !ok {
		return false
	}
	list, err := gomail.ParseAddressList(s)
	if err != nil {
		t.Errorf("parseAddressListFast(%q) = %v; go-message refuses it: %v", s, got, err)
		return true
	}
	want := make([]Address, 0, len(list))
	for _, a := range list {
		want = append(want, Address{Name: a.Name, Address: a.Address})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseAddressListFast(%q) = %q; go-message gives %q", s, got, want)
	}
	return true
}

func TestAddressListFastMatchesGoMessage(t *testing.T) {
	for _, s := range addressLists {
		checkAddresses(t, s)
	}
}

// TestAddressListFastPathTaken checks that plain lists are read by the fast path.
func TestAddressListFastPathTaken(t *testing.T) {
	for _, s := range addressLists[:11] {
		if !checkAddresses(t, s) {
			t.Errorf("%q did not take the fast path", s)
		}
	}
}

// FuzzAddressListFast compares the fast path with go-message's parser on any input.
func FuzzAddressListFast(f *testing.F) {
	for _, s := range addressLists {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAddresses(t, s) })
}

// TestAddressFastSharesInput checks that the fast path takes each address as a substring of
// the field (it spans local "@" domain), without building it: the same value, no copy.
func TestAddressFastSharesInput(t *testing.T) {
	for _, s := range []string{"a.b@c.d", "Jean Dupont <jean@example.com>", `"Jean" <j@x.y>, k@z.w`} {
		got, ok := parseAddressListFast(s)
		if !ok {
			t.Fatalf("%q did not take the fast path", s)
		}
		for _, a := range got {
			i := strings.Index(s, a.Address)
			if i < 0 || unsafe.StringData(a.Address) != unsafe.StringData(s[i:]) {
				t.Errorf("%q: address %q is not a substring of the field", s, a.Address)
			}
		}
	}
}
