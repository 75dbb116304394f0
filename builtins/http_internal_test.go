package builtins

import (
	"errors"
	"strings"
	"testing"
)

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "api.localhost": true, "127.0.0.1": true, "127.8.9.10": true,
		"::1": true, "example.com": false, "localhost.example.com": false, "10.0.0.1": false,
		"0.0.0.0": false, "::": false, "": false,
	} {
		if got := isLoopbackHost(host); got != want {
			t.Errorf("isLoopbackHost(%q) = %v", host, got)
		}
	}
}

// TestBrowserOpen checks how AuthIdentifie opens its page: with the system's opener when
// there is a display and the opener exists, and with a reason otherwise.
func TestBrowserOpen(t *testing.T) {
	const page = "https://auth.example/authorize?state=x"
	tests := []struct {
		name    string
		goos    string
		env     map[string]string
		missing bool  // the opener is not installed
		fails   error // starting it fails
		started string
		err     string
	}{
		{name: "X11", goos: "linux", env: map[string]string{"DISPLAY": ":0"}, started: "/usr/bin/xdg-open " + page},
		{name: "Wayland", goos: "freebsd", env: map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, started: "/usr/bin/xdg-open " + page},
		{name: "no display", goos: "linux", err: "there is no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)"},
		{name: "no xdg-open", goos: "linux", env: map[string]string{"DISPLAY": ":0"}, missing: true, err: "xdg-open is not installed"},
		{name: "xdg-open fails", goos: "linux", env: map[string]string{"DISPLAY": ":0"}, fails: errors.New("boom"), err: "xdg-open failed: boom"},
		{name: "macOS", goos: "darwin", started: "/usr/bin/open " + page},
		{name: "Windows", goos: "windows", started: "/usr/bin/rundll32 url.dll,FileProtocolHandler " + page},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var started string
			b := browser{goos: tt.goos,
				getenv: func(k string) string { return tt.env[k] },
				lookPath: func(name string) (string, error) {
					if tt.missing {
						return "", errors.New("not found")
					}
					return "/usr/bin/" + name, nil
				},
				start: func(name string, args ...string) error {
					started = strings.Join(append([]string{name}, args...), " ")
					return tt.fails
				}}
			err := b.open(page)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("error %v, want %q", err, tt.err)
				}
				var out strings.Builder
				b.show(&out, page, DefaultSignInWait)
				if want := "wl: no browser can be opened (" + tt.err + ").\nwl: to sign in, open this address in a browser within 5m0s:\n" + page + "\n"; out.String() != want {
					t.Errorf("message %q, want %q", out.String(), want)
				}
				return
			}
			if err != nil || started != tt.started {
				t.Errorf("started %q (error %v), want %q", started, err, tt.started)
			}
		})
	}
}

// TestParseJSONBadInput checks that malformed or hostile documents give an error, never a
// panic, and that well-formed ones are read whole.
func TestParseJSONBadInput(t *testing.T) {
	tests := []struct{ in, err string }{
		{"", "the text is empty"},
		{"   ", "the text is empty"},
		{"{", "the text ends before the end of the document"},
		{`{"a":}`, "invalid character '}' looking for beginning of value (line 1, column 6)"},
		{"[1,\n2,,3]", "invalid character ',' looking for beginning of value (line 2, column 3)"},
		{`{"a":1} x`, "invalid character 'x' after top-level value (line 1, column 9)"},
		{`1 2`, "invalid character '2' after top-level value (line 1, column 3)"},
		{"\xff", "invalid character 'ÿ' looking for beginning of value (line 1, column 1)"},
		{strings.Repeat("[", 5000), "the document is nested more than 1000 levels deep"},
		{`"\ud800"`, ""},
		{"\xEF\xBB\xBF{\"a\":[1,2.5e3,-0,true,null,\"x\"]}", ""},
	}
	for _, tt := range tests {
		n, err := parseJSON([]byte(tt.in))
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("parseJSON(%q): %v", tt.in, err)
		case tt.err != "" && (err == nil || err.Error() != tt.err):
			t.Errorf("parseJSON(%.20q): error %v, want %q", tt.in, err, tt.err)
		case err == nil && n == nil:
			t.Errorf("parseJSON(%q): no document", tt.in)
		}
	}
	n, _ := parseJSON([]byte("\xEF\xBB\xBF{\"a\":[1,2.5e3,-0,true,null,\"x\"],\"a\":{}}"))
	if got, want := n.String(), `{"a":{}}`; got != want {
		t.Errorf("duplicate key: %s, want %s", got, want)
	}
}
