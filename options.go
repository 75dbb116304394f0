package wl

import (
	"io"
	"io/fs"
	"time"
)

// CompileOptions adjust compilation. The zero value (or a nil pointer) compiles a script
// that includes nothing, declares no host global and has only the builtin library.
type CompileOptions struct {
	// FS resolves the files a script includes with EXTERN, and Includes. Paths are
	// slash-separated and relative to the including file, as fs.FS wants (Windows
	// backslashes in EXTERN paths are accepted). CompileFS reads everything from its fsys.
	FS fs.FS
	// Includes are procedure collections or preludes read from FS and loaded before the
	// script, as `wl run -I` does: their procedures are global and their main code runs
	// first, in order.
	Includes []string
	// Globals predeclares global variables (variants) that every run may set from Go with
	// RunOptions.Globals; a script reads and assigns them like its own globals.
	Globals []string
	// Funcs are host functions the script can call, alongside the builtin library.
	Funcs []Func
	// Strict makes warnings (names the compiler does not know, which otherwise fail only
	// when reached) compile errors, as `wl check --strict` does.
	Strict bool
}

// Func is a host function: Go code a script calls by any of its Names (French and English
// spellings, compared like every WLanguage name: case- and accent-insensitive).
//
// Fn is an ordinary Go function. It may take first a context.Context, the run's, which ends
// when the run is cancelled, or an *interp.Thread, for the few host functions that need the
// run itself (to report a failure through ErreurDétectée with Thread.SetError rather than
// raise an error, for example). Its other parameters are filled from the WLanguage
// arguments, converted to the parameter's type: string, bool, any integer or float type,
// []byte, time.Time, time.Duration, interp.Value, and a final variadic ...string or
// ...interp.Value. A wrong number of arguments is a WLanguage error at the call. Fn returns
// nothing, a value, an error, or a value and an error; the value is converted as
// RunOptions.Globals values are. A non-nil error is a fatal WLanguage error at the call: the
// script can handle it with QUAND EXCEPTION / WHEN EXCEPTION or CAS EXCEPTION, otherwise the
// run ends with an *Error whose Err is the Go error.
//
// A host function may be called from many runs at once: it must be safe for concurrent use.
type Func struct {
	Names []string
	Fn    any
}

// RunOptions configure one run. A nil *RunOptions is the zero value: output is discarded and
// email uses the network.
type RunOptions struct {
	// Stdout receives Trace and Info; Stderr receives Erreur/Error. Nil discards. A writer
	// shared by concurrent runs must be safe for concurrent use.
	Stdout, Stderr io.Writer
	// Args are the script's arguments (what CommandLine gives).
	Args []string
	// Globals give values to the globals predeclared with CompileOptions.Globals: nil,
	// booleans, integers, floats, strings, []byte, time.Time, time.Duration, slices and
	// arrays (WLanguage arrays) and maps with string keys (associative arrays). Naming a
	// global that was not predeclared is an error.
	Globals map[string]any
	// MaxSteps, when positive, bounds the loop iterations and procedure calls of the run: past
	// it the run stops with an *Error wrapping ErrStepLimit, which the script cannot catch.
	MaxSteps int64
	// MaxMemory bounds the memory the run's values (strings, buffers, arrays, associative
	// arrays, file contents) take, in bytes: an operation that would go past it stops the run
	// with an *Error wrapping ErrMemoryLimit, before allocating, and the script cannot catch
	// it. Zero is DefaultMaxMemory(); a negative value is no limit. The limit applies to each
	// run separately: runs in parallel add up.
	MaxMemory int64
	// Timeout, when positive, bounds the duration of the run (of each Instance.Call): past it
	// the run stops with an *Error wrapping ErrTimeout, which the script cannot catch. A
	// deadline of ctx works too; it ends the run as a cancellation (context.DeadlineExceeded
	// without ErrTimeout).
	Timeout time.Duration
	// Mail is how the email functions (and, for certificates and the sandbox's confinement,
	// the HTTP functions) reach servers; nil uses the network with the system's
	// certificate roots.
	Mail *MailSettings
	// Dir is the directory relative file names of the file functions (fCharge...) are taken
	// from; empty is the process's working directory.
	Dir string
	// Seed seeds Hasard/Random; zero picks a random seed.
	Seed uint64
	// Now, when set, is the clock of the date functions and of the Date header of sent
	// messages (tests fix it).
	Now func() time.Time
}
