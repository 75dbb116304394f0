package builtins

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Error codes of the zip functions: 0 means success. PC SOFT documents that the functions
// return a code above 0 on failure, and zipMsgErreur gives its message; the numbering
// below is wl's own.
const (
	zipOK          = 0
	zipErrNotOpen  = 1 // the archive is not open
	zipErrOpen     = 2 // the archive file cannot be read
	zipErrCorrupt  = 3 // the archive is not a valid ZIP archive
	zipErrWrite    = 4 // the archive file cannot be written
	zipErrFile     = 5 // the file to add cannot be read
	zipErrNotFound = 6 // no such file in the archive
	zipErrExtract  = 7 // an extracted file cannot be written
	zipErrUnsafe   = 8 // a stored path leaves the destination directory ("..")
	zipErrFormat   = 9 // an archive format wl does not handle
)

// zipMessages are the messages of zipMsgErreur, by code.
func zipMessage(code int64) string {
	switch code {
	case zipOK:
		return ""
	case zipErrNotOpen:
		return "the archive is not open (zipCrée or zipOuvre)"
	case zipErrOpen:
		return "the archive file cannot be read"
	case zipErrCorrupt:
		return "the archive is not a valid ZIP archive"
	case zipErrWrite:
		return "the archive file cannot be written"
	case zipErrFile:
		return "the file to add cannot be read"
	case zipErrNotFound:
		return "the file is not in the archive"
	case zipErrExtract:
		return "an extracted file cannot be written"
	case zipErrUnsafe:
		return "a path stored in the archive leaves the destination directory"
	case zipErrFormat:
		return "wl reads and writes ZIP archives (.zip) only"
	}
	return fmt.Sprintf("unknown archive error code %d", code)
}

// zipFail is a failed zip operation: its code and what happened.
type zipFail struct {
	code int64
	msg  string
	err  error
}

func (e *zipFail) Error() string {
	if e.err != nil {
		return e.msg + ": " + e.err.Error()
	}
	return e.msg
}

func failZip(code int64, err error, format string, args ...any) *zipFail {
	return &zipFail{code: code, msg: fmt.Sprintf(format, args...), err: err}
}

