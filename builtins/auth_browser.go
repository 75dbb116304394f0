package builtins

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"time"
)

// browser opens AuthIdentifie's authorization page in the user's browser. Its fields are the
// parts of the system it uses, so that tests can stand in for them.
type browser struct {
	goos     string
	getenv   func(string) string
	lookPath func(string) (string, error)
	start    func(name string, args ...string) error
}

// systemBrowser is the browser of this machine.
func systemBrowser() browser {
	return browser{goos: runtime.GOOS, getenv: os.Getenv, lookPath: exec.LookPath,
		start: func(name string, args ...string) error {
			cmd := exec.Command(name, args...)
			if err := cmd.Start(); err != nil {
				return err
			}
			go cmd.Wait()
			return nil
		}}
}

// open starts the browser on u; the error says why none can be opened.
func (b browser) open(u string) error {
	var name string
	var args []string
	switch b.goos {
	case "darwin":
		name, args = "open", []string{u}
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", u}
	default:
		if b.getenv("DISPLAY") == "" && b.getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("there is no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)")
		}
		name, args = "xdg-open", []string{u}
	}
	path, err := b.lookPath(name)
	if err != nil {
		return fmt.Errorf("%s is not installed", name)
	}
	if err := b.start(path, args...); err != nil {
		return fmt.Errorf("%s failed: %v", name, err)
	}
	return nil
}

// show opens the authorization page, and writes on w what the user has to do: the address
// always (the browser may not come up), and why no browser was opened when none could be.
// The address holds no secret: the client secret and the PKCE verifier never appear in it.
func (b browser) show(w io.Writer, u string, wait time.Duration) {
	if err := b.open(u); err != nil {
		fmt.Fprintf(w, "wl: no browser can be opened (%v).\nwl: to sign in, open this address in a browser within %v:\n%s\n", err, wait, u)
		return
	}
	fmt.Fprintf(w, "wl: the sign-in page is opening in your browser; if it does not, open this address within %v:\n%s\n", wait, u)
}
