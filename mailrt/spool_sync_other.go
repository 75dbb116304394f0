//go:build !linux

package mailrt

import "os"

// datasync forces a journal segment to the disk.
func datasync(f *os.File) error { return f.Sync() }

// preallocate is not done here: the journal grows as it is written.
func preallocate(*os.File, int64, int64, int64) (int64, error) { return 0, nil }

// syncFiles forces the files, then the directory d, to the disk.
func syncFiles(d *os.File, files []*os.File) error {
	var first error
	for _, f := range files {
		if err := f.Sync(); err != nil && first == nil {
			first = err
		}
	}
	if err := d.Sync(); err != nil && first == nil {
		first = err
	}
	return first
}
