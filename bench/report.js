/* SPDX-License-Identifier: LGPL-2.1-or-later */
// bench/report.js - turns the JSON lines of one bench/run.sh run into the
// tables (Markdown) and a JSON document with every figure, its ratio to the
// best peer and whether the targets of issue 22 are met.
//
// usage: node report.js RAW.jsonl... OUT.md OUT.json
//   (several RAW files: the parts of one run, e.g. run.sh --without-kgsh)
//
// One table per size: kgsh and each peer side by side, "÷ best peer" for
// every figure; then the targets, met or not; then, over the sizes, the
// cost per triple. Every query's row count is compared across the engines
// for every permutation: a disagreement is printed at the top of the
// report and on stderr, and the exit status is 3.
// RSS_BUDGET_MB in the environment is the load memory budget (default 2048).
"use strict";
const fs = require("fs");

const PEERS = [ // columns, in order; "ref" ones only parse and stay out of "÷ best peer"
  { id: "virtuoso", name: "Virtuoso" }, { id: "jena", name: "Jena TDB2" },
  { id: "oxigraph", name: "Oxigraph" }, { id: "librdf", name: "librdf" },
  { id: "serdi", name: "serdi", ref: true }, { id: "rapper", name: "rapper", ref: true },
  { id: "sord", name: "sord", ref: true },
];
const MiB = 1024 * 1024, GiB = 1024 * MiB;
const BUDGET = Number(process.env.RSS_BUDGET_MB || 2048) * MiB;

const fmtS = (s) => (s == null ? "–" : s >= 10 ? s.toFixed(1) + " s" : s >= 1 ? s.toFixed(2) + " s"
  : s >= 0.001 ? (s * 1000).toFixed(s >= 0.1 ? 0 : s >= 0.01 ? 1 : 2) + " ms" : (s * 1e6).toFixed(0) + " µs");
const fmtB = (b) => (b == null ? "–" : b >= GiB ? (b / GiB).toFixed(2) + " GiB" : b >= MiB
  ? (b / MiB).toFixed(b >= 100 * MiB ? 0 : 1) + " MiB" : (b / 1024).toFixed(0) + " KiB");
// A ratio; below 0.01 as a fraction ("1/4,200×": kgsh needs 1/4,200 of the peer's figure).
const fmtX = (x) => (x == null || !isFinite(x) ? "–" : x >= 10 ? x.toFixed(0) + "×" : x >= 0.01
  ? x.toFixed(x >= 0.1 ? 2 : 3) + "×" : x === 0 ? "0×" : "1/" + fmtN(Number((1 / x).toPrecision(2))) + "×");
const fmtN = (n) => n.toLocaleString("en-US");
const fmtP = (v, digits) => (v == null ? "–" : v.toFixed(digits));
const met = (b) => (b == null ? "–" : b ? "met" : "**NOT MET**");

// The figures of one table row: how to find each system's value.
const ok = (l) => l && l.ok !== false;
const FIGURES = [
  { key: "load_wall", label: "load N-Quads into the persistent store, wall", fmt: fmtS,
    get: (f, s) => f(s, "load-persistent", (l) => l.wall) },
  { key: "load_cpu", label: "  the same, CPU time (a server's own)", fmt: fmtS,
    get: (f, s) => f(s, "load-persistent", (l) => l.cpu) },
  { key: "load_rss", label: "load peak RSS", fmt: fmtB,
    get: (f, s) => f(s, "load-persistent", (l) => l.peak_rss_kb * 1024) },
  { key: "disk", label: "store on disk", fmt: fmtB, get: (f, s) => f(s, "store-disk", (l) => l.bytes) },
  { key: "load_memory", label: "load N-Quads into memory (CPU)", fmt: fmtS,
    get: (f, s) => f(s, "load-memory", (l) => l.cpu) },
  { key: "parse", label: "parse N-Quads only (CPU; the parse limit)", fmt: fmtS,
    get: (f, s) => f(s, s === "sord" ? "load-export-turtle" : "parse", (l) => l.cpu) },
  { key: "export_nquads", label: "N-Quads export, wall", fmt: fmtS,
    get: (f, s) => f(s, "export-nquads", (l) => l.wall) },
  { key: "export_nquads_cpu", label: "  the same, CPU time", fmt: fmtS,
    get: (f, s) => f(s, "export-nquads", (l) => l.cpu) },
  { key: "open", label: "open + first query, wall (process or server start)", fmt: fmtS,
    get: (f, s) => f(s, s === "kgsh" ? "shell-start" : "open", (l) => l.wall) },
  { key: "open_cpu", label: "  the same, CPU time", fmt: fmtS,
    get: (f, s) => f(s, s === "kgsh" ? "shell-start" : "open", (l) => l.cpu) },
];

