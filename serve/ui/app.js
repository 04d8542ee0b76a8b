// graphbuild's browser page. Every text that comes from the graph (names,
// sentences, titles, rule names) goes into the page through textContent
// or an attribute set with setAttribute, never through innerHTML: a
// corpus cannot inject markup. Links are built from ids with
// encodeURIComponent inside the page's own fragment (#…).
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

// el makes an element: el("div", {class: "x"}, "text", child, …).
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") e.addEventListener("click", v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) {
    if (k == null) continue;
    e.append(typeof k === "string" || typeof k === "number" ? document.createTextNode(String(k)) : k);
  }
  return e;
}
function sv(tag, attrs) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

async function api(path) {
  const r = await fetch(path, {headers: {"Accept": "application/json"}});
  const body = await r.json().catch(() => ({error: r.statusText}));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}
const enc = encodeURIComponent;

// ---- state of the picture ----
const G = {
  nodes: new Map(), // id → {id, name, type, x, y, vx, vy, fixed}
  edges: new Map(), // "from\u0000rel\u0000to" → edge
  styles: {},       // type → {color, text_color, shape}
  selected: null,
  hl: new Set(),    // highlighted node ids and edge keys
  view: {x: 0, y: 0, k: 1},
  off: {type: new Set(), relation: new Set(), doc: new Set()},
};
const edgeKey = (e) => e.from + "\u0000" + e.relation + "\u0000" + e.to;
const modality = (rel) => rel.startsWith("maybe_") ? "hedged" : rel.startsWith("not_") ? "negated" : "";
const label = (e) => e.name || e.id;
const width = (n) => 7 * Math.min(label(n).length, 28) + 16;

function styleOf(type) {
  return G.styles[type || ""] || G.styles[""] || {color: "#e0e0e0", text_color: "black", shape: "box"};
}

// merge adds a view from the server to the picture, new nodes around
// the one at (cx, cy).
function merge(v, cx, cy) {
  Object.assign(G.styles, v.styles || {});
  const fresh = v.entities.filter((e) => !G.nodes.has(e.id));
  fresh.forEach((e, i) => {
    const a = (2 * Math.PI * i) / Math.max(fresh.length, 1);
    const r = 90 + 6 * fresh.length;
    G.nodes.set(e.id, {id: e.id, name: e.name, type: e.type, x: cx + r * Math.cos(a), y: cy + r * Math.sin(a), vx: 0, vy: 0});
  });
  for (const e of v.edges) G.edges.set(edgeKey(e), e);
  $("hint").hidden = G.nodes.size > 0;
  rebuildFilters();
  render();
  settle(300);
}

async function expand(id) {
  const n = G.nodes.get(id);
  const v = await api("/api/neighbors/" + enc(id));
  if (n) n.fixed = true;
  merge(v, n ? n.x : 0, n ? n.y : 0);
  if (n) n.fixed = false;
}

// ---- force layout: repulsion between every pair, springs on edges ----
let running = 0;
function settle(steps) {
  const start = running === 0;
  running = Math.max(running, steps);
  if (start) requestAnimationFrame(tick);
}
function tick() {
  const ns = [...G.nodes.values()];
  for (let s = 0; s < 3 && running > 0; s++, running--) {
    for (const a of ns) { a.fx = -a.x * 0.002; a.fy = -a.y * 0.002; }
    for (let i = 0; i < ns.length; i++) {
      for (let j = i + 1; j < ns.length; j++) {
        const a = ns[i], b = ns[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1) { dx = (i - j) * 0.1 + 0.5; dy = 0.5; d2 = 1; }
        if (d2 > 250000) continue;
        const f = 5000 / d2;
        const d = Math.sqrt(d2);
        a.fx += f * dx / d; a.fy += f * dy / d;
        b.fx -= f * dx / d; b.fy -= f * dy / d;
        // Labels are wide: boxes that overlap push apart on the shorter way out.
        const ox = (width(a) + width(b)) / 2 + 40 - Math.abs(dx), oy = 60 - Math.abs(dy);
        if (ox > 0 && oy > 0) {
          if (ox < oy * 2) { const p = 0.25 * ox * Math.sign(dx || 1); a.fx += p; b.fx -= p; }
          else { const p = 0.25 * oy * Math.sign(dy || 1); a.fy += p; b.fy -= p; }
        }
      }
    }
    for (const e of G.edges.values()) {
      const a = G.nodes.get(e.from), b = G.nodes.get(e.to);
      if (!a || !b) continue;
      const dx = b.x - a.x, dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = (d - 110 - (width(a) + width(b)) / 2) * 0.02;
      a.fx += f * dx / d; a.fy += f * dy / d;
      b.fx -= f * dx / d; b.fy -= f * dy / d;
    }
    for (const a of ns) {
      if (a.fixed || a === dragging) continue;
      a.vx = (a.vx + a.fx) * 0.6; a.vy = (a.vy + a.fy) * 0.6;
      a.x += Math.max(-20, Math.min(20, a.vx));
      a.y += Math.max(-20, Math.min(20, a.vy));
    }
  }
  position();
  if (running > 0) requestAnimationFrame(tick);
}

