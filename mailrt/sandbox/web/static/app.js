// The wl sandbox web view: the message list (kept up to date by the server's events) and a
// message reader. Every text from a message goes through textContent; its HTML body is shown
// only in the sandboxed iframe, served with a Content-Security-Policy that forbids scripts.
"use strict";

const api = "api/v1/";
const pageSize = 50;
const state = { start: 0, total: 0, q: "", mailbox: "", selected: "", remote: false };
const $ = (id) => document.getElementById(id);

// el builds an element: el("a", {href: "x", class: "y"}, "text", child...).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

async function getJSON(path) {
  const r = await fetch(api + path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || r.status + " " + r.statusText);
  return body;
}

function size(n) {
  if (n < 1024) return n + " B";
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + " KB";
  return (n / 1024 / 1024).toFixed(1) + " MB";
}

function shortDate(iso) {
  const d = new Date(iso);
  const now = new Date();
  if (d.toDateString() === now.toDateString()) {
    return d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }
  return d.toLocaleDateString([], { year: "numeric", month: "short", day: "numeric" });
}

function recipients(m) {
  return [...m.to, ...m.cc, ...m.bcc].join(", ");
}

// The list.

async function loadList() {
  const params = new URLSearchParams({ limit: pageSize, start: state.start });
  if (state.q) params.set("q", state.q);
  if (state.mailbox) params.set("mailbox", state.mailbox);
  let page;
  try {
    page = await getJSON("messages?" + params);
  } catch (err) {
    $("list-info").textContent = "Cannot list the messages: " + err.message;
    return;
  }
  if (page.count === 0 && page.total > 0 && state.start > 0) {
    state.start = Math.max(0, state.start - pageSize);
    return loadList();
  }
  state.total = page.total;
  const list = $("list");
  list.replaceChildren();
  for (const m of page.messages) {
    const tags = [];
    if (m.mailbox) tags.push(el("span", { class: "tag", title: "mailbox" }, m.mailbox));
    if (m.attachments.length) tags.push(el("span", { class: "tag", title: "attachments" }, m.attachments.length + (m.attachments.length === 1 ? " file" : " files")));
    const li = el("li", { dataset: { id: m.id }, title: "To: " + recipients(m) },
      el("span", { class: "from" }, m.from || "(no sender)"),
      el("span", { class: "date" }, shortDate(m.date)),
      el("span", { class: "subject" }, m.subject || "(no subject)"),
      el("span", { class: "tags" }, ...tags));
    if (!m.read) li.classList.add("unread");
    if (m.id === state.selected) li.classList.add("selected");
    li.addEventListener("click", () => openMessage(m.id));
    list.append(li);
  }
  if (page.messages.length === 0) {
    list.append(el("li", { class: "none" }, state.q ? "No message matches." : "No messages yet. Send one to the sandbox."));
  }
  const what = state.q || state.mailbox ? " matching" : "";
  $("list-info").textContent = page.total + what + " message" + (page.total === 1 ? "" : "s") +
    (page.unread ? ", " + page.unread + " unread" : "");
  const last = Math.min(state.start + page.count, page.total);
  $("page").textContent = page.total ? state.start + 1 + "–" + last + " of " + page.total : "";
  $("newer").disabled = state.start === 0;
  $("older").disabled = last >= page.total;
}

async function loadMailboxes() {
  let res;
  try {
    res = await getJSON("mailboxes");
  } catch (err) {
    return;
  }
  const named = res.mailboxes.filter((b) => b.name !== "");
  const sel = $("mailbox");
  sel.hidden = named.length === 0;
  const keep = sel.value;
  sel.replaceChildren(el("option", { value: "" }, "All mailboxes"));
  for (const b of named) {
    sel.append(el("option", { value: b.name }, b.name + " (" + b.total + ")"));
  }
  sel.value = named.some((b) => b.name === keep) ? keep : "";
}

let refreshTimer = 0;
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => {
    loadList();
    loadMailboxes();
  }, 100);
}

// The reader.

function showTab(name) {
  for (const b of document.querySelectorAll(".tabs button")) {
    b.classList.toggle("active", b.dataset.tab === name);
  }
  for (const t of ["html", "text", "headers", "raw"]) {
    $("tab-" + t).hidden = t !== name;
  }
  if (name === "raw" && !$("tab-raw").dataset.loaded) loadRaw();
}

async function loadRaw() {
  const id = state.selected;
  const pre = $("tab-raw");
  pre.dataset.loaded = "1";
  pre.textContent = "Loading…";
  const r = await fetch(api + "messages/" + encodeURIComponent(id) + "/raw");
  if (id === state.selected) pre.textContent = r.ok ? await r.text() : "Cannot read the message.";
}

function closeMessage(note) {
  state.selected = "";
  $("view").hidden = true;
  $("empty").hidden = false;
  $("empty").textContent = note || "Select a message to read it.";
  $("v-html").removeAttribute("src");
  for (const li of document.querySelectorAll(".list li.selected")) li.classList.remove("selected");
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
}

