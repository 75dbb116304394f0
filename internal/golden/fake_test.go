package golden

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeWL stands for `wl run` in the runner's tests: its scripts are lines of commands.
//
//	out TEXT           prints TEXT on stdout
//	err TEXT           prints TEXT on stderr
//	exit N             ends with status N
//	mail JSON          the sandbox "receives" the message JSON
//	write NAME TEXT    writes TEXT into the file NAME of the working folder
//	read NAME          prints the content of the file NAME of the working folder
//	tmp NAME TEXT      writes TEXT into NAME of the temporary folder
//	env NAME           prints the variable NAME of the environment
//	now                prints the clock (RFC 3339) or "system"
//	cmdline            prints the command line, the script's own name left out
//	wait               waits until the test's gate opens
type fakeWL struct {
	running, most atomic.Int32
	gate          chan struct{}
}

func (f *fakeWL) exec(_ context.Context, inv *Invocation) int {
	n := f.running.Add(1)
	defer f.running.Add(-1)
	for {
		m := f.most.Load()
		if n <= m || f.most.CompareAndSwap(m, n) {
			break
		}
	}
	src, err := os.ReadFile(filepath.Join(inv.Dir, inv.Script))
	if os.IsNotExist(err) {
		src, err = os.ReadFile(filepath.Join(inv.SourceDir, inv.Script))
	}
	if err != nil {
		fmt.Fprintln(inv.Stderr, err)
		return 2
	}
	var mails []json.RawMessage
	defer func() {
		for i, fl := range inv.Flags {
			if fl == "--sandbox-json" {
				b, _ := json.MarshalIndent(append([]json.RawMessage{}, mails...), "", "  ")
				os.WriteFile(inv.Flags[i+1], append(b, '\n'), 0o644)
			}
		}
	}()
	for _, l := range strings.Split(string(src), "\n") {
		cmd, rest, _ := strings.Cut(l, " ")
		arg1, arg2, _ := strings.Cut(rest, " ")
		switch cmd {
		case "out":
			fmt.Fprintln(inv.Stdout, rest)
		case "err":
			fmt.Fprintln(inv.Stderr, rest)
		case "exit":
			n, _ := strconv.Atoi(rest)
			return n
		case "mail":
			mails = append(mails, json.RawMessage(rest))
		case "write":
			os.WriteFile(filepath.Join(inv.Dir, arg1), []byte(arg2), 0o644)
		case "read":
			b, err := os.ReadFile(filepath.Join(inv.Dir, arg1))
			fmt.Fprintln(inv.Stdout, string(b), err)
		case "tmp":
			os.WriteFile(filepath.Join(inv.TempDir, arg1), []byte(arg2), 0o644)
		case "env":
			v := "unset"
			for _, kv := range inv.Env {
				if k, val, _ := strings.Cut(kv, "="); k == rest {
					v = val
				}
			}
			fmt.Fprintln(inv.Stdout, v)
		case "now":
			if inv.Now.IsZero() {
				fmt.Fprintln(inv.Stdout, "system")
			} else {
				fmt.Fprintln(inv.Stdout, inv.Now.Format(time.RFC3339Nano))
			}
		case "cmdline":
			cl := inv.CommandLine()
			for i, a := range cl {
				if strings.HasPrefix(a, inv.Out) {
					cl[i] = "OUT" + strings.TrimPrefix(filepath.ToSlash(a), filepath.ToSlash(inv.Out))
				}
			}
			fmt.Fprintln(inv.Stdout, strings.Join(cl, " "))
		case "wait":
			<-f.gate
		}
	}
	return 0
}

// writeCase writes an archive into dir and returns its path.
func writeCase(t *testing.T, dir, name, archive string) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(archive), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runArchive runs one archive written into a temporary folder.
func runArchive(t *testing.T, r *Runner, archive string) *Result {
	t.Helper()
	c, err := Load(writeCase(t, t.TempDir(), "case.txtar", archive))
	if err != nil {
		t.Fatal(err)
	}
	return r.Run(context.Background(), c)
}
