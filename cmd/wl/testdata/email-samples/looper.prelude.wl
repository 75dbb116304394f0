// Samples 006 and 007 fill a looper control of a window; here the control is a name and
// LooperAddLine prints the line instead.
ZR_EMAIL est une chaîne = "ZR_EMAIL"
LOOP_EMAIL est une chaîne = "LOOP_EMAIL"

PROCÉDURE LooperAddLine(zone, a = "", b = "", c = "")
Trace(zone, a, SansEspace(b), c)
