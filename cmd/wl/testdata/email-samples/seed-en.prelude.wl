// The English page assigns UserName from MySMTPSession, a name it never declares (its
// variable is MyEmailSMTPSession): both are supplied here.
UserName is string
MySMTPSession is emailSMTPSession
