# Reads every message of the sandbox's INBOX over IMAP (TLS from the first byte) with one
# FETCH 1:* (BODY[]), as EmailRécupèreTout(session, ertComplet) returns them all.
# Usage: imap_read.py PORT CAFILE raw|parse ("parse": subject, sender, text body decoded).
# It prints the count, then "fetch-ms T cpu-ms C": the time from before the connection to after the
# logout, measured by Python itself, so that starting the interpreter is left out.
import time
import email, email.policy, imaplib, ssl, sys

port, cafile, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t0, c0 = time.perf_counter(), time.process_time()
ctx = ssl.create_default_context(cafile=cafile)
m = imaplib.IMAP4_SSL("localhost", port, ssl_context=ctx)
m.login("bench", "secret")
m.select("INBOX")
typ, data = m.fetch("1:*", "(BODY[])")
n = 0
for item in data:
    if not isinstance(item, tuple):
        continue
    if mode == "parse":
        msg = email.message_from_bytes(item[1], policy=email.policy.default)
        subject, sender = msg["Subject"], msg["From"]
        body = msg.get_body(preferencelist=("plain",)).get_content()
    n += 1
m.logout()
elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
print(n)
print("fetch-ms", round(elapsed * 1000, 3), "cpu-ms", round(cpu * 1000, 3))
