package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// iniSample is a published sample that reads or writes INI files, run with a prelude that
// supplies what the excerpt takes from the rest of its project, the INI files of
// testdata/ini-samples, and lines appended after the sample's own that print what it did.
type iniSample struct {
	file    string
	prelude string   // in testdata/ini-samples
	inis    []string // copied from testdata/ini-samples into the run's directory
	// after is appended to the sample: Trace lines (and, for an excerpt that stops inside a
	// block, the END its note says is missing).
	after  string
	stdout string
	// files the run must leave, with their exact bytes.
	files map[string]string
}

var iniSamples = []iniSample{
	{file: "071-gh-wda-switch-one-line-cases-semicolon.wl", prelude: "071.prelude.wl", inis: []string{"titula.ini"},
		after:  "Trace(ATT_mascara[ggnX])",
		stdout: "LOOP_titula, Nombre del titular (año) | Abc\n2\n"},
	{file: "072-gh-wda-string-to-array-return.wl", prelude: "072.prelude.wl",
		after:  `Trace(ArrayCount(pArreglo), INIRead("S2A", "Delimitador", "", ggsIni), INIRead("S2A", "Campos", "", ggsIni), "[" + ggsLog + "]")`,
		stdout: "3, ;, 3, []\n",
		files:  map[string]string{"wda.ini": "[S2A]\r\nDelimitador=;\r\nCampos=3\r\n"}},
	{file: "078-gh-wda-global-declarations.wl", prelude: "078.prelude.wl", inis: []string{"wDA.INI"},
		after:  "END\r\n" + `Trace(ggsDB_WS_SP4L, fExtractPath(ggsIni, fFileName + fExtension), fDirExist("LOG"), fDirExist("SAVE"), fDirExist(ggsSAVE))`,
		stdout: "SP4L_local, wDA.INI, 1, 1, 1\n"},
	{file: "090-doc-while-inifile.wl", prelude: "090.prelude.wl", inis: []string{"examples.ini"},
		after:  `Trace(nb, ExplName, "[" + Keyword + "]", Replace(MyList, CR, ","))`,
		stdout: "3, WDMail, [], WD1,WD2,WD3,\n"},
}

// TestINISamples runs the published samples that use INILit / INIEcrit through the code path
// of `wl run`, each followed by the lines of iniSample.after.
func TestINISamples(t *testing.T) {
	dir := filepath.Join(sharedDir, "wl-docs", "samples")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/wl-docs/samples is not present")
	}
	for _, s := range iniSamples {
		t.Run(strings.TrimSuffix(s.file, ".wl"), func(t *testing.T) {
			work := t.TempDir()
			src, err := os.ReadFile(filepath.Join(dir, s.file))
			if err != nil {
				t.Fatal(err)
			}
			script := filepath.Join(work, "sample.wl")
			if err := os.WriteFile(script, append(append(src, "\r\n"...), s.after+"\r\n"...), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, name := range s.inis {
				b, err := os.ReadFile(filepath.Join("testdata", "ini-samples", name))
				if err == nil {
					err = os.WriteFile(filepath.Join(work, name), b, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			prelude, _ := filepath.Abs(filepath.Join("testdata", "ini-samples", s.prelude))
			var stdout, stderr bytes.Buffer
			cfg, err := parseRunFlags([]string{"-I", prelude, script}, &stderr)
			if err != nil {
				t.Fatal(err)
			}
			cfg.dir = work
			if code := runScript(context.Background(), cfg, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
			}
			if stdout.String() != s.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), s.stdout)
			}
			for name, want := range s.files {
				got, err := os.ReadFile(filepath.Join(work, name))
				if err != nil || string(got) != want {
					t.Errorf("%s: %q, %v; want %q", name, got, err, want)
				}
			}
		})
	}
}
