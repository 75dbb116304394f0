package interp

// ProcArity reports how many parameters the procedure held by v declares: v is a procedure
// value (an anonymous procedure, a procedure named by indirection) or a string naming a
// procedure of the program. variadic is set when the procedure takes any number of
// parameters; ok is false when v is no procedure. Builtins that call a script back
// (fListeFichier, TableauTrie with ttFonction...) use it to pass only the parameters the
// procedure declares, as WINDEV does.
func (th *Thread) ProcArity(v Value) (n int, variadic, ok bool) {
	var p *Proc
	switch v.k {
	case KProc:
		p = v.r.(*closure).proc
	case KString:
		p = th.prog.procByName(v.String())
	}
	if p == nil {
		return 0, false, false
	}
	return len(p.params), p.variadic, true
}
