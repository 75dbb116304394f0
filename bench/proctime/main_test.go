package main

import (
	"slices"
	"testing"
	"time"
)

func TestParseCommands(t *testing.T) {
	tests := []struct {
		args     []string
		wantName []string
		wantArgv [][]string
		wantErr  bool
	}{
		{args: []string{"wl=/tmp/wl run hello.wl", "glua=/tmp/glua  hello.lua"},
			wantName: []string{"wl", "glua"}, wantArgv: [][]string{{"/tmp/wl", "run", "hello.wl"}, {"/tmp/glua", "hello.lua"}}},
		{args: []string{"/tmp/wl run"}, wantErr: true},
		{args: []string{"=/tmp/wl"}, wantErr: true},
		{args: []string{"wl= "}, wantErr: true},
	}
	for _, tc := range tests {
		cmds, err := parseCommands(tc.args)
		if (err != nil) != tc.wantErr {
			t.Errorf("%q: error %v, want error %v", tc.args, err, tc.wantErr)
			continue
		}
		for i, c := range cmds {
			if c.name != tc.wantName[i] || !slices.Equal(c.argv, tc.wantArgv[i]) {
				t.Errorf("%q: command %d = %s %q, want %s %q", tc.args, i, c.name, c.argv, tc.wantName[i], tc.wantArgv[i])
			}
		}
	}
}

func TestQuartiles(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x)*time.Millisecond)
		}
		return out
	}
	tests := []struct {
		in   []time.Duration
		want [5]float64
	}{
		{ms(5), [5]float64{5, 5, 5, 5, 5}},
		{ms(9, 1, 5, 3, 7), [5]float64{1, 3, 5, 7, 9}},
		{ms(4, 1, 3, 2), [5]float64{1, 2, 3, 3, 4}},
	}
	for _, tc := range tests {
		if got := quartiles(tc.in); got != tc.want {
			t.Errorf("quartiles(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
