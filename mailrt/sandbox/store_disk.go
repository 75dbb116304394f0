package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
)

// The directory of a store holds the INBOX messages as KEY.eml, each SMTP-received one with
// its record as KEY.json, and every other folder as one directory under folders/, named by
// folderFile. Files are written under a temporary name (tempPattern) and renamed, so that a
// crash never leaves a partial message under a message name.

// tempPattern is the os.CreateTemp pattern of files being written.
const tempPattern = ".wl-*.tmp"

// keyPattern matches the keys newKeyLocked makes.
var keyPattern = regexp.MustCompile(`^\d{8}T\d{6}\.\d{9}-\d{6,}$`)

// folderDir is where a folder's files live: the directory itself for INBOX.
func (s *store) folderDir(name string) string {
	if folderKey(name) == inbox {
		return s.dir
	}
	return filepath.Join(s.dir, "folders", folderFile(name))
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

// reload reads the directory into the store.
func (s *store) reload() error {
	if err := s.loadFolder(s.folders[inbox]); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(s.dir, "folders"))
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
		f := newFolder(name)
		s.folders[name] = f
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
	dir := s.folderDir(f.name)
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
		if key, ok := strings.CutSuffix(name, ".json"); ok && keyPattern.MatchString(key) && !files[key+".eml"] {
			os.Remove(filepath.Join(dir, name))
			continue
		}
		key, ok := strings.CutSuffix(name, ".eml")
		if !ok {
			continue
		}
		base := filepath.Join(dir, key)
		m, err := loadMessage(base + ".eml")
		if err != nil {
			return err
		}
		m.key, m.folder, m.uid = key, f, f.uidNext
		f.uidNext++
		f.msgs = append(f.msgs, m)
		s.seq++
		if files[key+".json"] {
			if rec, err := loadRecord(base + ".json"); err == nil {
				s.captured = append(s.captured, capture{msg: rec, base: base})
			}
		}
	}
	f.tracker.QueueNumMessages(uint32(len(f.msgs)))
	return nil
}

// loadMessage indexes a message file.
func loadMessage(path string) (*storedMessage, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := measureReader(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	m := &storedMessage{msgInfo: info, flags: map[imap.Flag]struct{}{}}
	if st, err := file.Stat(); err == nil {
		m.date = st.ModTime()
	}
	return m, nil
}

// loadRecord reads the SMTP record of a message, without its bodies (records written before
// they were left out still have them).
func loadRecord(path string) (Message, error) {
	var rec Message
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
