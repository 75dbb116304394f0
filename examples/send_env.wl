// send_env.wl — take the sending account from the environment instead of the code, for a
// cron job or CI; without those variables demo values are used, and the script still runs
// on the sandbox.
//
//   wl run --sandbox examples/send_env.wl
//   SMTP_SERVER=smtp.mydomain.com SMTP_USER=me@mydomain.com SMTP_PASSWORD=... \
//   MAIL_TO=team@mydomain.com wl run examples/send_env.wl
//
// Variables read: SMTP_SERVER, SMTP_PORT (default 587, STARTTLS; 465 = TLS from the first
// byte), SMTP_USER, SMTP_PASSWORD, MAIL_FROM (the sender's address, default SMTP_USER: a
// login name is not always an address), MAIL_TO (default MAIL_FROM).

MySession is emailSMTPSession
MySession.ServerAddress = Env("SMTP_SERVER", "smtp.example.com")
MySession.Port = Val(Env("SMTP_PORT", "587"))
MySession.Name = Env("SMTP_USER", "demo@example.com")
MySession.Password = Env("SMTP_PASSWORD", "demo")
IF MySession.Port = 465 THEN
	MySession.Option = optionTLS             // TLS from the first byte
ELSE
	MySession.Option = emailProtocolSMTPS    // plain connection, then STARTTLS
END
IF SysEnvironment("SMTP_USER") = "" THEN
	Trace("SMTP_USER is not set: demo account " + MySession.Name)
END

IF NOT MySession.StartSession() THEN
	// ErrorInfo never shows the password.
	Error("Cannot connect to " + MySession.ServerAddress + ":" + MySession.Port, ErrorInfo(errMessage))
	RETURN
END

MyMessage is Email
MyMessage.Sender = Env("MAIL_FROM", MySession.Name)
MyMessage.Recipient = Env("MAIL_TO", MyMessage.Sender)
MyMessage.Subject = "Nightly report of " + DateToString(DateSys(), "YYYY-MM-DD")
MyMessage.Message = "Every nightly job has finished."
IF MySession.SendMessage(MyMessage) THEN
	Trace("Report sent to " + MyMessage.Recipient[1] + " through " + MySession.ServerAddress)
ELSE
	Error(ErrorInfo(errMessage))
END
MySession.CloseSession()

// Env returns the environment variable sName, or sDefault when it is unset or empty.
PROCEDURE Env(sName is string, sDefault is string) : string
sValue is string = SysEnvironment(sName)
IF sValue = "" THEN RESULT sDefault
RESULT sValue
