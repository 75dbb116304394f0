// Supplies what sample 071 takes from the rest of its project: the INI file and the names
// it reads there, the rank of the looper line, and the looper control, whose LooperAdd
// prints the line instead.
ggsIni est une chaîne = "titula.ini"
gsPCata est une chaîne = "TITULA"
sCpo est une chaîne = "NOMBRE"
ggnX est un entier = 1
LOOP_titula est une chaîne = "LOOP_titula"
ATT_mascara est un tableau de 3 entiers

PROCÉDURE LooperAdd(zone, ligne)
Trace(zone, Remplace(ligne, TAB, " | "))
