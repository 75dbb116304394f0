package interp

// AtExit registers fn to run when the run ends, normally or on a fatal error, before Run
// returns: libraries close what the script left open (email sessions, the sending spool).
// Functions run in reverse order of registration.
func (th *Thread) AtExit(fn func()) {
	th.atExit = append(th.atExit, fn)
}

// runAtExit runs and forgets the registered functions.
func (th *Thread) runAtExit() {
	for len(th.atExit) > 0 {
		fn := th.atExit[len(th.atExit)-1]
		th.atExit = th.atExit[:len(th.atExit)-1]
		func() {
			defer func() { recover() }()
			fn()
		}()
	}
	if th.cancelTimeout != nil {
		th.cancelTimeout()
		th.cancelTimeout = nil
	}
}
