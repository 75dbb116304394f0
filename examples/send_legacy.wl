// send_legacy.wl — the style of older WINDEV projects, which still runs unchanged: the
// global Email structure, a session named by its user name, and the old constant names.
//
//   wl run --sandbox examples/send_legacy.wl

sUser is string = "billing@example.com"

// EmailStartSMTPSession(user, password, server, port, asynchronous, option):
// emailOptionSecuredTLS is the old name of emailProtocolSMTPS (STARTTLS on port 587).
IF EmailStartSMTPSession(sUser, "password", "smtp.example.com", 587, False, emailOptionSecuredTLS) = False THEN
	Error("Cannot open the session", ErrorInfo(errMessage))
	RETURN
END

arrCustomers is array of strings = ["alice@example.org", "bruno@example.org"]

FOR i = 1 _TO_ arrCustomers..Count
	EmailReset()                       // empty the Email structure before each message
	Email.Sender = sUser
	Email.Recipient[1] = arrCustomers[i]
	Email.NbRecipient = 1
	Email.Cc[1] = "archive@example.com"
	Email.NbCc = 1
	Email.Subject = "Invoice #" + (1000 + i)
	Email.Message = "Hello," + CR + "your invoice #" + (1000 + i) + " is ready." + CR

	EmailSendMessage(sUser)            // no second parameter: the Email structure is sent
	IF ErrorOccurred THEN
		Error("Invoice not sent to " + arrCustomers[i], ErrorInfo(errMessage))
	ELSE
		Trace("Invoice " + (1000 + i) + " sent to " + Email.Recipient[1])
	END
END

EmailCloseSession(sUser)
