package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/format"
	"github.com/wl-lang/wl/parser"
)

// cmdFmt is `wl fmt [-w] [-l] [-d] [--lang fr|en|keep] [--encoding keep|utf8|windows-1252]
// [-I FILE.wl]... FILE...`, with gofmt's conventions: the formatted files go to stdout unless -w, -l or -d
// says otherwise; -l lists the files whose formatting differs and still exits 0; with no
// file (or "-"), standard input is formatted to standard output. A file that does not lex
// is reported as file:line:col: message and the status is 2; the other files are still
// formatted.
func cmdFmt(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wl fmt", flag.ContinueOnError)
	fs.SetOutput(stderr)
	write := fs.Bool("w", false, "write the result to the file instead of standard output")
	list := fs.Bool("l", false, "list the files whose formatting differs")
	diff := fs.Bool("d", false, "print the changes as a unified diff")
	lang := fs.String("lang", "keep", "write keywords and library names in `fr`, en, or keep them")
	enc := fs.String("encoding", "keep", "encoding of the result: keep, utf8 or windows-1252")
	var inc listFlag
	fs.Var(&inc, "I", "FILE.wl is loaded with the scripts (wl run -I): --lang leaves the names it declares (repeatable)")
	fs.Var(&inc, "include", "same as -I")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	opts := format.Options{}
	var err error
	if opts.Lang, err = format.ParseLang(*lang); err != nil {
		fmt.Fprintln(stderr, "wl fmt:", err)
		return exitUsage
	}
	if opts.Encoding, err = format.ParseEncoding(*enc); err != nil {
		fmt.Fprintln(stderr, "wl fmt:", err)
		return exitUsage
	}
	if opts.Lang != format.Keep {
		if opts.Library, err = builtins.New(); err != nil {
			fmt.Fprintln(stderr, "wl fmt:", err)
			return exitRuntime
		}
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	status := exitOK
	for _, name := range files {
		var src []byte
		if name == "-" {
			if *write {
				fmt.Fprintln(stderr, "wl fmt: -w cannot write standard input")
				return exitUsage
			}
			src, err = io.ReadAll(stdin)
		} else {
			src, err = os.ReadFile(name)
		}
		if err != nil {
			fmt.Fprintln(stderr, "wl fmt:", err)
			status = exitUsage
			continue
		}
		opts.Filename = name
		if name == "-" {
			opts.Filename = "<stdin>"
		}
		if opts.Lang != format.Keep {
			if opts.Declarations, err = declarations(inc, name, src); err != nil {
				fmt.Fprintln(stderr, "wl fmt:", err)
				status = exitUsage
				continue
			}
		}
		out, err := format.Source(src, opts)
		if err != nil {
			fmt.Fprintln(stderr, err)
			status = exitUsage
			continue
		}
		changed := !bytes.Equal(src, out)
		if *list && changed {
			fmt.Fprintln(stdout, name)
		}
		if *diff && changed {
			fmt.Fprint(stdout, udiff.Unified(name+".orig", name, string(src), string(out)))
		}
		if *write && changed {
			if err := writeFileKeepMode(name, out); err != nil {
				fmt.Fprintln(stderr, "wl fmt:", err)
				status = exitUsage
			}
		}
		if !*list && !*diff && !*write {
			stdout.Write(out)
		}
	}
	return status
}

// writeFileKeepMode replaces the content of an existing file, keeping its permissions.
func writeFileKeepMode(name string, data []byte) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, st.Mode().Perm())
}

// declarations gathers what the files given with -I and the files the script includes with
// EXTERN (found from the script's folder, as wl run does) declare: translation leaves
// those names as the script's own. An EXTERN file that is missing, or a script that does
// not parse, adds nothing: formatting works on tokens and does not need them.
func declarations(includes []string, name string, src []byte) (*format.Declarations, error) {
	d := &format.Declarations{}
	for _, f := range includes {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if err := d.Declare(f, b); err != nil {
			return nil, err
		}
	}
	if name == "-" {
		return d, nil
	}
	p, err := parser.New()
	if err != nil {
		return nil, err
	}
	type file struct {
		name string
		src  []byte
	}
	var externs []file
	read := func(n string) ([]byte, error) {
		if n == name {
			return src, nil
		}
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, nil
		}
		externs = append(externs, file{n, b})
		return b, nil
	}
	if _, err := p.Load(read, name); err != nil {
		return d, nil
	}
	for _, f := range externs {
		if err := d.Declare(f.name, f.src); err != nil {
			return nil, err
		}
	}
	return d, nil
}
