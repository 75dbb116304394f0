package parser

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// ReadFileFunc reads a source file by name (os.ReadFile, or an fs.FS's ReadFile).
type ReadFileFunc func(name string) ([]byte, error)

// Load reads, decodes and parses the file name, then the files its EXTERN statements
// include (paths relative to the including file, Windows backslashes accepted), filling
// each ExternStmt's Included field. An inclusion cycle is an error.
func (p *Parser) Load(read ReadFileFunc, name string) (*File, error) {
	return p.load(read, name, map[string]bool{})
}

func (p *Parser) load(read ReadFileFunc, name string, active map[string]bool) (*File, error) {
	src, err := read(name)
	if err != nil {
		return nil, err
	}
	f, err := p.Parse(name, wlex.Decode(src))
	if err != nil {
		return nil, err
	}
	active[name] = true
	defer delete(active, name)
	var ferr error
	VisitExterns(f, func(x *ExternStmt) {
		if ferr != nil {
			return
		}
		target := resolveInclude(name, x.Path)
		if active[target] {
			ferr = &Error{Pos: x.Pos, Msg: fmt.Sprintf("EXTERN %q includes itself", x.Path)}
			return
		}
		inc, err := p.load(read, target, active)
		if err != nil {
			if _, ok := err.(*Error); ok {
				ferr = err
			} else {
				ferr = &Error{Pos: x.Pos, Msg: fmt.Sprintf("EXTERN %q: %v", x.Path, err)}
			}
			return
		}
		x.Included = inc
	})
	if ferr != nil {
		return nil, ferr
	}
	return f, nil
}

// resolveInclude resolves an EXTERN path against the including file.
func resolveInclude(from, p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "" {
		return filepath.FromSlash(p)
	}
	return filepath.Join(filepath.Dir(from), filepath.FromSlash(p))
}

// VisitExterns calls fn for every EXTERN statement of f, in any block (not in the files
// they include).
func VisitExterns(f *File, fn func(*ExternStmt)) {
	var block func(b *Block)
	block = func(b *Block) {
		if b == nil {
			return
		}
		for _, s := range b.Stmts {
			switch s := s.(type) {
			case *ExternStmt:
				fn(s)
			case *IfStmt:
				block(s.Then)
				for _, e := range s.ElseIfs {
					block(e.Then)
				}
				block(s.Else)
				for _, st := range append(s.InlineThen, s.InlineElse...) {
					if x, ok := st.(*ExternStmt); ok {
						fn(x)
					}
				}
			case *WhileStmt:
				block(s.Body)
			case *LoopStmt:
				block(s.Body)
			case *ForStmt:
				block(s.Body)
			case *ForEachStmt:
				block(s.Body)
			case *ForEachStringStmt:
				block(s.Body)
			case *SwitchStmt:
				for _, c := range s.Cases {
					block(c.Body)
				}
			case *WhenExceptionStmt:
				block(s.Body)
				block(s.Handler)
			case *UsingStmt:
				block(s.Body)
			case *InternalProc:
				block(s.Body)
			case *CompileIf:
				block(s.Then)
				for _, e := range s.ElseIfs {
					block(e.Then)
				}
				block(s.Else)
			}
		}
	}
	block(f.Main.Block)
	for _, h := range f.Main.Handlers {
		block(h.Block)
	}
	for _, pr := range f.Procs {
		block(pr.Body.Block)
		for _, h := range pr.Body.Handlers {
			block(h.Block)
		}
	}
}

// Pos is a source position.
type Pos = lexer.Position
