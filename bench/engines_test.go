package bench

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/d5/tengo/v2"
	"github.com/d5/tengo/v2/stdlib"
	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// slow also runs gopher-lua and tengo on the 200,000 naive appends, which are quadratic in
// both and take tens of seconds per run: go test -bench StrCat200k -args -slow.
var slow = flag.Bool("slow", false, "also run the quadratic 200,000 appends of gopher-lua and tengo")

// workloadDir holds the shared workloads: wl/, gopher-lua/ and tengo/, beside the repository.
const workloadDir = "../../shared/perf-workloads"

// localDir holds the workloads of this module (wl/ and gopher-lua/): structure members,
// class methods and JSON, which the shared set does not have.
const localDir = "workloads"

// A workload is one program in each language, read from workloadDir. An empty file name means
// the language has no version of it: wl has no builder idiom apart from its amortised +=.
type workload struct {
	name            string
	wl, lua, tengo  string // file names under workloadDir
	edit            func(src string) (string, error)
	want            string
	includesStartup bool // engines are created in each iteration
	quadratic       bool // gopher-lua and tengo need -slow (benchmarks) or are left out (tests)
	local           bool // the files are under localDir, not workloadDir
}

var workloads = []workload{
	{name: "Fib27", wl: "wl/fib.wl", lua: "gopher-lua/fib.lua", tengo: "tengo/fib.tengo", want: "196418"},
	{name: "Fib30", wl: "wl/fib.wl", lua: "gopher-lua/fib.lua", tengo: "tengo/fib.tengo", want: "832040",
		edit: func(src string) (string, error) { return replaceLast(src, "fib(27)", "fib(30)") }},
	{name: "SumLoop", wl: "wl/sumloop.wl", lua: "gopher-lua/sumloop.lua", tengo: "tengo/sumloop.tengo", want: "50000005000000"},
	{name: "Calls", wl: "wl/calls.wl", lua: "gopher-lua/calls.lua", tengo: "tengo/calls.tengo", want: "500000500000"},
	{name: "StrCat20k", wl: "wl/strcat20k.wl", lua: "gopher-lua/strcat20k.lua", tengo: "tengo/strcat20k.tengo", want: "200000"},
	{name: "StrCat40k", wl: "wl/strcat40k.wl", lua: "gopher-lua/strcat40k.lua", tengo: "tengo/strcat40k.tengo", want: "400000"},
	{name: "StrCat200k", wl: "wl/strcat.wl", lua: "gopher-lua/strcat.lua", tengo: "tengo/strcat.tengo", want: "2000000", quadratic: true},
	// wl's builder idiom is its amortised +=: the same program as StrCat200k.
	{name: "StrBuild200k", wl: "wl/strcat.wl", lua: "gopher-lua/strbuild.lua", tengo: "tengo/strbuild.tengo", want: "2000000"},
	{name: "Startup", wl: "wl/startup.wl", lua: "gopher-lua/startup.lua", tengo: "tengo/startup.tengo", want: "42935", includesStartup: true},
	// Everyday library work (no Tengo versions): walking a text line by line, sorting,
	// formatting dates. Scan is the POUR TOUTE CHAÎNE walk the other two are compared with.
	{name: "Scan", wl: "wl/scan.wl", lua: "gopher-lua/scan.lua", want: scanWant},
	{name: "ScanNext", wl: "wl/scannext.wl", lua: "gopher-lua/scannext.lua", want: scanWant},
	{name: "ScanRank", wl: "wl/scanrank.wl", lua: "gopher-lua/scanrank.lua", want: scanWant},
	{name: "SortNum", wl: "wl/sortnum.wl", lua: "gopher-lua/sortnum.lua", want: "7813, 1070456354, 2147478775"},
	{name: "SortStr", wl: "wl/sortstr.wl", lua: "gopher-lua/sortstr.lua", want: "Sujet 1000007551, Sujet 999989343"},
	{name: "DateFmt", wl: "wl/datefmt.wl", lua: "gopher-lua/datefmt.lua", want: "1000000, 15/10/2273"},
	{name: "Assoc", wl: "wl/assoc.wl", lua: "gopher-lua/assoc.lua", want: "100000, 5000050000"},
	// Structures and classes (issue 12) against a table's fields and a metatable's methods,
	// and JSON (wl's VariantVersJSON against an encoder written in Lua: gopher-lua has none).
	{name: "Members", wl: "wl/members.wl", lua: "gopher-lua/members.lua", want: "500000500000", local: true},
	{name: "Methods", wl: "wl/methods.wl", lua: "gopher-lua/methods.lua", want: "500000500000", local: true},
	{name: "JSON", wl: "wl/json.wl", lua: "gopher-lua/json.lua", want: "1000577", local: true},
}

