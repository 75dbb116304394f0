// send_bulk.wl — send a newsletter to a list in asynchronous mode, then follow each message
// with EmailStatus.
//
//   wl run --sandbox examples/send_bulk.wl
//
// In asynchronous mode EmailSendMessage queues the message and returns at once; sending
// happens in the background. The end of the script waits until the queue is empty.
//
// Server down: EmailSendMessage returns True only once the message is written to disk, in the
// spool (wl/spool in the user's cache directory, or --spool DIR). If the server cannot be
// reached or goes away while sending, wl retries until the end of the script (at most the
// session's timeout, EmailSetTimeOut), then writes one line per message not sent to standard
// error and exits with status 3: the messages stay in the spool. `wl spool list` shows them,
// `wl spool flush --password-env MAIL_PASSWORD` sends them, and so does the next run of this
// script, which opens the same session. A message the server refuses (5xx) is emailError and
// goes to the spool's failed folder.

arrSubscribers is array of strings = ["ada@example.org", "grace@example.org", ...
	"linus@example.org", "margaret@example.org", "ken@example.org"]

MySession is emailSMTPSession
MySession.ServerAddress = "smtp.example.com"
MySession.Port = 587
MySession.Option = emailProtocolSMTPS
MySession.Name = "newsletter@example.com"
MySession.Password = "password"
MySession.Asynchronous = True                // or emailAsynchronous
IF NOT MySession.StartSession() THEN
	Error(ErrorInfo(errMessage)) ; RETURN
END

// Each message sent gets an identifier (the ID member) to follow it by.
arrIDs is array of strings
FOR EACH sAddress OF arrSubscribers
	m is Email
	m.Sender = "newsletter@example.com"
	m.Recipient = sAddress
	m.Subject = "The November newsletter"
	m.Message = "Hello " + ExtractString(sAddress, 1, "@") + "," + CR + "here is this month's news."
	IF MySession.SendMessage(m) THEN
		Add(arrIDs, m.ID)
	ELSE
		Error("Not queued: " + sAddress, ErrorInfo(errMessage))
	END
END
Trace(arrIDs.Count + " messages queued")

// Follow the sending, for one minute at most (600 times a tenth of a second).
nSent, nFailed are int
LOOP(600)
	nSent = 0 ; nFailed = 0
	FOR EACH sID OF arrIDs
		SWITCH EmailStatus(sID)
			CASE emailSent : nSent++
			CASE emailError : nFailed++
		END
	END
	IF nSent + nFailed = arrIDs.Count THEN BREAK
	Multitask(10)                            // 10 hundredths of a second
END
Trace(nSent + " sent, " + nFailed + " failed")
MySession.CloseSession()
