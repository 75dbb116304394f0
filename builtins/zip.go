package builtins

import (
	"archive/zip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
)

// Constants of the zip functions (wl's own values; zipLecteur to zipExtension combine
// with + in zipExtraitChemin, like fDisque... in fExtraitChemin).
const (
	zipDrive      = 1  // zipLecteur / zipDrive: the whole path, drive included
	zipDirectory  = 2  // zipRépertoire / zipDirectory: the directories (the default)
	zipFilename   = 4  // zipNomFichier / zipFilename: the name without extension
	zipExtension  = 8  // zipExtension: the extension, with its "."
	zipCreateOpen = 16 // zipCréationSiInexistant / zipCreateIfNotFound (zipOuvre)
)

// zipArchiveObj is an archive: a zipArchive variable, or an archive that the script names
// by a string (zipCrée("MonArchive", ...)). path is "" while it is not open.
type zipArchiveObj struct {
	typ  *interp.ObjectType
	path string // the file, as this system names it
	name string // the file, as the script named it
}

// ObjectType implements interp.Object.
func (z *zipArchiveObj) ObjectType() *interp.ObjectType { return z.typ }

type zipTableKey struct{}

// zipFunc is a zip function: its names, its bounds on the number of arguments, whether its
// first parameter is the archive (then it is also a method of zipArchive, under
// methodNames), and its implementation.
type zipFunc struct {
	names, methodNames []string
	min, max           int
	fn                 func(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error)
}

// registerZip registers the functions of ZIP archives, zipCrée to zipFerme, and the
// zipArchive type whose methods are the same functions (MonArchive.AjouteFichier(...)).
//
// wl reads and writes ZIP archives (.zip) with Go's archive/zip, files compressed with
// Deflate and named in UTF-8; WDZ (PC SOFT's own format, the default for a name without
// extension), CAB, RAR, 7z and TAR archives are refused with an error code. Each function
// returns 0 or an error code (zipMsgErreur gives its message) and, on failure, also sets
// ErreurDétectée. The archive file is rewritten as a whole (through a temporary file) by
// each addition, so it is complete and valid after every call, even if the script never
// calls zipFerme.
func registerZip(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(zipDrive, "zipLecteur", "zipDrive")
	c(zipDirectory, "zipRépertoire", "zipDirectory")
	c(zipFilename, "zipNomFichier", "zipFilename")
	c(zipExtension, "zipExtension")
	c(zipCreateOpen, "zipCréationSiInexistant", "zipCreateIfNotFound")
	typ := &interp.ObjectType{Name: "zipArchive", Names: []string{"zipArchive"}}
	typ.New = func() interp.Object { return &zipArchiveObj{typ: typ} }
	funcs := []zipFunc{
		{[]string{"zipCrée", "zipCreate"}, []string{"Crée", "Create"}, 2, 3, zipCreateFn},
		{[]string{"zipOuvre", "zipOpen"}, []string{"Ouvre", "Open"}, 2, 3, zipOpenFn},
		{[]string{"zipAjouteFichier", "zipAddFile"}, []string{"AjouteFichier", "AddFile"}, 2, 4, zipAddFileFn},
		{[]string{"zipAjouteRépertoire", "zipAddDirectory"}, []string{"AjouteRépertoire", "AddDirectory"}, 2, 5, zipAddDirectoryFn},
		{[]string{"zipExtraitTout", "zipExtractAll"}, []string{"ExtraitTout", "ExtractAll"}, 1, 5, zipExtractAllFn},
		{[]string{"zipExtraitFichier", "zipExtractFile"}, []string{"ExtraitFichier", "ExtractFile"}, 2, 5, zipExtractFileFn},
		{[]string{"zipNbFichier", "zipNbFile"}, []string{"NbFichier", "NbFile"}, 1, 1, zipNbFileFn},
		{[]string{"zipExtraitChemin", "zipExtractPath"}, []string{"ExtraitChemin", "ExtractPath"}, 2, 3, zipExtractPathFn},
		{[]string{"zipFerme", "zipClose"}, []string{"Ferme", "Close"}, 1, 1, zipCloseFn},
	}
	for _, f := range funcs {
		opens := f.names[0] == "zipCrée" || f.names[0] == "zipOuvre"
		r.fn(&interp.Builtin{Names: f.names, MinArgs: f.min, MaxArgs: f.max, CanFail: true,
			Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
				z, err := zipArchiveArg(th, typ, f.names[0], a[0], opens)
				if err != nil {
					return interp.Null, err
				}
				return f.fn(th, z, a)
			}})
		typ.Methods = append(typ.Methods, &interp.Method{Names: f.methodNames,
			Call: func(th *interp.Thread, o interp.Object, args []interp.Value) (interp.Value, error) {
				if n := len(args) + 1; n < f.min || n > f.max {
					return interp.Null, fmt.Errorf("%s: %d parameters, expected %d to %d", f.methodNames[0], len(args), f.min-1, f.max-1)
				}
				th.ClearError()
				return f.fn(th, o.(*zipArchiveObj), append([]interp.Value{interp.ObjectValue(o)}, args...))
			}})
	}
	r.typ(typ)
	r.fn(&interp.Builtin{Names: []string{"zipMsgErreur", "zipMsgError"}, MinArgs: 1, MaxArgs: 1,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			return interp.Str(zipMessage(a[0].AsInt())), nil
		}})
}

