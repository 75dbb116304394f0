// Command proctime times whole processes: it runs each given command in turn, round after
// round, so that outside load on a shared machine falls on every command alike, and prints
// one benchstat line per run (wall time, and the child's user+system CPU time) followed by a
// summary: median, quartiles and extremes per command.
//
//	go run ./proctime -rounds 50 'wl=/tmp/wl run hello.wl' 'glua=/tmp/glua hello.lua'
//
// Each argument is name=command line (split on spaces, no quoting). A command's output is
// discarded; a run that fails stops the measurement. The first round is a warm-up and is not
// reported (it loads the binaries into the page cache).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

type command struct {
	name string
	argv []string
	wall []time.Duration
	cpu  []time.Duration
}

func main() {
	rounds := flag.Int("rounds", 30, "number of measured rounds")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: proctime [-rounds n] name=command... ")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || *rounds < 1 {
		flag.Usage()
		os.Exit(2)
	}
	cmds, err := parseCommands(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "proctime:", err)
		os.Exit(2)
	}
	for r := 0; r <= *rounds; r++ {
		for _, c := range cmds {
			wall, cpu, err := run(c.argv)
			if err != nil {
				fmt.Fprintf(os.Stderr, "proctime: %s: %v\n", c.name, err)
				os.Exit(1)
			}
			if r == 0 {
				continue
			}
			c.wall = append(c.wall, wall)
			c.cpu = append(c.cpu, cpu)
			fmt.Printf("BenchmarkProcess/%s 1 %d ns/op %d cpu-ns/op\n", c.name, wall.Nanoseconds(), cpu.Nanoseconds())
		}
	}
	fmt.Println()
	fmt.Printf("# %d rounds; wall ms: median [p25 p75] (min max); cpu ms (user+sys): median\n", *rounds)
	for _, c := range cmds {
		w, u := quartiles(c.wall), quartiles(c.cpu)
		fmt.Printf("# %-12s %7.2f [%6.2f %6.2f] (%6.2f %7.2f); cpu %6.2f\n", c.name, w[2], w[1], w[3], w[0], w[4], u[2])
	}
	if len(cmds) > 1 {
		base := quartiles(cmds[len(cmds)-1].wall)[2]
		for _, c := range cmds[:len(cmds)-1] {
			fmt.Printf("# %s / %s: %.2f\n", c.name, cmds[len(cmds)-1].name, quartiles(c.wall)[2]/base)
		}
	}
}

// parseCommands reads the name=command line arguments.
func parseCommands(args []string) ([]*command, error) {
	var cmds []*command
	for _, a := range args {
		name, line, ok := strings.Cut(a, "=")
		argv := strings.Fields(line)
		if !ok || name == "" || len(argv) == 0 {
			return nil, fmt.Errorf("%q is not name=command", a)
		}
		cmds = append(cmds, &command{name: name, argv: argv})
	}
	return cmds, nil
}

// run runs argv once and returns its wall time and its user+system CPU time.
func run(argv []string) (time.Duration, time.Duration, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return 0, 0, err
	}
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// quartiles returns min, p25, median, p75 and max of ds in milliseconds (nearest rank: of
// an even number of samples, the median is the upper middle one).
func quartiles(ds []time.Duration) [5]float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(q float64) float64 {
		return float64(s[int(q*float64(len(s)-1)+0.5)]) / 1e6
	}
	return [5]float64{at(0), at(0.25), at(0.5), at(0.75), at(1)}
}
