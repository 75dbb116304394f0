//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package mailrt

import (
	"errors"
	"os"
	"syscall"
)

// crossProcessLocks tells that spool locks hold between processes: flock(2) here.
const crossProcessLocks = true

// tryLock takes an exclusive flock on f without waiting; it reports false when another open
// file (of this process or another) holds it. The kernel releases it when f is closed or the
// process dies, so a crashed run leaves no stale lock behind.
func tryLock(f *os.File) (bool, error) {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, syscall.EWOULDBLOCK):
			return false, nil
		case errors.Is(err, syscall.EINTR):
			continue
		}
		return false, err
	}
}
