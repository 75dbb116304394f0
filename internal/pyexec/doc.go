// Package pyexec finds the Python interpreter that tests and benchmarks run, once, so that
// their times do not depend on which python3 comes first on PATH: a version manager's shim
// (pyenv's is a shell script) adds a fork, an exec and a few hundred milliseconds to every
// start. It is a test-only helper (see ARCHITECTURE.md, internal/).
package pyexec
