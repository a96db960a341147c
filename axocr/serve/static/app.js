// The review workbench: plain JavaScript, no library, nothing fetched from outside this server.
"use strict";

const state = {
  queue: [],
  doc: null,      // the document view from /api/documents/{id}
  page: 0,
  words: {},      // page -> [{text, bbox}]
  active: null,   // name of the field being edited
  picked: {},     // field -> {page, bbox} taken from a click on the page
};

const $ = (sel) => document.querySelector(sel);

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json();
  if (!response.ok) {
    const message = (body.errors && body.errors[0] && body.errors[0].message) || response.statusText;
    throw new Error(message);
  }
  return body;
}

function pct(v) { return (v * 100).toFixed(3) + "%"; }

function place(el, bbox) {
  el.style.left = pct(bbox[0]);
  el.style.top = pct(bbox[1]);
  el.style.width = pct(bbox[2] - bbox[0]);
  el.style.height = pct(bbox[3] - bbox[1]);
}

async function loadQueue() {
  const data = await api("/api/queue");
  state.queue = data.documents;
  $("#results-name").textContent = data.results;
  const open = state.queue.filter((d) => d.needs_review).length;
  $("#progress").textContent = `${open} of ${state.queue.length} need review`;
  renderQueue();
}

function renderQueue() {
  const nav = $("#queue");
  nav.textContent = "";
  for (const d of state.queue) {
    const b = document.createElement("button");
    b.className = (d.needs_review ? "todo" : "done") + (state.doc && state.doc.id === d.id ? " current" : "");
    b.dataset.id = d.id;
    b.tabIndex = -1;  // Tab walks the fields; the queue is for the mouse and n/p
    const dot = document.createElement("span");
    dot.className = "dot";
    b.append(dot, d.name);
    const small = document.createElement("span");
    small.className = "small";
    small.textContent = d.needs_review ? `check: ${d.open.join(", ") || d.status}` : (d.reviewed ? "reviewed" : "nothing to check");
    b.append(small);
    b.addEventListener("click", () => openDoc(d.id));
    nav.append(b);
  }
}

async function openDoc(id) {
  state.doc = await api(`/api/documents/${id}`);
  state.picked = {};
  state.words = {};
  state.active = null;
  location.hash = `doc=${id}`;
  const first = state.doc.fields.find((f) => f.needs_review) || state.doc.fields[0];
  state.page = first && first.page != null ? first.page : 0;
  renderQueue();
  renderDoc();
  await showPage(state.page);
  focusField(first ? first.name : null);
}

function renderDoc() {
  const d = state.doc;
  $("#doc-title").textContent = `${d.name} — ${d.status}` + (!d.file_found ? " (file not found: no page picture)"
    : d.pages.length === 0 ? " (an invoice sent as data: no page to show)" : "");
  $("#doc-reasons").textContent = d.document_reasons.join("; ");
  $("#memory-note").textContent = "";
  const nav = $("#page-nav");
  nav.textContent = "";
  if (d.pages.length > 1) {
    d.pages.forEach((p, i) => {
      const b = document.createElement("button");
      b.textContent = `page ${i + 1}`;
      b.tabIndex = -1;
      b.addEventListener("click", () => showPage(i));
      nav.append(b);
    });
  }
  renderFields();
}

function renderFields() {
  const panel = $("#fields");
  panel.textContent = "";
  for (const f of state.doc.fields) {
    const div = document.createElement("div");
    div.className = "field" + (f.needs_review ? " review" : "") + (f.checked ? " checked" : "");
    div.id = `field-${f.name}`;
    const label = document.createElement("label");
    label.htmlFor = `input-${f.name}`;
    const name = document.createElement("span");
    name.textContent = f.label;
    const info = document.createElement("span");
    info.className = "state";
    info.textContent = f.corrected ? `corrected (was ${f.original ?? "empty"})`
      : f.checked ? "accepted"
      : f.needs_review ? `check · ${(f.confidence * 100).toFixed(1)}%`
      : f.value == null ? "not found" : `${Math.round(f.confidence * 100)}%`;
    label.append(name, info);
    const input = document.createElement("input");
    input.id = `input-${f.name}`;
    input.name = f.name;
    input.value = f.value ?? "";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.addEventListener("focus", () => {
      state.active = f.name;
      if (f.page != null && f.page !== state.page) showPage(f.page);
      highlight();
    });
    input.addEventListener("keydown", (e) => onFieldKey(e, f));
    div.append(label, input);
    if (f.reasons.length && !f.checked) {
      const ul = document.createElement("ul");
      ul.className = "reasons";
      for (const r of f.reasons) {
        const li = document.createElement("li");
        li.textContent = r;
        ul.append(li);
      }
      div.append(ul);
    }
    panel.append(div);
  }
}

async function showPage(n) {
  state.page = n;
  const d = state.doc;
  const img = $("#page-img");
  if (d.file_found && d.pages.length > 0) {
    await new Promise((resolve) => {
      img.onload = resolve;
      img.onerror = resolve;
      img.src = `/api/documents/${d.id}/pages/${n}.png`;
    });
  } else {
    img.removeAttribute("src");
  }
  drawBoxes();
  drawWords();
}

