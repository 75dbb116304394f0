package interp

import (
	"fmt"
	"strings"
	"time"

	"github.com/alecthomas/participle/v2/lexer"
)

// StackFrame is one level of the WLanguage call stack.
type StackFrame struct {
	// Proc is the procedure's name ("main code" for a file's main code).
	Proc string
	// Pos is where execution was in that procedure.
	Pos lexer.Position
	// Repeat counts identical consecutive levels folded into this one (endless recursion).
	Repeat int
}

// RuntimeError is a fatal WLanguage error: it stops the run unless a CAS EXCEPTION / CAS
// ERREUR section or a QUAND EXCEPTION block handles it.
type RuntimeError struct {
	Pos   lexer.Position
	Msg   string
	Stack []StackFrame
	// Cause is the Go error behind the failure, if any (a host function's error).
	Cause error
}

// Error gives `file:line:col: message`.
func (e *RuntimeError) Error() string { return e.Pos.String() + ": " + e.Msg }

// Unwrap returns the cause.
func (e *RuntimeError) Unwrap() error { return e.Cause }

// Backtrace is the WLanguage call stack, innermost first, one "at" line per level.
func (e *RuntimeError) Backtrace() string {
	var b strings.Builder
	for _, f := range e.Stack {
		if f.Repeat > 1 {
			fmt.Fprintf(&b, "\tat %s (%s), %d times\n", f.Proc, f.Pos, f.Repeat)
			continue
		}
		fmt.Fprintf(&b, "\tat %s (%s)\n", f.Proc, f.Pos)
	}
	return b.String()
}

// ErrorInfo describes the last error, for ErreurInfo/ErrorInfo and ExceptionInfo.
type ErrorInfo struct {
	// Message is the one-line message (errMessage).
	Message string
	// Code is the WLanguage error code (errCode).
	Code int
	// SystemCode and SystemMessage are the underlying system or server error, if any
	// (errSystemCode, errSystemMessage), such as an SMTP reply code and text.
	SystemCode    int
	SystemMessage string
	// Function is the WLanguage function that failed (errFunction).
	Function string
	// Pos is where the failing call was.
	Pos lexer.Position
	// Proc is the procedure that made the call.
	Proc string
	// Time is when the error happened (errDateHeure); SetError stamps it when zero.
	Time time.Time
	// Stack is the WLanguage call stack of the failing call, innermost first (errPile).
	Stack []StackFrame
}

// StackText gives the call stack, innermost first, one "Proc (file:line:col)" line per
// level.
func (i ErrorInfo) StackText() string {
	bt := (&RuntimeError{Stack: i.Stack}).Backtrace()
	return strings.TrimSuffix(strings.ReplaceAll(strings.TrimPrefix(bt, "\tat "), "\n\tat ", "\n"), "\n")
}

// Full is the multi-line report of errComplet/errFullDetails.
func (i ErrorInfo) Full() string {
	if i.Message == "" {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", i.Message)
	if i.Function != "" {
		fmt.Fprintf(&b, "Function: %s\n", i.Function)
	}
	if i.Code != 0 {
		fmt.Fprintf(&b, "Error code: %d\n", i.Code)
	}
	if i.SystemCode != 0 || i.SystemMessage != "" {
		fmt.Fprintf(&b, "System error: %d %s\n", i.SystemCode, i.SystemMessage)
	}
	if i.Proc != "" || i.Pos.Line != 0 {
		fmt.Fprintf(&b, "In: %s (%s)\n", i.Proc, i.Pos)
	}
	return strings.TrimRight(b.String(), "\n")
}

// nonFatal carries a non-fatal error to a CAS ERREUR section or, with ErreurPropage, to the
// caller.
type nonFatal struct {
	info ErrorInfo
}

// CodedError is implemented by the errors of builtins that carry a WLanguage error number
// (ExceptionDéclenche(n)): ExceptionInfo(errCode) / ErreurInfo(errCode) give it.
type CodedError interface {
	error
	ErrorCode() int
}