// zipArchiveArg is the archive parameter: a zipArchive variable or the name of an archive.
// A name is remembered by zipCrée / zipOuvre (open) until zipFerme.
func zipArchiveArg(th *interp.Thread, typ *interp.ObjectType, fn string, v interp.Value, open bool) (*zipArchiveObj, error) {
	if z, ok := v.Object().(*zipArchiveObj); ok {
		return z, nil
	}
	if v.Kind() != interp.KString {
		return nil, fmt.Errorf("%s: the archive must be a zipArchive variable or a name, not %s", fn, v.Kind())
	}
	tbl := th.State(zipTableKey{}, func() any { return map[string]*zipArchiveObj{} }).(map[string]*zipArchiveObj)
	key := wlex.Fold(v.String())
	z := tbl[key]
	if z == nil {
		z = &zipArchiveObj{typ: typ}
		if open {
			tbl[key] = z
		}
	}
	return z, nil
}

// zipResult turns the outcome of a zip function into its result: 0, or the error code
// with ErreurDétectée set.
func zipResult(th *interp.Thread, fn string, fail *zipFail) (interp.Value, error) {
	if fail == nil {
		return interp.Int(zipOK), nil
	}
	info := interp.ErrorInfo{Message: fn + ": " + fail.msg, Code: int(fail.code)}
	if fail.err != nil {
		info.SystemMessage = systemMessage(fail.err)
	}
	th.SetError(info)
	return interp.Int(fail.code), nil
}

func notOpen() *zipFail {
	return failZip(zipErrNotOpen, nil, "the archive is not open (zipCrée or zipOuvre)")
}

// zipCreateFn is zipCrée(archive, path [, options]): a new, empty archive at path (an
// existing file there is replaced), open for the other functions. The options (WINDEV's
// compression settings) are accepted and change nothing.
func zipCreateFn(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error) {
	name := a[1].String()
	if fail := checkZipFormat(name); fail != nil {
		return zipResult(th, "zipCrée", fail)
	}
	p := osPath(th, name)
	if fail := createZip(p); fail != nil {
		return zipResult(th, "zipCrée", fail)
	}
	z.path, z.name = p, name
	return zipResult(th, "zipCrée", nil)
}

// zipOpenFn is zipOuvre(archive, path [, mode]): an existing archive, checked to be a valid
// ZIP archive; with zipCréationSiInexistant a missing one is created empty.
func zipOpenFn(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error) {
	name := a[1].String()
	if fail := checkZipFormat(name); fail != nil {
		return zipResult(th, "zipOuvre", fail)
	}
	p := osPath(th, name)
	if _, err := os.Stat(p); err != nil && optionArg(a, 2)&zipCreateOpen != 0 {
		if fail := createZip(p); fail != nil {
			return zipResult(th, "zipOuvre", fail)
		}
	}
	rc, fail := openZip(p)
	if fail != nil {
		return zipResult(th, "zipOuvre", fail)
	}
	rc.Close()
	z.path, z.name = p, name
	return zipResult(th, "zipOuvre", nil)
}

