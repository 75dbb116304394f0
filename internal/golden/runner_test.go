package golden

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRunPasses checks cases that pass: every section of the format, and the defaults of
// the ones left out.
func TestRunPasses(t *testing.T) {
	for _, tc := range []struct{ name, archive string }{
		{"defaults", "a comment\n-- script.wl --\n"},
		{"every output", `-- script.wl --
out hello
err warning
mail {"from": "a@b.c", "to": ["d@e.f"]}
exit 3
-- stdout --
hello
-- stderr --
warning
-- exit --
3
-- mail.json --
[{"to": ["d@e.f"], "from": "a@b.c"}]
`},
		{"input files, flags, args, prelude, seed, faults", `-- script.wl --
read data/in.txt
cmdline
-- data/in.txt --
some data
-- flags --
--sandbox-auth u:p
-- args --
one two
-- prelude.wl --
-- seed/01.eml --
-- faults.json --
{}
-- mail.json --
[]
-- stdout --
some data
 <nil>
--sandbox-auth u:p -I prelude.wl --sandbox-seed seed --sandbox-faults faults.json --sandbox --sandbox-json OUT/mail.json script.wl one two
`},
		{"mail in any order", `-- script.wl --
mail {"subject": "2"}
mail {"subject": "1", "to": ["x@y.z"]}
mail {"subject": "2"}
-- mail.json --
[
  {"to": ["x@y.z"],
   "subject": "1"},
  {"subject": "2"}, {"subject": "2"}
]
`},
		{"wildcards", `-- script.wl --
out Message-ID <1234.abcd@example.com> sent
out second
out [..] literal
out last
-- stdout --
Message-ID <[..]@example.com> sent
second
[..] literal
l[..]t
`},
		{"environment and clock", `-- script.wl --
env A
env PATH
env HOME
now
-- env --
# a comment, then a blank line

A=x=1
PATH=
-- stdout --
x=1

unset
2026-11-24T13:45:30.25Z
`},
		{"WL_FAKE_NOW leaves the clock to the script", `-- script.wl --
now
env WL_FAKE_NOW
-- env --
WL_FAKE_NOW=2030-01-02T03:04:05Z
-- stdout --
system
2030-01-02T03:04:05Z
`},
		{"exit without a line break", "-- script.wl --\nexit 1\n-- exit --\n 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeWL{}
			res := runArchive(t, &Runner{Exec: f.exec}, tc.archive)
			if !res.Passed() {
				var b bytes.Buffer
				res.Report(&b)
				t.Errorf("the case fails:\n%s", b.String())
			}
		})
	}
}

