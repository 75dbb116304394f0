// Supplies what sample 002 leaves undefined (it declares sSMTPServers but uses sSMTPServer).
sUserName is string = "user"
sPassword is string = "password"
sSMTPServer is string = "smtp.orange.fr"

PROCEDURE Initialize_Email()
EmailReset()
Email.Sender = "user@orange.fr"
Email.Recipient[1] = "friend@example.com"
Email.NbRecipient = 1
Email.Subject = "Test 002"
Email.Message = "Sent by the documentation's example"
