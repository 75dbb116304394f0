// methods : 1 000 000 appels d'une méthode qui met à jour un membre de l'objet
// attendu : 500000500000
Compte est une Classe
	total est un entier sur 8 octets
FIN
o est un Compte
POUR i = 1 _A_ 1000000
	o.Ajoute(i)
FIN
Trace(o.Total())

PROCÉDURE Compte::Ajoute(n est un entier sur 8 octets)
objet.total += n

PROCÉDURE Compte::Total()
RENVOYER objet.total
