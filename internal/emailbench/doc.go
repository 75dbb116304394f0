// Package emailbench holds the benchmarks of the email paths (issue 6): WLanguage scripts
// sending and reading mail through builtins and mailrt, against go-smtp used directly and
// Python's poplib and imaplib, all talking to one sandbox that runs in a child process so
// that the measured process holds the client alone. It has no code outside its tests; see
// BENCHMARKS.md, "Email paths", for the method and the figures.
package emailbench