// TestRunFails checks the report of each expected section the run does not match: a
// unified diff from the expected text to the actual one.
func TestRunFails(t *testing.T) {
	for _, tc := range []struct{ name, archive, report string }{
		{"stdout", `-- script.wl --
out a
out b
out c
-- stdout --
a
B
c
`, `FAIL case.txtar
--- want/stdout
+++ got/stdout
@@ -1,3 +1,3 @@
 a
-B
+b
 c
`},
		{"stdout expected empty", "-- script.wl --\nout surprise\n", `FAIL case.txtar
--- want/stdout
+++ got/stdout
@@ -0,0 +1 @@
+surprise
`},
		{"stderr", "-- script.wl --\nerr boom\n-- stderr --\nbang\n", `FAIL case.txtar
--- want/stderr
+++ got/stderr
@@ -1 +1 @@
-bang
+boom
`},
		{"exit", "-- script.wl --\nexit 1\n", `FAIL case.txtar
--- want/exit
+++ got/exit
@@ -1 +1 @@
-0
+1
`},
		{"mail.json", `-- script.wl --
mail {"subject": "b"}
mail {"subject": "one", "to": ["x@y.z"]}
-- mail.json --
[{"subject": "one", "to": ["x@y.z"]}, {"subject": "two"}]
`, `FAIL case.txtar
--- want/mail.json
+++ got/mail.json
@@ -6,6 +6,6 @@
     ]
   },
   {
-    "subject": "two"
+    "subject": "b"
   }
 ]
`},
		{"mail.json invalid", "-- script.wl --\n-- mail.json --\n[{]\n", `FAIL case.txtar
mail.json: the expected mail.json is not a JSON array: invalid character ']' looking for beginning of object key string
`},
		{"wildcard that does not match", `-- script.wl --
out id 12 sent
out id 13 lost
-- stdout --
id [..] sent
id [..] sent
`, `FAIL case.txtar
--- want/stdout
+++ got/stdout
@@ -1,2 +1,2 @@
 id [..] sent
-id [..] sent
+id 13 lost
`},
		{"several sections", "-- script.wl --\nout x\nexit 2\n-- stdout --\ny\n", `FAIL case.txtar
--- want/stdout
+++ got/stdout
@@ -1 +1 @@
-y
+x
--- want/exit
+++ got/exit
@@ -1 +1 @@
-0
+2
`},
		{"no script", "-- stdout --\n", "FAIL case.txtar: no script.wl (or script section naming the script to run)\n"},
		{"two scripts", "-- script.wl --\n-- script --\nx.wl\n", "FAIL case.txtar: both script.wl and a script section: keep one\n"},
		{"file outside the folder", "-- script.wl --\n-- ../x --\n", "FAIL case.txtar: file name \"../x\": want a relative path inside the case's folder\n"},
		{"file twice", "-- script.wl --\n-- a --\n-- a --\n", "FAIL case.txtar: the archive holds a twice\n"},
		{"bad env", "-- script.wl --\n-- env --\nA B=1\n", "FAIL case.txtar: env: line 1: want NAME=value, got \"A B=1\"\n"},
		{"empty script section", "-- script --\n\n", "FAIL case.txtar: script: want the path of one .wl file, relative to the archive's folder\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeWL{}
			res := runArchive(t, &Runner{Exec: f.exec}, tc.archive)
			if res.Passed() {
				t.Fatal("the case passes")
			}
			res.Case.Name = "case.txtar"
			var b bytes.Buffer
			res.Report(&b)
			if diff := cmp.Diff(tc.report, b.String()); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRunScriptSection checks that a script section runs a file beside the archive, named
// as the section says.
func TestRunScriptSection(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "report.wl"), []byte("out from beside\ncmdline\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(writeCase(t, dir, "tests/report.txtar", "-- script --\n../report.wl\n-- stdout --\nfrom beside\n../report.wl\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeWL{}
	res := (&Runner{Exec: f.exec}).Run(context.Background(), c)
	var b bytes.Buffer
	res.Report(&b)
	if !res.Passed() {
		t.Errorf("the case fails:\n%s", b.String())
	}
}

// TestUpdate checks that -update rewrites, in place, only the expected sections that differ,
// adds those the archive lacks, and keeps the comment, the other files and their order.
func TestUpdate(t *testing.T) {
	const archive = `The comment stays.
-- script.wl --
out new
mail {"subject": "kept"}
mail {"subject": "new"}
exit 1
-- stdout --
old
-- data.txt --
stays
-- stderr --
-- mail.json --
[
  {"subject": "old"},
  {"subject":"kept"}
]
-- notes.md --
stays too
`
	const want = `The comment stays.
-- script.wl --
out new
mail {"subject": "kept"}
mail {"subject": "new"}
exit 1
-- stdout --
new
-- data.txt --
stays
-- stderr --
-- mail.json --
[
  {
    "subject": "new"
  },
  {
    "subject": "kept"
  }
]
-- notes.md --
stays too
-- exit --
1
`
	dir := t.TempDir()
	p := writeCase(t, dir, "case.txtar", archive)
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeWL{}
	r := &Runner{Exec: f.exec, Update: true}
	res := r.Run(context.Background(), c)
	if !res.Passed() {
		t.Fatalf("an updated case fails: %v %v", res.Err, res.Failures)
	}
	if diff := cmp.Diff([]string{"mail.json", "stdout", "exit"}, res.Updated); diff != "" {
		t.Errorf("updated sections (-want +got):\n%s", diff)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("updated archive (-want +got):\n%s", diff)
	}
	// The archive now passes, and a second update leaves it as it is.
	info, _ := os.Stat(p)
	c, _ = Load(p)
	res = r.Run(context.Background(), c)
	if !res.Passed() || len(res.Updated) > 0 {
		t.Errorf("second run: passed %v, updated %v", res.Passed(), res.Updated)
	}
	if info2, _ := os.Stat(p); !info2.ModTime().Equal(info.ModTime()) {
		t.Error("an up-to-date archive was written again")
	}
}

// TestUpdateKeepsWildcards checks that -update keeps the expected lines whose [..] still
// match, and replaces an expected mail.json that was not JSON.
func TestUpdateKeepsWildcards(t *testing.T) {
	dir := t.TempDir()
	p := writeCase(t, dir, "case.txtar", "-- script.wl --\nout id 42\nout two\n-- stdout --\nid [..]\none\n-- mail.json --\nnot json\n")
	c, _ := Load(p)
	f := &fakeWL{}
	if res := (&Runner{Exec: f.exec, Update: true}).Run(context.Background(), c); !res.Passed() {
		t.Fatalf("an updated case fails: %v %v", res.Err, res.Failures)
	}
	b, _ := os.ReadFile(p)
	if want := "-- script.wl --\nout id 42\nout two\n-- stdout --\nid [..]\ntwo\n-- mail.json --\n[]\n"; string(b) != want {
		t.Errorf("updated archive:\n%s\nwant:\n%s", b, want)
	}
}

// TestRunAllIsolated runs cases that each write the same file names in their working and
// temporary folders while the others do: each reads back its own, the cases run at the same
// time up to the limit and no further, and the results come in the order of the cases.
func TestRunAllIsolated(t *testing.T) {
	dir := t.TempDir()
	const n, parallel = 8, 4
	var cases []*Case
	for i := range n {
		p := writeCase(t, dir, fmt.Sprintf("c%d.txtar", i), fmt.Sprintf(`-- script.wl --
write shared.txt case %d
tmp shared.txt case %d
wait
read shared.txt
read given.txt
-- given.txt --
given %d
-- stdout --
case %d <nil>
given %d
 <nil>
`, i, i, i, i, i))
		c, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	f := &fakeWL{gate: make(chan struct{})}
	go func() {
		// Open the gate once as many cases as allowed wait at it (or, should they never
		// be, after a while: the count below then fails).
		for end := time.Now().Add(time.Minute); f.running.Load() < parallel && time.Now().Before(end); {
			time.Sleep(time.Millisecond)
		}
		close(f.gate)
	}()
	var names []string
	(&Runner{Exec: f.exec}).RunAll(context.Background(), cases, parallel, func(r *Result) {
		names = append(names, filepath.Base(r.Case.Name))
		if !r.Passed() {
			var b bytes.Buffer
			r.Report(&b)
			t.Error(b.String())
		}
	})
	if f.most.Load() != parallel {
		t.Errorf("%d cases ran at once, want %d", f.most.Load(), parallel)
	}
	if got := strings.Join(names, " "); got != "c0.txtar c1.txtar c2.txtar c3.txtar c4.txtar c5.txtar c6.txtar c7.txtar" {
		t.Errorf("reports in the order %s", got)
	}
	// The runner leaves no folder behind.
	left, _ := filepath.Glob(filepath.Join(os.TempDir(), "wl-golden-*"))
	for _, l := range left {
		if b, err := os.ReadFile(filepath.Join(l, "work", "given.txt")); err == nil && strings.HasPrefix(string(b), "given ") {
			t.Errorf("the folder of a case is left: %s", l)
		}
	}
}

// TestSectionHook checks that a section added by the caller prepares the run, is compared
// and updated like the built-in ones, and cleans up after the case.
func TestSectionHook(t *testing.T) {
	var cleaned bool
	hook := &Section{
		Name: "greeting.txt",
		Prepare: func(inv *Invocation) error {
			inv.Env = append(inv.Env, "GREETING=hello")
			inv.Cleanup(func() { cleaned = true })
			return nil
		},
		Actual: func(inv *Invocation) ([]byte, error) { return os.ReadFile(filepath.Join(inv.Dir, "out.txt")) },
	}
	f := &fakeWL{}
	r := &Runner{Exec: f.exec, Sections: []*Section{hook}}
	res := runArchive(t, r, "-- script.wl --\nenv GREETING\nwrite out.txt hi\n-- greeting.txt --\nho\n-- stdout --\nhello\n")
	want := "FAIL case.txtar\n--- want/greeting.txt\n+++ got/greeting.txt\n@@ -1 +1 @@\n-ho\n+hi\n"
	res.Case.Name = "case.txtar"
	var b bytes.Buffer
	res.Report(&b)
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if !cleaned {
		t.Error("the section's cleanup did not run")
	}
}

// TestRunAllCanceled checks that the cases not started when the context ends are not run.
func TestRunAllCanceled(t *testing.T) {
	dir := t.TempDir()
	var cases []*Case
	for i := range 3 {
		c, err := Load(writeCase(t, dir, fmt.Sprintf("c%d.txtar", i), "-- script.wl --\n"))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f := &fakeWL{}
	var errs []string
	(&Runner{Exec: f.exec}).RunAll(ctx, cases, 1, func(r *Result) { errs = append(errs, fmt.Sprint(r.Err)) })
	if f.most.Load() != 0 {
		t.Error("a case ran after the context ended")
	}
	if diff := cmp.Diff([]string{"not run: context canceled", "not run: context canceled", "not run: context canceled"}, errs); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

// TestFinalLineBreak checks that an actual content without a final line break matches the
// archive's file, which always has one (txtar cannot tell them apart): else -update would
// write a file that fails again.
func TestFinalLineBreak(t *testing.T) {
	result := &Section{Name: "result", Actual: func(inv *Invocation) ([]byte, error) {
		return os.ReadFile(filepath.Join(inv.Dir, "out.txt"))
	}}
	f := &fakeWL{}
	r := &Runner{Exec: f.exec, Sections: []*Section{result}}
	if res := runArchive(t, r, "-- script.wl --\nwrite out.txt no line break\n-- result --\nno line break"); !res.Passed() {
		var b bytes.Buffer
		res.Report(&b)
		t.Errorf("the case fails:\n%s", b.String())
	}
}
