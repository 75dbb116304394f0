package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/internal/golden"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
)

// readmeTestCommand is the one test command of README.md, which .ci/run runs.
const readmeTestCommand = "go vet ./... && go test ./... && go run ./cmd/wl test examples"

func readREADME(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readmeSection returns the lines of the section that starts with the heading line head,
// up to the next heading of the same or a higher level.
func readmeSection(t *testing.T, readme, head string) []string {
	t.Helper()
	level := strings.Index(head, " ")
	var out []string
	in := false
	for _, l := range strings.Split(readme, "\n") {
		if in && strings.HasPrefix(l, "#") {
			if n := strings.Index(l, " "); n > 0 && n <= level && strings.Trim(l[:n], "#") == "" {
				break
			}
		}
		if l == head {
			in = true
			continue
		}
		if in {
			out = append(out, l)
		}
	}
	if !in {
		t.Fatalf("README.md has no %q section", head)
	}
	return out
}

// readmeRow is a row of a README table: the names in backquotes of its first two columns and
// the text of the third.
type readmeRow struct {
	line  string
	names []string
	third string
}

var backquoted = regexp.MustCompile("`([^`]+)`")

// readmeTable returns the body rows of the first table of a section.
func readmeTable(t *testing.T, lines []string) []readmeRow {
	t.Helper()
	var rows []readmeRow
	started := false
	for _, l := range lines {
		if !strings.HasPrefix(l, "|") {
			if started {
				break
			}
			continue
		}
		started = true
		cells := strings.Split(strings.Trim(l, "|"), " | ")
		if len(cells) < 3 || strings.HasPrefix(cells[0], "---") || strings.TrimSpace(cells[0]) == "French" {
			continue
		}
		r := readmeRow{line: l, third: strings.TrimSpace(cells[2])}
		for _, c := range cells[:2] {
			for _, m := range backquoted.FindAllStringSubmatch(c, -1) {
				r.names = append(r.names, m[1])
			}
		}
		if len(r.names) == 0 {
			t.Errorf("README.md: a row names nothing in backquotes: %s", l)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatal("README.md: empty table")
	}
	return rows
}

// isEmailFunc tells whether a builtin belongs to the email binding, which the README's table
// must list in full.
func isEmailFunc(b *interp.Builtin) bool {
	n := lexer.Fold(b.Names[0])
	return strings.HasPrefix(n, lexer.Fold("Email")) || strings.HasPrefix(n, lexer.Fold("Auth"))
}

// TestReadmeFunctions checks the supported-functions table of README.md against the library
// and its documentation table (builtins/doc.txt, which wl lsp shows on hover): each name listed
// is a registered function, the names of a row are one function, the status of a row is the
// one doc.txt gives, and every name of every email function is listed, there or (a function
// that only stops the script) in "What wl does not do".
func TestReadmeFunctions(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := builtins.LoadDocs(lib)
	if err != nil {
		t.Fatal(err)
	}
	readme := readREADME(t)
	rows := readmeTable(t, readmeSection(t, readme, "### Functions"))
	listed := map[string]bool{}
	for _, r := range readmeTable(t, readmeSection(t, readme, "### What wl does not do")) {
		for _, n := range r.names {
			if b := lib.Func(n); b != nil && b.Unavailable != "" {
				listed[lexer.Fold(n)] = true
			}
		}
	}
	for _, r := range rows {
		if r.third == "" {
			t.Errorf("README.md: no status for %s", r.names[0])
		}
		var first *interp.Builtin
		for _, n := range r.names {
			listed[lexer.Fold(n)] = true
			b := lib.Func(n)
			if b == nil {
				t.Errorf("README.md lists %s, which is not a registered function", n)
				continue
			}
			if first == nil {
				first = b
			} else if b != first {
				t.Errorf("README.md: %s and %s share a row but are different functions", r.names[0], n)
			}
		}
		if first == nil {
			continue
		}
		if d := docs.Func(first); d == nil {
			t.Errorf("README.md lists %s, which builtins/doc.txt does not document", r.names[0])
		} else if d.Readme != r.third {
			t.Errorf("README.md: the status of %s is not the one builtins/doc.txt gives:\nREADME:  %s\ndoc.txt: %s", r.names[0], r.third, d.Readme)
		}
		for _, n := range first.Names {
			if !containsFold(r.names, n) {
				t.Errorf("README.md: the row of %s lacks its name %s", r.names[0], n)
			}
		}
	}
	names := lib.FuncNames()
	sort.Strings(names)
	missing := map[*interp.Builtin][]string{}
	var order []*interp.Builtin
	for _, n := range names {
		if b := lib.Func(n); isEmailFunc(b) && !listed[lexer.Fold(n)] {
			if missing[b] == nil {
				order = append(order, b)
			}
			missing[b] = append(missing[b], n)
		}
	}
	for _, b := range order {
		t.Errorf("%s is registered but not in README.md's table of functions (names: %s)", strings.Join(missing[b], ", "), strings.Join(b.Names, ", "))
	}
}

func containsFold(list []string, name string) bool {
	for _, n := range list {
		if lexer.Fold(n) == lexer.Fold(name) {
			return true
		}
	}
	return false
}

// TestReadmeTypesAndConstants checks that the types and constants README.md lists are
// registered, each row naming one type.
func TestReadmeTypesAndConstants(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	readme := readREADME(t)
	for _, r := range readmeTable(t, readmeSection(t, readme, "### Types")) {
		var first *interp.ObjectType
		for _, n := range r.names {
			typ := lib.Type(n)
			switch {
			case typ == nil:
				t.Errorf("README.md lists the type %s, which is not registered", n)
			case first == nil:
				first = typ
			case typ != first:
				t.Errorf("README.md: %s and %s share a row but are different types", r.names[0], n)
			}
		}
	}
	for _, r := range readmeTable(t, readmeSection(t, readme, "### Constants")) {
		for _, n := range r.names {
			if _, ok := lib.Const(n); !ok {
				t.Errorf("README.md lists the constant %s, which is not registered", n)
			}
		}
	}
}

// TestReadmeCommands checks the commands README.md promises: its one test command is the one
// .ci/run runs, it runs an example on the sandbox, and it lists every example, which exist.
func TestReadmeCommands(t *testing.T) {
	readme := readREADME(t)
	n := 0
	for _, l := range strings.Split(readme, "\n") {
		if strings.HasPrefix(l, "go vet") || strings.HasPrefix(l, "go test") {
			if l != readmeTestCommand {
				t.Errorf("README.md: a second test command %q; keep one: %s", l, readmeTestCommand)
			}
			n++
		}
	}
	if n == 0 {
		t.Errorf("README.md does not give the test command %s on a line of its own", readmeTestCommand)
	}
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range strings.Split(readmeTestCommand, " && ") {
		if !regexp.MustCompile(`(?m)^[ \t]*` + regexp.QuoteMeta(part) + `( |$)`).Match(ci) {
			t.Errorf(".ci/run does not run %q, part of README.md's test command", part)
		}
	}

	if !regexp.MustCompile("(?m)^go run ./cmd/wl run --sandbox examples/[a-z_]+\\.wl$").MatchString(readme) {
		t.Error("README.md gives no command that runs an example on the sandbox")
	}
	mentioned := map[string]bool{}
	for _, m := range regexp.MustCompile(`examples/([A-Za-z0-9_]+\.wl)`).FindAllStringSubmatch(readme, -1) {
		mentioned[m[1]] = true
	}
	for name := range mentioned {
		if _, err := os.Stat(filepath.Join("../../examples", name)); err != nil {
			t.Errorf("README.md mentions examples/%s, which does not exist", name)
		}
	}
	scripts, err := filepath.Glob("../../examples/*.wl")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scripts {
		if !mentioned[filepath.Base(s)] {
			t.Errorf("examples/%s is not in README.md's list of examples", filepath.Base(s))
		}
	}
}

// TestReadmeGoldenCases runs the cases that README.md's "Testing scripts" section gives for
// users to copy (its txtar blocks): each must pass as it is, and they must show mail.json,
// seed messages and faults.
func TestReadmeGoldenCases(t *testing.T) {
	lines := readmeSection(t, readREADME(t), "## Testing scripts: `wl test`")
	var blocks []string
	var cur []string
	in := false
	for _, l := range lines {
		switch {
		case l == "```txtar":
			in, cur = true, nil
		case in && l == "```":
			in = false
			blocks = append(blocks, strings.Join(cur, "\n")+"\n")
		case in:
			cur = append(cur, l)
		}
	}
	shown := map[string]bool{}
	dir := t.TempDir()
	for i, b := range blocks {
		for _, f := range txtar.Parse([]byte(b)).Files {
			shown[strings.SplitAfter(f.Name, "/")[0]] = true
		}
		t.Run(strconv.Itoa(i+1), func(t *testing.T) {
			t.Parallel()
			p := filepath.Join(dir, strconv.Itoa(i+1)+".txtar")
			if err := os.WriteFile(p, []byte(b), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := golden.Load(p)
			if err != nil {
				t.Fatal(err)
			}
			res := (&golden.Runner{Exec: execCase}).Run(context.Background(), c)
			if !res.Passed() {
				var out bytes.Buffer
				res.Report(&out)
				t.Errorf("README.md's case %d fails:\n%s", i+1, out.String())
			}
		})
	}
	for _, want := range []string{"script.wl", "mail.json", "seed/", "faults.json", "stdout", "stderr"} {
		if !shown[want] {
			t.Errorf("README.md's cases show no %s", want)
		}
	}
}
