// envoi_env.wl — lire le compte d'envoi dans l'environnement plutôt que dans le code, pour
// une tâche cron ou une CI ; sans ces variables, des valeurs de démonstration sont prises et
// le script marche quand même sur le bac à sable.
//
//   wl run --sandbox examples/envoi_env.wl
//   SMTP_SERVER=smtp.mondomaine.fr SMTP_USER=moi@mondomaine.fr SMTP_PASSWORD=... \
//   MAIL_TO=equipe@mondomaine.fr wl run examples/envoi_env.wl
//
// Variables lues : SMTP_SERVER, SMTP_PORT (587 par défaut, STARTTLS ; 465 = TLS direct),
// SMTP_USER, SMTP_PASSWORD, MAIL_FROM (l'adresse de l'expéditeur, SMTP_USER par défaut : le
// nom de connexion n'est pas toujours une adresse), MAIL_TO (MAIL_FROM par défaut).

MaSession est une emailSessionSMTP
MaSession.AdresseServeur = Env("SMTP_SERVER", "smtp.exemple.fr")
MaSession.Port = Val(Env("SMTP_PORT", "587"))
MaSession.Nom = Env("SMTP_USER", "demo@exemple.fr")
MaSession.MotDePasse = Env("SMTP_PASSWORD", "demo")
SI MaSession.Port = 465 ALORS
	MaSession.Option = optionTLS             // TLS dès le premier octet
SINON
	MaSession.Option = emailProtocolSMTPS    // connexion en clair, puis STARTTLS
FIN
SI SysEnvironnement("SMTP_USER") = "" ALORS
	Trace("SMTP_USER n'est pas défini : compte de démonstration " + MaSession.Nom)
FIN

SI PAS MaSession.OuvreSession() ALORS
	// ErreurInfo ne cite jamais le mot de passe.
	Erreur("Connexion à " + MaSession.AdresseServeur + ":" + MaSession.Port + " impossible", ErreurInfo(errMessage))
	RETOUR
FIN

MonMessage est un Email
MonMessage.Expéditeur = Env("MAIL_FROM", MaSession.Nom)
MonMessage.Destinataire = Env("MAIL_TO", MonMessage.Expéditeur)
MonMessage.Sujet = "Rapport de nuit du " + DateVersChaîne(DateSys(), "JJ/MM/AAAA")
MonMessage.Message = "Toutes les tâches de la nuit sont terminées."
SI MaSession.EnvoieMessage(MonMessage) ALORS
	Trace("Rapport envoyé à " + MonMessage.Destinataire[1] + " par " + MaSession.AdresseServeur)
SINON
	Erreur(ErreurInfo(errMessage))
FIN
MaSession.FermeSession()

// Env rend la variable d'environnement sNom, ou sDéfaut quand elle est absente ou vide.
PROCÉDURE Env(sNom est une chaîne, sDéfaut est une chaîne) : chaîne
sValeur est une chaîne = SysEnvironnement(sNom)
SI sValeur = "" ALORS RENVOYER sDéfaut
RENVOYER sValeur