// keepDrive reads the "path section to keep" parameter: zipRépertoire (the default) or
// zipLecteur.
func keepDrive(fn string, a []interp.Value, i int) (bool, error) {
	if i >= len(a) || a[i].IsNull() {
		return false, nil
	}
	switch k := a[i].AsInt(); k {
	case zipDirectory:
		return false, nil
	case zipDrive:
		return true, nil
	default:
		return false, fmt.Errorf("%s: %d is not a path section to keep (zipRépertoire or zipLecteur)", fn, k)
	}
}

// zipAddFileFn is zipAjouteFichier(archive, file [, path section to keep [, progress]]):
// the file is stored, compressed, under its path as the script gives it without drive
// letter (zipRépertoire, the default: "C:\Données\a.txt" and "/données/a.txt" are stored as
// "Données/a.txt" and "données/a.txt", "sous/a.txt" as it is) or with the whole absolute
// path (zipLecteur). A file already stored under that path is replaced. The progress
// control is ignored.
func zipAddFileFn(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error) {
	drive, err := keepDrive("zipAjouteFichier", a, 2)
	if err != nil {
		return interp.Null, err
	}
	if z.path == "" {
		return zipResult(th, "zipAjouteFichier", notOpen())
	}
	file := a[1].String()
	src := osPath(th, file)
	abs, _ := filepath.Abs(src)
	name := storedName(file, abs, drive)
	if name == "" {
		return zipResult(th, "zipAjouteFichier", failZip(zipErrFile, nil, "%q names no file", file))
	}
	return zipResult(th, "zipAjouteFichier", rewriteZip(z.path, []zipAdd{{src: src, name: name}}))
}

// zipAddDirectoryFn is zipAjouteRépertoire(archive, directory [, sub-directories [, path
// section to keep [, progress]]]): every file of the directory, and of its sub-directories
// unless the third parameter is Faux, each stored as zipAjouteFichier would store it.
func zipAddDirectoryFn(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error) {
	drive, err := keepDrive("zipAjouteRépertoire", a, 3)
	if err != nil {
		return interp.Null, err
	}
	if z.path == "" {
		return zipResult(th, "zipAjouteRépertoire", notOpen())
	}
	recursive := len(a) < 3 || a[2].IsNull() || a[2].AsBool()
	dir := a[1].String()
	root := osPath(th, dir)
	scriptDir := strings.TrimRight(dir, `\/`)
	var add []zipAdd
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && !recursive {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		file := scriptDir + "/" + filepath.ToSlash(rel)
		abs, _ := filepath.Abs(p)
		add = append(add, zipAdd{src: p, name: storedName(file, abs, drive)})
		return nil
	})
	if err != nil {
		return zipResult(th, "zipAjouteRépertoire", failZip(zipErrFile, err, "cannot read the directory %s", dir))
	}
	return zipResult(th, "zipAjouteRépertoire", rewriteZip(z.path, add))
}

// extractDestination reads the destination parameter of zipExtraitTout / zipExtraitFichier:
// a directory (the stored paths are recreated under it), zipRépertoire (the current
// directory, the default) or zipLecteur (a path stored from the root goes back there).
func extractDestination(th *interp.Thread, fn string, a []interp.Value, i int) (dir string, toRoot bool, err error) {
	dir = runDir(th)
	if i >= len(a) || a[i].IsNull() {
		return dir, false, nil
	}
	if a[i].Kind() == interp.KString {
		return osPath(th, a[i].String()), false, nil
	}
	switch k := a[i].AsInt(); k {
	case zipDirectory:
		return dir, false, nil
	case zipDrive:
		return dir, true, nil
	default:
		return "", false, fmt.Errorf("%s: the destination must be a directory, zipRépertoire or zipLecteur, not %d", fn, k)
	}
}

// zipExtractAllFn is zipExtraitTout(archive [, destination [, ...]]): every file of the
// archive, decompressed, with its stored directories and modification time. The options,
// procedure and progress parameters of WINDEV are accepted and ignored. A stored path that
// climbs out of the destination ("..") stops the extraction with zipErrUnsafe.
func zipExtractAllFn(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error) {
	dir, toRoot, err := extractDestination(th, "zipExtraitTout", a, 1)
	if err != nil {
		return interp.Null, err
	}
	if z.path == "" {
		return zipResult(th, "zipExtraitTout", notOpen())
	}
	rc, fail := openZip(z.path)
	if fail != nil {
		return zipResult(th, "zipExtraitTout", fail)
	}
	defer rc.Close()
	for _, f := range zipFiles(rc) {
		target, fail := extractTarget(entryName(f), dir, toRoot)
		if fail == nil {
			fail = extractZipFile(f, target)
		}
		if fail != nil {
			return zipResult(th, "zipExtraitTout", fail)
		}
	}
	return zipResult(th, "zipExtraitTout", nil)
}