// everyday are the workloads of the everyday-work table of BENCHMARKS.md, which
// BenchmarkRatio measures: wl and gopher-lua, each with its own idiom.
var everyday = []string{"StrBuild200k", "Scan", "ScanNext", "ScanRank", "Assoc", "SortNum", "SortStr", "DateFmt",
	"Calls", "Members", "Methods", "JSON"}

// language are the language workloads BenchmarkRatio also measures (Calls is in everyday).
var language = []string{"Fib27", "SumLoop", "StrCat20k"}

// scanWant is the result of the three text walks: the sum of the positions of "@", the
// number of URGENT lines and the total length after the replacements.
const scanWant = "257788, 1428, 586678"

// replaceLast replaces the last old in src: the code, after the comments that mention it.
func replaceLast(src, old, new string) (string, error) {
	i := strings.LastIndex(src, old)
	if i < 0 {
		return "", fmt.Errorf("%q not found in the workload", old)
	}
	return src[:i] + new + src[i+len(old):], nil
}

// source reads the workload's file for one engine; ok is false when there is none.
func (w workload) source(tb testing.TB, file string) (src string, ok bool) {
	tb.Helper()
	if file == "" {
		return "", false
	}
	dir := workloadDir
	if w.local {
		dir = localDir
	}
	b, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		tb.Skipf("shared workloads not available: %v", err)
	}
	src = wlex.Decode(b)
	if w.edit != nil {
		if src, err = w.edit(src); err != nil {
			tb.Fatal(err)
		}
	}
	return src, true
}

// A runner runs the program once and returns its result: what wl printed, the global
// result for gopher-lua and tengo.
type runner func() (string, error)

// An engine prepares a source in one of two ways. prepare does the once-only work outside
// the timed loop (create the interpreter, parse, compile) and returns a runner that only
// runs. cold returns a runner that does everything each time, for start-up workloads.
type engine struct {
	name    string
	file    func(workload) string
	prepare func(src string) (runner, error)
	cold    func(src string) runner
}

var engines = []engine{
	{"wl", func(w workload) string { return w.wl }, prepareWL, coldWL},
	{"gopher-lua", func(w workload) string { return w.lua }, prepareLua, coldLua},
	{"tengo", func(w workload) string { return w.tengo }, prepareTengo, coldTengo},
}

// wlReuse is the start-up variant of wl that reuses the parser and the library, as an
// embedding host running many scripts does; it appears as Startup/wl-reuse.
var wlReuse = engine{"wl-reuse", func(w workload) string { return w.wl }, prepareWL, warmWL}

func compileWL(p *parser.Parser, lib *interp.Library, src string) (*interp.Program, error) {
	f, err := p.Parse("workload.wl", src)
	if err != nil {
		return nil, err
	}
	prog, _, err := interp.Compile(lib, f)
	return prog, err
}

func runWL(prog *interp.Program, out *bytes.Buffer) (string, error) {
	out.Reset()
	err := prog.Run(interp.Options{Stdout: out})
	return strings.TrimSpace(out.String()), err
}

func prepareWL(src string) (runner, error) {
	p, err := parser.New()
	if err != nil {
		return nil, err
	}
	lib, err := builtins.New()
	if err != nil {
		return nil, err
	}
	prog, err := compileWL(p, lib, src)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	return func() (string, error) { return runWL(prog, &out) }, nil
}

// coldWL builds the parser and the library each time, as each run of the wl command does.
func coldWL(src string) runner {
	var out bytes.Buffer
	return func() (string, error) {
		p, err := parser.New()
		if err != nil {
			return "", err
		}
		lib, err := builtins.New()
		if err != nil {
			return "", err
		}
		prog, err := compileWL(p, lib, src)
		if err != nil {
			return "", err
		}
		return runWL(prog, &out)
	}
}

// warmWL parses, compiles and runs each time with a parser and a library built once.
func warmWL(src string) runner {
	var out bytes.Buffer
	p, perr := parser.New()
	lib, lerr := builtins.New()
	return func() (string, error) {
		if perr != nil || lerr != nil {
			return "", fmt.Errorf("%v %v", perr, lerr)
		}
		prog, err := compileWL(p, lib, src)
		if err != nil {
			return "", err
		}
		return runWL(prog, &out)
	}
}

func compileLua(src string) (*lua.FunctionProto, error) {
	chunk, err := parse.Parse(strings.NewReader(src), "workload.lua")
	if err != nil {
		return nil, err
	}
	return lua.Compile(chunk, "workload.lua")
}

