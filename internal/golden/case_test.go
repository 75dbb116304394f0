package golden

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFind checks the walk of folders: every .txtar below a folder, sorted, files taken as
// they are, each once; a missing path or a folder without a case is an error.
func TestFind(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.txtar", "a/z.txtar", "a/deep/y.txtar", "a/notes.txt", "empty/README", "other.case"} {
		writeCase(t, dir, n, "")
	}
	rel := func(ps []string) []string {
		var out []string
		for _, p := range ps {
			r, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(r))
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		paths []string
		want  []string
		err   error
	}{
		{"folder", []string{"."}, []string{"a/deep/y.txtar", "a/z.txtar", "b.txtar"}, nil},
		{"files and folders, each once", []string{"other.case", "a", "a/z.txtar"}, []string{"other.case", "a/deep/y.txtar", "a/z.txtar"}, nil},
		{"missing", []string{"a", "nope"}, nil, fs.ErrNotExist},
		{"no case", []string{"empty"}, nil, ErrNoCase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var paths []string
			for _, p := range tc.paths {
				paths = append(paths, filepath.Join(dir, p))
			}
			got, err := Find(paths)
			if !errors.Is(err, tc.err) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			if diff := cmp.Diff(tc.want, rel(got)); diff != "" {
				t.Errorf("cases (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := Load(filepath.Join(dir, "nope.txtar")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v", err)
	}
}
