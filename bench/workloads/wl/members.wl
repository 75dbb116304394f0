// members : 1 000 000 tours qui lisent et écrivent les membres d'une structure
// attendu : 500000500000
P est une Structure
	x est un entier sur 8 octets
	y est un entier sur 8 octets
FIN
p est un P
POUR i = 1 _A_ 1000000
	p.x = p.x + i
	p.y = p.x
FIN
Trace(p.y)
