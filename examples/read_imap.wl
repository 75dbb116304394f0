// read_imap.wl — process unread mail over IMAP with EmailGetAll, as a scheduled job would:
// each message is handled once.
//
//   wl run --sandbox examples/read_imap.wl
//
// The sandbox starts with an empty mailbox: the script first sends itself three orders.
// On a real server the mailbox also holds the mail already received, and a message just
// sent may take a few seconds to arrive: the next pass reads it.

sUser is string = "orders@example.com"
sPassword is string = "password"

// 1. Send ourselves three orders.
IF NOT EmailStartSMTPSession(sUser, sPassword, "smtp.example.com", 587, False, emailProtocolSMTPS) THEN
	Error(ErrorInfo(errMessage)) ; RETURN
END
FOR n = 1 TO 3
	m is Email
	m.Sender = "customer" + n + "@example.org"
	m.Recipient = sUser
	m.Subject = "Order " + (500 + n)
	m.Message = "Quantity: " + (n * 10)
	EmailSendMessage(sUser, m)
END
EmailCloseSession(sUser)

// 2. Read over IMAP (TLS from the first byte, port 993) what has not been read yet.
MySession is emailIMAPSession
MySession.ServerAddress = "imap.example.com"
MySession.Port = 993
MySession.Option = optionTLS
MySession.Name = sUser
MySession.Password = sPassword
IF NOT EmailStartSession(MySession) THEN
	Error(ErrorInfo(errMessage)) ; RETURN
END

arrUnread is array of Email = EmailGetAll(MySession, ertNotRead + ertFull)
IF ErrorOccurred THEN
	Error(ErrorInfo(errMessage)) ; RETURN
END
Trace(arrUnread.Count + " unread message(s)")
FOR EACH OneMessage OF arrUnread
	Trace(OneMessage.Subject + " from " + OneMessage.Sender + " — " + NoSpace(OneMessage.Message))
END

// A message read in full is marked as read: a second pass finds nothing.
arrUnread = EmailGetAll(MySession, ertNotRead + ertFull)
Trace("next pass: " + arrUnread.Count + " unread message(s)")
EmailCloseSession(MySession)
