//go:build linux

package mailrt

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// datasync forces a journal segment's data to the disk: fdatasync(2), which skips the
// metadata a later read does not need (the preallocated file keeps its size).
func datasync(f *os.File) error {
	for {
		err := unix.Fdatasync(int(f.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}

// preallocate reserves n bytes of f from off with fallocate(2) (at least need of them when the
// disk has no room for n), so that appending there neither grows the file nor runs out of
// space. It returns how many bytes it reserved, 0 where the file system cannot (the file then
// grows as it is written); a disk without room for need bytes is an error.
func preallocate(f *os.File, off, n, need int64) (int64, error) {
	for {
		err := unix.Fallocate(int(f.Fd()), 0, off, n)
		switch {
		case err == nil:
			return n, nil
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.ENOSPC) && need < n:
			n = need
			continue
		case errors.Is(err, unix.EOPNOTSUPP), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.EINVAL):
			return 0, nil
		}
		return 0, err
	}
}

// syncFiles forces files just written to the directory d (and the directory) to the disk
// with one syncfs(2), instead of an fsync per file.
func syncFiles(d *os.File, _ []*os.File) error {
	for {
		err := unix.Syncfs(int(d.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}