func runLua(L *lua.LState, proto *lua.FunctionProto) (string, error) {
	L.SetGlobal("result", lua.LNil)
	L.Push(L.NewFunctionFromProto(proto))
	err := L.PCall(0, 0, nil)
	L.SetTop(0)
	return L.GetGlobal("result").String(), err
}

// prepareLua creates one Lua state (with the standard libraries) and compiles once; each run
// calls the compiled chunk in that state.
func prepareLua(src string) (runner, error) {
	proto, err := compileLua(src)
	if err != nil {
		return nil, err
	}
	L := lua.NewState()
	return func() (string, error) { return runLua(L, proto) }, nil
}

func coldLua(src string) runner {
	return func() (string, error) {
		L := lua.NewState()
		defer L.Close()
		proto, err := compileLua(src)
		if err != nil {
			return "", err
		}
		return runLua(L, proto)
	}
}

func compileTengo(src string) (*tengo.Compiled, error) {
	s := tengo.NewScript([]byte(src))
	s.SetImports(stdlib.GetModuleMap("text"))
	return s.Compile()
}

func runTengo(c *tengo.Compiled) (string, error) {
	if err := c.Run(); err != nil {
		return "", err
	}
	return fmt.Sprint(c.Get("result").Value()), nil
}

// prepareTengo compiles once; each run starts a VM on the compiled bytecode.
func prepareTengo(src string) (runner, error) {
	c, err := compileTengo(src)
	if err != nil {
		return nil, err
	}
	return func() (string, error) { return runTengo(c) }, nil
}

func coldTengo(src string) runner {
	return func() (string, error) {
		c, err := compileTengo(src)
		if err != nil {
			return "", err
		}
		return runTengo(c)
	}
}

// runnerFor returns the runner of e for w: cold for start-up workloads, prepared otherwise.
func runnerFor(e engine, w workload, src string) (runner, error) {
	if w.includesStartup {
		return e.cold(src), nil
	}
	return e.prepare(src)
}

func enginesFor(w workload) []engine {
	if w.includesStartup {
		return []engine{engines[0], wlReuse, engines[1], engines[2]}
	}
	return engines
}

// TestWorkloads runs every engine once on every workload and checks the results. gopher-lua
// and tengo are left out of the quadratic appends beyond 20,000 (seconds each).
func TestWorkloads(t *testing.T) {
	for _, w := range workloads {
		t.Run(w.name, func(t *testing.T) {
			for _, e := range enginesFor(w) {
				src, ok := w.source(t, e.file(w))
				if !ok || (e.name != "wl" && (w.quadratic || w.name == "StrCat40k")) {
					continue
				}
				t.Run(e.name, func(t *testing.T) {
					run, err := runnerFor(e, w, src)
					if err != nil {
						t.Fatal(err)
					}
					if got, err := run(); err != nil || got != w.want {
						t.Fatalf("result %q, %v; want %q", got, err, w.want)
					}
				})
			}
		})
	}
}

// benchWorkload runs the named workload with one sub-benchmark per engine.
func benchWorkload(b *testing.B, name string) {
	w := workloadNamed(b, name)
	for _, e := range enginesFor(w) {
		src, ok := w.source(b, e.file(w))
		if !ok {
			continue
		}
		b.Run(e.name, func(b *testing.B) {
			if w.quadratic && e.name != "wl" && !*slow {
				b.Skip("quadratic appends take tens of seconds per run; pass -args -slow")
			}
			run, err := runnerFor(e, w, src)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var got string
			for b.Loop() {
				if got, err = run(); err != nil {
					b.Fatal(err)
				}
			}
			if got != w.want {
				b.Fatalf("result %q, want %q", got, w.want)
			}
		})
	}
}

// workloadNamed returns the workload called name.
func workloadNamed(tb testing.TB, name string) workload {
	tb.Helper()
	for _, w := range workloads {
		if w.name == name {
			return w
		}
	}
	tb.Fatalf("no workload %s", name)
	return workload{}
}

// BenchmarkFib27 is recursive fib(27), the shared workload as written.
func BenchmarkFib27(b *testing.B) { benchWorkload(b, "Fib27") }

// BenchmarkFib30 is recursive fib(30): the shared fib workload with its argument changed.
func BenchmarkFib30(b *testing.B) { benchWorkload(b, "Fib30") }

// BenchmarkSumLoop adds 1..10,000,000 in a loop.
func BenchmarkSumLoop(b *testing.B) { benchWorkload(b, "SumLoop") }

// BenchmarkCalls calls a two-argument function 1,000,000 times.
func BenchmarkCalls(b *testing.B) { benchWorkload(b, "Calls") }

