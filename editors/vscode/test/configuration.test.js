// Tests of language-configuration.json with the JavaScript regular expressions VS Code
// compiles it with (new RegExp(pattern, flags), as VS Code's language configuration loader
// does): every pattern compiles (no inline (?i:) groups, which V8 before Chrome 125
// rejects and VS Code then drops with a warning: case-insensitivity is the "i" flag of the
// {pattern, flags} form), the folding markers
// start at PROCÉDURE/PROCEDURE, block SI/IF (not the one-line form), loops, SELON, classes
// and structures, and end at FIN/END and À FAIRE TANTQUE.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");

const conf = JSON.parse(fs.readFileSync(path.join(__dirname, "../language-configuration.json"), "utf8"));
const compile = (p) => (typeof p === "string" ? new RegExp(p) : new RegExp(p.pattern, p.flags));

test("every pattern compiles", () => {
  for (const p of [conf.folding.markers.start, conf.folding.markers.end, conf.wordPattern,
    conf.indentationRules.increaseIndentPattern, conf.indentationRules.decreaseIndentPattern]) {
    assert.doesNotThrow(() => compile(p), JSON.stringify(p));
  }
});

test("folding markers", () => {
  const start = compile(conf.folding.markers.start);
  const end = compile(conf.folding.markers.end);
  for (const line of ["PROCÉDURE Envoie()", "procedure p(a)", "Procédure Interne q()", "FONCTION f()",
    "PROCEDURE PRIVÉE C::M()", "INTERNAL PROCEDURE r()", "SI a ALORS", "si a alors // suite", "IF x THEN",
    "SI x", "\tPOUR i = 1 À 3", "POUR TOUT m DE t", "tantque x", "BOUCLE", "SELON x", "for each s of t",
    "QUAND EXCEPTION DANS", "CONSTANTE", "C est une Classe", "S is Structure", "Client est une structure // données"]) {
    assert.ok(start.test(line), `start: ${line}`);
  }
  for (const line of ["SI a ALORS b()", "IF x THEN y = 1", "x = 1", "CONSTANTE X = 1", "Trace(si)", "FIN",
    "Procédures = 2", "c est un Client"]) {
    assert.ok(!start.test(line), `not a start: ${line}`);
  }
  for (const line of ["FIN", "\tend", "À FAIRE TANTQUE x < 3", "à faire tantque x", "a faire tantque b", "TO DO WHILE c"]) {
    assert.ok(end.test(line), `end: ${line}`);
  }
  for (const line of ["FINI = 1", "Endroit()", "x = a"]) {
    assert.ok(!end.test(line), `not an end: ${line}`);
  }
});

test("word pattern and indentation", () => {
  const word = compile(conf.wordPattern);
  assert.equal("m.Expéditeur".match(word)[0], "m");
  assert.equal("Expéditeur = 1".match(word)[0], "Expéditeur");
  const inc = compile(conf.indentationRules.increaseIndentPattern);
  const dec = compile(conf.indentationRules.decreaseIndentPattern);
  assert.ok(inc.test("si a alors"));
  assert.ok(!inc.test("SI a ALORS b()"));
  assert.ok(inc.test("Pour i = 1 à 3"));
  assert.ok(dec.test("fin"));
});