// ---- drawing ----
const nodeEls = new Map(), edgeEls = new Map();

function visible() {
  const shown = new Set();
  for (const n of G.nodes.values()) if (!G.off.type.has(n.type || "")) shown.add(n.id);
  const edges = [];
  for (const [k, e] of G.edges) {
    if (!shown.has(e.from) || !shown.has(e.to) || G.off.relation.has(e.relation)) continue;
    if (e.docs.length && e.docs.every((d) => G.off.doc.has(d))) continue;
    edges.push([k, e]);
  }
  return {shown, edges};
}

function shapeEl(shape, w, h, fill) {
  const common = {fill, stroke: "rgba(0,0,0,.45)", "stroke-width": 1};
  switch (shape) {
    case "ellipse": case "oval": case "circle": case "doublecircle": case "point":
      return sv("ellipse", {...common, rx: w / 2 + 6, ry: h / 2 + 2});
    case "diamond":
      return sv("polygon", {...common, points: `0,${-h} ${w / 2 + 12},0 0,${h} ${-w / 2 - 12},0`});
    case "hexagon": case "octagon":
      return sv("polygon", {...common, points: `${-w / 2 - 8},0 ${-w / 2},${-h / 2} ${w / 2},${-h / 2} ${w / 2 + 8},0 ${w / 2},${h / 2} ${-w / 2},${h / 2}`});
    case "note": case "tab": case "folder": case "component": case "box3d":
      return sv("rect", {...common, x: -w / 2, y: -h / 2, width: w, height: h, rx: 1});
    default:
      return sv("rect", {...common, x: -w / 2, y: -h / 2, width: w, height: h, rx: shape === "box" ? 6 : 0});
  }
}

function render() {
  const {shown, edges} = visible();
  const nodesG = $("nodes"), edgesG = $("edges");
  for (const [id, g] of nodeEls) if (!G.nodes.has(id) || !shown.has(id)) { g.remove(); nodeEls.delete(id); }
  for (const [k, g] of edgeEls) if (!edges.some(([k2]) => k2 === k)) { g.remove(); edgeEls.delete(k); }
  for (const [k, e] of edges) {
    if (edgeEls.has(k)) continue;
    const g = sv("g", {class: "edge " + modality(e.relation)});
    g.append(sv("path", {class: "vis", fill: "none", "marker-end": "url(#arrow)"}), sv("path", {class: "hit", fill: "none"}));
    const t = sv("text", {"text-anchor": "middle"});
    t.textContent = e.relation + (e.evidence_count > 1 ? " (" + e.evidence_count + ")" : "");
    g.append(t);
    const title = sv("title");
    title.textContent = e.from + " " + e.relation + " " + e.to;
    g.append(title);
    g.addEventListener("click", (ev) => { ev.stopPropagation(); showEvidence(e.from, e.relation, e.to); });
    edgesG.append(g);
    edgeEls.set(k, g);
  }
  for (const id of shown) {
    if (nodeEls.has(id)) continue;
    const n = G.nodes.get(id);
    const st = styleOf(n.type);
    const g = sv("g", {class: "node"});
    g.dataset.id = id;
    const t = sv("text", {"text-anchor": "middle", dy: "0.35em", fill: st.text_color});
    t.textContent = label(n).length > 28 ? label(n).slice(0, 27) + "…" : label(n);
    const w = 7 * Math.min(label(n).length, 28) + 16, h = 24;
    g.append(shapeEl(st.shape, w, h, st.color), t);
    const title = sv("title");
    title.textContent = label(n) + " (" + n.id + (n.type ? ", " + n.type : "") + ")";
    g.append(title);
    g.addEventListener("pointerdown", (ev) => startDrag(ev, n));
    nodesG.append(g);
    nodeEls.set(id, g);
  }
  for (const [id, g] of nodeEls) {
    g.classList.toggle("selected", id === G.selected);
    g.classList.toggle("hl", G.hl.has(id));
  }
  for (const [k, g] of edgeEls) {
    g.classList.toggle("hl", G.hl.has(k));
    g.querySelector("path.vis").setAttribute("marker-end", G.hl.has(k) ? "url(#arrow-hl)" : "url(#arrow)");
  }
  legend();
  position();
}

