package builtins

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
)

// osPath turns a script's path (Windows backslashes accepted) into one for this system.
func osPath(th *interp.Thread, p string) string {
	if filepath.Separator == '/' {
		p = strings.ReplaceAll(p, `\`, "/")
	}
	return th.Path(p)
}

func fileError(th *interp.Thread, what string, err error) {
	th.SetError(interp.ErrorInfo{Message: what, SystemMessage: systemMessage(err)})
}

func systemMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func registerFiles(r *registrar) {
	fail := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, CanFail: true, Fn: f})
	}
	// fChargeTexte reads a text file: UTF-8 (with or without BOM), else Windows-1252. On
	// failure it returns "" and sets ErreurDétectée.
	fail([]string{"fChargeTexte", "fLoadText"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		b, err := os.ReadFile(osPath(th, a[0].String()))
		if err != nil {
			fileError(th, "cannot read the file "+a[0].String(), err)
			return interp.Str(""), nil
		}
		return interp.Str(wlex.Decode(b)), nil
	})
	fail([]string{"fChargeBuffer", "fLoadBuffer"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		b, err := os.ReadFile(osPath(th, a[0].String()))
		if err != nil {
			fileError(th, "cannot read the file "+a[0].String(), err)
			return interp.Buffer(nil), nil
		}
		return interp.Buffer(b), nil
	})
	save := func(th *interp.Thread, a []interp.Value, flag int) (interp.Value, error) {
		f, err := os.OpenFile(osPath(th, a[0].String()), os.O_WRONLY|os.O_CREATE|flag, 0o644)
		if err != nil {
			fileError(th, "cannot write the file "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		data := a[1].BufferBytes()
		if a[1].Kind() != interp.KBuffer && a[1].Kind() != interp.KString {
			data = []byte(a[1].String())
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fileError(th, "cannot write the file "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	}
	fail([]string{"fSauveTexte", "fSaveText"}, 2, 3, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		return save(th, a, os.O_TRUNC)
	})
	fail([]string{"fSauveBuffer", "fSaveBuffer"}, 2, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		return save(th, a, os.O_TRUNC)
	})
	fail([]string{"fAjouteTexte", "fAddText"}, 2, 3, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		return save(th, a, os.O_APPEND)
	})
	r.fn(&interp.Builtin{Names: []string{"fFichierExiste", "fFileExist"}, MinArgs: 1, MaxArgs: 1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			st, err := os.Stat(osPath(th, a[0].String()))
			return interp.Bool(err == nil && !st.IsDir()), nil
		}})
	r.fn(&interp.Builtin{Names: []string{"fRepExiste", "fDirectoryExist", "fDirExist"}, MinArgs: 1, MaxArgs: 1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			st, err := os.Stat(osPath(th, a[0].String()))
			return interp.Bool(err == nil && st.IsDir()), nil
		}})
	fail([]string{"fRepCrée", "fMakeDir", "fCréeRépertoire"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if err := os.MkdirAll(osPath(th, a[0].String()), 0o755); err != nil {
			fileError(th, "cannot create the directory "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	})
	fail([]string{"fSupprime", "fDelete"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if err := os.Remove(osPath(th, a[0].String())); err != nil {
			fileError(th, "cannot delete the file "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	})
	fail([]string{"fRepSupprime", "fRemoveDir"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if err := os.Remove(osPath(th, a[0].String())); err != nil {
			fileError(th, "cannot delete the directory "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	})
	fail([]string{"fCopieFichier", "fCopyFile"}, 2, 3, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		b, err := os.ReadFile(osPath(th, a[0].String()))
		if err == nil {
			err = os.WriteFile(osPath(th, a[1].String()), b, 0o644)
		}
		if err != nil {
			fileError(th, "cannot copy "+a[0].String()+" to "+a[1].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	})
	fail([]string{"fTaille", "fSize"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		st, err := os.Stat(osPath(th, a[0].String()))
		if err != nil {
			fileError(th, "cannot read the size of "+a[0].String(), err)
			return interp.Int(-1), nil
		}
		return interp.Int(st.Size()), nil
	})
	r.fn(&interp.Builtin{Names: []string{"fRepEnCours", "fCurrentDir"}, MaxArgs: 1,
		Fn: func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
			d, err := filepath.Abs(th.Path("."))
			if err != nil {
				return interp.Str("."), nil
			}
			return interp.Str(d), nil
		}})
	r.fn(&interp.Builtin{Names: []string{"fRepExe", "fExeDir"}, Fn: func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		// A script's "executable directory" is the directory it runs in.
		d, _ := filepath.Abs(th.Path("."))
		return interp.Str(d), nil
	}})
	r.fn(&interp.Builtin{Names: []string{"fRepDonnées", "fDataDir", "fRepDonnéesUtilisateur", "fDataDirUser"},
		Fn: func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
			d, err := os.UserConfigDir()
			if err != nil {
				d, _ = filepath.Abs(th.Path("."))
			}
			return interp.Str(d), nil
		}})
	r.fn(&interp.Builtin{Names: []string{"fRepTemp", "fTempPath"}, MaxArgs: 1,
		Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Str(os.TempDir()), nil }})
	r.fn(&interp.Builtin{Names: []string{"fSep"}, Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) {
		return interp.Str(string(filepath.Separator)), nil
	}})
	r.fn(&interp.Builtin{Names: []string{"fExtraitChemin", "fExtractPath"}, MinArgs: 2, MaxArgs: 2,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			return interp.Str(extractPath(a[0].String(), a[1].AsInt())), nil
		}})
	for _, c := range []struct {
		v     int64
		names []string
	}{
		{fpDrive, []string{"fLecteur", "fDrive"}}, {fpDir, []string{"fRépertoire", "fDirectory"}},
		{fpName, []string{"fFichier", "fFile"}}, {fpExt, []string{"fExtension"}},
	} {
		r.constant(interp.Int(c.v), c.names...)
	}
	// fListeFichier(mask [, procedure]) and fListeRépertoire(dir, procedure): without a
	// procedure they return the names, one per line; with one they call it for each entry
	// (path, name, ...) and stop when it returns Faux.
	fail([]string{"fListeFichier", "fListFile"}, 1, 4, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		return listEntries(th, a, false)
	})
	fail([]string{"fListeRépertoire", "fListDirectory"}, 1, 4, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		return listEntries(th, a, true)
	})
}

const (
	fpDrive = 1
	fpDir   = 2
	fpName  = 4
	fpExt   = 8
)

func extractPath(p string, parts int64) string {
	p = strings.ReplaceAll(p, `\`, "/")
	dir, file := "", p
	if i := strings.LastIndex(p, "/"); i >= 0 {
		dir, file = p[:i+1], p[i+1:]
	}
	drive := ""
	if len(dir) >= 2 && dir[1] == ':' {
		drive, dir = dir[:2], dir[2:]
	}
	ext := filepath.Ext(file)
	name := strings.TrimSuffix(file, ext)
	var b strings.Builder
	if parts&fpDrive != 0 {
		b.WriteString(drive)
	}
	if parts&fpDir != 0 {
		b.WriteString(dir)
	}
	if parts&fpName != 0 {
		b.WriteString(name)
	}
	if parts&fpExt != 0 {
		b.WriteString(ext)
	}
	return b.String()
}

func listEntries(th *interp.Thread, a []interp.Value, dirs bool) (interp.Value, error) {
	pattern := osPath(th, a[0].String())
	var matches []string
	if dirs {
		entries, err := os.ReadDir(pattern)
		if err != nil {
			fileError(th, "cannot list the directory "+a[0].String(), err)
			return interp.Int(0), nil
		}
		for _, e := range entries {
			if e.IsDir() {
				matches = append(matches, filepath.Join(pattern, e.Name()))
			}
		}
	} else {
		if st, err := os.Stat(pattern); err == nil && st.IsDir() {
			pattern = filepath.Join(pattern, "*")
		}
		m, err := filepath.Glob(pattern)
		if err != nil {
			fileError(th, "invalid file pattern "+a[0].String(), err)
			return interp.Int(0), nil
		}
		for _, f := range m {
			if st, err := os.Stat(f); err == nil && !st.IsDir() {
				matches = append(matches, f)
			}
		}
	}
	sort.Strings(matches)
	if len(a) < 2 || a[1].Kind() != interp.KProc && a[1].Kind() != interp.KString {
		var names []string
		for _, m := range matches {
			names = append(names, m)
		}
		return interp.Str(strings.Join(names, "\r\n")), nil
	}
	n := 0
	for _, m := range matches {
		n++
		res, err := th.CallValue(a[1], interp.Str(filepath.Dir(m)), interp.Str(filepath.Base(m)), interp.Int(0), interp.Null)
		if err != nil {
			return interp.Null, err
		}
		if res.Kind() == interp.KBool && !res.AsBool() {
			break
		}
	}
	return interp.Int(int64(n)), nil
}
