package builtins_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

// run compiles src with the whole library and runs it with opts; it returns standard output.
func run(t *testing.T, src string, opts interp.Options) string {
	t.Helper()
	p, err := parser.New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.Parse("t.wl", src)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	prog, _, err := interp.CompileWith(lib, interp.CompileOptions{}, f)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	opts.Stdout, opts.Stderr = &stdout, &stderr
	if err := prog.Run(opts); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

func TestCommandLine(t *testing.T) {
	got := run(t, `
Trace(LigneCommande())
Trace(LigneCommande(1), LigneCommande(2), "[" + LigneCommande(4) + "]", "[" + LigneCommande(0) + "]")
Trace(LigneCommande("mode"), CommandLine("VERBEUX"), "[" + LigneCommande("absent") + "]", "[" + LigneCommande("un") + "]")
`, interp.Options{Args: []string{"un", "deux trois", "/mode=rapide", "-verbeux=oui"}})
	want := `un "deux trois" /mode=rapide -verbeux=oui
un, deux trois, [-verbeux=oui], []
rapide, oui, [], []
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestUTF8ToStringReadsWindows1252(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "latin1.bin"), []byte("caf\xe9 \x80"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := run(t, `
b est un buffer = fChargeBuffer("latin1.bin")
Trace(Taille(b), UTF8VersChaîne(b), Taille(UTF8VersChaîne(b)))
`, interp.Options{Dir: dir})
	if want := "6, café €, 6\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestClock(t *testing.T) {
	src := `Trace(DateSys(), HeureSys())`
	fixed := func() time.Time { return time.Date(2030, 1, 2, 3, 4, 5, 60_000_000, time.UTC) }
	got := run(t, src, interp.Options{Extensions: map[any]any{builtins.NowKey{}: fixed}})
	if want := "20300102, 03040506\n"; got != want {
		t.Errorf("NowKey: got %q, want %q", got, want)
	}
	t.Setenv("WL_FAKE_NOW", "2031-05-06T07:08:09Z")
	if got, want := run(t, src, interp.Options{}), "20310506, 07080900\n"; got != want {
		t.Errorf("WL_FAKE_NOW: got %q, want %q", got, want)
	}
	t.Setenv("WL_FAKE_NOW", "2031-05-06T07:08:09")
	if got, want := run(t, src, interp.Options{}), "20310506, 07080900\n"; got != want {
		t.Errorf("WL_FAKE_NOW in local time: got %q, want %q", got, want)
	}
	// The extension wins over the environment.
	if got, want := run(t, src, interp.Options{Extensions: map[any]any{builtins.NowKey{}: fixed}}), "20300102, 03040506\n"; got != want {
		t.Errorf("NowKey and WL_FAKE_NOW: got %q, want %q", got, want)
	}
}

func TestExeDir(t *testing.T) {
	dir := t.TempDir()
	got := run(t, `Trace(fRepExe(), fRepDonnées())`, interp.Options{Dir: dir, Extensions: map[any]any{builtins.ExeDirKey{}: "/scripts"}})
	if want := "/scripts, /scripts\n"; got != want {
		t.Errorf("with ExeDirKey: got %q, want %q", got, want)
	}
	got = run(t, `Trace(fRepExe())`, interp.Options{Dir: dir})
	if want := dir + "\n"; got != want {
		t.Errorf("without ExeDirKey: got %q, want %q", got, want)
	}
}

// TestRunsDoNotShareState checks that ExtraitChaîne's walk and fOuvre's handles belong to
// one run: two runs of the same program see their own.
func TestRunsDoNotShareState(t *testing.T) {
	dir := t.TempDir()
	src := `
Trace(ExtraitChaîne("a,b", rangSuivant, ","), fOuvre("f.txt", foCréation))
`
	for i := 0; i < 2; i++ {
		if got, want := run(t, src, interp.Options{Dir: dir}), "a, 1\n"; got != want {
			t.Errorf("run %d: got %q, want %q", i+1, got, want)
		}
	}
}

// TestUnavailableNames checks that every function known by name only reports its own name.
func TestUnavailableNames(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range lib.FuncNames() {
		b := lib.Func(name)
		if b.Unavailable == "" {
			continue
		}
		if len(b.Names) > 2 {
			t.Errorf("%v: an unavailable builtin should hold one function (French and English names)", b.Names)
		}
		if strings.TrimSpace(b.Unavailable) == "" {
			t.Errorf("%v: empty reason", b.Names)
		}
	}
}