// position moves the drawn nodes and edges to where the layout has them.
function position() {
  $("viewport").setAttribute("transform", `translate(${G.view.x},${G.view.y}) scale(${G.view.k})`);
  for (const [id, g] of nodeEls) {
    const n = G.nodes.get(id);
    g.setAttribute("transform", `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
  }
  // Edges between the same two entities bend apart, each by its rank.
  const pairs = new Map();
  for (const k of edgeEls.keys()) {
    const e = G.edges.get(k);
    const pk = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    if (!pairs.has(pk)) pairs.set(pk, []);
    pairs.get(pk).push(k);
  }
  for (const ks of pairs.values()) {
    ks.sort();
    ks.forEach((k, i) => {
      const g = edgeEls.get(k), e = G.edges.get(k);
      const a = G.nodes.get(e.from), b = G.nodes.get(e.to);
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      // Stop short of the box around each label.
      const pad = (n) => Math.min((7 * Math.min(label(n).length, 28) / 2 + 10) / (Math.abs(dx / d) + 1e-6), 14 / (Math.abs(dy / d) + 1e-6));
      const pa = pad(a), pb = pad(b);
      const x1 = a.x + dx / d * pa, y1 = a.y + dy / d * pa, x2 = b.x - dx / d * pb, y2 = b.y - dy / d * pb;
      // The bend, perpendicular to the line, the same side whichever way the edge goes.
      const sign = e.from < e.to ? 1 : -1;
      const off = (i - (ks.length - 1) / 2) * 26 * sign;
      const cx = (x1 + x2) / 2 - dy / d * off, cy = (y1 + y2) / 2 + dx / d * off;
      const path = `M${x1.toFixed(1)},${y1.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
      for (const l of g.querySelectorAll("path")) l.setAttribute("d", path);
      const t = g.querySelector("text");
      t.setAttribute("x", ((x1 + x2) / 4 + cx / 2).toFixed(1));
      t.setAttribute("y", ((y1 + y2) / 4 + cy / 2 - 3).toFixed(1));
    });
  }
}

function legend() {
  const box = $("legend");
  box.replaceChildren();
  const types = new Set([...G.nodes.values()].map((n) => n.type || ""));
  for (const t of [...types].sort()) {
    const st = styleOf(t);
    const c = el("span", {class: "chip"}, t || "(no type)");
    c.style.background = st.color;
    c.style.color = st.text_color;
    box.append(c);
  }
}

