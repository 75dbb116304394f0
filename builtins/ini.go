package builtins

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// registerINI registers INILit / INIRead and INIEcrit / INIWrite, which read and write
// "INI" files (the file format is in ini_file.go).
//
// WINDEV reads WIN.INI when the file parameter is left out; a script has no WIN.INI, so
// there the file is required (a fatal error says so).
func registerINI(r *registrar) {
	r.fn(&interp.Builtin{Names: []string{"INILit", "INIRead"}, MinArgs: 1, MaxArgs: 4, CanFail: true, Fn: iniRead})
	r.fn(&interp.Builtin{Names: []string{"INIEcrit", "INIWrite"}, MinArgs: 1, MaxArgs: 4, CanFail: true, Fn: iniWrite})
}

// iniPath returns the file parameter of INILit / INIEcrit, which wl requires.
func iniPath(fn string, a []interp.Value) (string, error) {
	if len(a) < 4 || a[3].IsNull() || a[3].String() == "" {
		return "", fmt.Errorf("%s: give the INI file as 4th parameter (without it WINDEV reads WIN.INI, which a script does not have)", fn)
	}
	return a[3].String(), nil
}

// iniRead is INILit(section [, key [, not found [, file]]]):
//   - the value of key in section;
//   - with an empty key, the keys of the section; with an empty section, the sections of
//     the file; each list item is followed by RC (so ExtraitChaîne(list, n, RC) gives ""
//     after the last one, as the help page's loop expects);
//   - the "not found" text (default "") when the value is empty, the key, section or file
//     does not exist. A file that exists but cannot be read also sets ErreurDétectée.
func iniRead(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	file, err := iniPath("INILit", a)
	if err != nil {
		return interp.Null, err
	}
	section, key, notFound := a[0].String(), stringArg(a, 1), stringArg(a, 2)
	b, err := os.ReadFile(osPath(th, file))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			fileError(th, "cannot read the INI file "+file, err)
		}
		return interp.Str(notFound), nil
	}
	d := parseINI(b)
	var out string
	switch {
	case section == "":
		out = iniList(d.sections())
	case key == "":
		out = iniList(d.keys(section))
	default:
		out, _ = d.get(section, key)
	}
	if out == "" {
		out = notFound
	}
	return interp.Str(out), nil
}

func iniList(items []string) string {
	var b strings.Builder
	for _, s := range items {
		b.WriteString(s)
		b.WriteString("\r\n")
	}
	return b.String()
}

// stringArg is a[i] as a string, "" when absent.
func stringArg(a []interp.Value, i int) string {
	if i < len(a) {
		return a[i].String()
	}
	return ""
}

// iniWrite is INIEcrit(section [, key [, value [, file]]]): it writes key=value in section,
// creating the section, the key and the file as needed; an empty (or Null) key deletes the
// section, a Null value deletes the key (an empty value writes "key="). The file keeps its
// encoding (UTF-8 with or without byte-order mark, UTF-16, Windows-1252) and line endings;
// a new file is written in Windows-1252 with CR LF, as WINDEV does, or in UTF-8 when a
// character has no place in Windows-1252. It returns Faux and sets ErreurDétectée when the
// file cannot be read or written, when a value holds a line break, or when a Windows-1252
// file cannot hold the value.
func iniWrite(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	file, err := iniPath("INIEcrit", a)
	if err != nil {
		return interp.Null, err
	}
	path := osPath(th, file)
	section := a[0].String()
	if section == "" {
		th.SetError(interp.ErrorInfo{Message: "INIEcrit: the section name is empty"})
		return interp.Bool(false), nil
	}
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		fileError(th, "cannot read the INI file "+file, err)
		return interp.Bool(false), nil
	}
	exists := err == nil
	d := parseINI(b)
	key := stringArg(a, 1)
	switch {
	case key == "":
		if !d.deleteSection(section) {
			return interp.Bool(true), nil
		}
	case len(a) < 3 || a[2].IsNull():
		if !d.deleteKey(section, key) {
			return interp.Bool(true), nil
		}
	default:
		if err := d.set(section, key, a[2].String()); err != nil {
			th.SetError(interp.ErrorInfo{Message: "INIEcrit: " + err.Error()})
			return interp.Bool(false), nil
		}
	}
	out, err := d.bytes()
	if err != nil {
		th.SetError(interp.ErrorInfo{Message: "INIEcrit: cannot write in " + file + ": " + err.Error()})
		return interp.Bool(false), nil
	}
	mode := fs.FileMode(0o644)
	if exists {
		if st, err := os.Stat(path); err == nil {
			mode = st.Mode().Perm()
		}
	}
	if err := os.WriteFile(path, out, mode); err != nil {
		fileError(th, "cannot write the INI file "+file, err)
		return interp.Bool(false), nil
	}
	return interp.Bool(true), nil
}
