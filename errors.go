package wl

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

// ErrStepLimit is wrapped by the *Error of a run that went past RunOptions.MaxSteps:
// errors.Is(err, wl.ErrStepLimit) tells it apart. A cancelled run's *Error wraps the
// context's error instead (context.Canceled or context.DeadlineExceeded).
var ErrStepLimit = interp.ErrStepLimit

// ErrMemoryLimit is wrapped by the *Error of a run that would have gone past
// RunOptions.MaxMemory.
var ErrMemoryLimit = interp.ErrMemoryLimit

// ErrTimeout is wrapped by the *Error of a run that went past RunOptions.Timeout. It wraps
// context.DeadlineExceeded itself, so errors.Is(err, context.DeadlineExceeded) holds for a
// timeout as for a deadline of the run's context; errors.Is(err, ErrTimeout) tells the
// timeout apart.
var ErrTimeout = interp.ErrTimeout

// Error is a fatal WLanguage error that ended a run: a programming error of the script, an
// error a host function returned, an exception the script raised and did not handle, a
// cancellation or one of the limits of RunOptions. Error() gives "file:line:col: message";
// Backtrace gives the WLanguage call stack.
type Error struct {
	// File, Line and Col (in characters, from 1) are where the error happened.
	File      string
	Line, Col int
	// Message describes the error.
	Message string
	// Stack is the WLanguage call stack, innermost first: Stack[0] is the procedure that
	// failed, at the error's position.
	Stack []Frame
	// Err is the Go error behind the failure, if any: a host function's error, the context's
	// error, ErrStepLimit, ErrMemoryLimit, ErrTimeout.
	Err error
}

// Frame is one level of the WLanguage call stack.
type Frame struct {
	// Proc is the procedure's name ("main code" for the main code of a file).
	Proc string
	// File, Line and Col are where execution was in that procedure.
	File      string
	Line, Col int
	// Repeat counts identical consecutive levels folded into this one (endless recursion).
	Repeat int
}

func (e *Error) Error() string { return position(e.File, e.Line, e.Col) + ": " + e.Message }

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Backtrace is the call stack, innermost first, one "\tat PROC (file:line:col)" line per
// level, as `wl run` prints it after the message.
func (e *Error) Backtrace() string {
	var b strings.Builder
	for _, f := range e.Stack {
		at := position(f.File, f.Line, f.Col)
		if f.Repeat > 1 {
			fmt.Fprintf(&b, "\tat %s (%s), %d times\n", f.Proc, at, f.Repeat)
			continue
		}
		fmt.Fprintf(&b, "\tat %s (%s)\n", f.Proc, at)
	}
	return b.String()
}

// CompileError is returned by Compile when a script cannot run: a syntax error, an included
// file that cannot be read, or errors found by the compiler (all of them, in order).
// Error() gives the first as "file:line:col: message".
type CompileError struct {
	Diagnostics []Diagnostic
}

func (e *CompileError) Error() string {
	if len(e.Diagnostics) == 0 {
		return "compile error"
	}
	s := e.Diagnostics[0].String()
	if n := len(e.Diagnostics) - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more)", n)
	}
	return s
}

// Diagnostic is a compile-time message about a script.
type Diagnostic struct {
	File      string
	Line, Col int
	Message   string
	// Warning marks messages that do not stop compilation, such as an unknown name, which
	// fails only if the run reaches it (unless CompileOptions.Strict).
	Warning bool
}

// String gives "file:line:col: message", with "warning: " before the message of a warning.
func (d Diagnostic) String() string {
	if d.Warning {
		return position(d.File, d.Line, d.Col) + ": warning: " + d.Message
	}
	return position(d.File, d.Line, d.Col) + ": " + d.Message
}

func position(file string, line, col int) string {
	if file == "" {
		file = "<script>"
	}
	return fmt.Sprintf("%s:%d:%d", file, line, col)
}

// runError converts the interpreter's errors to *Error; other errors are kept.
func runError(err error) error {
	var re *interp.RuntimeError
	if err == nil || !errors.As(err, &re) {
		return err
	}
	e := &Error{File: re.Pos.Filename, Line: re.Pos.Line, Col: re.Pos.Column, Message: re.Msg, Err: re.Cause}
	for _, f := range re.Stack {
		e.Stack = append(e.Stack, Frame{Proc: f.Proc, File: f.Pos.Filename, Line: f.Pos.Line, Col: f.Pos.Column, Repeat: f.Repeat})
	}
	return e
}

func diagnostic(pos lexer.Position, msg string, warning bool) Diagnostic {
	return Diagnostic{File: pos.Filename, Line: pos.Line, Col: pos.Column, Message: msg, Warning: warning}
}

// loadError converts a syntax error or an EXTERN failure to a *CompileError.
func loadError(err error) error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		return &CompileError{Diagnostics: []Diagnostic{diagnostic(pe.Pos, pe.Msg, false)}}
	}
	return err
}
