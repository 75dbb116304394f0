package main

import (
	"bytes"
	"context"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wl-lang/wl/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the expected output of golden cases (review the diff!)")

// TestGolden runs every golden case of testdata/ through the runner of `wl test`, one
// subtest per case (go test -run TestGolden/lang/...).
func TestGolden(t *testing.T) {
	runGoldenDir(t, "../../testdata", nil)
}

// runGoldenDir runs the cases below dir as parallel subtests named by their path inside dir,
// without .txtar. check, when set, wraps each run (to look at the case's folders after it).
func runGoldenDir(t *testing.T, dir string, check func(t *testing.T, inv *golden.Invocation, exit int)) {
	paths, err := golden.Find([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.ToSlash(rel), ".txtar"), func(t *testing.T) {
			t.Parallel()
			c, err := golden.Load(p)
			if err != nil {
				t.Fatal(err)
			}
			r := &golden.Runner{Exec: execCase, Update: *update, Sections: []*golden.Section{httpSection()}}
			if check != nil {
				r.Exec = func(ctx context.Context, inv *golden.Invocation) int {
					exit := execCase(ctx, inv)
					check(t, inv, exit)
					return exit
				}
			}
			res := r.Run(context.Background(), c)
			if len(res.Updated) > 0 {
				t.Logf("updated %v", res.Updated)
			}
			if !res.Passed() {
				var b bytes.Buffer
				res.Report(&b)
				t.Error(b.String())
			}
		})
	}
}
