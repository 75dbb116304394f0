// read_pop3.wl — read the inbox over POP3 with EmailReadFirst / EmailReadNext and save the
// attachments.
//
//   wl run --sandbox examples/read_pop3.wl
//
// The sandbox starts with an empty mailbox, so the script first sends itself two messages,
// one with an attachment, then reads them back over POP3 (TLS from the first byte, port
// 995). On a real server the mailbox also holds the mail already received, and a message
// just sent may take a few seconds to arrive.

sUser is string = "john.smith@example.com"
sPassword is string = "password"
sDir is string = fTempPath() + fSep() + "wl-example-pop3"
IF NOT fDirectoryExist(sDir) THEN fMakeDir(sDir)

// 1. Send ourselves some mail.
IF NOT EmailStartSMTPSession(sUser, sPassword, "smtp.example.com", 587, False, emailProtocolSMTPS) THEN
	Error(ErrorInfo(errMessage)) ; RETURN
END
fSaveText(sDir + fSep() + "schedule.txt", "Monday: stocktaking" + CR + "Tuesday: delivery" + CR)
m is Email
m.Sender = sUser
m.Recipient = sUser
m.Subject = "This week's schedule"
m.Message = "The schedule is attached."
m.LoadAttachment(sDir + fSep() + "schedule.txt")
EmailSendMessage(sUser, m)
fDelete(sDir + fSep() + "schedule.txt")
EmailReset(m)
m.Sender = sUser
m.Recipient = sUser
m.Subject = "Reminder"
m.Message = "Please confirm your holidays."
EmailSendMessage(sUser, m)
EmailCloseSession(sUser)

// 2. Read the inbox.
MySession is emailPOP3Session
MySession.ServerAddress = "pop.example.com"
MySession.Port = 995
MySession.Option = optionTLS                 // old name: optionSSL
MySession.Name = sUser
MySession.Password = sPassword
IF NOT EmailStartSession(MySession) THEN
	Error(ErrorInfo(errMessage)) ; RETURN
END
Trace(EmailNbMessage(MySession) + " message(s) in the mailbox")

MyMessage is Email
nSaved is int
EmailReadFirst(MySession, MyMessage)
WHILE NOT MyMessage.Out
	Trace("From " + MyMessage.Sender + ": " + MyMessage.Subject)
	FOR i = 1 _TO_ MyMessage.NbAttach
		// Saved in the directory under its own name.
		IF EmailSaveAttachment(MyMessage, i, sDir) THEN
			nSaved++
			Trace("  attachment saved: " + MyMessage.Attach[i].Name)
		ELSE
			Error(ErrorInfo(errMessage))
		END
	END
	EmailReadNext(MySession, MyMessage)
END
EmailCloseSession(MySession)

// What was saved.
IF fFileExist(sDir + fSep() + "schedule.txt") THEN
	Trace("first line of schedule.txt: " + ExtractString(fLoadText(sDir + fSep() + "schedule.txt"), 1, CR))
	fDelete(sDir + fSep() + "schedule.txt")
END
fRemoveDir(sDir)
Trace(nSaved + " attachment(s) saved")
