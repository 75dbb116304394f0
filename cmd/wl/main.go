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

import "os"

func main() {
	growStack(false)
	e := startEarly(os.Args[1:])
	os.Exit(mainEarly(e, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
