// Keyboard-first review. Text is always written with textContent (never innerHTML).
"use strict";
(function () {
  const meta = (n) => document.querySelector(`meta[name="${n}"]`).content;
  const XSRF = meta("xsrf-token");
  const PAGE = parseInt(meta("page-size"), 10);
  let total = parseInt(meta("queue-total"), 10);
  const pages = {};          // page number -> items
  let cur = 0;               // position in the queue
  let detail = null;         // /api/value answer for the current value
  let parsed = null;         // /api/parse answer for the correction text
  const $ = (id) => document.getElementById(id);
  const reviewer = $("reviewer");
  const correction = $("correction");
  reviewer.value = reviewer.value || localStorage.getItem("baocao-reviewer") || "";
  reviewer.addEventListener("change", () => localStorage.setItem("baocao-reviewer", reviewer.value));

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function status(text, isError) { const s = $("status"); s.textContent = text; s.className = isError ? "error" : ""; }

  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin" });
    if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
    return r.json();
  }
  async function loadPage(p) {
    if (!pages[p]) {
      const d = await getJSON(`/api/queue?offset=${p * PAGE}&limit=${PAGE}`);
      total = d.total; pages[p] = d.items;
    }
    return pages[p];
  }
  function itemAt(n) { const p = pages[Math.floor(n / PAGE)]; return p ? p[n % PAGE] : null; }

  function fileCell(path) { const td = el("td", path.split("/").pop(), "file"); td.title = path; return td; }

  function renderRates(summary) {
    const body = document.querySelector("#rates-table tbody");
    body.replaceChildren();
    for (const group of ["file", "template"]) {
      for (const r of summary.rates[group]) { const tr = el("tr"); tr.append(el("td", group), el("td", r.text)); body.append(tr); }
    }
  }

  function renderList(p) {
    const body = document.querySelector("#queue tbody");
    body.replaceChildren();
    for (const it of pages[p]) {
      const tr = el("tr");
      tr.dataset.n = it.n; tr.dataset.valueId = it.value_id;
      tr.append(el("td", it.n + 1), fileCell(it.source_file), el("td", it.label || "", "label"),
                el("td", it.value_raw || ""), el("td", it.reason), el("td", it.review ? it.review.decision : "", "decision"));
      tr.addEventListener("click", () => go(it.n));
      body.append(tr);
    }
    $("page-info").textContent = `${p * PAGE + 1}–${p * PAGE + pages[p].length} of ${total}`;
  }
  let shownPage = 0;

  function renderSource(src) {
    const box = $("source");
    box.replaceChildren();
    if (src.kind === "crop") {
      const img = el("img"); img.src = src.img; img.alt = "page crop, the cell boxed in red"; img.id = "crop";
      box.append(img);
    } else if (src.kind === "table") {
      const t = el("table", null, "grid");
      let last = -1;
      for (const r of src.rows) {
        if (last >= 0 && r.index > last + 1) { const gap = el("tr"); gap.append(el("td", "…")); t.append(gap); }
        last = r.index;
        const tr = el("tr", null, (r.header ? "header" : "") + (r.current ? " current" : ""));
        r.cells.forEach((c, j) => tr.append(el("td", c, r.current && j === src.col ? "cell" : "")));
        t.append(tr);
      }
      box.append(t);
    } else if (src.kind === "sentence") {
      const p = el("p", null, "sentence");
      const s = src.sentence || "";
      const a = src.start ?? 0, b = src.end ?? 0;
      p.append(document.createTextNode(s.slice(0, a)), el("mark", s.slice(a, b)), document.createTextNode(s.slice(b)));
      box.append(p);
    } else {
      box.append(el("p", src.why || "no source view"));
    }
  }

  function renderFacts(d) {
    const t = el("table");
    const row = (k, v, cls) => { const tr = el("tr"); tr.append(el("th", k), el("td", v ?? "", cls)); t.append(tr); };
    row("value", d.value ?? d.value_text ?? "(none)", "value");
    row("raw text", d.value_raw);
    row("unit", d.unit);
    row("period", d.period);
    row("column", d.column_header);
    row("label", d.label);
    row("parent row", d.parent_label);
    row("indicator", d.indicator_id ? `${d.indicator_id} — ${d.indicator_label || ""}` : "(unmatched)");
    row("indicator parent", d.indicator_parent_id);
    row("entity", d.entity);
    row("confidence", d.confidence);
    row("file", `${d.source_file}${d.page ? " · page " + d.page : ""}${d.section ? " · " + d.section : ""}`);
    row("why in queue", d.reason + (d.in_sample ? " (random sample)" : ""));
    for (const f of d.flag_meanings) row("flag " + f.flag, f.meaning, "flag");
    row("decision", d.review ? `${d.review.decision}${d.review.value_after != null ? " → " + d.review.value_after : ""} by ${d.review.reviewer} at ${d.review.decided_at}` : "—");
    $("facts").replaceChildren(t);
  }

  let navGen = 0;  // only the latest navigation renders: answers to earlier ones are dropped
  async function go(n) {
    if (n < 0 || n >= total) return;
    const gen = ++navGen;
    const p = Math.floor(n / PAGE);
    await loadPage(p);
    if (gen !== navGen) return;
    const first = document.querySelector("#queue tbody tr");
    if (p !== shownPage || !first || parseInt(first.dataset.n, 10) !== p * PAGE) { renderList(p); shownPage = p; }
    cur = n;
    document.querySelectorAll("#queue tr.current").forEach((r) => r.classList.remove("current"));
    const tr = document.querySelector(`#queue tr[data-n="${n}"]`);
    if (tr) { tr.classList.add("current"); tr.scrollIntoView({ block: "nearest" }); }
    const it = itemAt(n);
    if (detail && detail.value_id === it.value_id) return;  // already shown: keep a correction being typed
    cancelCorrection();
    const d = await getJSON(`/api/value/${it.value_id}`);
    if (gen !== navGen) return;
    detail = d;
    renderSource(d.source);
    renderFacts(d);
    document.body.dataset.current = it.value_id;
  }

  async function decide(decision, text) {
    const it = itemAt(cur);
    if (!reviewer.value.trim()) { status("Type your name in Reviewer first.", true); reviewer.focus(); return; }
    const r = await fetch("/api/decisions", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-XSRF-Token": XSRF },
      body: JSON.stringify({ value_id: it.value_id, decision, text, reviewer: reviewer.value.trim() }),
    });
    if (!r.ok) { status(`Not saved: ${r.status} ${await r.text()}`, true); return; }
    const d = await r.json();
    it.review = d.review;
    detail = null;  // the shown detail is out of date (it carries the review)
    const tr = document.querySelector(`#queue tr[data-n="${cur}"] td.decision`);
    if (tr) tr.textContent = d.review.decision;
    $("rate-overall").textContent = d.summary.rates.overall[0].text;
    $("decided").textContent = d.summary.decided;
    renderRates(d.summary);
    status(`Saved #${cur + 1}: ${decision}${d.review.value_after != null && decision === "corrected" ? " → " + d.review.value_after : ""}`);
    document.body.dataset.saved = (parseInt(document.body.dataset.saved || "0", 10) + 1).toString();
    await go(Math.min(cur + 1, total - 1));
  }

  function cancelCorrection() { correction.value = ""; parsed = null; $("parsed").textContent = ""; }

  async function checkCorrection() {
    const text = correction.value.trim();
    const unit = detail && detail.unit ? `&unit=${encodeURIComponent(detail.unit)}` : "";
    const p = await getJSON(`/api/parse?text=${encodeURIComponent(text)}${unit}`);
    parsed = p;
    $("parsed").textContent = p.value === null ? `"${text}" is not a number` :
      `reads as ${p.value}${p.kind === "percent" ? " %" : ""} (${p.kind}${p.flags.length ? ", " + p.flags.join(", ") : ""}) — Enter again to save`;
  }

  correction.addEventListener("keydown", async (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      const text = correction.value.trim();
      if (!text) { correction.blur(); return; }
      if (parsed && parsed.text === text && parsed.value !== null) { correction.blur(); await decide("corrected", text); }
      else await checkCorrection();
    } else if (e.key === "Escape") { cancelCorrection(); correction.blur(); }
  });
  correction.addEventListener("input", () => { parsed = null; $("parsed").textContent = ""; });

  const KEYS = { x: "rejected_not_value", l: "rejected_label", p: "rejected_period", s: "skipped" };
  document.addEventListener("keydown", async (e) => {
    if (e.target === correction || e.target === reviewer || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "ArrowDown" || e.key === "ArrowRight" || e.key === "j") { e.preventDefault(); await go(cur + 1); }
    else if (e.key === "ArrowUp" || e.key === "ArrowLeft" || e.key === "k") { e.preventDefault(); await go(cur - 1); }
    else if (e.key === "Enter") { e.preventDefault(); await decide("confirmed"); }
    else if (KEYS[e.key]) { e.preventDefault(); await decide(KEYS[e.key]); }
    else if (/^[0-9.,\-+%]$/.test(e.key)) {  // typing a number starts a correction
      e.preventDefault(); correction.focus(); correction.value += e.key; parsed = null; $("parsed").textContent = "";
    }
  });
  $("next-page").addEventListener("click", () => go(Math.min(total - 1, (shownPage + 1) * PAGE)));
  $("prev-page").addEventListener("click", () => go(Math.max(0, (shownPage - 1) * PAGE)));
  document.querySelectorAll("#queue tbody tr").forEach((tr) => tr.addEventListener("click", () => go(parseInt(tr.dataset.n, 10))));

  // #v=<value_id> opens that value (a link to one value can be shared with a colleague on the same machine)
  async function fromHash() {
    const m = /^#v=([0-9a-f]{16})$/.exec(location.hash);
    if (!m) return false;
    const d = await getJSON(`/api/value/${m[1]}`);
    await go(d.n);
    return true;
  }
  window.addEventListener("hashchange", () => fromHash().catch((err) => status(String(err), true)));
  if (total > 0) {
    loadPage(0).then(fromHash).then((done) => done || go(0)).catch((err) => status(String(err), true));
  }
  else status("Nothing to review: no flagged, low-confidence or sampled values.");
})();