// BenchmarkStrCat20k appends a 10-character string 20,000 times with s += x (s = s .. x).
func BenchmarkStrCat20k(b *testing.B) { benchWorkload(b, "StrCat20k") }

// BenchmarkStrCat40k appends 40,000 times.
func BenchmarkStrCat40k(b *testing.B) { benchWorkload(b, "StrCat40k") }

// BenchmarkStrCat200k appends 200,000 times (gopher-lua and tengo only with -slow).
func BenchmarkStrCat200k(b *testing.B) { benchWorkload(b, "StrCat200k") }

// BenchmarkStrBuild200k builds the same string with each language's builder idiom
// (table.concat, text.join); wl has none beyond its amortised +=.
func BenchmarkStrBuild200k(b *testing.B) { benchWorkload(b, "StrBuild200k") }

// BenchmarkStartup creates the interpreter, parses, compiles and runs a 20-line script in
// each iteration; wl-reuse keeps the parser and the library across iterations.
func BenchmarkStartup(b *testing.B) { benchWorkload(b, "Startup") }

// BenchmarkScan walks a 10,000-line text with POUR TOUTE CHAÎNE (gmatch in Lua).
func BenchmarkScan(b *testing.B) { benchWorkload(b, "Scan") }

// BenchmarkScanNext walks the same text with ExtraitChaîne(t, rangPremier/rangSuivant, RC).
func BenchmarkScanNext(b *testing.B) { benchWorkload(b, "ScanNext") }

// BenchmarkScanRank walks the same text with ExtraitChaîne(t, n, RC) for n = 1, 2...
func BenchmarkScanRank(b *testing.B) { benchWorkload(b, "ScanRank") }

// BenchmarkSortNum sorts 100,000 pseudo-random integers (TableauTrie, table.sort).
func BenchmarkSortNum(b *testing.B) { benchWorkload(b, "SortNum") }

// BenchmarkSortStr sorts 100,000 strings with a comparison procedure (ttFonction).
func BenchmarkSortStr(b *testing.B) { benchWorkload(b, "SortStr") }

// BenchmarkDateFmt formats 100,000 dates with the mask JJ/MM/AAAA (os.date in Lua).
func BenchmarkDateFmt(b *testing.B) { benchWorkload(b, "DateFmt") }

// BenchmarkAssoc inserts 100,000 string keys in an associative array, then reads each.
func BenchmarkAssoc(b *testing.B) { benchWorkload(b, "Assoc") }

// BenchmarkMembers reads and writes two members of a structure (a table's fields in Lua)
// 1,000,000 times.
func BenchmarkMembers(b *testing.B) { benchWorkload(b, "Members") }

// BenchmarkMethods calls a class's method that updates a member 1,000,000 times (a
// metatable method in Lua).
func BenchmarkMethods(b *testing.B) { benchWorkload(b, "Methods") }

// BenchmarkJSON builds 10,000 records and writes them as JSON (VariantVersJSON; an encoder in
// Lua code for gopher-lua).
func BenchmarkJSON(b *testing.B) { benchWorkload(b, "JSON") }

// BenchmarkRatio runs wl and gopher-lua in turn in each iteration of each everyday workload
// and of fib, the sum loop and the 20,000 appends, the order alternating, and reports wl's
// summed time divided by gopher-lua's as wl/gopher-lua: on a machine shared with other work,
// a burst of load then falls on both engines instead of on one.
func BenchmarkRatio(b *testing.B) {
	for _, name := range append(language, everyday...) {
		w := workloadNamed(b, name)
		b.Run(name, func(b *testing.B) {
			var runs [2]runner
			for i, e := range engines[:2] {
				src, ok := w.source(b, e.file(w))
				if !ok {
					b.Fatalf("%s has no %s version", name, e.name)
				}
				run, err := e.prepare(src)
				if err != nil {
					b.Fatal(err)
				}
				runs[i] = run
			}
			var spent [2]time.Duration
			for i := 0; b.Loop(); i++ {
				for k := range 2 {
					e := (i + k) % 2
					start := time.Now()
					got, err := runs[e]()
					spent[e] += time.Since(start)
					if err != nil || got != w.want {
						b.Fatalf("%s: result %q, %v; want %q", engines[e].name, got, err, w.want)
					}
				}
			}
			b.ReportMetric(float64(spent[0])/float64(spent[1]), "wl/gopher-lua")
			b.ReportMetric(float64(spent[0].Nanoseconds())/float64(b.N), "wl-ns/op")
			b.ReportMetric(float64(spent[1].Nanoseconds())/float64(b.N), "gopher-lua-ns/op")
		})
	}
}
