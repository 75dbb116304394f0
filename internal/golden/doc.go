// Package golden runs golden cases: WLanguage scripts with the output, exit status and mail
// they must give, each case one txtar archive (golang.org/x/tools/txtar). It is the one
// runner behind `wl test` and behind wl's own golden tests (cmd/wl/golden_test.go); it knows
// the archive format and the `wl run` flags, and leaves running the script to its caller
// ([Runner.Exec]), so that both go through the code path of `wl run`.
//
// The files of an archive:
//
//	script.wl    the script to run (or, instead, a "script" section naming a .wl file
//	             relative to the archive's folder, to test a script that lives beside the tests)
//	prelude.wl   loaded first, as with `wl run -I prelude.wl`
//	seed/*.eml   messages put in the sandbox's mailbox before the run (--sandbox-seed)
//	faults.json  faults injected into the sandbox (--sandbox-faults, sandbox.Faults' JSON form)
//	flags        more `wl run` flags, separated by spaces
//	args         the script's arguments (LigneCommande), separated by spaces
//	env          the script's environment, one NAME=value per line: it sees no other variable
//	stdout       the expected standard output (default: empty)
//	stderr       the expected standard error (default: empty)
//	exit         the expected exit status (default: 0)
//	mail.json    the messages the sandbox must have received, in any order (turns the
//	             sandbox on: --sandbox --sandbox-json)
//
// Any other file is written into the case's own working folder, where the script runs. The
// text before the first file is a free comment. In stdout and stderr, "[..]" in an expected
// line stands for any text within that line (a Message-ID, a temporary path).
//
// Each case runs in a folder of its own, with its own temporary folder (fRepTemp), its own
// sandbox and its own environment, so cases run in parallel. The clock of a case is fixed at
// [Now] unless its env section sets WL_FAKE_NOW. [Section] adds kinds of files to the format.
package golden
