// Command wl runs WLanguage scripts (the language of WINDEV and WEBDEV) from the command
// line, with a real email runtime and an embedded sandbox mail server.
//
//	wl run [flags] SCRIPT.wl [ARGS...]
//	wl check [--strict] FILE.wl...
//	wl sandbox [flags]
//	wl test [-run RE] [-update] [-v] PATH...
//	wl lsp
//	wl version | wl help
package main

import (
	"os"

	"github.com/wl-lang/wl/parser"
)

func main() {
	growStack(false)
	if len(os.Args) > 1 && (os.Args[1] == "run" || os.Args[1] == "check" || os.Args[1] == "test") {
		// These commands parse: the grammar is built once per process (parser.New), so start
		// on it now, on another core if there is one, while the command reads its flags, sets
		// up its signals and reads the script. Their own parser.New waits for it, and reports
		// its error if it failed.
		go func() {
			growStack(false) // building the grammar recurses as deep as parsing does
			parser.New()     //nolint:errcheck
		}()
	}
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
