package interp

// endRun is what EndProgram panics with: the run unwinds to its end, past every CAS
// EXCEPTION, CAS ERREUR and QUAND EXCEPTION, and ends normally.
type endRun struct{}

func (*endRun) Error() string { return "end of program (FinProgramme)" }

// isEndRun reports whether a recovered panic is EndProgram's.
func isEndRun(r any) bool {
	_, ok := r.(*endRun)
	return ok
}

// EndProgram ends the run now, as a normal end: Run returns nil (FinProgramme /
// EndProgram). Exception handlers of the script do not see it. It does not return.
func (th *Thread) EndProgram() {
	panic(&endRun{})
}