// checkZipFormat refuses the archive formats other than ZIP: WDZ (PC SOFT's own, the
// default when the name has no extension), CAB, RAR, 7z, TAR, gzip, self-extracting EXE.
func checkZipFormat(name string) *zipFail {
	ext := strings.ToLower(filepath.Ext(strings.ReplaceAll(name, `\`, "/")))
	if ext == ".zip" {
		return nil
	}
	what := "the " + strings.TrimPrefix(ext, ".") + " format"
	if ext == "" {
		what = "a name without extension (WINDEV's WDZ format, not documented)"
	} else if ext == ".wdz" {
		what = "the WDZ format (PC SOFT's own, not documented)"
	}
	return failZip(zipErrFormat, nil, "%s: %s is not supported by wl, which reads and writes ZIP archives (.zip) only", name, what)
}

// storedName is the path under which zipAjouteFichier stores the file named p (as the
// script names it, "\" or "/"): with keepDrive, the whole absolute path including a drive
// letter (zipLecteur); otherwise the path without drive letter and without leading
// separator (zipRépertoire, the default), a relative path being stored as given. ".."
// components are dropped: an archive must not send files above where it is extracted.
func storedName(p, abs string, keepDrive bool) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if keepDrive {
		if !hasDrive(p) {
			p = filepath.ToSlash(abs)
		}
	} else if hasDrive(p) {
		p = p[2:]
	}
	var parts []string
	for _, s := range strings.Split(p, "/") {
		if s != "" && s != "." && s != ".." {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "/")
}

func hasDrive(p string) bool {
	return len(p) >= 2 && p[1] == ':' && ('a' <= p[0] && p[0] <= 'z' || 'A' <= p[0] && p[0] <= 'Z')
}

// entryName is the name of an archive entry as text: UTF-8, or else CP437, the encoding
// the ZIP specification gives names without the UTF-8 flag.
func entryName(f *zip.File) string {
	if utf8.ValidString(f.Name) {
		return f.Name
	}
	return decodeWith([]byte(f.Name), charmap.CodePage437)
}

// sameEntry compares stored paths without regard to case or to the kind of separator.
func sameEntry(a, b string) bool {
	norm := func(s string) string { return strings.Trim(strings.ReplaceAll(s, `\`, "/"), "/") }
	return strings.EqualFold(norm(a), norm(b))
}

// zipAdd is a file to add to an archive: where to read it, the name to store it under.
type zipAdd struct {
	src, name string
}

// rewriteZip writes the archive at path again: the entries of the current archive (copied
// without being decompressed) except those replaced by a file of add, then the files of
// add. It writes a temporary file beside the archive and renames it, so a failure leaves
// the archive as it was.
func rewriteZip(archive string, add []zipAdd) *zipFail {
	var old *zip.ReadCloser
	if st, err := os.Stat(archive); err == nil && st.Size() > 0 {
		old, err = zip.OpenReader(archive)
		if err != nil {
			return failZip(zipErrCorrupt, err, "cannot read the archive %s", archive)
		}
		defer old.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(archive), ".wl-zip-*")
	if err != nil {
		return failZip(zipErrWrite, err, "cannot write the archive %s", archive)
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := zip.NewWriter(tmp)
	if old != nil {
	entries:
		for _, f := range old.File {
			for _, a := range add {
				if sameEntry(entryName(f), a.name) {
					continue entries
				}
			}
			if err := w.Copy(f); err != nil {
				return failZip(zipErrCorrupt, err, "cannot copy %s from the archive %s", entryName(f), archive)
			}
		}
	}
	for _, a := range add {
		if fail := addZipFile(w, a); fail != nil {
			return fail
		}
	}
	if err := w.Close(); err != nil {
		return failZip(zipErrWrite, err, "cannot write the archive %s", archive)
	}
	if err := tmp.Close(); err != nil {
		return failZip(zipErrWrite, err, "cannot write the archive %s", archive)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return failZip(zipErrWrite, err, "cannot write the archive %s", archive)
	}
	if err := os.Rename(tmp.Name(), archive); err != nil {
		return failZip(zipErrWrite, err, "cannot write the archive %s", archive)
	}
	ok = true
	return nil
}

func addZipFile(w *zip.Writer, a zipAdd) *zipFail {
	f, err := os.Open(a.src)
	if err != nil {
		return failZip(zipErrFile, err, "cannot read %s", a.src)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		if err == nil {
			err = errors.New("is a directory")
		}
		return failZip(zipErrFile, err, "cannot read %s", a.src)
	}
	h, err := zip.FileInfoHeader(st)
	if err != nil {
		return failZip(zipErrFile, err, "cannot read %s", a.src)
	}
	h.Name, h.Method = a.name, zip.Deflate
	dst, err := w.CreateHeader(h)
	if err == nil {
		_, err = io.Copy(dst, f)
	}
	if err != nil {
		return failZip(zipErrWrite, err, "cannot add %s", a.src)
	}
	return nil
}

// createZip writes an empty archive at path, replacing any file there.
func createZip(archive string) *zipFail {
	f, err := os.Create(archive)
	if err == nil {
		err = zip.NewWriter(f).Close()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return failZip(zipErrWrite, err, "cannot create the archive %s", archive)
	}
	return nil
}

// openZip opens the archive for reading.
func openZip(archive string) (*zip.ReadCloser, *zipFail) {
	r, err := zip.OpenReader(archive)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, failZip(zipErrOpen, err, "cannot open the archive %s", archive)
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, failZip(zipErrOpen, err, "cannot open the archive %s", archive)
		}
		return nil, failZip(zipErrCorrupt, err, "cannot read the archive %s", archive)
	}
	return r, nil
}

// zipFiles are the file entries of an archive (directories left out), in archive order.
func zipFiles(r *zip.ReadCloser) []*zip.File {
	var out []*zip.File
	for _, f := range r.File {
		if !strings.HasSuffix(f.Name, "/") {
			out = append(out, f)
		}
	}
	return out
}

// extractTarget is where an entry goes: under dir, at the path stored in the archive. With
// toRoot (zipLecteur), a path stored with a drive or from the root goes back there; a stored
// path that climbs out with ".." is refused.
func extractTarget(name, dir string, toRoot bool) (string, *zipFail) {
	p := strings.ReplaceAll(name, `\`, "/")
	absolute := hasDrive(p) || strings.HasPrefix(p, "/")
	if hasDrive(p) {
		p = p[2:]
	}
	rel := path.Clean("/" + p)[1:]
	for _, s := range strings.Split(strings.ReplaceAll(p, `\`, "/"), "/") {
		if s == ".." {
			return "", failZip(zipErrUnsafe, nil, "the stored path %s leaves the destination directory", name)
		}
	}
	if rel == "" {
		return "", failZip(zipErrUnsafe, nil, "the stored path %q names no file", name)
	}
	if toRoot && absolute {
		return filepath.FromSlash("/" + rel), nil
	}
	return filepath.Join(dir, filepath.FromSlash(rel)), nil
}

// extractZipFile writes the entry f at target, with its modification time.
func extractZipFile(f *zip.File, target string) *zipFail {
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return failZip(zipErrExtract, err, "cannot create the directory of %s", target)
	}
	rc, err := f.Open()
	if err != nil {
		return failZip(zipErrCorrupt, err, "cannot read %s in the archive", entryName(f))
	}
	defer rc.Close()
	out, err := os.Create(target)
	if err != nil {
		return failZip(zipErrExtract, err, "cannot write %s", target)
	}
	src := &errReader{r: rc}
	_, err = io.Copy(out, src)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(target)
		if src.err != nil {
			return failZip(zipErrCorrupt, src.err, "cannot read %s in the archive", entryName(f))
		}
		return failZip(zipErrExtract, err, "cannot write %s", target)
	}
	if !f.Modified.IsZero() {
		os.Chtimes(target, time.Time{}, f.Modified)
	}
	return nil
}

// errReader remembers the error of the reader it wraps, to tell a corrupt archive from a
// file that cannot be written.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		e.err = err
	}
	return n, err
}
