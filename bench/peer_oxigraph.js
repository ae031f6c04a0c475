/* SPDX-License-Identifier: LGPL-2.1-or-later */
// bench/peer_oxigraph.js - the Oxigraph peer of the benchmark (bench/run.sh):
// loads the N-Quads file into Oxigraph's in-memory store, runs every query
// permutation file with the default graph as the union of all graphs (as
// kgsh does), and dumps the whole store as TriG (Oxigraph's Turtle writer
// holds one graph only; TriG is Turtle with graph blocks) and as N-Quads.
// Prints the same JSON lines as bench/driver.c.
//
// usage: node peer_oxigraph.js DATA.nq QUERY_DIR OUT_PREFIX
"use strict";
const fs = require("fs");
const path = require("path");
const oxigraph = require(path.join(__dirname, "node_modules", "oxigraph"));

const [dataPath, queryDir, outPrefix] = process.argv.slice(2);
const size = Number(process.env.BENCH_SIZE || 0);
const version = require(path.join(__dirname, "node_modules", "oxigraph", "package.json")).version;

function stamp() {
  const cpu = process.cpuUsage();
  return { wall: performance.now() / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

function report(op, query, t0, t1, extra) {
  const line = {
    system: "oxigraph", version, size, op, ...(query ? { query } : {}),
    wall: t1.wall - t0.wall, cpu: t1.cpu - t0.cpu,
    peak_rss_kb: process.resourceUsage().maxRSS, ...extra,
  };
  console.log(JSON.stringify(line));
}

function rssKb() {
  return Math.round(process.memoryUsage().rss / 1024);
}

// The load: reading the file is part of it, as it is for kgsh.
const base = rssKb();
let t0 = stamp();
const store = new oxigraph.Store();
store.load(fs.readFileSync(dataPath), { format: "application/n-quads" });
let t1 = stamp();
report("load-memory", null, t0, t1, {
  statements: store.size, added: store.size, base_rss_kb: base, rss_after_kb: rssKb(),
});

// Each query: first run, then more until about a second is spent (at most
// 7 runs, none repeated past 10 s); the median is reported.
for (const name of fs.readdirSync(queryDir).filter((n) => n.endsWith(".rq")).sort()) {
  const text = fs.readFileSync(path.join(queryDir, name), "utf8");
  const walls = [], cpus = [];
  let rows = 0, error = null, spent = 0;
  do {
    const start = stamp();
    try {
      const result = store.query(text, { use_default_graph_as_union: true });
      rows = Array.isArray(result) ? result.length : result ? 1 : 0;
    } catch (e) {
      error = String(e.message || e);
    }
    const end = stamp();
    walls.push(end.wall - start.wall);
    cpus.push(end.cpu - start.cpu);
    spent += end.wall - start.wall;
  } while (!error && walls.length < 7 && spent < 1.0 && walls[walls.length - 1] < 10);
  const first = cpus[0];
  walls.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  const mid = Math.floor(walls.length / 2);
  report("query", name.replace(/\.rq$/, ""), { wall: 0, cpu: 0 }, { wall: walls[mid], cpu: cpus[mid] }, {
    rows, runs: walls.length, first_cpu: first, min_cpu: cpus[0], ok: !error, ...(error ? { error } : {}),
  });
}

// Exports of the whole store, written to files as kgsh's are.
for (const [op, format, ext] of [["export-turtle", "application/trig", "trig"],
                                 ["export-nquads", "application/n-quads", "nq"]]) {
  t0 = stamp();
  const text = store.dump({ format });
  fs.writeFileSync(`${outPrefix}.${ext}`, text);
  t1 = stamp();
  report(op, null, t0, t1, { bytes: Buffer.byteLength(text), format });
}
