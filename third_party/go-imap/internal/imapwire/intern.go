package imapwire

// intern returns string(b), without an allocation when b is one of the atoms that come back
// in every FETCH response (item names, system flags without their backslash) or a status
// response: the decoder reads several per message.
func intern(b []byte) string {
	// A switch on string(b) compares without converting.
	switch string(b) {
	case "FETCH":
		return "FETCH"
	case "UID":
		return "UID"
	case "FLAGS":
		return "FLAGS"
	case "RFC822.SIZE":
		return "RFC822.SIZE"
	case "BODY":
		return "BODY"
	case "BODYSTRUCTURE":
		return "BODYSTRUCTURE"
	case "ENVELOPE":
		return "ENVELOPE"
	case "INTERNALDATE":
		return "INTERNALDATE"
	case "RFC822":
		return "RFC822"
	case "RFC822.HEADER":
		return "RFC822.HEADER"
	case "RFC822.TEXT":
		return "RFC822.TEXT"
	case "BINARY":
		return "BINARY"
	case "BINARY.SIZE":
		return "BINARY.SIZE"
	case "MODSEQ":
		return "MODSEQ"
	case "HEADER":
		return "HEADER"
	case "TEXT":
		return "TEXT"
	case "Seen":
		return "Seen"
	case "Answered":
		return "Answered"
	case "Flagged":
		return "Flagged"
	case "Deleted":
		return "Deleted"
	case "Draft":
		return "Draft"
	case "Recent":
		return "Recent"
	case "NIL":
		return "NIL"
	case "OK":
		return "OK"
	case "EXISTS":
		return "EXISTS"
	case "EXPUNGE":
		return "EXPUNGE"
	case "SEARCH":
		return "SEARCH"
	}
	return string(b)
}
