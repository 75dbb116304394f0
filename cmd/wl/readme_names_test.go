package main

import (
	"strings"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
)

// emailConstPrefixes and emailTypeNames pick the email constants and types of the library:
// what README.md's tables of types and constants must list in full.
var (
	emailConstPrefixes = []string{"email", "ert", "oauth2", "arch", "option"}
	emailTypeNames     = []string{"OAuth2Paramètres", "AuthToken", "Certificat"}
)

// TestReadmeListsEmailNames checks README.md's tables of types and constants the other way
// round from TestReadmeTypesAndConstants: every name of every email type and constant the
// library registers (old names included) is in the table of types, the table of constants
// or "What wl does not do", so a name added to the library cannot be left out of the README.
func TestReadmeListsEmailNames(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	readme := readREADME(t)
	listed := map[string]bool{}
	for _, section := range []string{"### Types", "### Constants", "### What wl does not do"} {
		for _, r := range readmeTable(t, readmeSection(t, readme, section)) {
			for _, n := range r.names {
				listed[lexer.Fold(n)] = true
			}
		}
	}
	isEmail := func(ns interp.NameSet) bool {
		for _, n := range ns.Names {
			f := lexer.Fold(n)
			switch ns.Kind {
			case interp.ConstName:
				for _, p := range emailConstPrefixes {
					if strings.HasPrefix(f, p) {
						return true
					}
				}
			case interp.TypeName:
				if strings.HasPrefix(f, "email") || containsFold(emailTypeNames, n) {
					return true
				}
			}
		}
		return false
	}
	checked := 0
	for _, ns := range lib.NameSets() {
		if (ns.Kind != interp.ConstName && ns.Kind != interp.TypeName) || !isEmail(ns) {
			continue
		}
		checked++
		for _, n := range ns.Names {
			if !listed[lexer.Fold(n)] {
				kind := "constant"
				if ns.Kind == interp.TypeName {
					kind = "type"
				}
				t.Errorf("the %s %s (%s) is registered but not in README.md's tables", kind, n, strings.Join(ns.Names, ", "))
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d email types and constants checked", checked)
	}
}

// TestReadmeListsEmailMembers checks that README.md's "Types" section names every property
// and method of the email types (Email, emailAttache, the session types, Certificat,
// AuthToken, OAuth2Paramètres) under each of the names the library accepts for it.
func TestReadmeListsEmailMembers(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	section := strings.Join(readmeSection(t, readREADME(t), "### Types"), "\n")
	named := map[string]bool{}
	for _, m := range backquoted.FindAllStringSubmatch(section, -1) {
		named[lexer.Fold(m[1])] = true
	}
	types := append([]string{"Email", "emailAttache", "emailSessionSMTP", "emailSessionPOP3", "emailSessionIMAP"}, emailTypeNames...)
	for _, tn := range types {
		typ := lib.Type(tn)
		if typ == nil {
			t.Fatalf("no type %s", tn)
		}
		var members [][]string
		for _, p := range typ.Props {
			members = append(members, p.Names)
		}
		for _, m := range typ.Methods {
			members = append(members, m.Names)
		}
		for _, names := range members {
			for _, n := range names {
				if !named[lexer.Fold(n)] {
					t.Errorf("%s.%s (%s) is not named in README.md's Types section", tn, n, strings.Join(names, ", "))
				}
			}
		}
	}
}
