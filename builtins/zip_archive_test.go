package builtins

import (
	"path/filepath"
	"testing"
)

func TestStoredName(t *testing.T) {
	tests := []struct {
		p, abs    string
		keepDrive bool
		want      string
	}{
		{`C:\Mes Documents\Fichier.pdf`, "", false, "Mes Documents/Fichier.pdf"},
		{`C:\Mes Documents\Fichier.pdf`, "", true, "C:/Mes Documents/Fichier.pdf"},
		{"/home/zoé/a.txt", "/home/zoé/a.txt", false, "home/zoé/a.txt"},
		{"sous/a.txt", "/travail/sous/a.txt", false, "sous/a.txt"},
		{"sous/a.txt", "/travail/sous/a.txt", true, "travail/sous/a.txt"},
		{"./a/../../b.txt", "/b.txt", false, "a/b.txt"},
	}
	for _, tt := range tests {
		if got := storedName(tt.p, tt.abs, tt.keepDrive); got != tt.want {
			t.Errorf("storedName(%q, %v) = %q, want %q", tt.p, tt.keepDrive, got, tt.want)
		}
	}
}

func TestExtractTarget(t *testing.T) {
	tests := []struct {
		name   string
		toRoot bool
		want   string
		unsafe bool
	}{
		{"docs/a.txt", false, "/dest/docs/a.txt", false},
		{`docs\a.txt`, false, "/dest/docs/a.txt", false},
		{"/abs/a.txt", false, "/dest/abs/a.txt", false},
		{"/abs/a.txt", true, "/abs/a.txt", false},
		{"C:/abs/a.txt", true, "/abs/a.txt", false},
		{"rel/a.txt", true, "/dest/rel/a.txt", false},
		{"../evil.txt", false, "", true},
		{`a\..\..\evil.txt`, false, "", true},
		{"/", false, "", true},
	}
	for _, tt := range tests {
		got, fail := extractTarget(tt.name, "/dest", tt.toRoot)
		if (fail != nil) != tt.unsafe || got != filepath.FromSlash(tt.want) {
			t.Errorf("extractTarget(%q, %v) = %q, %v", tt.name, tt.toRoot, got, fail)
		}
	}
}
