// Supplies what the help page's excerpt leaves undeclared: the INI file, the counter (the
// first keyword is number 1) and the variables the loop fills.
INIFile est une chaîne = "examples.ini"
nb est un entier = 1
MyList, Keyword, ExplName sont des chaînes
