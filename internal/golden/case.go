package golden

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/txtar"
)

// Case is one golden case: a txtar archive read from a file.
type Case struct {
	// Name names the case in reports and is what a -run pattern matches.
	Name string
	// Path is the archive's file.
	Path    string
	Archive *txtar.Archive
}

// Load reads the archive at path; the case is named by its path.
func Load(path string) (*Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return &Case{Name: filepath.ToSlash(path), Path: path, Archive: txtar.Parse(b)}, nil
}

// file returns the data of the archive's file name.
func (c *Case) file(name string) ([]byte, bool) {
	for _, f := range c.Archive.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// Find lists the archives that paths name: a file is taken as it is, a folder for every
// .txtar file below it, sorted. A path that does not exist, or a folder with no case, is an
// error. A file named twice is listed once.
func Find(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[filepath.Clean(p)] {
			seen[filepath.Clean(p)] = true
			out = append(out, p)
		}
	}
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			add(root)
			continue
		}
		n := 0
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".txtar") {
				add(p)
				n++
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, fmt.Errorf("%s: %w", root, ErrNoCase)
		}
	}
	return out, nil
}

// ErrNoCase is the error of [Find] for a folder without any .txtar file.
var ErrNoCase = errors.New("no .txtar case in this folder")
