package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir is where the project's shared documents live beside the repository.
const sharedDir = "../../../shared"

// brokenSamples are the published samples that do not compile as printed, with the reason
// their `// note:` line gives; wl check must reject them (with a file:line:col error).
var brokenSamples = map[string]string{
	"009-emailbuildsource-variable.wl":              "excerpt: the END lines are not in the stored copy",
	"013-emailstartimapsession-fragment.wl":         "lossy copy: ELSE and END lines are missing",
	"055-emailsend-structure-source-mixte.wl":       "unbalanced END as published",
	"064-noyer-gestion-erreurs-non-fatales.wl":      "'<condition>' is a placeholder, not code",
	"078-gh-wda-global-declarations.wl":             "lines 26-75 of a file: an IF opened before is closed after the excerpt",
	"094-gh-letexto-rest-post-chaine-multiligne.wl": "the URL line misses its opening quote as published",
}

// TestSamplesCheck runs `wl check` on every published sample: each parses, except the
// broken ones listed above, which fail with a positioned error.
func TestSamplesCheck(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir, "wl-docs", "samples", "*.wl"))
	if len(files) == 0 {
		t.Skip("../shared/wl-docs/samples is not present")
	}
	parsed := 0
	for _, f := range files {
		base := filepath.Base(f)
		var stdout, stderr bytes.Buffer
		code := Main([]string{"check", f}, nil, &stdout, &stderr)
		reason, broken := brokenSamples[base]
		switch {
		case broken && code != exitUsage:
			t.Errorf("%s: expected a syntax error (%s), got exit %d", base, reason, code)
		case broken && !strings.Contains(stderr.String(), base+":"):
			t.Errorf("%s: the error does not give file:line:col: %q", base, stderr.String())
		case !broken && code != exitOK:
			t.Errorf("%s: wl check failed (exit %d):\n%s", base, code, stderr.String())
		case !broken:
			parsed++
		}
	}
	for name := range brokenSamples {
		if _, err := os.Stat(filepath.Join(sharedDir, "wl-docs", "samples", name)); err != nil {
			t.Errorf("brokenSamples lists %s, which is not a sample", name)
		}
	}
	t.Logf("%d of %d samples parse; %d are broken as published", parsed, len(files), len(brokenSamples))
}
