// Package wl embeds the WLanguage interpreter in a Go program: compile a WINDEV email script
// once, run it many times, concurrently, with its output, its mail and its time bounded by
// the host.
//
// # Compile once, run many times
//
// Compile (or CompileFS, which also reads the files a script includes with EXTERN from an
// fs.FS) gives an immutable *Program. Program.Run runs its main code; any number of
// goroutines may run one Program at once, each run with its own globals, output and email
// sessions:
//
//	prog, err := wl.Compile("hello.wl", []byte(`Trace("Bonjour " + gsNom)`),
//		&wl.CompileOptions{Globals: []string{"gsNom"}})
//	...
//	err = prog.Run(ctx, &wl.RunOptions{Stdout: os.Stdout, Globals: map[string]any{"gsNom": "Ada"}})
//
// French and English keywords and function names mix freely, as in WINDEV: names compare
// case- and accent-insensitively.
//
// # Host functions
//
// CompileOptions.Funcs makes Go functions callable from the script under all their names;
// arguments are converted to the Go parameter types, and a returned error becomes a
// WLanguage error at the call, which the script may handle with QUAND EXCEPTION:
//
//	wl.Func{Names: []string{"Double", "Doubler"}, Fn: func(n int) int { return 2 * n }}
//
// A host function that takes a context.Context first receives the run's context.
//
// # Calling procedures
//
// Program.Call runs the main code, then calls one procedure with Go arguments and returns its
// result as a Go value. Program.Start keeps the run (its globals, its open email sessions)
// as an *Instance, whose procedures the host calls as often as it likes before Close.
//
// # Mail
//
// RunOptions.Mail says how the email functions reach servers. By default they use the
// network and the system's certificate roots. MailSettings.Sandbox sends every session,
// whatever server the script names, to an embedded mail server (StartSandbox) whose
// Messages the host then reads, as `wl run --sandbox` does; MailSettings.Transport routes
// connections the host's own way; RootCAs and Timeout adjust TLS and the reply timeout.
// The HTTP functions (HTTPEnvoie, RESTEnvoie, the token requests of AuthIdentifie) verify
// certificates with the same RootCAs, and a run with a Sandbox keeps them on this machine
// unless MailSettings.AllowHTTP.
//
// # Bounding a run
//
// Cancelling the context given to Run stops the script promptly, in a busy loop or while an
// email function waits for a server. RunOptions.Timeout bounds the duration of a run,
// RunOptions.MaxSteps its loop iterations and calls, and RunOptions.MaxMemory the memory its
// values take (DefaultMaxMemory, half the physical memory, unless set): an operation that
// would go past it stops the run before allocating. None of these can be caught by the
// script's exception handlers: the run ends with an *Error wrapping ctx.Err(), ErrTimeout,
// ErrStepLimit or ErrMemoryLimit. Whatever the script, the run never crashes the host with
// a Go panic or a stack overflow: nesting is bounded at compile time (parser.MaxNesting) and
// recursion at run time.
//
// # Errors
//
// A script that cannot compile gives a *CompileError listing each problem as
// file:line:col: message. A fatal error at run time gives an *Error with the position, the
// message, the WLanguage call stack (Error.Stack, Error.Backtrace) and the Go error behind
// it, if any (Error.Err: a host function's error, context.Canceled, ErrStepLimit...), so that
// errors.Is and errors.As see through it. Email functions do not raise errors: as in
// WINDEV, they return Faux and set ErreurDétectée and ErreurInfo.
//
// The packages below this one are the interpreter's phases (lexer, parser, interp), the
// WLanguage library (builtins) and the email runtime (mailrt, mailrt/sandbox), usable alone.
package wl