async function openMessage(id) {
  let m;
  try {
    m = await getJSON("messages/" + encodeURIComponent(id));
  } catch (err) {
    closeMessage("Cannot open the message: " + err.message);
    return;
  }
  state.selected = id;
  state.remote = false;
  if (location.hash !== "#" + id) history.replaceState(null, "", "#" + id);
  for (const li of document.querySelectorAll(".list li")) {
    const on = li.dataset.id === id;
    li.classList.toggle("selected", on);
    if (on) li.classList.remove("unread");
  }
  $("empty").hidden = true;
  $("view").hidden = false;
  $("v-subject").textContent = m.subject || "(no subject)";
  const meta = $("v-meta");
  meta.replaceChildren();
  const row = (k, v) => {
    if (v) meta.append(el("dt", {}, k), el("dd", {}, v));
  };
  row("From", m.from);
  row("To", m.to.join(", "));
  row("Cc", m.cc.join(", "));
  row("Bcc", m.bcc.join(", "));
  row("Date", new Date(m.date).toLocaleString());
  row("Mailbox", m.mailbox ? m.mailbox + (m.folder !== "INBOX" ? " / " + m.folder : "") : m.folder !== "INBOX" ? m.folder : "");
  const via = [];
  if (m.tls) via.push("TLS " + m.tls);
  if (m.auth.mechanism) via.push("login " + m.auth.user + " (" + m.auth.mechanism + ")");
  if (m.server) via.push("to " + m.server);
  row("Received", via.join(", "));
  row("Size", size(m.size));
  $("v-download").href = api + "messages/" + encodeURIComponent(id) + "/raw";
  $("v-download").setAttribute("download", id + ".eml");

  const atts = $("v-attachments");
  atts.replaceChildren();
  for (const a of m.attachments) {
    const thumb = a.content_type.startsWith("image/")
      ? el("img", { src: a.url, alt: "", loading: "lazy" })
      : el("span", { class: "icon" }, (a.content_type.split("/")[1] || "file").slice(0, 6));
    atts.append(el("li", {}, el("a", { href: a.url, download: a.name || "", title: a.content_type },
      thumb, el("span", {}, el("span", { class: "name" }, a.name || a.content_id || "(unnamed)"), el("span", { class: "size" }, size(a.size))))));
  }

  $("tab-text").textContent = m.text || "(no text part)";
  const headers = $("v-headers");
  headers.replaceChildren();
  for (const h of m.headers) headers.append(el("tr", {}, el("td", {}, h.name), el("td", {}, h.value)));
  const raw = $("tab-raw");
  delete raw.dataset.loaded;
  raw.textContent = "";

  const hasHTML = m.html !== "";
  document.querySelector('.tabs button[data-tab="html"]').disabled = !hasHTML;
  document.querySelector('.tabs button[data-tab="text"]').disabled = m.text === "";
  $("remote-bar").hidden = !m.remote_images;
  if (hasHTML) {
    $("v-html").src = api + "messages/" + encodeURIComponent(id) + "/html";
    showTab("html");
  } else {
    $("v-html").removeAttribute("src");
    showTab(m.text ? "text" : "headers");
  }
  loadMailboxes();
}

// Live updates.

function watch() {
  const es = new EventSource(api + "events");
  const live = $("live");
  es.addEventListener("open", () => {
    live.textContent = "live";
    live.classList.add("on");
    refreshSoon();
  });
  es.addEventListener("error", () => {
    live.textContent = "reconnecting…";
    live.classList.remove("on");
  });
  es.addEventListener("new", refreshSoon);
  es.addEventListener("deleted", (ev) => {
    const d = JSON.parse(ev.data);
    if (d.id === state.selected) closeMessage("This message was deleted.");
    refreshSoon();
  });
}

function init() {
  $("search").addEventListener("submit", (ev) => ev.preventDefault());
  let searchTimer = 0;
  $("q").addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.q = $("q").value.trim();
      state.start = 0;
      loadList();
    }, 200);
  });
  $("mailbox").addEventListener("change", () => {
    state.mailbox = $("mailbox").value;
    state.start = 0;
    loadList();
  });
  $("newer").addEventListener("click", () => {
    state.start = Math.max(0, state.start - pageSize);
    loadList();
  });
  $("older").addEventListener("click", () => {
    state.start += pageSize;
    loadList();
  });
  for (const b of document.querySelectorAll(".tabs button")) {
    b.addEventListener("click", () => showTab(b.dataset.tab));
  }
  $("load-remote").addEventListener("click", () => {
    state.remote = true;
    $("v-html").src = api + "messages/" + encodeURIComponent(state.selected) + "/html?remote=1";
    $("remote-bar").hidden = true;
  });
  $("v-delete").addEventListener("click", async () => {
    const id = state.selected;
    await fetch(api + "messages/" + encodeURIComponent(id), { method: "DELETE" });
    closeMessage("The message was deleted.");
    refreshSoon();
  });
  $("delete-all").addEventListener("click", async () => {
    if (!confirm("Delete every message of every mailbox?")) return;
    await fetch(api + "messages", { method: "DELETE" });
    closeMessage();
    refreshSoon();
  });
  loadList();
  loadMailboxes();
  watch();
  if (location.hash.length > 1) openMessage(decodeURIComponent(location.hash.slice(1)));
}

init();
