// Dépose les deux messages des tests de lecture (cmd/wl/realmail_test.go) par la soumission
// STARTTLS de Postfix : un message UTF-8 au sujet accentué avec une pièce jointe binaire,
// puis latin1.eml, un message ISO-8859-1 en 8 bits envoyé tel quel par EmailEnvoie. Chacun
// a un destinataire en copie cachée, dont l'en-tête ne doit pas arriver.
sMotDePasse est une chaîne = SysEnvironnement("MAIL_PASS")
SI PAS EmailOuvreSessionSMTP(gUtilisateur, sMotDePasse, gHôte, gPortSoumission, Faux, emailProtocolSMTPS) ALORS
	Erreur("ouverture SMTP", ErreurInfo(errMessage))
	RETOUR
FIN
m est un Email
m.Expéditeur = gAdresse
Ajoute(m.Destinataire, gAdresse)
Ajoute(m.Cci, "cache@localhost")
m.Sujet = gTag + " Réunion à Noël : été, garçon, œuvre"
m.Message = "Bonjour Renée," + RC + "la pièce jointe est binaire." + RC + "À bientôt — ça marche ?"
SI PAS m.ChargeFichierAttaché("pièce.bin") ALORS
	Erreur("pièce jointe", ErreurInfo(errMessage))
FIN
SI PAS EmailEnvoieMessage(gUtilisateur, m) ALORS
	Erreur("envoi UTF-8", ErreurInfo(errMessage))
FIN
SI PAS EmailEnvoie(gUtilisateur, "latin1.eml") ALORS
	Erreur("envoi ISO-8859-1", ErreurInfo(errMessage))
FIN
EmailFermeSession(gUtilisateur)
