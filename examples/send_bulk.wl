// send_bulk.wl — send a newsletter to a list in asynchronous mode, then follow each message
// with EmailStatus.
//
//   wl run --sandbox examples/send_bulk.wl
//
// In asynchronous mode EmailSendMessage queues the message and returns at once; sending
// happens in the background. The end of the script waits until the queue is empty.

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
