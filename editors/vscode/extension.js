// The VS Code side of wl: it starts `wl lsp` and lets vscode-languageclient speak the
// Language Server Protocol with it over stdio.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("wl");
  const command = config.get("path") || "wl";
  const server = { command, args: ["lsp", "--stdio"] };
  client = new LanguageClient(
    "wl",
    "WLanguage (wl lsp)",
    { run: server, debug: server },
    {
      documentSelector: [{ language: "wlanguage" }],
      // Files loaded before every script, as `wl run -I` loads them (relative to the
      // workspace folder): their procedures and globals are known to the server.
      initializationOptions: { includes: config.get("includes") || [] },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
