/// The page `GET /` serves: plain HTML, CSS and JavaScript, no build step and nothing from a CDN.
/// It reads `/_smsh/state` and follows `/_smsh/events`; the fault switches post to `/_smsh/faults`.
/// Elements carry data attributes (`data-secret`, `data-region`, `data-status`) so that a test can
/// read the world from the DOM.
enum WebView {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>smsh serve</title>
<style>
  :root { --bg:#f6f7f9; --card:#fff; --ink:#1d2330; --dim:#687086; --line:#dfe3ea;
          --prog:#b26a00; --sync:#1a7f37; --fail:#c62828; --accent:#2457c5; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.4 system-ui, sans-serif; background:var(--bg); color:var(--ink); }
  header { display:flex; gap:1rem; align-items:baseline; padding:.8rem 1.2rem; background:#1d2330; color:#fff; flex-wrap:wrap; }
  header h1 { font-size:1.1rem; margin:0; }
  header code { color:#c9d4ff; }
  #conn { margin-left:auto; font-size:.85rem; }
  #conn.up::before { content:"● "; color:#4ade80; } #conn.down::before { content:"● "; color:#f87171; }
  main { display:grid; grid-template-columns: minmax(0,3fr) minmax(0,2fr); gap:1rem; padding:1rem 1.2rem; }
  section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:.8rem 1rem; min-width:0; }
  h2 { font-size:1rem; margin:.1rem 0 .6rem; }
  h3 { font-size:.8rem; text-transform:uppercase; letter-spacing:.05em; color:var(--dim); margin:.8rem 0 .3rem; }
  .geo { display:grid; grid-template-columns:repeat(auto-fill,minmax(190px,1fr)); gap:.5rem; }
  .region { border:1px solid var(--line); border-radius:6px; padding:.4rem .5rem; font-size:.85rem; }
  .region.out { border-color:var(--fail); background:#fff5f5; }
  .region .code { font-weight:600; } .region .name { color:var(--dim); }
  .region ul { list-style:none; margin:.3rem 0 0; padding:0; }
  .region li { font-family:ui-monospace, monospace; font-size:.8rem; overflow-wrap:anywhere; }
  .role { color:var(--dim); font-family:system-ui; }
  label.switch { display:flex; gap:.3rem; align-items:center; color:var(--dim); font-size:.75rem; margin-top:.2rem; cursor:pointer; }
  table { width:100%; border-collapse:collapse; }
  th, td { text-align:left; padding:.3rem .4rem; border-bottom:1px solid var(--line); vertical-align:top; }
  th { font-size:.75rem; color:var(--dim); text-transform:uppercase; }
  .replicas { list-style:none; margin:0; padding:0; }
  .replica { margin:.1rem 0; }
  .status { font-weight:600; }
  .InProgress .status { color:var(--prog); } .InSync .status { color:var(--sync); } .Failed .status { color:var(--fail); }
  .key, .dim { color:var(--dim); font-size:.8rem; }
  #feed td { font-size:.8rem; } #feed .cli { font-family:ui-monospace, monospace; overflow-wrap:anywhere; }
  .err { color:var(--fail); } .ok { color:var(--sync); }
  form { display:flex; flex-wrap:wrap; gap:.3rem; align-items:center; margin:.3rem 0; }
  input, select, button { font:inherit; font-size:.85rem; padding:.15rem .3rem; }
  button { cursor:pointer; }
  #faults li { margin:.2rem 0; }
  #env { white-space:pre; font-family:ui-monospace, monospace; font-size:.8rem; background:#f0f2f6; padding:.5rem; border-radius:4px; overflow-x:auto; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header>
  <h1>smsh serve</h1>
  <span>Secrets Manager at <code id="endpoint"></code></span>
  <span id="account" class="dim"></span>
  <span id="conn" class="down">connecting</span>
</header>
<main>
  <div>
    <section id="secrets-section">
      <h2>Secrets and their replicas</h2>
      <table id="secrets"><thead><tr><th>Secret</th><th>Primary</th><th>KMS key</th><th>Replicas</th></tr></thead><tbody></tbody></table>
      <p id="no-secrets" class="dim">No secrets yet.</p>
    </section>
    <section style="margin-top:1rem">
      <h2>Regions</h2>
      <div id="regions"></div>
    </section>
  </div>
  <div>
    <section>
      <h2>Faults</h2>
      <ul id="faults"></ul>
      <form data-fault="missingKey"><span>KMS key</span><input name="key" placeholder="alias/x" required><span>missing in</span><select name="region" class="region-select"></select><button>set</button></form>
      <form data-fault="throttle"><span>throttle</span><input name="percent" type="number" min="0" max="100" value="20" style="width:5em">%<button>set</button></form>
      <form data-fault="latency"><span>latency</span><input name="ms" type="number" min="0" max="60000" value="200" style="width:6em">ms<button>set</button></form>
      <form data-fault="rotationFailure"><span>rotation failure of</span><input name="secret" placeholder="secret name" required><button>set</button></form>
      <form id="clear-all"><button>clear every fault</button></form>
      <p class="dim">An outage is switched on its Region's card.</p>
    </section>
    <section style="margin-top:1rem">
      <h2>Calls</h2>
      <table id="feed"><thead><tr><th>Time</th><th>Call</th><th>Result</th></tr></thead><tbody></tbody></table>
    </section>
    <section style="margin-top:1rem">
      <h2>Use it</h2>
      <div id="env"></div>
    </section>
  </div>
</main>
<script>
"use strict";
let state = null, fetchedAt = 0, fetching = false, again = false, lastFetch = 0;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

async function refresh() {
  if (fetching) { again = true; return; }
  fetching = true; lastFetch = performance.now();
  try {
    const r = await fetch("/_smsh/state", {cache: "no-store"});
    state = await r.json(); fetchedAt = performance.now();
    render();
  } catch (e) { /* the event stream shows the connection */ }
  finally { fetching = false; if (again) { again = false; refresh(); } }
}

function regionName(code) {
  const r = state.Regions.find(r => r.Code === code);
  return r ? r.Name : "";
}

function secondsLeft(rep) {
  return Math.max(0, rep.SecondsLeft - (performance.now() - fetchedAt) / 1000);
}

function replicaText(rep) {
  const li = el("li", {class: "replica " + rep.Status, "data-region": rep.Region, "data-status": rep.Status},
    el("span", {class: "rcode"}, rep.Region + " "), el("span", {class: "dim"}, regionName(rep.Region) + " · "),
    el("span", {class: "status"}, rep.Status));
  if (rep.Status === "InProgress") li.append(el("span", {class: "left dim"}, " " + secondsLeft(rep).toFixed(1) + " s left"));
  if (rep.Status === "Failed") li.append(el("span", {class: "err"}, " " + (rep.StatusMessage || "")));
  li.append(el("span", {class: "key"}, " · key " + rep.KmsKeyId));
  return li;
}

function render() {
  document.getElementById("endpoint").textContent = state.Endpoint;
  document.getElementById("account").textContent = "account " + state.Account + " · replication delay " + state.ReplicationDelay + " s";
  // Secrets: every primary or standalone secret, with its replicas.
  const body = document.querySelector("#secrets tbody");
  body.replaceChildren();
  const primaries = state.Secrets.filter(s => !s.PrimaryRegion);
  for (const s of primaries) {
    const reps = el("ul", {class: "replicas"});
    for (const rep of (s.Replicas || [])) {
      const li = replicaText(rep); li.setAttribute("data-secret", s.Name); reps.append(li);
    }
    body.append(el("tr", {"data-secret": s.Name, "data-region": s.Region},
      el("td", {}, el("strong", {}, s.Name), s.DeletionDate ? el("div", {class: "err"}, "scheduled for deletion") : null),
      el("td", {}, s.Region, el("div", {class: "dim"}, regionName(s.Region))),
      el("td", {class: "key"}, s.KmsKeyId),
      el("td", {}, (s.Replicas || []).length ? reps : el("span", {class: "dim"}, "none"))));
  }
  document.getElementById("no-secrets").hidden = primaries.length > 0;
  // Regions, grouped by geography, each with the secrets it holds and its outage switch.
  const outages = new Set(state.Faults.filter(f => f.type === "outage").map(f => f.region));
  const regions = document.getElementById("regions");
  regions.replaceChildren();
  const geos = [];
  for (const r of state.Regions) if (!geos.includes(r.Geography)) geos.push(r.Geography);
  for (const g of geos) {
    regions.append(el("h3", {}, g));
    const grid = el("div", {class: "geo"});
    for (const r of state.Regions.filter(r => r.Geography === g)) {
      const here = state.Secrets.filter(s => s.Region === r.Code);
      const list = el("ul", {});
      for (const s of here) list.append(el("li", {"data-secret": s.Name}, s.Name + " ",
        el("span", {class: "role"}, s.PrimaryRegion ? "replica of " + s.PrimaryRegion : (s.Replicas && s.Replicas.length ? "primary" : ""))));
      const box = el("input", {type: "checkbox", "data-outage": r.Code});
      box.checked = outages.has(r.Code);
      box.addEventListener("change", () => fault(box.checked ? "POST" : "DELETE", {type: "outage", region: r.Code}));
      grid.append(el("div", {class: "region" + (outages.has(r.Code) ? " out" : ""), "data-region": r.Code},
        el("div", {}, el("span", {class: "code"}, r.Code), " ", el("span", {class: "name"}, r.Name)),
        here.length ? list : null,
        el("label", {class: "switch"}, box, "outage")));
    }
    regions.append(grid);
  }
  // Faults, each with its switch.
  const faults = document.getElementById("faults");
  faults.replaceChildren();
  if (!state.Faults.length) faults.append(el("li", {class: "dim"}, "none"));
  for (const f of state.Faults) {
    const box = el("input", {type: "checkbox"}); box.checked = true;
    const plain = Object.fromEntries(Object.entries(f).filter(([k]) => k !== "simulate"));
    box.addEventListener("change", () => fault("DELETE", plain));
    faults.append(el("li", {"data-fault": f.type}, el("label", {class: "switch"}, box, el("code", {}, f.simulate))));
  }
  for (const sel of document.querySelectorAll(".region-select")) {
    if (sel.options.length) continue;
    for (const r of state.Regions) sel.append(el("option", {value: r.Code}, r.Code + " " + r.Name));
  }
  document.getElementById("env").textContent = state.Environment + "aws secretsmanager list-secrets";
}

function tick() {
  if (!state) return;
  let due = false;
  for (const li of document.querySelectorAll("li.replica.InProgress")) {
    const s = state.Secrets.find(s => s.Name === li.dataset.secret && !s.PrimaryRegion);
    const rep = s && (s.Replicas || []).find(r => r.Region === li.dataset.region);
    if (!rep) continue;
    const left = secondsLeft(rep);
    const span = li.querySelector(".left"); if (span) span.textContent = " " + left.toFixed(1) + " s left";
    if (left <= 0) due = true;
  }
  if (due && performance.now() - lastFetch > 300) refresh();
}

async function fault(method, body) {
  await fetch("/_smsh/faults", {method, headers: {"Content-Type": "application/json"}, body: body ? JSON.stringify(body) : undefined});
  refresh();
}

for (const form of document.querySelectorAll("form[data-fault]")) {
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const d = Object.fromEntries(new FormData(form).entries());
    const type = form.dataset.fault;
    if (type === "throttle") fault("POST", {type, percent: Number(d.percent)});
    else if (type === "latency") fault("POST", {type, seconds: Number(d.ms) / 1000});
    else fault("POST", Object.assign({type}, d));
  });
}
document.getElementById("clear-all").addEventListener("submit", ev => { ev.preventDefault(); fault("DELETE"); });

function addCall(c) {
  const feed = document.querySelector("#feed tbody");
  const t = new Date(c.Time * 1000).toISOString().slice(11, 23);
  feed.prepend(el("tr", {"data-operation": c.Operation, "data-region": c.Region},
    el("td", {class: "dim"}, t),
    el("td", {}, el("strong", {}, c.Operation), " ", el("span", {class: "dim"}, c.Region),
      c.CLI ? el("div", {class: "cli"}, c.CLI) : null),
    el("td", {class: c.Error ? "err" : "ok"}, c.Error ? c.Status + " " + c.Error : String(c.Status),
      el("div", {class: "dim"}, c.Milliseconds + " ms"))));
  while (feed.children.length > 200) feed.lastChild.remove();
}

const events = new EventSource("/_smsh/events");
const conn = document.getElementById("conn");
events.onopen = () => { conn.className = "up"; conn.textContent = "live"; refresh(); };
events.onerror = () => { conn.className = "down"; conn.textContent = "reconnecting"; };
events.addEventListener("call", e => { addCall(JSON.parse(e.data)); refresh(); });
events.addEventListener("faults", () => refresh());
events.addEventListener("reset", () => refresh());
setInterval(tick, 200);
refresh();
</script>
</body>
</html>
"""#
}