// ---- filters: by type, relation and document, over what is drawn ----
function rebuildFilters() {
  const sets = {type: new Set(), relation: new Set(), doc: new Set()};
  for (const n of G.nodes.values()) sets.type.add(n.type || "");
  for (const e of G.edges.values()) { sets.relation.add(e.relation); e.docs.forEach((d) => sets.doc.add(d)); }
  for (const [kind, values] of Object.entries(sets)) {
    const box = $("f-" + kind);
    box.replaceChildren();
    for (const v of [...values].sort()) {
      const cb = el("input", {type: "checkbox"});
      cb.checked = !G.off[kind].has(v);
      cb.dataset.value = v;
      cb.addEventListener("change", () => {
        if (cb.checked) G.off[kind].delete(v); else G.off[kind].add(v);
        render();
      });
      box.append(el("label", {}, cb, " ", v || "(no type)"));
    }
  }
}

// ---- pan, zoom, drag ----
let dragging = null, panning = null;
function toGraph(ev) {
  const r = $("canvas").getBoundingClientRect();
  return {x: (ev.clientX - r.left - G.view.x) / G.view.k, y: (ev.clientY - r.top - G.view.y) / G.view.k};
}
function startDrag(ev, n) {
  ev.stopPropagation();
  dragging = n;
  dragging.moved = false;
  dragging.start = {x: ev.clientX, y: ev.clientY};
}
function setupCanvas() {
  const c = $("canvas");
  const r = c.getBoundingClientRect();
  G.view.x = r.width / 2; G.view.y = r.height / 2;
  c.addEventListener("pointerdown", (ev) => { panning = {x: ev.clientX - G.view.x, y: ev.clientY - G.view.y}; c.classList.add("panning"); });
  window.addEventListener("pointermove", (ev) => {
    if (dragging) {
      if (Math.abs(ev.clientX - dragging.start.x) + Math.abs(ev.clientY - dragging.start.y) > 4) dragging.moved = true;
      if (dragging.moved) { Object.assign(dragging, toGraph(ev)); position(); }
    } else if (panning) {
      G.view.x = ev.clientX - panning.x; G.view.y = ev.clientY - panning.y;
      position();
    }
  });
  window.addEventListener("pointerup", () => {
    if (dragging && !dragging.moved) select(dragging.id, true);
    if (dragging && dragging.moved) settle(60);
    dragging = null; panning = null;
    c.classList.remove("panning");
  });
  c.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const r = c.getBoundingClientRect();
    const k = Math.max(0.1, Math.min(4, G.view.k * Math.exp(-ev.deltaY * 0.0015)));
    const mx = ev.clientX - r.left, my = ev.clientY - r.top;
    G.view.x = mx - (mx - G.view.x) * k / G.view.k;
    G.view.y = my - (my - G.view.y) * k / G.view.k;
    G.view.k = k;
    position();
  }, {passive: false});
}

// select opens an entity's card and, if asked, shows its neighbours.
async function select(id, grow) {
  G.selected = id;
  location.hash = "#entity/" + enc(id);
  if (grow) expand(id).catch(showError);
  render();
}

// ---- side panels ----
function panel(...kids) {
  $("panel-path").hidden = true;
  const p = $("panel-main");
  p.hidden = false;
  p.replaceChildren(...kids);
  $("side").scrollTop = 0;
}
function showError(err) {
  $("panel-main").hidden = false;
  $("panel-main").prepend(el("div", {class: "error"}, String(err.message || err)));
}
function entityLink(id, text) {
  return el("button", {class: "link", type: "button", onclick: () => { focusOn(id); }}, text || id);
}
function docLink(id, text) {
  return el("button", {class: "link", type: "button", onclick: () => { location.hash = "#doc/" + enc(id); }}, text || id);
}
function relSpan(rel) {
  return el("span", {class: "rel " + modality(rel)}, rel);
}
function typeChip(t) {
  const st = styleOf(t);
  const c = el("span", {class: "chip"}, t || "(no type)");
  c.style.background = st.color;
  c.style.color = st.text_color;
  return c;
}

// focusOn puts an entity in the picture (with its neighbours) and opens its card.
async function focusOn(id) {
  if (!G.nodes.has(id)) {
    const v = await api("/api/neighbors/" + enc(id)).catch(showError);
    if (v) merge(v, 0, 0);
  }
  select(id, false);
}

// maxFacts is how many facts of one relation a card shows at first.
const maxFacts = 30;

