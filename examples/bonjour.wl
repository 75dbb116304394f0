// bonjour.wl — a first WLanguage script: French and English keywords in one file.
Noms est un tableau de chaînes = ["Ada", "Grace", "Linus"]

POUR TOUT sNom, i DE Noms
	Trace(Salutation(sNom, i))
END

FOR n = 3 TO 1 STEP -1
	IF n = 1 THEN
		Trace("Décollage !")
	ELSE
		Trace(n + "...")
	END
FIN

PROCÉDURE Salutation(sNom est une chaîne, nRang est un entier) : chaîne
RENVOYER "[%nRang%]. Bonjour, " + sNom + " !"