function drawBoxes() {
  const layer = $("#boxes");
  layer.textContent = "";
  for (const f of state.doc.fields) {
    const picked = state.picked[f.name];
    const page = picked ? picked.page : f.page;
    const bbox = picked ? picked.bbox : f.bbox;
    if (!bbox || page !== state.page) continue;
    const total = state.doc.fields.find((t) => t.name === "total");
    // The currency is read from the total's own text: one box, labelled once.
    if (f.name === "currency" && total && total.bbox && String(total.bbox) === String(bbox)) continue;
    const box = document.createElement("div");
    box.className = "fbox" + (f.needs_review ? " review" : "");
    box.dataset.field = f.name;
    place(box, bbox);
    const tag = document.createElement("span");
    tag.className = "tag";
    tag.textContent = f.label;
    tag.className = "tag" + (f.needs_review ? "" : " quiet");
    box.append(tag);
    box.addEventListener("click", (e) => {
      e.stopPropagation();
      $(`#input-${f.name}`).focus();
    });
    layer.append(box);
  }
  highlight();
}

async function drawWords() {
  const d = state.doc;
  const page = state.page;
  const layer = $("#words");
  layer.textContent = "";
  if (!d.file_found) return;
  if (!state.words[page]) {
    const data = await api(`/api/documents/${d.id}/pages/${page}/words`);
    state.words[page] = data.words;
  }
  if (state.doc !== d || state.page !== page) return;  // moved on meanwhile
  for (const w of state.words[page]) {
    const el = document.createElement("div");
    el.className = "wbox";
    el.title = w.text;
    el.dataset.text = w.text;
    place(el, w.bbox);
    el.addEventListener("mousedown", (e) => e.preventDefault());  // keep the field focused
    el.addEventListener("click", (e) => takeWord(w, e.shiftKey));
    layer.append(el);
  }
}

function takeWord(word, append) {
  const name = state.active || (state.doc.fields.find((f) => f.needs_review) || {}).name;
  if (!name) return;
  const input = $(`#input-${name}`);
  const before = state.picked[name];
  if (append && before && before.page === state.page) {
    const b = before.bbox;
    input.value = `${input.value} ${word.text}`;
    state.picked[name] = {
      page: state.page,
      bbox: [Math.min(b[0], word.bbox[0]), Math.min(b[1], word.bbox[1]),
             Math.max(b[2], word.bbox[2]), Math.max(b[3], word.bbox[3])],
    };
  } else {
    input.value = word.text;
    state.picked[name] = { page: state.page, bbox: word.bbox };
  }
  input.focus();
  drawBoxes();
}

function highlight() {
  for (const box of document.querySelectorAll(".fbox")) {
    box.classList.toggle("active", box.dataset.field === state.active);
  }
}

async function save(f) {
  const input = $(`#input-${f.name}`);
  const picked = state.picked[f.name];
  const body = { value: input.value };
  if (picked && input.value !== (f.value ?? "")) {
    body.page = picked.page;
    body.bbox = picked.bbox;
  }
  const data = await api(`/api/documents/${state.doc.id}/fields/${f.name}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  delete state.picked[f.name];
  state.doc = data.document;
  if (data.memory) {
    // what the vendor memory (serve/review --memory) learned from this document, or why not
    const note = $("#memory-note");
    note.textContent = data.memory.summary;
    note.classList.toggle("not-learned", !data.memory.learned);
  }
  renderFields();
  drawBoxes();
  loadQueue();
}

function nextFieldName(after) {
  const fields = state.doc.fields;
  const i = fields.findIndex((f) => f.name === after);
  const rest = fields.slice(i + 1);
  const todo = rest.find((f) => f.needs_review);
  return (todo || rest[0] || {}).name || null;
}

async function onFieldKey(e, f) {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    await nextDoc(1);
  } else if (e.key === "Enter") {
    e.preventDefault();
    await save(f);
    focusField(nextFieldName(f.name));
  } else if (e.key === "Tab" && !e.shiftKey) {
    const input = e.target;
    const changed = input.value !== (f.value ?? "");
    if (changed || (f.needs_review && !f.checked)) {
      e.preventDefault();
      await save(f);
      focusField(nextFieldName(f.name));
    }
  } else if (e.key === "Escape") {
    e.target.value = f.value ?? "";
    delete state.picked[f.name];
    drawBoxes();
  }
}

function focusField(name) {
  if (!name) {
    $("#page").focus();
    state.active = null;
    highlight();
    return;
  }
  const input = $(`#input-${name}`);
  if (input) {
    input.focus();
    input.select();
  }
}

async function nextDoc(step) {
  if (!state.queue.length) return;
  const order = state.queue.map((d) => d.id);
  const here = state.doc ? order.indexOf(state.doc.id) : -1;
  const next = order[(here + step + order.length) % order.length];
  await openDoc(next);
}

document.addEventListener("keydown", async (e) => {
  const typing = e.target instanceof HTMLInputElement;
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !typing) {
    e.preventDefault();
    await nextDoc(1);
  } else if (!typing && (e.key === "n" || e.key === "p")) {
    e.preventDefault();
    await nextDoc(e.key === "n" ? 1 : -1);
  } else if (e.key === "PageDown" || e.key === "PageUp") {
    if (!state.doc) return;
    const n = state.page + (e.key === "PageDown" ? 1 : -1);
    if (n >= 0 && n < state.doc.pages.length) {
      e.preventDefault();
      await showPage(n);
    }
  }
});

async function start() {
  await loadQueue();
  const m = /doc=(\d+)/.exec(location.hash);
  if (m) {
    await openDoc(Number(m[1]));
  } else if (state.queue.length) {
    await openDoc(state.queue[0].id);
  } else {
    $("#viewer").innerHTML = '<p class="empty">No documents.</p>';
  }
  document.body.dataset.ready = "1";
}

start().catch((err) => {
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = `Cannot load: ${err.message}`;
  $("#viewer").prepend(p);
});