async function showCard(id) {
  const c = await api("/api/entity/" + enc(id));
  const kids = [el("h2", {}, label(c)), el("div", {class: "muted"}, "id " + c.id + " · ", typeChip(c.type))];
  if (c.aliases && c.aliases.length) kids.push(el("div", {}, el("span", {class: "muted"}, "aliases: "), c.aliases.join(", ")));
  kids.push(el("h3", {}, "Documents (" + c.documents.length + ")"));
  for (const d of c.documents) {
    kids.push(el("div", {}, docLink(d.id, d.title || d.id), el("span", {class: "muted"}, " · " + d.mentions + " mentions · " + d.evidence + " evidence")));
  }
  const side = (title, groups, out) => {
    const n = groups.reduce((s, g) => s + g.facts.length, 0);
    kids.push(el("h3", {}, title + " (" + n + ")"));
    for (const g of groups) {
      // A hub's card lists a relation's first facts; the rest on demand.
      const more = g.facts.length > maxFacts ? g.facts.length - maxFacts : 0;
      const rest = [];
      for (const [i, f] of g.facts.entries()) {
        if (i === maxFacts) {
          const btn = el("button", {class: "link muted fact", type: "button"}, "… " + more + " more " + g.relation);
          btn.addEventListener("click", () => { btn.remove(); rest.forEach((r) => { r.hidden = false; }); });
          kids.push(btn);
        }
        const row = el("div", {class: "fact"},
          out ? "▶ " : "◀ ", relSpan(g.relation), " ", entityLink(f.other.id, label(f.other)), el("span", {class: "muted"}, " · "),
          el("button", {class: "link muted", type: "button", onclick: () => showEvidence(f.from, f.relation, f.to)},
            f.evidence_count + " evidence in " + f.docs.length + " document" + (f.docs.length === 1 ? "" : "s")));
        if (f.example) row.append(el("div", {class: "example"}, "“" + f.example.sentence + "”"));
        if (i >= maxFacts) { row.hidden = true; rest.push(row); }
        kids.push(row);
      }
    }
  };
  side("Facts out", c.out, true);
  side("Facts in", c.in, false);
  panel(...kids);
}

function evidenceBlock(ev, docs) {
  const para = el("div", {class: "para"});
  if (ev.paragraph && ev.paragraph.length) {
    for (const p of ev.paragraph) {
      if (p.kind === "match") para.append(el("mark", {}, p.text));
      else if (p.kind === "sentence") para.append(el("span", {class: "sentence"}, p.text));
      else para.append(p.text);
    }
  } else {
    para.append(el("span", {class: "sentence"}, ev.sentence || ""));
  }
  const d = (docs || []).find((x) => x.id === ev.doc) || {id: ev.doc};
  const dl = el("dl", {});
  const row = (k, ...v) => dl.append(el("dt", {}, k), el("dd", {}, ...v));
  row("document", docLink(d.id, d.title || d.id));
  if (d.date) row("date", d.date);
  if (d.file) row("source", d.file + " · bytes " + ev.start + "–" + ev.end);
  if (ev.date) row("fact date", ev.date);
  row("rule", ev.rule || "?", ev.rule_pos ? " (" + ev.rule_pos + ")" : "");
  if (ev.modality) row("modality", ev.modality);
  if (ev.subject_via && ev.subject_via.length) row("subject via", ev.subject_via.map((v) => "“" + v + "”").join(", "));
  if (ev.object_via && ev.object_via.length) row("object via", ev.object_via.map((v) => "“" + v + "”").join(", "));
  row("evidence", ev.id);
  return el("div", {class: "evidence"}, para, dl);
}

