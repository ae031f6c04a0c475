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
  const times = [];
  let rows = 0, error = null, spent = 0;
  do {
    const start = performance.now() / 1000;
    try {
      const result = store.query(text, { use_default_graph_as_union: true });
      rows = Array.isArray(result) ? result.length : result ? 1 : 0;
    } catch (e) {
      error = String(e.message || e);
    }
    const took = performance.now() / 1000 - start;
    times.push(took);
    spent += took;
  } while (!error && times.length < 7 && spent < 1.0 && times[times.length - 1] < 10);
  const first = times[0];
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  report("query", name.replace(/\.rq$/, ""), { wall: 0, cpu: 0 }, { wall: median, cpu: 0 }, {
    rows, runs: times.length, first, min: times[0], ok: !error, ...(error ? { error } : {}),
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
