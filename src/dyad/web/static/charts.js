/* dyad dashboard charts: small SVG drawings, no libraries. Each takes an <svg> and API JSON. */
"use strict";
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }
  function clear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); }
  function title(node, text) { el("title", {}, node).textContent = text; return node; }
  function message(svg, text, cls) {
    clear(svg);
    const box = svg.viewBox.baseVal;
    el("text", { x: box.width / 2, y: box.height / 2, "text-anchor": "middle", class: cls || "empty" }, svg)
      .textContent = text;
  }
  /** Goldstein -10..10 -> red..grey..green */
  function goldColor(g) {
    if (g === null || g === undefined) return "#888";
    const t = Math.max(-1, Math.min(1, g / 10));
    const mix = (a, b, s) => Math.round(a + (b - a) * s);
    const grey = [150, 150, 150], green = [46, 158, 91], red = [214, 69, 61];
    const end = t >= 0 ? green : red, s = Math.min(1, Math.abs(t) * 1.6);
    return `rgb(${mix(grey[0], end[0], s)},${mix(grey[1], end[1], s)},${mix(grey[2], end[2], s)})`;
  }
  const utc = iso => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  function nextPeriod(interval, t) {
    const d = new Date(t);
    if (interval === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return t + (interval === "week" ? 7 : 1) * DAY;
  }
  /** Ticks on a linear time axis: years, or months when the span is short. */
  function timeTicks(lo, hi) {
    const years = (hi - lo) / (365.25 * DAY), ticks = [];
    const y0 = new Date(lo).getUTCFullYear(), y1 = new Date(hi).getUTCFullYear();
    if (years > 2.5) {
      const step = Math.max(1, Math.ceil((y1 - y0 + 1) / 8));
      for (let y = Math.ceil(y0 / step) * step; y <= y1; y += step) {
        const t = Date.UTC(y, 0, 1);
        if (t >= lo && t <= hi) ticks.push([t, String(y)]);
      }
    } else {
      const months = Math.max(1, Math.round(years * 12)), step = Math.max(1, Math.ceil(months / 8));
      const start = new Date(lo);
      for (let m = start.getUTCMonth(), y = start.getUTCFullYear(); ; m += step) {
        const t = Date.UTC(y, m, 1);
        if (t > hi) break;
        if (t >= lo) ticks.push([t, new Date(t).toISOString().slice(0, 7)]);
      }
    }
    return ticks;
  }

  /** Bars per period on a linear time axis (zero-filled by the API): cooperative (quad 1-2) above
   *  the axis, conflictual (3-4) below. Events dated only to a month or a year (coarser than the
   *  interval) are never drawn as a spike on the period's first day: they are bands across their
   *  whole span in their own lane under the axis. */
  function timeline(svg, data) {
    clear(svg);
    const W = 600, H = 240, L = 34, R = 8, T = 8, LANE = 46, B = 18;
    const buckets = data.buckets || [], spread = data.spread || [];
    if (!buckets.length && !spread.length) return message(svg, "no dated events match the filters");
    const q = (b, k) => (b.by_quad[k] ? b.by_quad[k].count : 0);
    let lo = Infinity, hi = -Infinity;
    buckets.forEach(b => { const t = utc(b.period); lo = Math.min(lo, t); hi = Math.max(hi, nextPeriod(data.interval, t)); });
    spread.forEach(s => { lo = Math.min(lo, utc(s.start)); hi = Math.max(hi, utc(s.end) + DAY); });
    for (let periods = 0, t = lo; periods < 12; periods++) t = nextPeriod(data.interval, t), hi = Math.max(hi, t);
    const x = t => L + ((t - lo) / Math.max(DAY, hi - lo)) * (W - L - R);
    const chartBottom = H - B - LANE, mid = T + (chartBottom - T) / 2, half = (chartBottom - T) / 2 - 2;
    const max = Math.max(1, ...buckets.map(b => Math.max(q(b, "1") + q(b, "2"), q(b, "3") + q(b, "4"))));
    el("line", { x1: L, x2: W - R, y1: mid, y2: mid, class: "axis" }, svg);
    el("text", { x: L - 4, y: T + 8, "text-anchor": "end", class: "tick" }, svg).textContent = String(max);
    el("text", { x: L - 4, y: chartBottom, "text-anchor": "end", class: "tick" }, svg).textContent = String(max);
    buckets.forEach(b => {
      const t = utc(b.period), x0 = x(t), x1 = x(nextPeriod(data.interval, t));
      const bw = Math.max(0.8, (x1 - x0) * 0.85), coop = q(b, "1") + q(b, "2"), conf = q(b, "3") + q(b, "4");
      if (coop) title(el("rect", { x: x0, y: mid - (coop / max) * half, width: bw, height: (coop / max) * half,
        class: "coop-fill bar" }, svg), `${b.period}: ${coop} cooperative`);
      if (conf) title(el("rect", { x: x0, y: mid, width: bw, height: (conf / max) * half, class: "conf-fill bar" }, svg),
        `${b.period}: ${conf} conflictual`);
    });
    const laneTop = chartBottom + 6;
    el("text", { x: L, y: laneTop + 8, class: "tick lane-label" }, svg).textContent =
      spread.length ? "dated only to a month or year (band = the whole span):" : "no events with only a month or year";
    spread.forEach((s, i) => {
      const x0 = x(utc(s.start)), x1 = x(utc(s.end) + DAY), coop = q(s, "1") + q(s, "2"), conf = q(s, "3") + q(s, "4");
      const row = i % 3, y = laneTop + 12 + row * 9;
      title(el("rect", { x: x0, y, width: Math.max(1.5, x1 - x0), height: 7,
        class: "band " + (conf > coop ? "conf-fill" : coop > conf ? "coop-fill" : "mixed-fill") }, svg),
        `${s.start} – ${s.end} (${s.precision} only): ${s.count} events, ${coop} cooperative, ${conf} conflictual`);
    });
    el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }, svg);
    timeTicks(lo, hi).forEach(([t, label]) => {
      el("line", { x1: x(t), x2: x(t), y1: H - B, y2: H - B + 4, class: "axis" }, svg);
      const anchor = x(t) > W - R - 24 ? "end" : "middle";
      el("text", { x: x(t), y: H - 4, "text-anchor": anchor, class: "tick" }, svg).textContent = label;
    });
  }

  /** A small force layout (Fruchterman-Reingold with a pull to the centre), deterministic. */
  function layout(nodes, edges, W, H) {
    const n = nodes.length, cx = W / 2, cy = H / 2;
    const pos = nodes.map((_, i) => {
      const a = (2 * Math.PI * i) / n;
      return { x: cx + (W / 4) * Math.cos(a), y: cy + (H / 4) * Math.sin(a) };
    });
    const index = Object.fromEntries(nodes.map((node, i) => [node.id, i]));
    const k = Math.min(90, Math.sqrt((W * H) / Math.max(1, n)) * 0.35);
    for (let step = 0, temp = W / 10; step < 400; step++, temp *= 0.985) {
      const d = pos.map(p => ({ x: (cx - p.x) * 0.6, y: (cy - p.y) * 1.2 }));
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, dist = Math.max(1, Math.hypot(dx, dy));
        const f = (k * k) / dist;
        d[i].x += (dx / dist) * f; d[i].y += (dy / dist) * f; d[j].x -= (dx / dist) * f; d[j].y -= (dy / dist) * f;
      }
      edges.forEach(e => {
        const i = index[e.source], j = index[e.target];
        if (i === undefined || j === undefined || i === j) return;
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y, dist = Math.max(1, Math.hypot(dx, dy));
        const f = (dist * dist) / k;
        d[i].x -= (dx / dist) * f; d[i].y -= (dy / dist) * f; d[j].x += (dx / dist) * f; d[j].y += (dy / dist) * f;
      });
      pos.forEach((p, i) => {
        const len = Math.max(1e-6, Math.hypot(d[i].x, d[i].y)), move = Math.min(len, temp);
        p.x = Math.max(70, Math.min(W - 70, p.x + (d[i].x / len) * move));
        p.y = Math.max(16, Math.min(H - 16, p.y + (d[i].y / len) * move));
      });
    }
    /* stretch the drawing to fill the panel (at most 2.5 times), centred */
    const xs = pos.map(p => p.x), ys = pos.map(p => p.y);
    const x0 = Math.min(...xs), y0 = Math.min(...ys), bw = Math.max(...xs) - x0, bh = Math.max(...ys) - y0;
    const scale = Math.min(2.5, (W - 170) / Math.max(1, bw), (H - 40) / Math.max(1, bh));
    return pos.map(p => ({ x: cx + (p.x - x0 - bw / 2) * scale, y: cy + (p.y - y0 - bh / 2) * scale }));
  }

  /** The top dyads: nodes named (code added where names repeat), arrows source -> target,
   *  green when mostly cooperative, red when mostly conflictual, width by events. */
  function network(svg, data, onPick) {
    clear(svg);
    const W = 600, H = 360, nodes = data.nodes || [], edges = data.edges || [];
    if (!nodes.length) return message(svg, "no dyads (events with a target) match the filters");
    const defs = el("defs", {}, svg);
    const colors = { coop: "#2e9e5b", conf: "#d6453d", mixed: "#888" };
    Object.entries(colors).forEach(([id, c]) => {
      const m = el("marker", { id: "arrow-" + id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9,
        markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: c }, m);
    });
    const xy = layout(nodes, edges, W, H), maxNode = Math.max(1, ...nodes.map(n => n.count));
    const pos = {}, seen = {};
    nodes.forEach(n => { seen[n.name || n.id] = (seen[n.name || n.id] || 0) + 1; });
    nodes.forEach((n, i) => { pos[n.id] = { ...xy[i], r: 5 + 9 * Math.sqrt(n.count / maxNode) }; });
    const maxEdge = Math.max(1, ...edges.map(e => e.count));
    edges.forEach(e => {
      const s = pos[e.source], t = pos[e.target];
      if (!s || !t || e.source === e.target) return;
      const kind = e.cooperative > e.conflictual ? "coop" : e.conflictual > e.cooperative ? "conf" : "mixed";
      const dx = t.x - s.x, dy = t.y - s.y, d = Math.hypot(dx, dy) || 1;
      const x2 = t.x - (dx / d) * (t.r + 2), y2 = t.y - (dy / d) * (t.r + 2);
      const mx = (s.x + x2) / 2 - dy * 0.12, my = (s.y + y2) / 2 + dx * 0.12; /* curve: A->B and B->A apart */
      title(el("path", { d: `M${s.x},${s.y} Q${mx},${my} ${x2},${y2}`, fill: "none", stroke: colors[kind],
        "stroke-opacity": 0.75, "stroke-width": 1 + 4 * Math.sqrt(e.count / maxEdge), "marker-end": `url(#arrow-${kind})`,
        class: "edge" }, svg),
        `${e.source} → ${e.target}: ${e.count} events, ${e.cooperative} cooperative, ${e.conflictual} conflictual, mean Goldstein ${e.goldstein_mean}`);
    });
    /* labels: beside, above or below each node, wherever they overlap no label or node drawn before */
    const boxes = nodes.map(n => ({ x0: pos[n.id].x - pos[n.id].r, x1: pos[n.id].x + pos[n.id].r,
      y0: pos[n.id].y - pos[n.id].r, y1: pos[n.id].y + pos[n.id].r }));
    const hits = b => boxes.some(o => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1);
    nodes.forEach(n => {
      const p = pos[n.id], label = n.name ? (seen[n.name] > 1 && n.name !== n.id ? `${n.name} (${n.id})` : n.name) : n.id;
      const g = el("g", { class: "node", transform: `translate(${p.x},${p.y})`, tabindex: 0 }, svg);
      title(el("circle", { r: p.r }, g), `${n.id}${n.name ? " — " + n.name : ""}: ${n.count} events`);
      const w = label.length * 6.2, side = p.x > W / 2 ? -1 : 1;
      const places = [[side, "side"], [-side, "side"], [0, "above"], [0, "below"]].map(([dir, where]) => {
        const dx = where === "side" ? dir * (p.r + 3) : 0, dy = where === "above" ? -(p.r + 4) : where === "below" ? p.r + 12 : 4;
        const anchor = where === "side" ? (dir > 0 ? "start" : "end") : "middle";
        const x0 = p.x + dx - (anchor === "end" ? w : anchor === "middle" ? w / 2 : 0);
        return { dx, dy, anchor, box: { x0, x1: x0 + w, y0: p.y + dy - 10, y1: p.y + dy + 2 } };
      });
      const spot = places.find(c => !hits(c.box) && c.box.x0 >= 0 && c.box.x1 <= W) || places[0];
      boxes.push(spot.box);
      el("text", { x: spot.dx, y: spot.dy, "text-anchor": spot.anchor }, g).textContent = label;
      if (onPick) g.addEventListener("click", () => onPick(n.id));
    });
  }

  /** A ring's longitudes unwrapped across the date line; copies shifted by 360° draw what passes an edge. */
  function ringPaths(ring, px, py) {
    const pts = [];
    let prev = null;
    for (const [lon, lat] of ring) {
      let x = lon;
      if (prev !== null) while (x - prev > 180) x -= 360;
      if (prev !== null) while (prev - x > 180) x += 360;
      pts.push([x, lat]);
      prev = x;
    }
    const min = Math.min(...pts.map(p => p[0])), max = Math.max(...pts.map(p => p[0]));
    const shifts = [0];
    if (max > 180) shifts.push(-360);
    if (min < -180) shifts.push(360);
    return shifts.map(s => "M" + pts.map(([x, y]) => px(x + s).toFixed(1) + "," + py(y).toFixed(1)).join("L") + "Z").join("");
  }

  /** Equirectangular world (Natural Earth 1:110m outlines shipped with dyad) with event circles and a legend. */
  function worldMap(svg, world, data) {
    clear(svg);
    const W = 720, H = 360;
    const px = lon => ((lon + 180) / 360) * W, py = lat => ((90 - lat) / 180) * H;
    for (let lon = -180; lon <= 180; lon += 30) el("line", { x1: px(lon), x2: px(lon), y1: 0, y2: H, class: "graticule" }, svg);
    for (let lat = -60; lat <= 60; lat += 30) el("line", { x1: 0, x2: W, y1: py(lat), y2: py(lat), class: "graticule" }, svg);
    if (world) {
      for (const f of world.features) {
        let d = "";
        for (const poly of f.geometry.coordinates) for (const ring of poly) d += ringPaths(ring, px, py);
        title(el("path", { d, class: "land" }, svg), f.properties.name);
      }
    }
    const feats = (data.features || []).slice().sort((a, b) => b.properties.count - a.properties.count);
    const max = Math.max(1, ...feats.map(f => f.properties.count)), radius = n => 3 + 12 * Math.sqrt(n / max);
    feats.forEach(f => {
      const [lon, lat] = f.geometry.coordinates, p = f.properties;
      title(el("circle", { cx: px(lon), cy: py(lat), r: radius(p.count), fill: goldColor(p.goldstein_mean),
        class: "dot " + p.basis }, svg),
        `${p.name} (${p.basis === "place" ? "place named in the sentence" : "source actor's country: no place named"}): ` +
        `${p.count} events, ${p.cooperative} cooperative, ${p.conflictual} conflictual, mean Goldstein ${p.goldstein_mean}`);
    });
    legend(svg, max, radius);
    if (!feats.length) el("text", { x: W / 2, y: 24, "text-anchor": "middle", class: "empty" }, svg)
      .textContent = "no located events match the filters";
  }

  function legend(svg, max, radius) {
    const g = el("g", { class: "legend-box", transform: "translate(6,232)" }, svg);
    el("rect", { x: 0, y: 0, width: 196, height: 122, rx: 4, class: "legend-bg" }, g);
    el("text", { x: 8, y: 14, class: "tick strong" }, g).textContent = "events (circle area)";
    const sizes = [...new Set([1, Math.round(max / 4), max].filter(v => v >= 1))];
    let x = 14;
    sizes.forEach(v => {
      const r = radius(v);
      el("circle", { cx: x + r, cy: 38, r, class: "dot place", fill: "#bbb" }, g);
      el("text", { x: x + r, y: 64, "text-anchor": "middle", class: "tick" }, g).textContent = String(v);
      x += 2 * r + 16;
    });
    el("text", { x: 8, y: 82, class: "tick strong" }, g).textContent = "mean Goldstein: conflict → cooperation";
    for (let i = 0; i <= 20; i++) el("rect", { x: 8 + i * 8, y: 87, width: 8, height: 8, fill: goldColor(i - 10) }, g);
    el("text", { x: 8, y: 104, class: "tick" }, g).textContent = "−10";
    el("text", { x: 176, y: 104, "text-anchor": "end", class: "tick" }, g).textContent = "+10";
    el("circle", { cx: 14, cy: 114, r: 4, class: "dot country", fill: "#bbb" }, g);
    el("text", { x: 22, y: 117, class: "tick" }, g).textContent = "dashed: no place named, source's country";
  }
  return { timeline, network, worldMap, message, ringPaths };
})();
