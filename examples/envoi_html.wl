// envoi_html.wl — envoyer un message HTML avec une image intégrée et une pièce jointe.
//
//   wl run --sandbox examples/envoi_html.wl
//
// Le script fabrique lui-même ses fichiers (un logo SVG et un tableau CSV) dans un répertoire
// temporaire : il marche depuis n'importe quel répertoire courant.

sRep est une chaîne = fRepTemp() + fSep() + "wl-exemple-html"
SI PAS fRepExiste(sRep) ALORS fRepCrée(sRep)

// Le logo, référencé par un chemin relatif dans le HTML : EmailImporteHTML l'intègre au
// message (son src devient cid:...), il s'affiche donc sans accès au réseau.
fSauveTexte(sRep + fSep() + "logo.svg", ...
	"<svg xmlns=""http://www.w3.org/2000/svg"" width=""120"" height=""40"">" + ...
	"<rect width=""120"" height=""40"" fill=""#1f6feb""/>" + ...
	"<text x=""10"" y=""26"" fill=""white"" font-size=""18"">Exemple</text></svg>")

// La pièce jointe : les ventes du mois au format CSV.
sCSV est une chaîne = sRep + fSep() + "ventes-novembre.csv"
fSauveTexte(sCSV, "Produit;Quantité;Montant" + RC + "Stylo;120;96,00" + RC + "Cahier;45;112,50" + RC)

sHTML est une chaîne = [
<html><body>
<p><img src="logo.svg" alt="Exemple"></p>
<h1>Ventes de novembre</h1>
<p>Bonjour,</p>
<p>Vous trouverez ci-joint les ventes du mois : <b>165 articles</b>.</p>
</body></html>
]

MonMessage est un Email
MonMessage.Expéditeur = "ventes@exemple.fr"
Ajoute(MonMessage.Destinataire, "direction@exemple.fr")
MonMessage.Sujet = "Ventes de novembre"
MonMessage.Message = "Ventes de novembre : 165 articles, détail dans le fichier joint."  // pour les lecteurs sans HTML
EmailImporteHTML(MonMessage, sHTML, sRep)
SI PAS MonMessage.ChargeFichierAttaché(sCSV) ALORS
	Erreur("Pièce jointe illisible", ErreurInfo(errMessage))
	RETOUR
FIN

MaSession est une emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.fr"
MaSession.Port = 587
MaSession.Option = emailProtocolSMTPS
MaSession.Nom = "ventes@exemple.fr"
MaSession.MotDePasse = "mot-de-passe"

SI PAS EmailOuvreSession(MaSession) ALORS
	Erreur(ErreurInfo(errMessage))
	RETOUR
FIN
SI EmailEnvoieMessage(MaSession, MonMessage) ALORS
	Trace("Envoyé : « " + MonMessage.Sujet + " » avec " + MonMessage.NbAttache + " fichiers")
	POUR TOUT pj DE MonMessage.Attache
		Trace("  " + pj.Nom + " (" + pj.Type + ", " + pj.Taille + " octets)")
	FIN
SINON
	Erreur("Échec de l'envoi", ErreurInfo(errMessage))
FIN
EmailFermeSession(MaSession)

// Ménage : les fichiers ont été lus au moment de l'envoi.
fSupprime(sRep + fSep() + "logo.svg")
fSupprime(sCSV)
fRepSupprime(sRep)
