package builtins

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
)

// ExeDirKey is the interp.Options.Extensions key of the directory (a string) that fRepExe
// and fRepDonnées report: a host running a script file sets it to the script's directory.
// Without it they report the run's working directory (interp.Options.Dir, else the
// process's).
type ExeDirKey struct{}

// Options of fListeFichier and fListeRépertoire.
const (
	listRecursive    = 1 // frRécursif / frRecursive
	listNotRecursive = 2 // frNonRécursif / frNotRecursive
)

// Parts of a path for fExtraitChemin.
const (
	fpDrive = 1 // fDisque / fDrive
	fpDir   = 2 // fRépertoire / fDirectory
	fpName  = 4 // fFichier / fFileName
	fpExt   = 8 // fExtension
)

// osPath turns a script's path (Windows backslashes accepted) into one for this system,
// relative names being taken from the run's directory.
func osPath(th *interp.Thread, p string) string {
	return th.Path(localPath(p))
}

// localPath turns the backslashes of a Windows path into this system's separator.
func localPath(p string) string {
	if filepath.Separator == '/' {
		p = strings.ReplaceAll(p, `\`, "/")
	}
	return p
}

// fileError records a non-fatal failure of a file function: ErreurInfo(errMessage) gives
// what, errMessageSystème the system's reason.
func fileError(th *interp.Thread, what string, err error) {
	th.SetError(interp.ErrorInfo{Message: what, SystemMessage: systemMessage(err)})
}

func systemMessage(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

// runDir is the run's working directory, absolute.
func runDir(th *interp.Thread) string {
	d, err := filepath.Abs(th.Path("."))
	if err != nil {
		return "."
	}
	return d
}

// exeDir is what fRepExe reports (see ExeDirKey).
func exeDir(th *interp.Thread) string {
	if d, ok := th.Extension(ExeDirKey{}).(string); ok && d != "" {
		return d
	}
	return runDir(th)
}

// readFile reads a file whole, charging it to the run's memory as it reads (a file may be
// larger than the memory left, or endless, like /dev/zero).
func readFile(th *interp.Thread, name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return th.ReadAll(f)
}

// copyFile copies the file src to dst a piece at a time, stopping when the run is cancelled
// or out of time (src may be endless).
func copyFile(th *interp.Thread, src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, contextReader{th.Context(), in})
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// contextReader reads from r until ctx ends.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func registerFiles(r *registrar) {
	// Functions that fail on the file system set ErreurDétectée and return their failure
	// value ("" for fChargeTexte, Faux for the others, -1 for sizes and handles).
	fail := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, CanFail: true, Fn: f})
	}
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	// fChargeTexte reads a text file: UTF-8 (its byte-order mark removed), else Windows-1252,
	// the way wl reads sources.
	fail([]string{"fChargeTexte", "fLoadText"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		b, err := readFile(th, osPath(th, a[0].String()))
		if err != nil {
			fileError(th, "cannot read the file "+a[0].String(), err)
			return interp.Str(""), nil
		}
		return interp.Str(wlex.Decode(b)), nil
	})
	fail([]string{"fChargeBuffer", "fLoadBuffer"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		b, err := readFile(th, osPath(th, a[0].String()))
		if err != nil {
			fileError(th, "cannot read the file "+a[0].String(), err)
			return interp.Buffer(nil), nil
		}
		return interp.Buffer(b), nil
	})
	// fSauveTexte writes the text in UTF-8 (without byte-order mark), replacing the file;
	// fAjouteTexte appends to it, creating it if needed.
	save := func(th *interp.Thread, a []interp.Value, flag int) (interp.Value, error) {
		f, err := os.OpenFile(osPath(th, a[0].String()), os.O_WRONLY|os.O_CREATE|flag, 0o644)
		if err != nil {
			fileError(th, "cannot write the file "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		_, err = f.Write(a[1].BufferBytes())
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
	// fFichierExiste and fRepExiste answer Faux for anything missing or unreadable: they
	// never set ErreurDétectée.
	fn([]string{"fFichierExiste", "fFileExist"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		st, err := os.Stat(osPath(th, a[0].String()))
		return interp.Bool(err == nil && !st.IsDir()), nil
	})
	fn([]string{"fRepExiste", "fDirectoryExist", "fDirExist"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		st, err := os.Stat(osPath(th, a[0].String()))
		return interp.Bool(err == nil && st.IsDir()), nil
	})
	// fRepCrée creates the directory and its missing parents; an existing directory is fine.
	fail([]string{"fRepCrée", "fMakeDir", "fCréeRépertoire"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if err := os.MkdirAll(osPath(th, a[0].String()), 0o755); err != nil {
			fileError(th, "cannot create the directory "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	})
	fail([]string{"fSupprime", "fDelete"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		p := osPath(th, a[0].String())
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			fileError(th, "cannot delete "+a[0].String()+": it is a directory (fRepSupprime)", errors.New("is a directory"))
			return interp.Bool(false), nil
		}
		if err := os.Remove(p); err != nil {
			fileError(th, "cannot delete the file "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	})
	// fRepSupprime removes an empty directory.
	fail([]string{"fRepSupprime", "fRemoveDir"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if err := os.Remove(osPath(th, a[0].String())); err != nil {
			fileError(th, "cannot delete the directory "+a[0].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	})
	fail([]string{"fCopieFichier", "fCopyFile"}, 2, 3, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if err := copyFile(th, osPath(th, a[0].String()), osPath(th, a[1].String())); err != nil {
			fileError(th, "cannot copy "+a[0].String()+" to "+a[1].String(), err)
			return interp.Bool(false), nil
		}
		return interp.Bool(true), nil
	})
	fail([]string{"fRenomme", "fRename", "fDéplaceFichier", "fMoveFile"}, 2, 3, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if err := os.Rename(osPath(th, a[0].String()), osPath(th, a[1].String())); err != nil {
			fileError(th, "cannot rename "+a[0].String()+" to "+a[1].String(), err)
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
	// fRepEnCours is the run's working directory (absolute).
	fn([]string{"fRepEnCours", "fCurrentDir"}, 0, 1, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		return interp.Str(runDir(th)), nil
	})
	// fRepExe is the script's directory when the host says it (ExeDirKey), else the working
	// directory; fRepDonnées, where WINDEV keeps an application's data files by default,
	// is the same directory. fRepDonnéesUtilisateur is the user's configuration directory
	// ($XDG_CONFIG_HOME, ~/.config, %AppData%...).
	fn([]string{"fRepExe", "fExeDir"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		return interp.Str(exeDir(th)), nil
	})
	fn([]string{"fRepDonnées", "fDataDir"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		return interp.Str(exeDir(th)), nil
	})
	fn([]string{"fRepDonnéesUtilisateur", "fDataDirUser"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		d, err := os.UserConfigDir()
		if err != nil {
			d = exeDir(th)
		}
		return interp.Str(d), nil
	})
	fn([]string{"fRepTemp", "fTempPath"}, 0, 1, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		return interp.Str(tempDir(th)), nil
	})
	// fSep is this system's path separator: "/" on Linux and macOS, "\" on Windows.
	fn([]string{"fSep"}, 0, 0, func(*interp.Thread, []interp.Value) (interp.Value, error) {
		return interp.Str(string(filepath.Separator)), nil
	})
	// ComplèteRep adds the path separator at the end of a directory name that lacks one.
	fn([]string{"ComplèteRep", "CompleteDir"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d := a[0].String()
		if d != "" && !strings.HasSuffix(d, "/") && !strings.HasSuffix(d, `\`) {
			d += string(filepath.Separator)
		}
		return interp.Str(d), nil
	})
	fn([]string{"fExtraitChemin", "fExtractPath"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(extractPath(a[0].String(), a[1].AsInt())), nil
	})
	fn([]string{"fConstruitChemin", "fBuildPath"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(buildPath(a[0].String(), a[1].String(), stringArg(a, 2))), nil
	})
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	// The names and values are those compiled WINDEV code uses: fExtraitChemin(s, fDisque +
	// fRépertoire) is fExtraitChemin(s, 3) and fFichier + fExtension 12 in WINDEV Mobile's
	// generated Java; the English names are those of English WLanguage sources
	// (fExtractPath(p, fDrive + fDirectory), fExtractPath(p, fFileName)).
	c(fpDrive, "fDisque", "fDrive")
	c(fpDir, "fRépertoire", "fDirectory")
	c(fpName, "fFichier", "fFileName")
	c(fpExt, "fExtension")
	c(listRecursive, "frRécursif", "frRecursive")
	c(listNotRecursive, "frNonRécursif", "frNotRecursive")
	fail([]string{"fListeFichier", "fListFile"}, 1, 4, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		return listEntries(th, a, false)
	})
	fail([]string{"fListeRépertoire", "fListDirectory"}, 1, 4, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		return listEntries(th, a, true)
	})
	registerFileHandles(r)
}

// buildPath is fConstruitChemin(directory, name [, extension]), as WINDEV Mobile's runtime
// builds it (fr.pcsoft.wdjava.file.o): the directory without surrounding spaces, followed by
// a separator unless it ends with one (nothing for an empty directory), the name, then the
// extension with a dot before it unless it starts with one. The separator is a backslash
// when the directory is written with backslashes (a Windows path), else a slash.
func buildPath(dir, name, ext string) string {
	dir = strings.TrimSpace(dir)
	if dir != "" && !strings.HasSuffix(dir, "/") && !strings.HasSuffix(dir, `\`) {
		if strings.Contains(dir, `\`) && !strings.Contains(dir, "/") {
			dir += `\`
		} else {
			dir += "/"
		}
	}
	p := dir + name
	if ext != "" {
		if !strings.HasPrefix(ext, ".") {
			p += "."
		}
		p += ext
	}
	return p
}

// extractPath is fExtraitChemin(path, parts): the drive, directory, name and extension of
// path that parts (fDisque + fRépertoire + fFichier + fExtension) asks for, with the path's
// own separators. The drive is "C:" or, for a network path, "\\serveur\partage"; the
// directory keeps its separators at both ends ("\dossier\"); the extension is the last dot
// and what follows it ("f.tar.gz": ".gz"), none for a name starting with its only dot.
func extractPath(p string, parts int64) string {
	isSep := func(c byte) bool { return c == '/' || c == '\\' }
	drive, rest := "", p
	switch {
	case len(p) >= 2 && p[1] == ':':
		drive, rest = p[:2], p[2:]
	case len(p) >= 2 && isSep(p[0]) && isSep(p[1]):
		// \\serveur\partage\...: the server and share name the drive.
		end, seps := len(p), 0
		for i := 2; i < len(p); i++ {
			if isSep(p[i]) {
				if seps++; seps == 2 {
					end = i
					break
				}
			}
		}
		drive, rest = p[:end], p[end:]
	}
	dir, file := "", rest
	if i := strings.LastIndexAny(rest, `/\`); i >= 0 {
		dir, file = rest[:i+1], rest[i+1:]
	}
	ext := ""
	if i := strings.LastIndex(file, "."); i > 0 {
		ext = file[i:]
	}
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

// listEntry is a file or directory found by fListeFichier / fListeRépertoire: its
// directory as the script names it, and its name.
type listEntry struct{ dir, name string }

// listEntries is fListeFichier(mask [, procedure [, pointer [, option]]]) (dirs false) and
// fListeRépertoire(directory [, procedure [, pointer [, option]]]) (dirs true).
//
// fListeFichier lists the files matching mask ("C:\data\*.txt", "*.*", or a directory:
// all its files), in the mask's directory only unless option is frRécursif;
// fListeRépertoire lists the sub-directories of directory, recursively unless option is
// frNonRécursif. Names match the mask without regard to case, as on Windows, and entries
// come in name order. With a procedure, it is called for each entry with (directory, name,
// directory changed, pointer) — as many of these as it declares — and the listing stops
// when it returns Faux; the result is the number of entries it was called for. Without
// one, the result is the full names, one per line (RC). A directory that cannot be read
// sets ErreurDétectée.
func listEntries(th *interp.Thread, a []interp.Value, dirs bool) (interp.Value, error) {
	spec := localPath(a[0].String())
	var proc, pointer interp.Value
	opts := int64(0)
	for i, v := range a[1:] {
		switch {
		case i == 0 && (v.Kind() == interp.KProc || v.Kind() == interp.KString || len(a) > 2):
			proc = v
		case i == 0:
			opts = v.AsInt() // fListeFichier(mask, option)
		case i == 1:
			pointer = v
		case i == 2:
			opts = v.AsInt()
		}
	}
	if !proc.IsNull() {
		fn := "fListeFichier"
		if dirs {
			fn = "fListeRépertoire"
		}
		if err := procArg(th, fn, "second", proc); err != nil {
			return interp.Null, err
		}
	}
	recursive := opts&listRecursive != 0
	if dirs {
		recursive = opts&listNotRecursive == 0
	}
	dir, pattern := spec, "*"
	if !dirs {
		if st, err := os.Stat(th.Path(spec)); err != nil || !st.IsDir() {
			dir, pattern = filepath.Split(spec)
			dir = strings.TrimSuffix(dir, string(filepath.Separator))
			if dir == "" && strings.HasPrefix(spec, string(filepath.Separator)) {
				dir = string(filepath.Separator)
			}
		}
		if pattern == "*.*" {
			pattern = "*"
		}
		if _, err := filepath.Match(strings.ToLower(pattern), ""); err != nil {
			fileError(th, "invalid file mask "+a[0].String(), err)
			return interp.Int(0), nil
		}
	}
	var found []listEntry
	var walk func(d string) error
	walk = func(d string) error {
		entries, err := os.ReadDir(th.Path(orDot(d)))
		if err != nil {
			return err
		}
		for _, e := range entries {
			isDir := e.IsDir()
			if e.Type()&fs.ModeSymlink != 0 {
				if st, err := os.Stat(th.Path(filepath.Join(orDot(d), e.Name()))); err == nil {
					isDir = st.IsDir()
				}
			}
			if isDir == dirs {
				if ok, _ := filepath.Match(strings.ToLower(pattern), strings.ToLower(e.Name())); ok || dirs {
					found = append(found, listEntry{dir: d, name: e.Name()})
				}
			}
			if isDir && recursive && e.Type()&fs.ModeSymlink == 0 {
				if err := walk(filepath.Join(orDot(d), e.Name())); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(dir); err != nil {
		fileError(th, "cannot list the directory "+orDot(dir), err)
		if proc.IsNull() {
			return interp.Str(""), nil
		}
		return interp.Int(0), nil
	}
	sort.SliceStable(found, func(i, j int) bool {
		return filepath.Join(found[i].dir, found[i].name) < filepath.Join(found[j].dir, found[j].name)
	})
	if proc.IsNull() {
		names := make([]string, len(found))
		for i, f := range found {
			names[i] = filepath.Join(f.dir, f.name)
		}
		return interp.Str(strings.Join(names, "\r\n")), nil
	}
	n, last := 0, "\x00"
	for _, f := range found {
		n++
		res, err := callBack(th, proc, interp.Str(f.dir), interp.Str(f.name), interp.Bool(f.dir != last), pointer)
		if err != nil {
			return interp.Null, err
		}
		last = f.dir
		if res.Kind() == interp.KBool && !res.AsBool() {
			break
		}
	}
	return interp.Int(int64(n)), nil
}

func orDot(d string) string {
	if d == "" {
		return "."
	}
	return d
}
