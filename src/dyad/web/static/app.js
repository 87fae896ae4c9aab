/* dyad dashboard: filters (kept in the URL) -> /api/* -> charts, event table, evidence viewer. No libraries. */
"use strict";
(() => {
  const $ = sel => document.querySelector(sel);
  const FIELDS = ["source", "target", "dyad", "cameo", "plover", "since", "until", "country", "text"];
  const VIEW = { interval: "month", group: "actor", top: "25", order: "newest" }; /* defaults, left out of the URL */
  const MAX_TIMELINE_PAGES = 20;
  let world = null, next = null, loaded = [], sort = { key: "date", dir: -1 };
  let token = sessionStorage.getItem("dyad-token") || "", config = null, generation = 0;

  function status(text) { $("#status").textContent = text || ""; }
  function notice(html, kind) {
    const box = $("#notice");
    box.hidden = !html;
    box.className = kind || "";
    box.innerHTML = html || "";
  }
  function esc(s) {
    return String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }
  const webUrl = url => (typeof url === "string" && /^https?:\/\/\S+$/i.test(url) ? url : null);

  async function api(path) {
    const headers = token ? { Authorization: "Bearer " + token } : {};
    let r = await fetch(path, { headers });
    if (r.status === 401) {
      token = window.prompt("This dyad server needs a token to read:") || "";
      sessionStorage.setItem("dyad-token", token);
      r = await fetch(path, { headers: { Authorization: "Bearer " + token } });
    }
    let body = null;
    try { body = await r.json(); } catch (err) { body = null; }
    if (!r.ok) {
      const error = new Error(body && body.error ? body.error : `${r.status} ${r.statusText}`);
      error.field = body && body.field;
      throw error;
    }
    return body;
  }

  /* ---------------------------------------------------------------- state <-> form <-> URL */

  function readForm() {
    const state = {};
    for (const f of FIELDS) { const v = $("#f-" + f).value.trim(); if (v) state[f] = v; }
    if ($("#f-modality").checked) state.modality = "all";
    for (const [k, v] of Object.entries(VIEW)) {
      const value = k === "order" ? (sort.key === "date" && sort.dir === 1 ? "oldest" : "newest") : $("#f-" + k).value;
      if (value !== v) state[k] = value;
    }
    return state;
  }
  function writeForm(state) {
    for (const f of FIELDS) $("#f-" + f).value = state[f] || "";
    $("#f-modality").checked = state.modality === "all";
    for (const [k, v] of Object.entries(VIEW)) if (k !== "order") $("#f-" + k).value = state[k] || v;
    sort = { key: "date", dir: state.order === "oldest" ? 1 : -1 };
  }
  function fromUrl() {
    const state = {};
    for (const [k, v] of new URLSearchParams(location.search)) if (v && (FIELDS.includes(k) || k in VIEW || k === "modality")) state[k] = v;
    return state;
  }
  function query(state, keys, extra) {
    const q = new URLSearchParams();
    for (const k of keys) if (state[k]) q.set(k, state[k]);
    for (const [k, v] of Object.entries(extra || {})) if (v !== null && v !== undefined) q.set(k, v);
    return q.toString();
  }
  const FILTERS = [...FIELDS, "modality"];

  /* ---------------------------------------------------------------- table */

  const VALUE = {
    date: e => e.date || "", source: e => label(e.source), action: e => e.cameo_name || e.cameo,
    target: e => label(e.target), type: e => e.plover.type || "", goldstein: e => e.goldstein ?? -99,
    mentions: e => e.mentions,
  };
  const label = a => (a ? a.code || a.text || "?" : "");
  function actor(a) {
    if (!a) return "—";
    return `<span title="${esc(a.name || a.text || "")}"${a.code ? "" : ' class="uncoded"'}>${esc(label(a))}</span>`;
  }
  function drawRows() {
    const body = $("#events tbody");
    body.innerHTML = "";
    const rows = sort.key === "date" ? loaded : loaded.slice().sort((a, b) => {
      const x = VALUE[sort.key](a), y = VALUE[sort.key](b);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
    });
    if (!rows.length) {
      body.innerHTML = `<tr class="none"><td colspan="7">No events match these filters.</td></tr>`;
    }
    for (const e of rows) {
      const tr = document.createElement("tr"), g = e.goldstein;
      tr.dataset.id = e.id;
      tr.tabIndex = 0;
      if (e.modality !== "asserted") tr.className = "not-asserted";
      const mod = e.modality !== "asserted" ? ` <em>(${esc(e.modality)})</em>` : "";
      tr.innerHTML = `<td>${esc(e.date || "undated")}</td><td>${actor(e.source)}</td>` +
        `<td title="${esc(e.cameo)} ${esc(e.cameo_name)}">${esc(e.cameo_name)}${mod}</td><td>${actor(e.target)}</td>` +
        `<td>${esc(e.plover.type || "")}</td><td class="${g > 0 ? "g-pos" : g < 0 ? "g-neg" : ""}">${esc(g)}</td>` +
        `<td>${esc(e.mentions)}</td>`;
      const open = () => { select(tr); showEvidence(e, 0).catch(err => status("error: " + err.message)); };
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", ev => { if (ev.key === "Enter") open(); });
      body.appendChild(tr);
    }
    document.querySelectorAll("#events th").forEach(th => {
      th.setAttribute("aria-sort", th.dataset.key === sort.key ? (sort.dir > 0 ? "ascending" : "descending") : "none");
    });
    $("#count").textContent = `${loaded.length}${next ? "+" : ""} shown`;
  }
  function select(tr) {
    document.querySelectorAll("#events tr.selected").forEach(r => r.classList.remove("selected"));
    tr.classList.add("selected");
  }
  async function loadEvents(state, more) {
    const order = sort.key === "date" && sort.dir === 1 ? "oldest" : "newest";
    const page = await api("/api/events?" + query(state, FILTERS, { limit: 100, order, cursor: more ? next : null }));
    loaded = more ? loaded.concat(page.events) : page.events;
    next = page.next_cursor;
    $("#more").hidden = !next;
    drawRows();
  }

  /* ---------------------------------------------------------------- evidence */

  /** The article text with the sentence, the actors and the trigger of one mention marked. */
  function marked(text, spans) {
    const cuts = new Set([0, text.length]);
    spans.forEach(s => { cuts.add(Math.max(0, s[0])); cuts.add(Math.min(text.length, s[1])); });
    const points = [...cuts].sort((a, b) => a - b);
    let html = "";
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i], b = points[i + 1];
      const cls = spans.filter(s => s[0] <= a && s[1] >= b).map(s => s[2]);
      const piece = esc(text.slice(a, b));
      html += cls.length ? `<span class="${cls.join(" ")}">${piece}</span>` : piece;
    }
    return html;
  }
  async function showEvidence(e, which) {
    const ev = e.mention_evidence[which];
    $("#evidence").hidden = false;
    $("#evidence-head").innerHTML =
      `<b>${esc(e.source ? e.source.name || label(e.source) : "—")}</b> → <i>${esc(e.cameo_name)}</i> (${esc(e.cameo)}, ` +
      `${esc(e.plover.type || "no PLOVER type")}) → <b>${esc(e.target ? e.target.name || label(e.target) : "—")}</b>` +
      ` · ${esc(e.date || "undated")} · Goldstein ${esc(e.goldstein)} · ${esc(e.modality)}` +
      `<div class="legend"><span class="sent">sentence</span><span class="src">source</span>` +
      `<span class="trg">trigger</span><span class="tgt">target</span></div>`;
    $("#mentions").innerHTML = "";
    e.mention_evidence.forEach((m, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = `${m.source || m.title || m.article_id}${m.published ? " · " + m.published : ""}`;
      if (i === which) b.className = "active";
      b.addEventListener("click", () => showEvidence(e, i).catch(err => status("error: " + err.message)));
      $("#mentions").appendChild(b);
    });
    if (!ev) { $("#article-text").textContent = "no evidence stored"; return; }
    const art = await api("/api/articles/" + encodeURIComponent(ev.article_id));
    const spans = [[...ev.sentence_span, "sent"]];
    ev.source_spans.forEach(s => spans.push([...s, "src"]));
    ev.target_spans.forEach(s => spans.push([...s, "tgt"]));
    ev.trigger_spans.forEach(s => spans.push([...s, "trg"]));
    const url = webUrl(art.url);
    const link = url ? ` <a href="${esc(url)}" rel="noopener noreferrer" target="_blank">source</a>` : "";
    $("#article-text").innerHTML = `<h3>${esc(art.title || art.article_id)}</h3>` +
      `<div class="meta">${esc(art.source || "")} ${esc(art.published || "")}${link}</div>` + marked(art.text, spans);
    const hit = $("#article-text .sent");
    if (hit) hit.scrollIntoView({ block: "nearest" });
    $("#evidence").scrollIntoView({ block: "nearest" });
  }

  /* ---------------------------------------------------------------- refresh */

  async function timeseries(state) {
    const base = query(state, FILTERS, { interval: state.interval || VIEW.interval });
    const first = await api("/api/timeseries?" + base);
    let cursor = first.next_cursor, pages = 1;
    while (cursor && pages < MAX_TIMELINE_PAGES) {
      const more = await api("/api/timeseries?" + base + "&cursor=" + encodeURIComponent(cursor));
      first.buckets = first.buckets.concat(more.buckets);
      cursor = more.next_cursor;
      pages++;
    }
    first.truncated = Boolean(cursor);
    return first;
  }
  function failed(err) {
    for (const id of ["#timeline", "#network", "#map"]) Charts.message($(id), "not shown: the request failed", "empty error");
    loaded = []; next = null; $("#more").hidden = true;
    $("#events tbody").innerHTML = `<tr class="none"><td colspan="7">Not loaded: the request failed.</td></tr>`;
    $("#count").textContent = "";
    const field = err.field ? ` <button type="button" id="fix-field" data-field="${esc(err.field)}">fix ${esc(err.field)}</button>` : "";
    notice(`<b>Error:</b> ${esc(err.message)}.${field}`, "error");
    status("");
    const fix = $("#fix-field");
    if (fix) fix.addEventListener("click", () => { const input = $("#f-" + fix.dataset.field); if (input) input.focus(); });
  }
  async function refresh(push) {
    const state = readForm(), mine = ++generation;
    const search = new URLSearchParams(state).toString();
    if (push && search !== location.search.slice(1)) history.pushState(state, "", search ? "?" + search : location.pathname);
    $("#csv").href = "/api/events.csv?" + query(state, FILTERS);
    status("loading…");
    notice("");
    try {
      if (!config) config = await api("/api/config");
      if (config.events === 0) {
        notice("<b>The event store is empty.</b> Code some news into it, then reload this page: " +
          "<code>dyad ingest news/ --db news.db</code> (a folder of .txt, .html, .jsonl or .warc.gz files), " +
          "or <code>dyad ingest --feed URL --db news.db</code>.", "empty-store");
      }
      const [ts, net, map] = await Promise.all([
        timeseries(state),
        api("/api/network?" + query(state, FILTERS, { group: state.group || VIEW.group, limit: state.top || VIEW.top })),
        api("/api/map?" + query(state, FILTERS)),
        loadEvents(state, false)]);
      if (mine !== generation) return;
      Charts.timeline($("#timeline"), ts);
      Charts.network($("#network"), net, code => {
        const field = net.group === "country" ? "#f-country" : "#f-source";
        $(field).value = code;
        refresh(true);
      });
      Charts.worldMap($("#map"), world, map);
      status(ts.truncated ? "timeline: showing the first periods only; narrow the dates or choose a coarser interval" : "");
    } catch (err) {
      if (mine === generation) failed(err);
    }
  }

  $("#filters").addEventListener("submit", ev => { ev.preventDefault(); refresh(true); });
  $("#clear-filters").addEventListener("click", () => { writeForm({}); refresh(true); });
  for (const id of ["#f-group", "#f-top", "#f-interval", "#f-modality"]) $(id).addEventListener("change", () => refresh(true));
  document.querySelectorAll("#events th button").forEach(b => b.addEventListener("click", () => {
    const key = b.parentElement.dataset.key;
    sort = { key, dir: sort.key === key ? -sort.dir : (key === "date" ? -1 : 1) };
    if (key === "date") refresh(true); else drawRows();
  }));
  $("#more").addEventListener("click", () => loadEvents(readForm(), true).catch(failed));
  $("#csv").addEventListener("click", async ev => { /* a plain link cannot send the token: fetch, then save */
    if (!token) return;
    ev.preventDefault();
    try {
      const r = await fetch($("#csv").href, { headers: { Authorization: "Bearer " + token } });
      if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(await r.blob());
      a.download = "dyad-events.csv";
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (err) { status("CSV: " + err.message); }
  });
  $("#close-evidence").addEventListener("click", () => { $("#evidence").hidden = true; });
  window.addEventListener("popstate", () => { writeForm(fromUrl()); refresh(false); });
  writeForm(fromUrl());
  fetch("/static/world.json").then(r => r.json()).then(w => { world = w; }).catch(() => { world = null; })
    .finally(() => refresh(false));
})();
