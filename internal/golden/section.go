package golden

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A Section is a kind of file of the case format, and what the runner does when an archive
// holds one. The format's own sections (script, prelude.wl, seed/, faults.json, flags,
// args, env, stdout, stderr, exit, mail.json) are Sections too; [Runner.Sections] adds more
// (an HTTP test server, a database...).
//
// A section whose Actual is set is an expectation: after the run, Actual gives what the run
// produced, and the runner compares it with the archive's file. Other sections are inputs:
// their files are written into the case's folder, unless Private.
type Section struct {
	// Name is the archive file that turns the section on; a Name ending in "/" stands for
	// every file below that folder (seed/).
	Name string
	// Private keeps an input's file out of the case's folder: the runner alone reads it.
	Private bool
	// Prepare runs before the script when the section is on, with the case's files already
	// in inv.Dir: it adds `wl run` flags (inv.Flags), environment variables (inv.Env),
	// starts helpers (stopping them with inv.Cleanup)...
	Prepare func(inv *Invocation) error
	// Actual gives, after the run, the content to compare with the section's file.
	Actual func(inv *Invocation) ([]byte, error)
	// Normalize turns the expected and the actual content into the two texts compared line
	// by line, which are equal when the case passes (nil: compared as they are). The actual
	// text is what -update writes into the archive.
	Normalize func(want, got []byte) (w, g []byte, err error)

	// always: compared even when the archive lacks the file, against def.
	always bool
	def    string
}

// covers tells whether the section covers the archive file name.
func (s *Section) covers(name string) bool {
	if strings.HasSuffix(s.Name, "/") {
		return strings.HasPrefix(name, s.Name)
	}
	return name == s.Name
}

// builtinSections are the sections of the format, in the order they prepare the run: the
// order of the flags they add.
func builtinSections() []*Section {
	return []*Section{
		{Name: "script", Private: true, Prepare: func(inv *Invocation) error {
			d, _ := inv.Case.file("script")
			name := strings.TrimSpace(string(d))
			if name == "" || strings.ContainsAny(name, "\n") {
				return fmt.Errorf("script: want the path of one .wl file, relative to the archive's folder")
			}
			inv.Script = filepath.FromSlash(name)
			return nil
		}},
		{Name: "flags", Private: true, Prepare: func(inv *Invocation) error {
			d, _ := inv.Case.file("flags")
			inv.Flags = append(inv.Flags, strings.Fields(string(d))...)
			return nil
		}},
		{Name: "args", Private: true, Prepare: func(inv *Invocation) error {
			d, _ := inv.Case.file("args")
			inv.Args = append(inv.Args, strings.Fields(string(d))...)
			return nil
		}},
		{Name: "env", Private: true, Prepare: prepareEnv},
		{Name: "prelude.wl", Prepare: func(inv *Invocation) error {
			inv.Flags = append(inv.Flags, "-I", "prelude.wl")
			return nil
		}},
		{Name: "seed/", Prepare: func(inv *Invocation) error {
			inv.Flags = append(inv.Flags, "--sandbox-seed", "seed")
			return nil
		}},
		{Name: "faults.json", Prepare: func(inv *Invocation) error {
			inv.Flags = append(inv.Flags, "--sandbox-faults", "faults.json")
			return nil
		}},
		{Name: "mail.json", Prepare: func(inv *Invocation) error {
			inv.Flags = append(inv.Flags, "--sandbox", "--sandbox-json", filepath.Join(inv.Out, "mail.json"))
			return nil
		}, Actual: func(inv *Invocation) ([]byte, error) {
			b, err := os.ReadFile(filepath.Join(inv.Out, "mail.json"))
			if os.IsNotExist(err) {
				return nil, fmt.Errorf("the run wrote no mail.json: it ended before the sandbox started (see stderr)")
			}
			return b, err
		}, Normalize: normalizeMail},
		{Name: "stdout", always: true, Actual: func(inv *Invocation) ([]byte, error) {
			return inv.stdout.Bytes(), nil
		}, Normalize: normalizeWildcards},
		{Name: "stderr", always: true, Actual: func(inv *Invocation) ([]byte, error) {
			return inv.stderr.Bytes(), nil
		}, Normalize: normalizeWildcards},
		{Name: "exit", always: true, def: "0\n", Actual: func(inv *Invocation) ([]byte, error) {
			return []byte(strconv.Itoa(inv.exit) + "\n"), nil
		}, Normalize: func(want, got []byte) ([]byte, []byte, error) {
			return append(bytes.TrimSpace(want), '\n'), got, nil
		}},
	}
}

// prepareEnv reads the env section: NAME=value lines; blank lines and lines starting with
// # are skipped. WL_FAKE_NOW there replaces the fixed clock.
func prepareEnv(inv *Invocation) error {
	d, _ := inv.Case.file("env")
	for i, l := range strings.Split(string(d), "\n") {
		l = strings.TrimSuffix(l, "\r")
		if strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#") {
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if !ok || k == "" || strings.ContainsAny(k, " \t") {
			return fmt.Errorf("env: line %d: want NAME=value, got %q", i+1, l)
		}
		inv.Env = append(inv.Env, l)
		if k == "WL_FAKE_NOW" {
			inv.Now = time.Time{}
		}
	}
	return nil
}
