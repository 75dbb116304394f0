// json : 10 000 enregistrements construits puis écrits en JSON (VariantVersJSON)
// attendu : 1000577
t est un tableau de Variants
POUR i = 1 _A_ 10000
	c est un Variant
	c.id = i
	c.nom = "Client " + i
	c.email = "client" + i + "@exemple.fr"
	c.actif = (i % 2 = 0)
	c.tags = ["a", "b""" + i]
	Ajoute(t, c)
FIN
s est une chaîne = VariantVersJSON(t)
Trace(Taille(s))
