package builtins

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
)

// Modes of fOuvre / fOpen (wl's values; scripts add the names: foAjout +
// foCréationSiInexistant).
const (
	foRead             = 1  // foLecture / foRead
	foWrite            = 2  // foEcriture / foWrite
	foReadWrite        = 3  // foLectureEcriture / foReadWrite
	foAdd              = 4  // foAjout / foAdd: writes go to the end
	foCreate           = 8  // foCréation / foCreate: a new empty file, replacing any
	foCreateIfNotExist = 16 // foCréationSiInexistant / foCreateIfNotExist
)

// openFile is a file opened by fOuvre. Reads go through a buffer; a write after reads puts
// the file position back where the reads stopped.
type openFile struct {
	f    *os.File
	name string
	r    *bufio.Reader
}

// fileTable holds the files a run opened, by the handle fOuvre returned.
type fileTable struct {
	files map[int64]*openFile
	next  int64
}

type fileTableKey struct{}

func files(th *interp.Thread) *fileTable {
	return th.State(fileTableKey{}, func() any { return &fileTable{files: map[int64]*openFile{}, next: 1} }).(*fileTable)
}

// handleArg finds the file of a handle; an unknown handle is a fatal error (a programming
// error, like an index out of range).
func handleArg(th *interp.Thread, fn string, v interp.Value) (*openFile, error) {
	if f := files(th).files[v.AsInt()]; f != nil {
		return f, nil
	}
	return nil, fmt.Errorf("%s: %s is not the handle of an open file (fOuvre)", fn, v.String())
}

// reader returns the file's read buffer.
func (of *openFile) reader() *bufio.Reader {
	if of.r == nil {
		of.r = bufio.NewReader(of.f)
	}
	return of.r
}

// write writes b at the position reads reached.
func (of *openFile) write(b []byte) error {
	if of.r != nil {
		if n := of.r.Buffered(); n > 0 {
			if _, err := of.f.Seek(int64(-n), io.SeekCurrent); err != nil {
				return err
			}
		}
		of.r = nil
	}
	_, err := of.f.Write(b)
	return err
}

// registerFileHandles adds fOuvre and the functions that use its handles. Files are
// read as text in UTF-8 or, line by line when a line is not UTF-8, Windows-1252; they are
// written in UTF-8, and fEcritLigne ends lines with CR+LF (RC) as WINDEV does. A handle
// not closed by fFerme is closed when the run's memory is reclaimed.
func registerFileHandles(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(foRead, "foLecture", "foRead")
	c(foWrite, "foEcriture", "foWrite")
	c(foReadWrite, "foLectureEcriture", "foReadWrite")
	c(foAdd, "foAjout", "foAdd")
	c(foCreate, "foCréation", "foCreate")
	c(foCreateIfNotExist, "foCréationSiInexistant", "foCreateIfNotExist")
	fail := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, CanFail: true, Fn: f})
	}
	// fOuvre(name [, mode]) opens a file (foLectureEcriture by default) and returns its
	// handle, or -1 with ErreurDétectée set.
	fail([]string{"fOuvre", "fOpen"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		mode := int64(foReadWrite)
		if len(a) > 1 && !a[1].IsNull() {
			mode = a[1].AsInt()
		}
		read, write := mode&foRead != 0, mode&(foWrite|foAdd|foCreate) != 0
		flag := os.O_RDONLY
		switch {
		case read == write:
			flag = os.O_RDWR
		case write:
			flag = os.O_WRONLY
		}
		if mode&foCreate != 0 {
			flag |= os.O_CREATE | os.O_TRUNC
		}
		if mode&foCreateIfNotExist != 0 {
			flag |= os.O_CREATE
		}
		if mode&foAdd != 0 {
			flag |= os.O_APPEND
		}
		f, err := os.OpenFile(osPath(th, a[0].String()), flag, 0o644)
		if err != nil {
			fileError(th, "cannot open the file "+a[0].String(), err)
			return interp.Int(-1), nil
		}
		t := files(th)
		h := t.next
		t.next++
		t.files[h] = &openFile{f: f, name: a[0].String()}
		return interp.Int(h), nil
	})
	// fFerme(handle) closes the file: 0, or -1 with ErreurDétectée set.
	fail([]string{"fFerme", "fClose"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		of, err := handleArg(th, "fFerme", a[0])
		if err != nil {
			return interp.Null, err
		}
		delete(files(th).files, a[0].AsInt())
		if err := of.f.Close(); err != nil {
			fileError(th, "cannot close the file "+of.name, err)
			return interp.Int(-1), nil
		}
		return interp.Int(0), nil
	})
	// fLitLigne(handle) reads the next line without its line break (CR+LF or LF); EOT at the
	// end of the file.
	fail([]string{"fLitLigne", "fReadLine"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		of, err := handleArg(th, "fLitLigne", a[0])
		if err != nil {
			return interp.Null, err
		}
		line, err := readLine(th, of.reader())
		if err != nil && (err != io.EOF || line == "") {
			if err != io.EOF {
				fileError(th, "cannot read the file "+of.name, err)
			}
			return interp.Str(eot), nil
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		return interp.Str(wlex.Decode([]byte(line))), nil
	})
	// fLit(handle, n) reads up to n bytes ("" at the end of the file).
	fail([]string{"fLit", "fRead"}, 2, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		of, err := handleArg(th, "fLit", a[0])
		if err != nil {
			return interp.Null, err
		}
		n := a[1].AsInt()
		if n < 0 || n > maxStringBytes {
			return interp.Null, fmt.Errorf("fLit: cannot read %d bytes", n)
		}
		// Read as the bytes come rather than into n bytes made first: n may be far more
		// than the file holds, and than the memory left.
		buf, err := th.ReadAll(io.LimitReader(of.reader(), n))
		if err != nil {
			fileError(th, "cannot read the file "+of.name, err)
		}
		return interp.Str(wlex.Decode(buf)), nil
	})
	// fEcrit(handle, text) writes text; fEcritLigne(handle, text) writes it followed by CR+LF.
	// Both return the number of bytes written, or -1 with ErreurDétectée set.
	write := func(fn, end string) interp.Func {
		return func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			of, err := handleArg(th, fn, a[0])
			if err != nil {
				return interp.Null, err
			}
			b := append(append([]byte(nil), a[1].BufferBytes()...), end...)
			if err := of.write(b); err != nil {
				fileError(th, "cannot write the file "+of.name, err)
				return interp.Int(-1), nil
			}
			return interp.Int(int64(len(b))), nil
		}
	}
	fail([]string{"fEcrit", "fWrite"}, 2, 3, write("fEcrit", ""))
	fail([]string{"fEcritLigne", "fWriteLine"}, 2, 2, write("fEcritLigne", "\r\n"))
}

// readLine reads up to and including the next "\n" like bufio.Reader.ReadString, charging
// the line to the run's memory as it grows: a file may hold an endless line.
func readLine(th *interp.Thread, r *bufio.Reader) (string, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if need := len(line) + len(chunk); need > cap(line) {
			c := max(need, 2*cap(line))
			th.Alloc(int64(c))
			line = append(make([]byte, 0, c), line...)
		}
		line = append(line, chunk...)
		if err != bufio.ErrBufferFull {
			return string(line), err
		}
		if err := th.Context().Err(); err != nil {
			return string(line), err
		}
	}
}
