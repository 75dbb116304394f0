// send_plain.wl — send a plain-text message over an SMTP session secured with STARTTLS.
//
//   wl run --sandbox examples/send_plain.wl     (nothing leaves the machine: the sandbox keeps it)
//
// Without --sandbox the script really talks to the server named below: put your own
// account's server, user name and password.

MySession is emailSMTPSession
MySession.ServerAddress = "smtp.example.com"
MySession.Port = 587                          // submission: plain connection, then STARTTLS
MySession.Option = emailProtocolSMTPS         // old name: emailOptionSecuredTLS
MySession.Name = "john.smith@example.com"
MySession.Password = "password"

IF NOT MySession.StartSession() THEN
	Error("Cannot connect to the SMTP server", ErrorInfo(errMessage))
	RETURN
END

MyMessage is Email
MyMessage.Sender = "john.smith@example.com"
Add(MyMessage.Recipient, "mary.jones@example.org")
MyMessage.Subject = "Meeting notes"
MyMessage.Message = "Hello Mary," + CR + CR + ...
	"Monday's meeting moves to 2 pm, room B." + CR + CR + ...
	"John"

IF MySession.SendMessage(MyMessage) THEN
	Trace("Message sent to " + MyMessage.Recipient[1] + ", id " + MyMessage.ID)
ELSE
	Error("Sending failed", ErrorInfo(errMessage))
END

MySession.CloseSession()