async function showEvidence(from, rel, to) {
  location.hash = "#evidence/" + enc(from) + "/" + enc(rel) + "/" + enc(to);
}
async function renderEvidence(from, rel, to) {
  const a = await api("/api/evidence?from=" + enc(from) + "&relation=" + enc(rel) + "&to=" + enc(to));
  G.hl = new Set([edgeKey({from, relation: rel, to})]);
  render();
  panel(el("h2", {}, "Evidence"),
    el("div", {}, entityLink(a.from.id, label(a.from)), " ", relSpan(rel), " ", entityLink(a.to.id, label(a.to))),
    el("div", {class: "muted"}, a.evidence.length + " evidence in " + a.docs.length + " document" + (a.docs.length === 1 ? "" : "s")),
    ...a.evidence.map((ev) => evidenceBlock(ev, a.docs)));
}

async function renderDoc(id) {
  const d = await api("/api/document/" + enc(id));
  const kids = [el("h2", {}, d.title || d.id), el("div", {class: "muted"}, d.id + (d.date ? " · " + d.date : "") + (d.file ? " · " + d.file : ""))];
  kids.push(el("h3", {}, "Entities mentioned (" + d.mentions.length + ")"));
  const chips = el("div", {});
  for (const m of d.mentions) chips.append(entityLink(m.id, label(m) + " ×" + m.count), " ");
  kids.push(chips);
  kids.push(el("h3", {}, "Facts read (" + d.facts.length + ")"));
  for (const f of d.facts) {
    kids.push(el("div", {class: "fact"}, entityLink(f.from), " ", relSpan(f.relation), " ", entityLink(f.to), evidenceBlock(f.evidence, [d])));
  }
  panel(...kids);
}

