package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/d5/tengo/v2"
	"github.com/d5/tengo/v2/stdlib"
	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// workloadDir holds the workloads, beside the repository.
const workloadDir = "../../shared/perf-workloads"

// workload is one program in the three languages; an empty source means the language has no
// version of it (wl has no separate builder idiom: its += is amortised).
type workload struct {
	name            string
	wl, lua, tengo  string
	want            string
	includesStartup bool
}

func load(t testing.TB, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(workloadDir, rel))
	if err != nil {
		t.Skipf("workloads not available: %v", err)
	}
	return wlex.Decode(b)
}

func workloads(t testing.TB) []workload {
	// fib30 changes the argument of the last call fib(27) (the comments mention it first).
	fib30 := func(s, old string) string {
		i := strings.LastIndex(s, "fib("+old+")")
		if i < 0 {
			return s
		}
		return s[:i] + "fib(30)" + s[i+len("fib("+old+")"):]
	}
	return []workload{
		{name: "Fib27", wl: load(t, "wl/fib.wl"), lua: load(t, "gopher-lua/fib.lua"), tengo: load(t, "tengo/fib.tengo"), want: "196418"},
		{name: "Fib30", wl: fib30(load(t, "wl/fib.wl"), "27"), lua: fib30(load(t, "gopher-lua/fib.lua"), "27"),
			tengo: fib30(load(t, "tengo/fib.tengo"), "27"), want: "832040"},
		{name: "SumLoop", wl: load(t, "wl/sumloop.wl"), lua: load(t, "gopher-lua/sumloop.lua"), tengo: load(t, "tengo/sumloop.tengo"), want: "50000005000000"},
		{name: "Calls", wl: load(t, "wl/calls.wl"), lua: load(t, "gopher-lua/calls.lua"), tengo: load(t, "tengo/calls.tengo"), want: "500000500000"},
		{name: "StrCat20k", wl: load(t, "wl/strcat20k.wl"), lua: load(t, "gopher-lua/strcat20k.lua"), tengo: load(t, "tengo/strcat20k.tengo"), want: "200000"},
		{name: "StrCat40k", wl: load(t, "wl/strcat40k.wl"), lua: load(t, "gopher-lua/strcat40k.lua"), tengo: load(t, "tengo/strcat40k.tengo"), want: "400000"},
		{name: "StrCat200k", wl: load(t, "wl/strcat.wl"), want: "2000000"},
		{name: "StrBuild200k", lua: load(t, "gopher-lua/strbuild.lua"), tengo: load(t, "tengo/strbuild.tengo"), want: "2000000"},
		{name: "Startup", wl: load(t, "wl/startup.wl"), lua: load(t, "gopher-lua/startup.lua"), tengo: load(t, "tengo/startup.tengo"), want: "42935", includesStartup: true},
	}
}

// runner runs a prepared program once and returns its result as text.
type runner func() (string, error)

// Each prepare function does the work done once (parse, compile); the runner does what a
// benchmark iteration measures. For start-up workloads the runner does everything.

func prepareWL(src string, startup bool) (runner, error) {
	p, err := parser.New()
	if err != nil {
		return nil, err
	}
	lib, err := builtins.New()
	if err != nil {
		return nil, err
	}
	compile := func() (*interp.Program, error) {
		f, err := p.Parse("w.wl", src)
		if err != nil {
			return nil, err
		}
		prog, _, err := interp.Compile(lib, f)
		return prog, err
	}
	var out bytes.Buffer
	run := func(prog *interp.Program) (string, error) {
		out.Reset()
		err := prog.Run(interp.Options{Stdout: &out})
		return strings.TrimSpace(out.String()), err
	}
	if startup {
		return func() (string, error) {
			prog, err := compile()
			if err != nil {
				return "", err
			}
			return run(prog)
		}, nil
	}
	prog, err := compile()
	if err != nil {
		return nil, err
	}
	return func() (string, error) { return run(prog) }, nil
}

func prepareLua(src string, startup bool) (runner, error) {
	compile := func() (*lua.FunctionProto, error) {
		chunk, err := parse.Parse(strings.NewReader(src), "w.lua")
		if err != nil {
			return nil, err
		}
		return lua.Compile(chunk, "w.lua")
	}
	run := func(proto *lua.FunctionProto) (string, error) {
		L := lua.NewState()
		defer L.Close()
		L.Push(L.NewFunctionFromProto(proto))
		if err := L.PCall(0, lua.MultRet, nil); err != nil {
			return "", err
		}
		return L.GetGlobal("result").String(), nil
	}
	if startup {
		return func() (string, error) {
			proto, err := compile()
			if err != nil {
				return "", err
			}
			return run(proto)
		}, nil
	}
	proto, err := compile()
	if err != nil {
		return nil, err
	}
	return func() (string, error) { return run(proto) }, nil
}

func prepareTengo(src string, startup bool) (runner, error) {
	compile := func() (*tengo.Compiled, error) {
		s := tengo.NewScript([]byte(src))
		s.SetImports(stdlib.GetModuleMap("text"))
		return s.Compile()
	}
	run := func(c *tengo.Compiled) (string, error) {
		if err := c.Run(); err != nil {
			return "", err
		}
		return fmt.Sprint(c.Get("result").Value()), nil
	}
	if startup {
		return func() (string, error) {
			c, err := compile()
			if err != nil {
				return "", err
			}
			return run(c)
		}, nil
	}
	c, err := compile()
	if err != nil {
		return nil, err
	}
	return func() (string, error) { return run(c.Clone()) }, nil
}

type engine struct {
	name    string
	src     func(workload) string
	prepare func(string, bool) (runner, error)
}

var engines = []engine{
	{"wl", func(w workload) string { return w.wl }, prepareWL},
	{"gopher-lua", func(w workload) string { return w.lua }, prepareLua},
	{"tengo", func(w workload) string { return w.tengo }, prepareTengo},
}

// TestWorkloads runs every engine once on every workload and checks the results.
func TestWorkloads(t *testing.T) {
	for _, w := range workloads(t) {
		for _, e := range engines {
			src := e.src(w)
			if src == "" || (testing.Short() && strings.HasPrefix(w.name, "StrCat4")) {
				continue
			}
			t.Run(w.name+"/"+e.name, func(t *testing.T) {
				run, err := e.prepare(src, w.includesStartup)
				if err != nil {
					t.Fatal(err)
				}
				got, err := run()
				if err != nil || got != w.want {
					t.Fatalf("result %q, %v; want %q", got, err, w.want)
				}
			})
		}
	}
}

// BenchmarkWorkloads gives, per workload, one sub-benchmark per engine.
func BenchmarkWorkloads(b *testing.B) {
	for _, w := range workloads(b) {
		b.Run(w.name, func(b *testing.B) {
			for _, e := range engines {
				src := e.src(w)
				if src == "" {
					continue
				}
				b.Run(e.name, func(b *testing.B) {
					run, err := e.prepare(src, w.includesStartup)
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
		})
	}
}