// zipExtractFileFn is zipExtraitFichier(archive, file [, destination [, ...]]): one file,
// named by its stored path or its number (1 for the first), extracted as zipExtraitTout
// would.
func zipExtractFileFn(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error) {
	dir, toRoot, err := extractDestination(th, "zipExtraitFichier", a, 2)
	if err != nil {
		return interp.Null, err
	}
	if z.path == "" {
		return zipResult(th, "zipExtraitFichier", notOpen())
	}
	rc, fail := openZip(z.path)
	if fail != nil {
		return zipResult(th, "zipExtraitFichier", fail)
	}
	defer rc.Close()
	files := zipFiles(rc)
	var found *zip.File
	if k := a[1].Kind(); k == interp.KInt || k == interp.KReal {
		if n := a[1].AsInt(); n >= 1 && n <= int64(len(files)) {
			found = files[n-1]
		}
	} else {
		for _, f := range files {
			if sameEntry(entryName(f), a[1].String()) {
				found = f
				break
			}
		}
	}
	if found == nil {
		return zipResult(th, "zipExtraitFichier", failZip(zipErrNotFound, nil, "%s is not in the archive %s", a[1].String(), z.name))
	}
	target, fail := extractTarget(entryName(found), dir, toRoot)
	if fail == nil {
		fail = extractZipFile(found, target)
	}
	return zipResult(th, "zipExtraitFichier", fail)
}

// zipNbFileFn is zipNbFichier(archive): the number of files in the archive (directories
// are not counted), -1 on failure.
func zipNbFileFn(th *interp.Thread, z *zipArchiveObj, _ []interp.Value) (interp.Value, error) {
	if z.path == "" {
		zipResult(th, "zipNbFichier", notOpen())
		return interp.Int(-1), nil
	}
	rc, fail := openZip(z.path)
	if fail != nil {
		zipResult(th, "zipNbFichier", fail)
		return interp.Int(-1), nil
	}
	defer rc.Close()
	return interp.Int(int64(len(zipFiles(rc)))), nil
}

// zipExtractPathFn is zipExtraitChemin(archive, number [, parts]): the path stored for the
// file number n (1 for the first), or the parts of it that zipRépertoire + zipNomFichier +
// zipExtension (the default: the whole path) and zipLecteur ask for, as fExtraitChemin
// does; "" and ErreurDétectée for a number out of range.
func zipExtractPathFn(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error) {
	if z.path == "" {
		zipResult(th, "zipExtraitChemin", notOpen())
		return interp.Str(""), nil
	}
	rc, fail := openZip(z.path)
	if fail != nil {
		zipResult(th, "zipExtraitChemin", fail)
		return interp.Str(""), nil
	}
	defer rc.Close()
	files := zipFiles(rc)
	n := a[1].AsInt()
	if n < 1 || n > int64(len(files)) {
		zipResult(th, "zipExtraitChemin", failZip(zipErrNotFound, nil, "the archive has no file number %d (it has %d)", n, len(files)))
		return interp.Str(""), nil
	}
	parts := int64(zipDrive + zipDirectory + zipFilename + zipExtension)
	if len(a) > 2 && !a[2].IsNull() {
		parts = a[2].AsInt()
	}
	return interp.Str(extractPath(entryName(files[n-1]), parts)), nil
}

// zipCloseFn is zipFerme(archive): the archive is no longer open; a name can be given to
// another archive.
func zipCloseFn(th *interp.Thread, z *zipArchiveObj, a []interp.Value) (interp.Value, error) {
	z.path, z.name = "", ""
	if a[0].Kind() == interp.KString {
		if tbl, ok := th.State(zipTableKey{}, func() any { return map[string]*zipArchiveObj{} }).(map[string]*zipArchiveObj); ok {
			delete(tbl, wlex.Fold(a[0].String()))
		}
	}
	return interp.Null, nil
}
