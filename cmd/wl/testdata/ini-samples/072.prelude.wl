// Supplies the parameters and globals of sample 072 (a procedure of its project): the string
// to split, the array to fill, the log text and the INI file where it records the separator.
pCadena est une chaîne = "rojo;verde;azul"
pArreglo est un tableau de chaînes
ggsLog est une chaîne
ggsIni est une chaîne = "wda.ini"
