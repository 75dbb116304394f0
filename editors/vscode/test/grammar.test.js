// Tokenisation tests of the TextMate grammar with the engine VS Code uses (vscode-textmate
// on vscode-oniguruma): every sample of ../shared/wl-docs/samples, every example and every
// script of the golden cases tokenizes with no "invalid" scope, every file ends outside any
// string or block, every hard keyword outside strings and comments is a keyword, plus
// targeted assertions.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const root = path.resolve(__dirname, "../../..");
const samplesDir = path.resolve(root, "../shared/wl-docs/samples");

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => {
      const p = path.join(__dirname, "../syntaxes/wlanguage.tmLanguage.json");
      return vsctm.parseRawGrammar(fs.readFileSync(p, "utf8"), p);
    },
  });
  return registry.loadGrammar("source.wlanguage");
}

// tokenize returns the tokens of every line ({line, text, scopes}) and whether the file
// ends back at the grammar's top level.
function tokenize(grammar, src) {
  let stack = vsctm.INITIAL;
  const out = [];
  src.split(/\r?\n/).forEach((line, n) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      out.push({ line: n + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  const top = grammar.tokenizeLine("", vsctm.INITIAL).ruleStack;
  return { tokens: out, closed: stack.equals(top) };
}

// The hard keywords of lexer/keywords.go that are words (not _ET_...).
const hardKeywords = new Set(
  ("SI ALORS SINON FIN SELON CAS TANTQUE BOUCLE POUR SORTIR CONTINUER RENVOYER RETOUR PROCEDURE " +
    "FONCTION ET OU PAS SOIT GLOBAL GLOBALE LOCAL LOCALE CONSTANT CONSTANTE CONSTANTES FAIRE QUAND EST " +
    "SONT DANS EXTERN UTILISER AUTRE AUTRES IF THEN ELSE END SWITCH CASE WHILE LOOP FOR BREAK CONTINUE " +
    "RESULT RETURN FUNCTION AND OR NOT LET CONSTANTS DO WHEN IS ARE IN USING OTHER").split(" ")
);
const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase();

function scriptsOfTxtar(text) {
  const files = [];
  let cur = null;
  for (const line of text.split("\n")) {
    const m = /^-- (.+) --$/.exec(line);
    if (m) {
      cur = m[1].endsWith(".wl") ? { name: m[1], lines: [] } : null;
      if (cur) files.push(cur);
    } else if (cur) {
      cur.lines.push(line);
    }
  }
  return files.map((f) => ({ name: f.name, src: f.lines.join("\n") }));
}

function walk(dir, ext, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, ext, out);
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

function corpus() {
  const files = [];
  if (fs.existsSync(samplesDir)) {
    for (const p of walk(samplesDir, ".wl")) files.push({ name: path.relative(root, p), src: fs.readFileSync(p, "utf8") });
  }
  for (const p of walk(path.join(root, "examples"), ".wl")) files.push({ name: path.relative(root, p), src: fs.readFileSync(p, "utf8") });
  for (const dir of ["cmd/wl/testdata", "testdata"]) {
    const d = path.join(root, dir);
    if (!fs.existsSync(d)) continue;
    for (const p of walk(d, ".txtar")) {
      for (const s of scriptsOfTxtar(fs.readFileSync(p, "utf8"))) files.push({ name: path.relative(root, p) + ":" + s.name, src: s.src });
    }
  }
  return files;
}

// Scripts that are wrong on purpose: they end inside a string.
const unclosedOnPurpose = new Map([
  ["testdata/errors/syntax_string.txtar:script.wl", "a golden case of an unclosed string"],
  ["cmd/wl/testdata/script/fmt.txtar:bad.wl", "wl fmt's test of an unclosed string"],
  ["../shared/wl-docs/samples/094-gh-letexto-rest-post-chaine-multiligne.wl", "published with a missing opening quote"],
]);

const grammarP = loadGrammar();

test("every sample, example and golden script tokenizes cleanly", async () => {
  const grammar = await grammarP;
  const files = corpus();
  assert.ok(files.length > 20, `only ${files.length} scripts found`);
  if (!fs.existsSync(samplesDir)) console.log(`note: ${samplesDir} is absent; its samples were not tokenized`);
  const problems = [];
  for (const f of files) {
    const { tokens, closed } = tokenize(grammar, f.src);
    if (!closed && !unclosedOnPurpose.has(f.name)) problems.push(`${f.name}: the file ends inside a string or a block`);
    for (const t of tokens) {
      if (t.scopes.some((s) => s.includes("invalid"))) problems.push(`${f.name}:${t.line}: invalid ${JSON.stringify(t.text)}`);
      const inText = t.scopes.some((s) => s.startsWith("string") || s.startsWith("comment") || s.startsWith("meta.preprocessor"));
      const word = t.text.trim();
      if (!inText && hardKeywords.has(fold(word)) && !t.scopes.some((s) => s.startsWith("keyword"))) {
        // A keyword written as a member (x.Fin) is a name.
        problems.push(`${f.name}:${t.line}: keyword ${word} scoped ${t.scopes.join(" ")}`);
      }
    }
  }
  assert.deepStrictEqual(problems.filter((p) => !/scoped .*variable\.other\.member/.test(p)), []);
});

// scopeOf returns the innermost scope of the first token of line whose text is word.
function scopeOf(grammar, src, word, nth = 0) {
  const hits = tokenize(grammar, src).tokens.filter((t) => t.text.trim() === word);
  assert.ok(hits.length > nth, `no token ${word} in ${JSON.stringify(src)}`);
  return hits[nth].scopes.join(" ");
}

test("targeted tokens", async () => {
  const g = await grammarP;
  const cases = [
    ["si x alors", "si", "keyword.control"],
    ["Si x Alors", "Alors", "keyword.control"],
    ["IF x THEN", "THEN", "keyword.control"],
    ["PROCÉDURE Envoi(s)", "Envoi", "entity.name.function"],
    ["procedure Envoi(s)", "procedure", "keyword.other.procedure"],
    ["PROCEDURE INTERNE Aide()", "Aide", "entity.name.function"],
    ["PROCÉDURE GLOBALE Compte::Total()", "GLOBALE", "keyword.other.modifier"],
    ["PROCÉDURE GLOBALE Compte::Total()", "Compte::Total", "entity.name.function"],
    ["PROCEDURE PRIVATE Shape::Area()", "Shape::Area", "entity.name.function"],
    ["tantque x", "tantque", "keyword.control"],
    ["x est un entier", "entier", "storage.type"],
    ["x est une chaîne", "chaîne", "storage.type"],
    ["x est une chaine", "chaine", "storage.type"],
    ["s is a emailSMTPSession", "emailSMTPSession", "storage.type"],
    ["// SI commentaire", "// SI commentaire", "comment.line"],
    ['Trace("SI dans une chaîne")', '"', "string.quoted.double"],
    ['Trace("a ""b"" c")', '""', "constant.character.escape"],
    ['Trace("Bonjour [%nom%] !")', "nom", "meta.embedded.substitution"],
    ['Trace("Bonjour [%nom%] !")', "[%", "punctuation.section.embedded.begin"],
    ['Trace("[%3]")', '[%3]', "string.quoted.double"],
    ["x = 1 + ...", "...", "punctuation.separator.continuation"],
    ["EmailEnvoieMessage(s, m)", "EmailEnvoieMessage", "entity.name.function.call"],
    ["m.Sujet = x", "Sujet", "variable.other.member"],
    ["x = Vrai", "Vrai", "constant.language"],
    ["x = 0x1F", "0x1F", "constant.numeric"],
    ["SI a ET b OU PAS c", "ET", "keyword.operator.word"],
  ];
  for (const [src, word, scope] of cases) {
    assert.ok(scopeOf(g, src, word).includes(scope), `${JSON.stringify(src)}: ${word} is ${scopeOf(g, src, word)}, want ${scope}`);
  }
  // A string's closing quote ends it: what follows is code again.
  assert.ok(!scopeOf(g, 'x = "a" + Fin', "Fin").includes("string"));
  // A doubled quote does not end the string.
  assert.ok(scopeOf(g, 'x = "a""b SI"', "b SI").includes("string"));
  // A block string spans lines and ends at a lone "]".
  const block = "s = [\nSI texte\n]\nSI x";
  assert.ok(scopeOf(g, block, "SI texte").includes("string"));
  assert.ok(scopeOf(g, block, "SI").includes("keyword.control"));
});
