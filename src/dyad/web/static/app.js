/* dyad dashboard: filters -> /api/* -> charts, event table, evidence viewer. No libraries. */
"use strict";
(() => {
  const $ = sel => document.querySelector(sel);
  const FIELDS = ["source", "target", "dyad", "cameo", "plover", "since", "until", "country", "text"];
  let world = null, next = null, token = sessionStorage.getItem("dyad-token") || "";

  function status(text) { $("#status").textContent = text || ""; }
  function esc(s) { return String(s ?? "").replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c])); }

  async function api(path) {
    const headers = token ? { Authorization: "Bearer " + token } : {};
    let r = await fetch(path, { headers });
    if (r.status === 401) {
      token = window.prompt("This dyad server needs a token to read:") || "";
      sessionStorage.setItem("dyad-token", token);
      r = await fetch(path, { headers: { Authorization: "Bearer " + token } });
    }
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    return body;
  }

  function params(extra) {
    const q = new URLSearchParams();
    for (const f of FIELDS) { const v = $("#f-" + f).value.trim(); if (v) q.set(f, v); }
    for (const [k, v] of Object.entries(extra || {})) if (v !== null && v !== undefined) q.set(k, v);
    return q.toString();
  }

  function actor(a) { return a ? `<span title="${esc(a.name || "")}">${esc(a.code)}</span>` : "—"; }

  function rows(events) {
    const body = $("#events tbody");
    for (const e of events) {
      const tr = document.createElement("tr");
      tr.dataset.id = e.id;
      const g = e.goldstein;
      tr.innerHTML = `<td>${esc(e.date || "?")}</td><td>${actor(e.source)}</td>` +
        `<td title="${esc(e.cameo)} ${esc(e.cameo_name)}">${esc(e.cameo_name)}</td><td>${actor(e.target)}</td>` +
        `<td>${esc(e.plover.type || "")}</td><td class="${g > 0 ? "g-pos" : g < 0 ? "g-neg" : ""}">${esc(g)}</td>` +
        `<td>${esc(e.mentions)}</td>`;
      tr.addEventListener("click", () => { select(tr); showEvidence(e, 0); });
      body.appendChild(tr);
    }
  }
  function select(tr) {
    document.querySelectorAll("#events tr.selected").forEach(r => r.classList.remove("selected"));
    tr.classList.add("selected");
  }

  async function loadEvents(more) {
    const page = await api("/api/events?" + params({ limit: 100, cursor: more ? next : null }));
    if (!more) $("#events tbody").innerHTML = "";
    rows(page.events);
    next = page.next_cursor;
    $("#more").hidden = !next;
    $("#count").textContent = `${$("#events tbody").children.length}${next ? "+" : ""} shown`;
  }

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
      `<b>${esc(e.source && e.source.name || e.source.code)}</b> → <i>${esc(e.cameo_name)}</i> (${esc(e.cameo)}, ` +
      `${esc(e.plover.type || "no PLOVER type")}) → <b>${esc(e.target ? e.target.name || e.target.code : "—")}</b>` +
      ` · ${esc(e.date || "undated")} · Goldstein ${esc(e.goldstein)} · ${esc(e.modality)}` +
      `<div class="legend"><span class="sent">sentence</span><span class="src">source</span>` +
      `<span class="trg">trigger</span><span class="tgt">target</span></div>`;
    $("#mentions").innerHTML = "";
    e.mention_evidence.forEach((m, i) => {
      const b = document.createElement("button");
      b.textContent = `${m.source || m.title || m.article_id}${m.published ? " · " + m.published : ""}`;
      if (i === which) b.className = "active";
      b.addEventListener("click", () => showEvidence(e, i));
      $("#mentions").appendChild(b);
    });
    if (!ev) { $("#article-text").textContent = "no evidence stored"; return; }
    const art = await api("/api/articles/" + encodeURIComponent(ev.article_id));
    const spans = [[...ev.sentence_span, "sent"]];
    ev.source_spans.forEach(s => spans.push([...s, "src"]));
    ev.target_spans.forEach(s => spans.push([...s, "tgt"]));
    ev.trigger_spans.forEach(s => spans.push([...s, "trg"]));
    const link = art.url ? ` <a href="${esc(art.url)}" rel="noopener noreferrer" target="_blank">source</a>` : "";
    $("#article-text").innerHTML = `<h3>${esc(art.title || art.article_id)}</h3>` +
      `<div class="meta">${esc(art.source || "")} ${esc(art.published || "")}${link}</div>` + marked(art.text, spans);
    const hit = $("#article-text .sent");
    if (hit) hit.scrollIntoView({ block: "nearest" });
    $("#evidence").scrollIntoView({ block: "nearest" });
  }

  async function refresh() {
    status("loading…");
    try {
      const interval = $("#f-interval").value;
      const [ts, net, map] = await Promise.all([
        api("/api/timeseries?" + params({ interval })), api("/api/network?" + params({ limit: 40 })),
        api("/api/map?" + params()), loadEvents(false)]);
      Charts.timeline($("#timeline"), ts);
      Charts.network($("#network"), net, code => { $("#f-source").value = code; refresh(); });
      Charts.worldMap($("#map"), world, map);
      status("");
    } catch (err) { status("error: " + err.message); }
  }

  $("#filters").addEventListener("submit", ev => { ev.preventDefault(); refresh(); });
  $("#reset").addEventListener("click", () => { $("#filters").reset(); refresh(); });
  $("#more").addEventListener("click", () => loadEvents(true).catch(err => status("error: " + err.message)));
  $("#close-evidence").addEventListener("click", () => { $("#evidence").hidden = true; });
  fetch("/static/world.json").then(r => r.json()).then(w => { world = w; }).catch(() => { world = null; })
    .finally(refresh);
})();
