package builtins

import (
	"mime"
	"os"
	"path/filepath"

	"github.com/wl-lang/wl/interp"
)

// emailAttach is an attachment of an Email variable (type emailAttache / emailAttach): a
// name, a content and its MIME type; Identifier is the Content-ID of an image embedded in
// the HTML body.
type emailAttach struct {
	typ         *interp.ObjectType
	name        string
	content     []byte
	contentType string
	id          string
	inline      bool
}

// ObjectType implements interp.Object.
func (a *emailAttach) ObjectType() *interp.ObjectType { return a.typ }

// Copy implements interp.Copier.
func (a *emailAttach) Copy() interp.Object {
	c := *a
	c.content = append([]byte(nil), a.content...)
	return &c
}

// String is the attachment's name, so Trace(m.Attache[1]) shows it.
func (a *emailAttach) String() string { return a.name }

func attachOf(o interp.Object) *emailAttach { return o.(*emailAttach) }

func newAttachType() *interp.ObjectType {
	t := &interp.ObjectType{Name: "emailAttache", Names: []string{"emailAttache", "emailAttach", "emailPièceJointe", "emailAttachment"}}
	t.New = func() interp.Object { return &emailAttach{typ: t} }
	str := func(names []string, f func(*emailAttach) *string) *interp.Property {
		return &interp.Property{Names: names,
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Str(*f(attachOf(o))), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				*f(attachOf(o)) = v.String()
				return nil
			},
		}
	}
	t.Props = []*interp.Property{
		str([]string{"Nom", "Name"}, func(a *emailAttach) *string { return &a.name }),
		str([]string{"Type", "TypeMIME", "ContentType", "MIMEType"}, func(a *emailAttach) *string { return &a.contentType }),
		str([]string{"Identifiant", "Identifier", "ContentID"}, func(a *emailAttach) *string { return &a.id }),
		{Names: []string{"Contenu", "Content"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Buffer(attachOf(o).content), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				attachOf(o).content = append([]byte(nil), v.BufferBytes()...)
				return nil
			}},
		{Names: []string{"Taille", "Size"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Int(int64(len(attachOf(o).content))), nil
			}},
		{Names: []string{"Intégré", "Inline", "Embedded"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Bool(attachOf(o).inline), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				attachOf(o).inline = v.AsBool()
				return nil
			}},
	}
	t.Methods = []*interp.Method{
		{Names: []string{"Sauve", "Save"}, Call: func(th *interp.Thread, o interp.Object, args []interp.Value) (interp.Value, error) {
			if len(args) != 1 {
				return interp.Null, emailArgsError("Save", 1, len(args))
			}
			return saveAttachment(th, attachOf(o), args[0].String()), nil
		}},
	}
	return t
}

// loadAttachment reads a file into a new attachment; the MIME type comes from the extension.
func loadAttachment(th *interp.Thread, t *interp.ObjectType, path string) (*emailAttach, bool) {
	data, err := readFileCharged(th, osPath(th, path))
	if err != nil {
		th.SetError(interp.ErrorInfo{Message: "cannot read the attachment " + path, SystemMessage: err.Error()})
		return nil, false
	}
	return &emailAttach{typ: t, name: filepath.Base(localPath(path)), content: data,
		contentType: contentTypeOf(path)}, true
}

// contentTypeOf gives the MIME type of a file name from its extension, without parameters
// (the charset of a text part is the MIME writer's business), so it is the same on every
// system and the same as the type the message is sent with.
func contentTypeOf(name string) string {
	if t := mime.TypeByExtension(filepath.Ext(name)); t != "" {
		if base, _, err := mime.ParseMediaType(t); err == nil {
			return base
		}
		return t
	}
	return "application/octet-stream"
}

// saveAttachment writes an attachment to path; a directory receives it under its own name.
func saveAttachment(th *interp.Thread, a *emailAttach, path string) interp.Value {
	dst := osPath(th, path)
	if st, err := os.Stat(dst); err == nil && st.IsDir() {
		dst = filepath.Join(dst, filepath.Base(localPath(a.name)))
	}
	if err := os.WriteFile(dst, a.content, 0o644); err != nil {
		th.SetError(interp.ErrorInfo{Message: "cannot save the attachment " + a.name, SystemMessage: err.Error()})
		return interp.Bool(false)
	}
	return interp.Bool(true)
}
