// Supplies what sample 055 relies on: an SMTP session named "SessionSMTP" already open (the
// sample sends with EmailEnvoie("SessionSMTP", ...)).
EmailOuvreSessionSMTP("SessionSMTP", "", "smtp.example.com")
