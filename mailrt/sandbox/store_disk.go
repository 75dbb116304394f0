package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
)

// The directory of a store holds the shared mailbox's INBOX messages as KEY.eml, each
// SMTP-received one with its record as KEY.json, and every other folder as one directory
// under folders/, named by folderFile. Each mailbox of Config.Mailboxes has the same layout
// in mailboxes/NAME (NAME escaped as by folderFile). Files are written under a temporary name (tempPattern) and renamed, so that a
// crash never leaves a partial message under a message name.

// tempPattern is the os.CreateTemp pattern of files being written.
const tempPattern = ".wl-*.tmp"

// keyPattern matches the keys newKeyLocked makes. It is compiled on first use (opening a
// store on disk), not when every run of the wl command starts.
var keyPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d{8}T\d{6}\.\d{9}-\d{6,}$`) })

// folderDir is where the files of a folder of box live: the mailbox's directory itself for
// INBOX.
func (s *store) folderDir(box *mailbox, name string) string {
	if folderKey(name) == inbox {
		return s.boxDir(box)
	}
	return filepath.Join(s.boxDir(box), "folders", folderFile(name))
}

// boxDir is the directory of a mailbox: the store's own for the shared one.
func (s *store) boxDir(box *mailbox) string {
	if box.name == "" {
		return s.dir
	}
	return filepath.Join(s.dir, "mailboxes", folderFile(box.name))
}

// folderFile is the directory name of a folder: its name with "%", the hierarchy delimiter
// "/" and the characters Windows refuses escaped as %XX, so that a folder is one directory
// whether its name is nested (a/b) or not.
func folderFile(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		last := i == len(name)-1
		if c < 0x20 || c == 0x7f || strings.IndexByte(`%/\<>:"|?*`, c) >= 0 ||
			(c == '.' && (i == 0 || last)) || (c == ' ' && last) {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// folderName is the folder kept in directory file, if file is a name folderFile gives.
func folderName(file string) (string, bool) {
	name, err := url.PathUnescape(file)
	if err != nil || name == "" || folderFile(name) != file || folderKey(name) == inbox {
		return "", false
	}
	return name, true
}

// writeFile writes data to path and syncs it, through a temporary file renamed at the end,
// so that a message is whole on disk before the sender is told it was accepted.
func writeFile(path string, data []byte) error { return writeFileAt(path, data, time.Time{}) }

// writeFileAt is writeFile giving the file mtime as modification time when it is not zero
// (the internal date of a message after a reload).
func writeFileAt(path string, data []byte, mtime time.Time) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && !mtime.IsZero() {
		err = os.Chtimes(tmp, mtime, mtime)
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// reload reads the directory into the store: the shared mailbox, then the others.
func (s *store) reload() error {
	if err := s.loadMailbox(s.shared); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(s.dir, "mailboxes"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		name, err := url.PathUnescape(e.Name())
		if !e.IsDir() || err != nil || name == "" || folderFile(name) != e.Name() {
			continue
		}
		if err := s.loadMailbox(s.mailboxLocked(name)); err != nil {
			return err
		}
	}
	return nil
}

// loadMailbox reads the folders of a mailbox.
func (s *store) loadMailbox(box *mailbox) error {
	if err := s.loadFolder(box.folders[inbox]); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(s.boxDir(box), "folders"))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		name, ok := folderName(e.Name())
		if !e.IsDir() || !ok {
			continue
		}
		f := newFolder(box, name)
		box.folders[name] = f
		if err := s.loadFolder(f); err != nil {
			return err
		}
	}
	return nil
}

// loadFolder indexes the messages of a folder's directory, in the order of their names. It
// removes what an interrupted write left: temporary files, and records whose message was
// never written.
func (s *store) loadFolder(f *folder) error {
	dir := s.folderDir(f.box, f.name)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	files := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() {
			files[e.Name()] = true
		}
	}
	for _, e := range entries {
		name := e.Name()
		if !files[name] {
			continue
		}
		if ok, _ := filepath.Match(tempPattern, name); ok {
			os.Remove(filepath.Join(dir, name))
			continue
		}
		if key, ok := strings.CutSuffix(name, ".json"); ok && keyPattern().MatchString(key) && !files[key+".eml"] {
			os.Remove(filepath.Join(dir, name))
			continue
		}
		key, ok := strings.CutSuffix(name, ".eml")
		if !ok {
			continue
		}
		base := filepath.Join(dir, key)
		var rec *diskRecord
		if files[key+".json"] {
			if r, err := loadRecord(base + ".json"); err == nil {
				rec = &r
			}
		}
		m, err := loadMessage(base+".eml", rec == nil)
		if err != nil {
			return err
		}
		m.key, m.folder, m.uid = key, f, f.uidNext
		f.uidNext++
		f.msgs = append(f.msgs, m)
		s.byID[key] = m
		s.seq++
		if rec != nil {
			m.rec = &rec.Message
			if !rec.Copy {
				s.captured = append(s.captured, capture{msg: rec.Message, base: base})
			}
		}
	}
	f.tracker.QueueNumMessages(uint32(len(f.msgs)))
	return nil
}

// loadMessage indexes a message file; with describeIt (a message without an SMTP record) it
// also reads what its header and parts say for the index.
func loadMessage(path string, describeIt bool) (*storedMessage, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var info msgInfo
	var rec *Message
	if describeIt {
		var raw []byte
		if raw, err = io.ReadAll(file); err == nil {
			info = measure(raw)
			info.head = bytes.Clone(info.head)
			d := describe(raw, "", nil)
			d.Text, d.HTML = "", ""
			rec = &d
		}
	} else {
		info, err = measureReader(file)
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	m := &storedMessage{msgInfo: info, flags: map[imap.Flag]struct{}{}, rec: rec}
	if st, err := file.Stat(); err == nil {
		m.date = st.ModTime()
	}
	return m, nil
}

// loadRecord reads the SMTP record of a message, without its bodies (records written before
// they were left out still have them).
func loadRecord(path string) (diskRecord, error) {
	var rec diskRecord
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &rec)
	}
	rec.Text, rec.HTML, rec.Raw = "", "", nil
	return rec, err
}

// loadBodies fills Raw, Text and HTML of a record from its message file; they stay empty
// when the file is gone (the message was deleted or moved since).
func loadBodies(m *Message, base string) {
	raw, err := os.ReadFile(base + ".eml")
	if err != nil {
		return
	}
	d := describe(raw, "", nil)
	m.Raw, m.Text, m.HTML = raw, d.Text, d.HTML
}