// ---- search with completion ----
function completer(input, onPick, typeSelect) {
  const list = input === $("q") ? $("suggest") : el("ul", {class: "suggest", role: "listbox", hidden: ""});
  if (input !== $("q")) { input.parentElement.style.position = "relative"; input.after(list); }
  let items = [], active = -1, seq = 0;
  const close = () => { list.hidden = true; active = -1; };
  const pick = (r) => { close(); onPick(r); };
  async function update() {
    const q = input.value.trim();
    const my = ++seq;
    if (!q) { close(); return; }
    let url = "/api/search?limit=12&q=" + enc(q);
    if (typeSelect && typeSelect.value) url += "&type=" + enc(typeSelect.value);
    const rs = await api(url).catch(() => []);
    if (my !== seq) return;
    items = rs;
    list.replaceChildren(...rs.map((r, i) => {
      const li = el("li", {role: "option"}, typeChip(r.type), el("span", {}, label(r)),
        r.match !== r.name ? el("span", {class: "sub"}, "“" + r.match + "”") : null, el("span", {class: "sub"}, r.id));
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(r); });
      return li;
    }));
    if (!rs.length) list.replaceChildren(el("li", {class: "sub"}, "no entity matches"));
    list.hidden = false;
    active = -1;
  }
  input.addEventListener("input", update);
  if (typeSelect) typeSelect.addEventListener("change", update);
  input.addEventListener("keydown", (ev) => {
    const lis = list.querySelectorAll("li[role=option]");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : lis.length - 1)) % Math.max(lis.length, 1);
      lis.forEach((li, i) => li.classList.toggle("active", i === active));
    } else if (ev.key === "Enter" && items.length && !list.hidden) {
      ev.preventDefault();
      pick(items[Math.max(active, 0)]);
    } else if (ev.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// ---- path finder ----
function showPathPanel() {
  $("panel-main").hidden = true;
  $("panel-path").hidden = false;
}
async function findPaths(ev) {
  if (ev) ev.preventDefault();
  const q = new URLSearchParams({from: $("p-from").value, to: $("p-to").value, by: $("p-by").value, k: $("p-k").value, max_hops: $("p-hops").value});
  if ($("p-asserted").checked) q.set("asserted", "1");
  if ($("p-directed").checked) q.set("directed", "1");
  const box = $("paths");
  box.replaceChildren(el("div", {class: "muted"}, "searching…"));
  let a;
  try { a = await api("/api/path?" + q); } catch (err) { box.replaceChildren(el("div", {class: "error"}, err.message)); return; }
  if (!a.paths.length) { box.replaceChildren(el("div", {class: "error"}, "no path between " + label(a.from) + " and " + label(a.to) + " within " + $("p-hops").value + " hops")); return; }
  box.replaceChildren(...a.paths.map((p, i) => {
    const div = el("div", {class: "path"},
      el("div", {}, el("strong", {}, "Path " + (i + 1)), el("span", {class: "muted"}, " · " + p.hops.length + " hop" + (p.hops.length === 1 ? "" : "s") + (p.cost ? " · cost " + p.cost.toFixed(2) : "")), " ",
        el("button", {class: "link", type: "button", onclick: () => drawPath(p)}, "show in picture")),
      el("div", {}, entityLink(p.entities[0].id, label(p.entities[0]))));
    p.hops.forEach((h, j) => {
      const l = h.links[0];
      const hop = el("div", {class: "hop"}, l.forward ? "─" : "◀─", relSpan(l.relation), l.forward ? "─▶ " : "─ ", entityLink(p.entities[j + 1].id, label(p.entities[j + 1])));
      if (h.links.length > 1) hop.append(el("span", {class: "muted"}, " also " + h.links.slice(1).map((o) => o.relation).join(", ")));
      for (const ev of l.evidence.slice(0, 1)) {
        hop.append(el("div", {class: "example"}, "“" + ev.sentence + "” ", el("span", {class: "muted"}, "— "), docLink(ev.doc),
          " ", el("button", {class: "link muted", type: "button", onclick: () => showEvidence(l.from, l.relation, l.to)}, "(" + l.evidence_count + " evidence)")));
      }
      div.append(hop);
    });
    return div;
  }));
}
function drawPath(p) {
  const v = {entities: p.entities, edges: p.hops.flatMap((h) => h.links.map((l) => ({from: l.from, relation: l.relation, to: l.to, docs: l.docs, evidence_count: l.evidence_count}))), styles: {}};
  merge(v, 0, 0);
  G.hl = new Set([...p.entities.map((e) => e.id), ...v.edges.map(edgeKey)]);
  render();
}

// ---- routing by the fragment ----
async function route() {
  const parts = location.hash.slice(1).split("/").map(decodeURIComponent);
  try {
    switch (parts[0]) {
      case "entity":
        if (!G.nodes.has(parts[1])) { merge(await api("/api/neighbors/" + enc(parts[1])), 0, 0); G.selected = parts[1]; render(); }
        await showCard(parts[1]);
        break;
      case "evidence": await renderEvidence(parts[1], parts[2], parts[3]); break;
      case "doc": await renderDoc(parts[1]); break;
      case "path":
        showPathPanel();
        if (parts[1] && parts[2]) {
          $("p-from").value = parts[1];
          $("p-to").value = parts[2];
          await findPaths();
          const first = document.querySelector("#paths .path button");
          if (first) first.click();
        }
        break;
    }
  } catch (err) { showError(err); }
}

function download() {
  const ids = [...visible().shown];
  if (!ids.length) return;
  const q = new URLSearchParams();
  q.set("id", ids.join(","));
  const a = el("a", {href: "/api/view.svg?" + q, download: "graphbuild-view.svg"});
  document.body.append(a);
  a.click();
  a.remove();
}

async function init() {
  setupCanvas();
  const types = await api("/api/types").catch(() => []);
  for (const t of types) {
    G.styles[t.id] = t.style;
    $("qtype").append(el("option", {value: t.id}, t.id));
  }
  completer($("q"), (r) => { $("q").value = label(r); focusOn(r.id); }, $("qtype"));
  completer($("p-from"), (r) => { $("p-from").value = r.id; });
  completer($("p-to"), (r) => { $("p-to").value = r.id; });
  $("pathform").addEventListener("submit", findPaths);
  $("tab-path").addEventListener("click", () => { location.hash = "#path"; showPathPanel(); });
  $("svg").addEventListener("click", download);
  $("clear").addEventListener("click", () => { G.nodes.clear(); G.edges.clear(); G.hl.clear(); G.selected = null; rebuildFilters(); render(); $("hint").hidden = false; });
  window.addEventListener("hashchange", route);
  document.body.dataset.ready = "1";
  route();
}
document.addEventListener("DOMContentLoaded", init);