function main() {
  const args = process.argv.slice(2);
  if (args.length < 3) {
    process.stderr.write("usage: node report.js RAW.jsonl... OUT.md OUT.json\n");
    process.exit(2);
  }
  const [mdPath, jsonPath] = args.slice(-2);
  const lines = args.slice(0, -2).flatMap((p) => fs.readFileSync(p, "utf8").split("\n"))
    .filter(Boolean).map((l) => JSON.parse(l));
  const { md, doc, mismatches } = report(lines);
  fs.writeFileSync(mdPath, md.join("\n") + "\n");
  fs.writeFileSync(jsonPath, JSON.stringify(doc, null, 1) + "\n");
  if (mismatches.length) {
    process.stderr.write("report.js: ROW COUNTS DIFFER between engines:\n" +
                         mismatches.map((m) => "  " + m).join("\n") + "\n");
    process.exit(3);
  }
}

// The best (smallest) CPU and wall times of one query permutation's runs.
const qcpu = (l) => (l.min_cpu != null ? l.min_cpu : l.cpu);
const qwall = (l) => (l.min_wall != null ? l.min_wall : l.wall);

function report(lines) {
  const machine = lines.filter((l) => l.system === "machine");
  const results = lines.filter((l) => l.system !== "machine");
  const sizes = [...new Set(results.map((l) => l.size))].sort((a, b) => a - b);
  const systems = ["kgsh", ...PEERS.map((p) => p.id).filter((id) => results.some((l) => l.system === id))];
  const nameOf = (id) => (id === "kgsh" ? "kgsh" : PEERS.find((p) => p.id === id).name);
  const isRef = (id) => (PEERS.find((p) => p.id === id) || {}).ref;
  const rows = [], mismatches = [], targets = [];
  const md = ["# kgsh benchmark: latest run", ""];
  const start = machine.find((m) => m.op === "start"), end = machine.find((m) => m.op === "end");
  if (start) {
    md.push(`Run ${start.date} on ${start.nproc} cores (${start.cpu}), ` +
            `${start.mem_kb ? (start.mem_kb / 1048576).toFixed(0) + " GB of memory, " : ""}` +
            `load average ${start.loadavg} at the start, ${end ? end.loadavg : "?"} at the end. ` +
            "A query's figure is the best of up to 7 warm runs of each permutation of its triple patterns, " +
            "the slowest permutation's shown: CPU time (in process for kgsh and Jena, the server's threads " +
            "for Virtuoso) and wall time (Virtuoso's over HTTP on 127.0.0.1, TSV, keep-alive); on a shared " +
            "machine CPU time is the steadier figure, and the targets use it. \"÷ best peer\" is kgsh's " +
            "figure divided by the best peer's (below 1: kgsh is better). Each peer's configuration: " +
            "bench/README.md.", "");
  }
  const mismatchAt = md.length; // the loud part goes here, once known

  for (const n of sizes) {
    const at = results.filter((l) => l.size === n);
    const line = (system, op) => at.find((l) => l.system === system && l.op === op && !l.query);
    const f = (system, op, value) => { const l = line(system, op); return ok(l) ? value(l) : null; };
    const present = systems.filter((s) => at.some((l) => l.system === s));
    const peers = present.filter((s) => s !== "kgsh");
    const graphs = (line("kgsh", "load-persistent") || {}).graphs;
    md.push(`## ${fmtN(n)} triples${graphs ? ` (${fmtN(graphs)} named graphs)` : ""}`, "");
    md.push(`| figure | ${present.map(nameOf).join(" | ")} | ÷ best peer |`,
            `| --- | ${present.map(() => "---:").join(" | ")} | ---: |`);
    const values = {}; // key -> {system: value}
    // note: a system's cell instead of its figure ("fails"); suffix: after it.
    const addRow = (key, label, fmt, vals, note = {}, suffix = {}) => {
      const shown = present.filter((s) => vals[s] != null);
      if (!shown.length) return;
      const best = Math.min(...peers.filter((s) => !isRef(s) && vals[s] != null).map((s) => vals[s]));
      const ratio = vals.kgsh != null && isFinite(best) ? vals.kgsh / best : null;
      values[key] = vals;
      md.push(`| ${label} | ${present.map((s) => note[s] || fmt(vals[s]) + (suffix[s] || "")).join(" | ")} | ` +
              `${fmtX(ratio)} |`);
      rows.push({ size: n, figure: key, values: vals, ratio_to_best_peer: ratio });
    };
    for (const fig of FIGURES) {
      const vals = {};
      for (const s of present) vals[s] = fig.get(f, s);
      addRow(fig.key, fig.label, fig.fmt, vals);
    }

    // ---- queries: every permutation's rows compared across engines ----
    const qlines = at.filter((l) => l.op === "query");
    const perms = [...new Set(qlines.filter((l) => l.system === "kgsh").map((l) => l.query))].sort();
    const qnames = [...new Set(perms.map((p) => p.replace(/\.p\d+$/, "")))];
    for (const q of qnames) {
      const mine = perms.filter((p) => p.startsWith(q + "."));
      const vals = {}, walls = {}, note = {}, noteWall = {}, suffix = {};
      let rowsShown = null;
      for (const s of present) {
        const ls = mine.map((p) => qlines.find((l) => l.system === s && l.query === p)).filter((l) => l);
        if (!ls.length) continue;
        if (ls.length < mine.length) suffix[s] = ` (${ls.length}/${mine.length} orders run)`;
        const failed = ls.filter((l) => !ok(l)), good = ls.filter(ok);
        const cpu = good.length && good.every((l) => qcpu(l) != null) ? Math.max(...good.map(qcpu)) : null;
        const wall = good.length ? Math.max(...good.map(qwall)) : null;
        if (failed.length) {
          // No slowest order to show, and out of "÷ best peer"; the others' figure stays visible.
          const why = failed.every((l) => /^timeout/.test(l.error || "")) ? "timeout" : "fails";
          note[s] = `${why} in ${failed.length}/${mine.length} orders` +
                    (good.length && cpu != null ? `; the others ≤ ${fmtS(cpu)}` : "");
          noteWall[s] = `${why} in ${failed.length}/${mine.length} orders` +
                        (good.length ? `; the others ≤ ${fmtS(wall)}` : "");
        } else {
          vals[s] = cpu;
          walls[s] = wall;
        }
      }
      for (const p of mine) {
        const counts = present.map((s) => [s, qlines.find((l) => l.system === s && l.query === p)])
          .filter(([, l]) => ok(l)).map(([s, l]) => [s, l.rows]);
        const distinct = [...new Set(counts.map(([, r]) => r))];
        if (rowsShown == null && counts.length) rowsShown = counts[0][1];
        if (distinct.length > 1) {
          mismatches.push(`${fmtN(n)} triples, ${p}: ` + counts.map(([s, r]) => `${nameOf(s)} ${r}`).join(", "));
          for (const [s, r] of counts) suffix[s] = ` **(${r} rows ≠)**`;
        }
      }
      const failedPeer = Object.keys(note).filter((s) => /^(fails|timeout)/.test(note[s]));
      for (const s of failedPeer) {
        const l = qlines.find((x) => x.system === s && x.query.startsWith(q + ".") && !ok(x));
        rows.push({ size: n, figure: `query ${q} failure`, system: s, error: l && l.error });
      }
      addRow(`query ${q}`, `query ${q} (${rowsShown ?? "?"} rows, ${mine.length} orders), CPU`, fmtS, vals, note, suffix);
      addRow(`query ${q} wall`, "  the same, wall", fmtS, walls, noteWall, suffix);
    }
    md.push("");

    // ---- the targets of issue 22 ----
    const v = (key, s) => (values[key] || {})[s];
    const check = (what, isMet, detail) => {
      targets.push({ size: n, target: what, met: isMet, detail });
      md.push(`- ${what}: ${met(isMet)}${detail ? ` (${detail})` : ""}`);
    };
    md.push("Targets (issue 22):", "");
    const gk = v("query groupby", "kgsh"), gv = v("query groupby", "virtuoso");
    check("aggregation (groupby) at most Virtuoso's time", gk != null && gv != null ? gk <= gv : null,
          `kgsh ${fmtS(gk)}, Virtuoso ${fmtS(gv)}`);
    const limit = n >= 1e8 ? 0.2 : 0.1;
    if (n >= 1e7) {
      const slow = qnames.filter((q) => !(v(`query ${q}`, "kgsh") < limit));
      check(`every reference query under ${fmtS(limit)} at ${fmtN(n)}`, qnames.length ? !slow.length : null,
            slow.length ? "over: " + slow.map((q) => `${q} ${fmtS(v(`query ${q}`, "kgsh"))}`).join(", ") : "");
    }
    const dk = v("disk", "kgsh"), dv = v("disk", "virtuoso");
    check("store on disk at most Virtuoso's", dk != null && dv != null ? dk <= dv : null,
          `kgsh ${fmtB(dk)}, Virtuoso ${fmtB(dv)}${n === 1e7 ? "" : "; the target is set at 10M"}`);
    const rk = v("load_rss", "kgsh");
    check(`load peak RSS under the budget of ${fmtB(BUDGET)}`, rk != null ? rk <= BUDGET : null, `kgsh ${fmtB(rk)}`);
    const lk = v("load_wall", "kgsh");
    if (n >= 1e8) check("100M triples load in under 15 minutes", lk != null ? lk < 900 : null, `kgsh ${fmtS(lk)}`);
    md.push("");
    const explore = at.filter((l) => l.system === "kgsh" && l.op === "explore");
    if (explore.length) {
      md.push("The shell's explorers through kg/explore.h (kgsh only, CPU): " +
              explore.map((l) => `${l.query} ${ok(l) ? fmtS(l.cpu) : "failed"} (${fmtN(l.rows)} found)`).join(", ") +
              ".", "");
    }
  }

  // ---- cost per triple over the sizes (issue 22 point 7) ----
  if (sizes.length > 1) {
    const first = sizes[0], last = sizes[sizes.length - 1];
    md.push("## Cost per triple as the data grows", "",
            `Per triple for loads, exports and disk; each query's own time for queries (their answers grow with ` +
            `the data: ${fmtN(first)} → ${fmtN(last)} is ×${fmtN(last / first)}). "growth" is the largest ` +
            "size's figure divided by the smallest's: 1× is flat (linear cost for the per-triple rows).", "");
    md.push(`| figure | system | ${sizes.map(fmtN).join(" | ")} | growth |`,
            `| --- | --- | ${sizes.map(() => "---:").join(" | ")} | ---: |`);
    const perTriple = [["load_wall", "load, wall, µs/triple", 1e6, 2], ["load_cpu", "load, CPU, µs/triple", 1e6, 2],
                       ["load_rss", "load peak RSS, bytes/triple", 1, 0], ["disk", "on disk, bytes/triple", 1, 0],
                       ["export_nquads", "N-Quads export, wall, µs/triple", 1e6, 2],
                       ["export_nquads_cpu", "N-Quads export, CPU, µs/triple", 1e6, 2]];
    const byKey = (key, s, n) => { const r = rows.find((x) => x.size === n && x.figure === key); return r ? r.values[s] : null; };
    const growthRow = (label, s, vals, fmt) => {
      // from the smallest measured size to the largest: none with one size
      const a = vals.find((x) => x != null), b = [...vals].reverse().find((x) => x != null);
      const measured = vals.filter((x) => x != null).length;
      const growth = measured > 1 && a ? b / a : null;
      md.push(`| ${label} | ${nameOf(s)} | ${vals.map(fmt).join(" | ")} | ${fmtX(growth)} |`);
      rows.push({ figure: `growth ${label}`, system: s, by_size: Object.fromEntries(sizes.map((n, i) => [n, vals[i]])),
                  growth });
    };
    for (const [key, label, scale, digits] of perTriple) {
      for (const s of systems) {
        const vals = sizes.map((n) => { const x = byKey(key, s, n); return x == null ? null : (x / n) * scale; });
        if (vals.some((x) => x != null)) growthRow(label, s, vals, (x) => fmtP(x, digits));
      }
    }
    const qkeys = [...new Set(rows.filter((r) => r.size != null && r.figure.startsWith("query ") &&
                                               !/ (failure|wall)$/.test(r.figure)).map((r) => r.figure))].sort();
    for (const key of qkeys) {
      for (const s of systems) {
        const vals = sizes.map((n) => byKey(key, s, n));
        if (vals.some((x) => x != null)) growthRow(key, s, vals, fmtS);
      }
    }
    md.push("");
  }

  if (mismatches.length) {
    md.splice(mismatchAt, 0, "**ROW COUNTS DIFFER BETWEEN ENGINES** (the same query text, the same data; the " +
              "query's figures are not comparable until this is understood):", "",
              ...mismatches.map((m) => `- ${m}`), "");
  }
  return { md, doc: { machine, sizes, rows, targets, mismatches, results }, mismatches };
}

if (require.main === module) main();
module.exports = { report };
