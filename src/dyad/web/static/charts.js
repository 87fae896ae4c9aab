/* dyad dashboard charts: small SVG drawings, no libraries. Each takes an <svg> and API JSON. */
"use strict";
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }
  function clear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); }
  function title(node, text) { el("title", {}, node).textContent = text; return node; }
  function empty(svg, w, h, text) {
    el("text", { x: w / 2, y: h / 2, "text-anchor": "middle", class: "tick" }, svg).textContent = text;
  }
  /** Goldstein -10..10 -> red..grey..green */
  function goldColor(g) {
    if (g === null || g === undefined) return "#888";
    const t = Math.max(-1, Math.min(1, g / 10));
    const mix = (a, b, s) => Math.round(a + (b - a) * s);
    const grey = [150, 150, 150], green = [46, 158, 91], red = [214, 69, 61];
    const end = t >= 0 ? green : red, s = Math.abs(t) * 1.6 > 1 ? 1 : Math.abs(t) * 1.6;
    return `rgb(${mix(grey[0], end[0], s)},${mix(grey[1], end[1], s)},${mix(grey[2], end[2], s)})`;
  }

  /** Bars per period: cooperative (quad 1-2) above the axis, conflictual (3-4) below. */
  function timeline(svg, data) {
    clear(svg);
    const W = 600, H = 220, L = 34, R = 6, T = 8, B = 22;
    const rows = (data.buckets || []).map(b => {
      const q = k => (b.by_quad[k] ? b.by_quad[k].count : 0);
      return { period: b.period, coop: q("1") + q("2"), conf: q("3") + q("4"), mean: b.goldstein_mean };
    });
    if (!rows.length) return empty(svg, W, H, "no dated events");
    const max = Math.max(1, ...rows.map(r => Math.max(r.coop, r.conf)));
    const mid = T + (H - T - B) / 2, half = (H - T - B) / 2;
    const step = (W - L - R) / rows.length, bw = Math.max(1, step * 0.8);
    el("line", { x1: L, x2: W - R, y1: mid, y2: mid, class: "axis" }, svg);
    [[max, mid - half], [max, mid + half]].forEach(([v, y]) => {
      el("text", { x: L - 4, y: y + 4, "text-anchor": "end", class: "tick" }, svg).textContent = String(v);
    });
    rows.forEach((r, i) => {
      const x = L + i * step + (step - bw) / 2;
      const hc = (r.coop / max) * half, hf = (r.conf / max) * half;
      if (r.coop) title(el("rect", { x, y: mid - hc, width: bw, height: hc, class: "coop-fill" }, svg),
        `${r.period}: ${r.coop} cooperative`);
      if (r.conf) title(el("rect", { x, y: mid, width: bw, height: hf, class: "conf-fill" }, svg),
        `${r.period}: ${r.conf} conflictual`);
    });
    const every = Math.max(1, Math.ceil(rows.length / 8));
    rows.forEach((r, i) => {
      if (i % every) return;
      el("text", { x: L + i * step + step / 2, y: H - 6, "text-anchor": "middle", class: "tick" }, svg)
        .textContent = data.interval === "month" ? r.period.slice(0, 7) : r.period;
    });
  }

  /** Actors on a circle, dyads as arrows: green when mostly cooperative, red when mostly conflictual. */
  function network(svg, data, onPick) {
    clear(svg);
    const W = 600, H = 340, cx = W / 2, cy = H / 2, rad = Math.min(W, H) / 2 - 48;
    const nodes = data.nodes || [], edges = data.edges || [];
    if (!nodes.length) return empty(svg, W, H, "no dyads");
    const defs = el("defs", {}, svg);
    [["coop", "#2e9e5b"], ["conf", "#d6453d"], ["mixed", "#888"]].forEach(([id, c]) => {
      const m = el("marker", { id: "arrow-" + id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6,
        markerHeight: 6, orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: c }, m);
    });
    const pos = {}, maxNode = Math.max(1, ...nodes.map(n => n.count));
    nodes.forEach((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
      pos[n.id] = { x: cx + rad * Math.cos(a), y: cy + rad * Math.sin(a), r: 5 + 9 * Math.sqrt(n.count / maxNode), a };
    });
    const maxEdge = Math.max(1, ...edges.map(e => e.count));
    edges.forEach(e => {
      const s = pos[e.source], t = pos[e.target];
      if (!s || !t || e.source === e.target) return;
      const kind = e.cooperative > e.conflictual ? "coop" : e.conflictual > e.cooperative ? "conf" : "mixed";
      const color = { coop: "#2e9e5b", conf: "#d6453d", mixed: "#888" }[kind];
      const dx = t.x - s.x, dy = t.y - s.y, d = Math.hypot(dx, dy) || 1;
      const x2 = t.x - (dx / d) * (t.r + 2), y2 = t.y - (dy / d) * (t.r + 2);
      const mx = (s.x + x2) / 2 - dy * 0.12, my = (s.y + y2) / 2 + dx * 0.12; /* curve: A->B and B->A apart */
      title(el("path", { d: `M${s.x},${s.y} Q${mx},${my} ${x2},${y2}`, fill: "none", stroke: color,
        "stroke-opacity": 0.75, "stroke-width": 1 + 4 * Math.sqrt(e.count / maxEdge),
        "marker-end": `url(#arrow-${kind})` }, svg),
        `${e.source} → ${e.target}: ${e.count} events, ${e.cooperative} cooperative, ${e.conflictual} conflictual, mean Goldstein ${e.goldstein_mean}`);
    });
    nodes.forEach(n => {
      const p = pos[n.id];
      const g = el("g", { class: "node", transform: `translate(${p.x},${p.y})` }, svg);
      title(el("circle", { r: p.r, fill: "#2f6fdf" }, g), `${n.id} ${n.name || ""}: ${n.count} events`);
      const out = Math.cos(p.a) >= 0;
      el("text", { x: (out ? 1 : -1) * (p.r + 3), y: 4, "text-anchor": out ? "start" : "end" }, g).textContent = n.id;
      if (onPick) { g.style.cursor = "pointer"; g.addEventListener("click", () => onPick(n.id)); }
    });
  }

  /** Equirectangular world (Natural Earth 1:110m outlines shipped with dyad) with event circles. */
  function worldMap(svg, world, data) {
    clear(svg);
    const W = 720, H = 360;
    const px = lon => ((lon + 180) / 360) * W, py = lat => ((90 - lat) / 180) * H;
    for (let lon = -180; lon <= 180; lon += 30) el("line", { x1: px(lon), x2: px(lon), y1: 0, y2: H, class: "graticule" }, svg);
    for (let lat = -60; lat <= 60; lat += 30) el("line", { x1: 0, x2: W, y1: py(lat), y2: py(lat), class: "graticule" }, svg);
    if (world) {
      for (const f of world.features) {
        let d = "";
        for (const poly of f.geometry.coordinates) for (const ring of poly) {
          d += "M" + ring.map(([x, y]) => px(x).toFixed(1) + "," + py(y).toFixed(1)).join("L") + "Z";
        }
        title(el("path", { d, class: "land" }, svg), f.properties.name);
      }
    }
    const feats = (data.features || []).slice().sort((a, b) => b.properties.count - a.properties.count);
    const max = Math.max(1, ...feats.map(f => f.properties.count));
    feats.forEach(f => {
      const [lon, lat] = f.geometry.coordinates, p = f.properties;
      title(el("circle", { cx: px(lon), cy: py(lat), r: 3 + 12 * Math.sqrt(p.count / max),
        fill: goldColor(p.goldstein_mean), class: "dot" }, svg),
        `${p.name} (${p.basis === "place" ? "place of the event" : "source actor's country"}): ${p.count} events, mean Goldstein ${p.goldstein_mean}`);
    });
    if (!feats.length) empty(svg, W, H, "no located events");
  }
  return { timeline, network, worldMap };
})();
