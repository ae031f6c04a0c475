/* SPDX-License-Identifier: LGPL-2.1-or-later */
// bench/report.js - turns the JSON lines of one bench/run.sh run into the
// table (Markdown) and a JSON document with every figure, its ratio to the
// best peer and whether the target of issue 8 is met.
//
// usage: node report.js RAW.jsonl OUT.md OUT.json
"use strict";
const fs = require("fs");

const [rawPath, mdPath, jsonPath] = process.argv.slice(2);
const lines = fs.readFileSync(rawPath, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const machine = lines.filter((l) => l.system === "machine");
const results = lines.filter((l) => l.system !== "machine");
const sizes = [...new Set(results.map((l) => l.size))].sort((a, b) => a - b);

function find(system, size, op, query) {
  return results.find((l) => l.system === system && l.size === size && l.op === op &&
                             (query === undefined || l.query === query));
}
const cpu = (l) => (l && l.ok !== false ? l.cpu : null);
// A query's figure is its best run (the machine is shared: slower runs
// measure the neighbours as much as the query).
const qcpu = (l) => (l.min_cpu != null ? l.min_cpu : l.cpu);
const fmtS = (s) => (s == null ? "–" : s >= 10 ? s.toFixed(1) + " s" : s >= 1 ? s.toFixed(2) + " s"
  : s >= 0.001 ? (s * 1000).toFixed(s >= 0.1 ? 0 : s >= 0.01 ? 1 : 2) + " ms" : (s * 1e6).toFixed(0) + " µs");
const fmtX = (x) => (x == null || !isFinite(x) ? "–" : x.toFixed(x >= 10 ? 0 : 2) + "×");
const fmtN = (n) => n.toLocaleString("en-US");
const yes = (b) => (b == null ? "–" : b ? "yes" : "**no**");

const rows = [];          // every figure, for the JSON
const md = [];
md.push("# kgsh benchmark: latest run", "");
const start = machine.find((m) => m.op === "start"), end = machine.find((m) => m.op === "end");
if (start) {
  md.push(`Run ${start.date} on ${start.nproc} cores (${start.cpu}); load average ${start.loadavg} at the ` +
          `start, ${end ? end.loadavg : "?"} at the end. Times are CPU seconds (user + system) of ` +
          "the measured process unless marked wall; a query's time is the best of up to 7 runs. " +
          "\"÷ best\" is kgsh's figure divided by the best peer's (below 1: kgsh is faster).", "");
}

for (const n of sizes) {
  const graphs = (find("kgsh", n, "load-persistent") || {}).graphs;
  md.push(`## ${fmtN(n)} triples${graphs ? ` (${fmtN(graphs)} named graphs)` : ""}`, "");

  // ---- loads, exports, memory ----
  const ox = (op) => find("oxigraph", n, op), lr = (op) => find("librdf", n, op);
  const serdi = find("serdi", n, "parse"), rapper = find("rapper", n, "parse");
  const sord = find("sord", n, "load-export-turtle");
  const kp = find("kgsh", n, "load-persistent"), km = find("kgsh", n, "load-memory");
  const kt = find("kgsh", n, "export-turtle"), kq = find("kgsh", n, "export-nquads");
  const open = find("kgsh", n, "open");
  const best = (...ls) => {
    const v = ls.map(cpu).filter((x) => x != null);
    return v.length ? Math.min(...v) : null;
  };
  const perTriple = (l, withBase) => (l ? ((l.peak_rss_kb - (withBase && l.base_rss_kb || 0)) * 1024) / n : null);
  const table = [];
  const add = (figure, kgsh, peers, ratio, target, met, fmt = fmtS) => {
    table.push({ figure, kgsh, peers, ratio, target, met, fmt });
    rows.push({ size: n, figure, kgsh, peers, ratio, target, met });
  };
  const oxLoad = cpu(ox("load-memory"));
  add("load N-Quads into the persistent store", cpu(kp),
      { serdi: cpu(serdi), rapper: cpu(rapper), librdf: cpu(lr("load-memory")), oxigraph: oxLoad },
      cpu(kp) / best(lr("load-memory"), ox("load-memory")),
      "≤ 0.67× Oxigraph (1.5× its rate) and ≤ 8× serdi",
      kp && oxLoad != null && serdi ? kp.cpu <= oxLoad / 1.5 && kp.cpu <= 8 * serdi.cpu : null);
  add("  the same, wall clock (fsync included)", kp && kp.wall,
      { serdi: serdi && serdi.wall, rapper: rapper && rapper.wall, librdf: lr("load-memory") && lr("load-memory").wall,
        oxigraph: ox("load-memory") && ox("load-memory").wall }, null, "", null);
  add("load N-Quads into an in-memory store", cpu(km),
      { librdf: cpu(lr("load-memory")), oxigraph: oxLoad },
      cpu(km) / best(lr("load-memory"), ox("load-memory")), "", null);
  add("export the whole store to Turtle", cpu(kt),
      { sord: cpu(sord), librdf: cpu(lr("export-turtle")), oxigraph: cpu(ox("export-turtle")) },
      cpu(kt) / best(lr("export-turtle"), ox("export-turtle")), "≤ Oxigraph",
      kt && ox("export-turtle") ? kt.cpu <= ox("export-turtle").cpu : null);
  add("export the whole store to N-Quads", cpu(kq), { oxigraph: cpu(ox("export-nquads")) },
      cpu(kq) / best(ox("export-nquads")), "", null);
  add("libkg: open the store and answer a first query (wall)", open && open.wall, {}, null, "< 100 ms",
      open ? open.wall < 0.1 : null);
  const shell = find("kgsh", n, "shell-start");
  add("kgsh: start, open the store, answer a first query, exit", shell && shell.cpu, {}, null,
      "< 100 ms", shell ? shell.cpu < 0.1 : null);
  add("  the same, wall clock", shell && shell.wall, {}, null, "", null);
  const memK = perTriple(km, true), memO = perTriple(ox("load-memory"), true);
  add("peak memory of an in-memory load, bytes/triple", memK,
      { librdf: perTriple(lr("load-memory"), false), oxigraph: memO },
      memO ? memK / memO : null, "≤ Oxigraph", memK != null && memO != null ? memK <= memO : null,
      (v) => (v == null ? "–" : v.toFixed(0)));
  add("peak memory of the persistent load, bytes/triple", perTriple(kp, true), {}, null, "", null,
      (v) => (v == null ? "–" : v.toFixed(0)));
  const disk = find("kgsh", n, "store-disk");
  add("persistent store on disk, bytes/triple", disk ? disk.bytes / n : null, {}, null, "", null,
      (v) => (v == null ? "–" : v.toFixed(0)));

  md.push("| figure | kgsh | serdi | rapper | sord | librdf | Oxigraph | ÷ best | target | met |",
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
  for (const r of table) {
    const p = (k) => (k in r.peers ? r.fmt(r.peers[k]) : "");
    md.push(`| ${r.figure} | ${r.fmt(r.kgsh)} | ${p("serdi")} | ${p("rapper")} | ${p("sord")} | ` +
            `${p("librdf")} | ${p("oxigraph")} | ${fmtX(r.ratio)} | ${r.target} | ${r.target ? yes(r.met) : ""} |`);
  }
  md.push("", "serdi and rapper parse only (the parse limit); sord's figure is load plus Turtle " +
          "writing in one process; librdf is the hashes store in memory with contexts; Oxigraph " +
          "(npm, WASM) holds every graph in memory and writes TriG for \"Turtle\" (its Turtle " +
          "writer takes one graph). \"÷ best\" for loads and exports compares with librdf and " +
          "Oxigraph, which do the same job.", "");

  // ---- queries ----
  md.push("| query | orders | rows | kgsh fastest | kgsh slowest | slowest ÷ fastest | Oxigraph fastest | " +
          "Oxigraph slowest | librdf fastest | librdf slowest | ÷ best | orders where kgsh ≤ Oxigraph | met |",
          "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  const qnames = [...new Set(results.filter((l) => l.size === n && l.op === "query" && l.system === "kgsh")
    .map((l) => l.query.replace(/\.p\d+$/, "")))].sort();
  for (const q of qnames) {
    const perms = results.filter((l) => l.size === n && l.op === "query" && l.system === "kgsh" &&
                                        l.query.startsWith(q + ".")).map((l) => l.query).sort();
    const stats = (system) => {
      const ls = perms.map((p) => find(system, n, "query", p));
      const ok = ls.filter((l) => l && l.ok);
      const timeouts = ls.filter((l) => l && l.timeout).length;
      if (!ok.length && !timeouts) {
        const failed = ls.find((l) => l);
        return { label: failed ? "fails" : "–", note: failed && failed.error };
      }
      const t = ok.map(qcpu);
      return {
        fast: t.length ? Math.min(...t) : null,
        slow: timeouts ? Infinity : Math.max(...t),
        timeouts, rows: ok.length ? ok[0].rows : null, ls,
      };
    };
    const k = stats("kgsh"), o = stats("oxigraph"), l = stats("librdf");
    const show = (s, which) => (s.label ? s.label : which === "slow" && s.timeouts
      ? `> ${process.env.BENCH_TIMEOUT || 5} s (${s.timeouts} killed)` : fmtS(s[which]));
    const peerSlow = [o, l].filter((s) => !s.label && isFinite(s.slow)).map((s) => s.slow);
    const ratio = peerSlow.length && !k.label ? k.slow / Math.min(...peerSlow) : null;
    let le = null, leCount = 0;
    if (!k.label && !o.label) {
      leCount = perms.filter((p, i) => k.ls[i] && o.ls[i] && k.ls[i].ok && o.ls[i].ok && qcpu(k.ls[i]) <= qcpu(o.ls[i])).length;
      le = leCount === perms.length;
    }
    const spread = k.label ? null : k.slow / k.fast;
    const transitive = ["parents", "descendants", "cycle"].includes(q);
    const met = k.label ? false : le !== false && spread <= 2 && (!transitive || k.slow < 0.001);
    const mismatch = !k.label && !o.label && o.rows !== k.rows ? ` (Oxigraph: ${o.rows})` : "";
    md.push(`| ${q} | ${perms.length} | ${k.rows ?? "–"}${mismatch} | ${show(k, "fast")} | ${show(k, "slow")} | ` +
            `${fmtX(spread)} | ${show(o, "fast")} | ${show(o, "slow")} | ${show(l, "fast")} | ${show(l, "slow")} | ` +
            `${fmtX(ratio)} | ${le == null ? "–" : `${leCount}/${perms.length}`} | ${yes(met)} |`);
    rows.push({ size: n, figure: `query ${q}`, orders: perms.length, rows: k.rows,
                kgsh: { fastest: k.fast, slowest: k.slow },
                peers: { oxigraph: { fastest: o.fast ?? null, slowest: o.slow ?? null, failed: o.label || null },
                         librdf: { fastest: l.fast ?? null, slowest: isFinite(l.slow) ? l.slow ?? null : "timeout",
                                   failed: l.label || null, note: l.note || null } },
                ratio, orders_kgsh_le_oxigraph: leCount, spread,
                target: "≤ Oxigraph in every order; slowest ≤ 2× fastest" + (transitive ? "; < 1 ms" : ""), met });
  }
  const explore = results.filter((l) => l.size === n && l.system === "kgsh" && l.op === "explore");
  if (explore.length) {
    md.push("", "The shell's explorers through kg/explore.h (kgsh only; no peer has them): " +
            explore.map((l) => `${l.query} ${l.ok ? fmtS(l.cpu) : "failed"} (${fmtN(l.rows)} found)`).join(", ") +
            ". exposure-all is `.exposure` over every company: shortest ownership chains with " +
            "evidence, not only the yes/no of exposure.rq.");
    for (const l of explore) rows.push({ size: n, figure: `explore ${l.query}`, kgsh: l.cpu, rows: l.rows, ok: l.ok });
  }
  md.push("", "Each query runs in every order its triple patterns can be written " +
          "(bench/queries/, permuted by `driver expand`); \"÷ best\" is kgsh's slowest order " +
          "divided by the best peer's slowest order. librdf \"fails\": rasqal cannot parse the " +
          "property path.", "");
}

// ---- growth with size ----
if (sizes.length > 1) {
  md.push("## Cost per triple as the data grows (CPU µs per triple)", "");
  md.push(`| operation | ${sizes.map(fmtN).join(" | ")} | growth, smallest → largest |`,
          `| --- | ${sizes.map(() => "---:").join(" | ")} | ---: |`);
  const ops = [["kgsh", "load-persistent", "kgsh: load, persistent"], ["kgsh", "load-memory", "kgsh: load, in memory"],
               ["kgsh", "export-turtle", "kgsh: export Turtle"], ["kgsh", "export-nquads", "kgsh: export N-Quads"],
               ["serdi", "parse", "serdi: parse"], ["oxigraph", "load-memory", "Oxigraph: load"],
               ["oxigraph", "export-turtle", "Oxigraph: export TriG"], ["librdf", "load-memory", "librdf: load"]];
  for (const [system, op, label] of ops) {
    const per = sizes.map((n) => { const l = find(system, n, op); return l ? (l.cpu / n) * 1e6 : null; });
    const first = per.find((v) => v != null), last = [...per].reverse().find((v) => v != null);
    md.push(`| ${label} | ${per.map((v) => (v == null ? "–" : v.toFixed(2))).join(" | ")} | ` +
            `${first && last ? fmtX(last / first) : "–"} |`);
    rows.push({ figure: `per-triple ${system} ${op}`, per_triple_us: Object.fromEntries(sizes.map((n, i) => [n, per[i]])) });
  }
  md.push("", "Linear cost keeps the per-triple figure flat (growth near 1×).", "");
}

fs.writeFileSync(mdPath, md.join("\n"));
fs.writeFileSync(jsonPath, JSON.stringify({ machine, sizes, rows, results }, null, 1) + "\n");
