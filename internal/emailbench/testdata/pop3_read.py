# Reads every message of the sandbox's mailbox over POP3 (TLS from the first byte), one RETR
# each, as EmailLitPremier/EmailLitSuivant do. Usage: pop3_read.py PORT CAFILE raw|parse
# "parse" also decodes each message as a script would use it: subject, sender, text body.
# It prints the count, then "fetch-ms T cpu-ms C": the time from before the connection to after the
# quit, measured by Python itself, so that starting the interpreter is left out.
import time
import email, email.policy, poplib, ssl, sys

port, cafile, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t0, c0 = time.perf_counter(), time.process_time()
ctx = ssl.create_default_context(cafile=cafile)
p = poplib.POP3_SSL("localhost", port, context=ctx)
p.user("bench")
p.pass_("secret")
count, _ = p.stat()
n = 0
for i in range(1, count + 1):
    _, lines, _ = p.retr(i)
    if mode == "parse":
        m = email.message_from_bytes(b"\r\n".join(lines), policy=email.policy.default)
        subject, sender = m["Subject"], m["From"]
        body = m.get_body(preferencelist=("plain",)).get_content()
    n += 1
p.quit()
elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
print(n)
print("fetch-ms", round(elapsed * 1000, 3), "cpu-ms", round(cpu * 1000, 3))
