#!/usr/bin/env node
// Side-by-side tables of Huiwu and the peer from the JSON lines of bench/run-peers.sh
// (load.mjs lines plus rep and load average). One row per (scenario, server): medians over
// the repeats (the lower middle value for an even count), min-max ranges in brackets.
//
//   node bench/compare.mjs bench/results/<run>-peers/results.jsonl [more.jsonl ...]
//
// Server CPU per delivery = server CPU seconds in the window (all instances) / deliveries
// received; "+redis" adds the Redis process's CPU in the same window (Huiwu persists every
// operation there; Hocuspocus's Redis only exists in d).
import { readFileSync } from "node:fs";

const rows = process.argv
  .slice(2)
  .flatMap((f) => readFileSync(f, "utf8").split("\n"))
  .filter((l) => l.trim().startsWith("{"))
  .map((l) => JSON.parse(l));

const med = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};
const lo = (xs) => Math.min(...xs.filter((x) => x !== null && x !== undefined));
const hi = (xs) => Math.max(...xs.filter((x) => x !== null && x !== undefined));
const f = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(d));
const range = (xs, d) => (xs.length > 1 ? ` (${f(lo(xs), d)}–${f(hi(xs), d)})` : "");
const sum = (xs) => xs.reduce((a, b) => a + (b ?? 0), 0);
const ORDER = ["hocuspocus", "relay", "relay-cpp-binary", "relay-cpp-json", "huiwu-binary", "huiwu-json"];
const serverRank = (s) => (ORDER.indexOf(s) < 0 ? 99 : ORDER.indexOf(s));
const NAMES = { hocuspocus: "Hocuspocus", relay: "relay floor", "huiwu-binary": "Huiwu (binary)", "huiwu-json": "Huiwu (JSON)", "relay-cpp-binary": "C++ relay floor (binary)", "relay-cpp-json": "C++ relay floor (JSON)" };
const nameOf = (s) => NAMES[s] || s;

function groups(list) {
  const m = new Map();
  for (const r of list) {
    const k = `${r.label}\u0000${r.server}`;
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(r);
  }
  return [...m.values()].sort((a, b) => (a[0].label < b[0].label ? -1 : a[0].label > b[0].label ? 1 : serverRank(a[0].server) - serverRank(b[0].server)));
}

const failed = rows.filter((r) => r.failed);
const fan = rows.filter((r) => r.mode === "fanout");
const join = rows.filter((r) => r.mode === "join");
const usPerDelivery = (r) => (r.deliveries_received ? (1e6 * sum(r.server_procs.map((p) => p.cpu_s_window))) / r.deliveries_received : null);
const afterOpen = (r) => (r.join_ms.p50 !== null && r.join_open_ms.p50 !== null ? r.join_ms.p50 - r.join_open_ms.p50 : null);
const redisUsPerDelivery = (r) => (r.deliveries_received && r.aux_procs.length ? (1e6 * sum(r.aux_procs.map((p) => p.cpu_s_window))) / r.deliveries_received : null);

if (fan.length) {
  console.log("### Fan-out: keystroke → viewer\n");
  console.log("| scen | server | runs | deliveries recv / exp (all runs) | p50 ms | p99 ms | max ms | server CPU µs / delivery | + redis µs / delivery | server VmHWM MiB | client CPU % | machine busy % | load avg before (1 min) |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const g of groups(fan)) {
    const r0 = g[0];
    const p50 = g.map((r) => r.latency_ms.p50), p99 = g.map((r) => r.latency_ms.p99);
    const us = g.map(usPerDelivery), rus = g.map(redisUsPerDelivery);
    const hwm = g.map((r) => Math.max(...r.server_procs.map((p) => p.vm_hwm_mib)));
    console.log(
      `| ${r0.label} | ${nameOf(r0.server)}${r0.instances > 1 ? ` ×${r0.instances}` : ""} | ${g.length} | ${sum(g.map((r) => r.deliveries_received))} / ${sum(g.map((r) => r.deliveries_expected))} | ${f(med(p50), 2)}${range(p50, 2)} | ${f(med(p99), 2)}${range(p99, 2)} | ${f(med(g.map((r) => r.latency_ms.max)), 1)} | ${f(med(us), 1)}${range(us, 1)} | ${r0.server.startsWith("huiwu") || r0.aux_procs.length ? f(med(us.map((u, i) => u + (rus[i] ?? 0))), 1) : "-"} | ${f(med(hwm), 1)}${r0.instances > 1 ? " (max of both)" : ""} | ${f(med(g.map((r) => r.client.cpu_pct_of_one_core_window)), 0)} | ${f(med(g.map((r) => r.machine.busy_pct_window)), 0)} | ${g.map((r) => (r.loadavg_before || "").split(" ")[0]).join(", ")} |`,
    );
  }
  const cross = groups(fan.filter((r) => r.latency_cross_instance_ms));
  if (cross.length) {
    console.log("\n| scen | server | same-instance p50 / p99 ms | other instance (through Redis) p50 / p99 ms |");
    console.log("|---|---|---|---|");
    for (const g of cross) {
      const s = (k, p) => f(med(g.map((r) => r[k][p])), 2);
      console.log(`| ${g[0].label} | ${nameOf(g[0].server)} | ${s("latency_same_instance_ms", "p50")} / ${s("latency_same_instance_ms", "p99")} | ${s("latency_cross_instance_ms", "p50")} / ${s("latency_cross_instance_ms", "p99")} |`);
    }
  }
}

if (join.length) {
  console.log("\n### Join into a 100k-character room\n");
  console.log("| scen | server | window | runs | joins ok | join p50 ms | join max ms | first join ms | WS open p50 ms | join p50 after open ms | join frame bytes | build s | appends/s ingested | server CPU s during build | server VmRSS after build MiB |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const g of groups(join)) {
    const r0 = g[0];
    const p50 = g.map((r) => r.join_ms.p50);
    console.log(
      `| ${r0.label} | ${nameOf(r0.server)} | ${r0.history_window_frames} | ${g.length} | ${sum(g.map((r) => r.joins_ok))}/${sum(g.map((r) => r.joiners))} | ${f(med(p50), 2)}${range(p50, 2)} | ${f(med(g.map((r) => r.join_ms.max)), 1)} | ${f(med(g.map((r) => r.first_join_ms)), 1)} | ${f(med(g.map((r) => r.join_open_ms.p50)), 2)} | ${f(med(g.map(afterOpen)), 2)} | ${r0.join_sync_frame_bytes ?? "-"} | ${f(med(g.map((r) => r.history_build_s)), 1)} | ${f(med(g.map((r) => r.history_ingest_frames_per_s)), 0)} | ${f(med(g.map((r) => sum(r.server_procs_build.map((p) => p.cpu_s_window)))), 2)} | ${f(med(g.map((r) => Math.max(...r.server_mem_after_build.map((m) => m.vm_rss_mib)))), 1)} |`,
    );
  }
}

// Ratios against Hocuspocus, per scenario: the issue's targets.
const byKey = new Map(groups(rows.filter((r) => !r.failed)).map((g) => [`${g[0].label}\u0000${g[0].server}`, g]));
const huiwuServers = [...new Set(rows.filter((r) => r.server && r.server.startsWith("huiwu")).map((r) => r.server))].sort();
const labels = [...new Set(rows.filter((r) => !r.failed).map((r) => r.label))].sort();
if (huiwuServers.length) {
  console.log("\n### Against the targets (Hocuspocus ÷ Huiwu; ≥ 5 meets a target)\n");
  console.log("| scen | Huiwu | relay floor p99 ms | Hocuspocus p99 ms | Huiwu p99 ms | p99 ratio | Hocuspocus µs / delivery | Huiwu µs / delivery (+redis) | CPU ratio (server only / with redis) | join p50 ratio |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const label of labels) {
    const hp = byKey.get(`${label}\u0000hocuspocus`);
    const relay = byKey.get(`${label}\u0000relay`);
    for (const hs of huiwuServers) {
      const hw = byKey.get(`${label}\u0000${hs}`);
      if (!hw || !hp) continue;
      if (hw[0].mode === "fanout") {
        const hp99 = med(hp.map((r) => r.latency_ms.p99)), hw99 = med(hw.map((r) => r.latency_ms.p99));
        const fl = relay ? med(relay.map((r) => r.latency_ms.p99)) : null;
        const hpus = med(hp.map(usPerDelivery)), hwus = med(hw.map(usPerDelivery));
        const hwall = med(hw.map((r) => usPerDelivery(r) + (redisUsPerDelivery(r) ?? 0)));
        const hpall = med(hp.map((r) => usPerDelivery(r) + (redisUsPerDelivery(r) ?? 0)));
        console.log(`| ${label} | ${nameOf(hs)} | ${f(fl, 2)} | ${f(hp99, 2)} | ${f(hw99, 2)} | ${f(hp99 / hw99, 2)} | ${f(hpus, 1)} | ${f(hwus, 1)} (${f(hwall, 1)}) | ${f(hpus / hwus, 2)} / ${f(hpall / hwall, 2)} | - |`);
      } else {
        const hpj = med(hp.map((r) => r.join_ms.p50)), hwj = med(hw.map((r) => r.join_ms.p50));
        const hpa = med(hp.map(afterOpen)), hwa = med(hw.map(afterOpen));
        console.log(`| ${label} | ${nameOf(hs)} | - | - | - | - | - | - | - | ${f(hpj / hwj, 2)} (${f(hpj, 2)} ÷ ${f(hwj, 2)} ms); after the socket is open ${f(hpa / hwa, 2)} (${f(hpa, 2)} ÷ ${f(hwa, 2)} ms) |`);
      }
    }
  }
}

// Against the C++ floor (bench/relay-cpp): server CPU per delivery, same format, same run.
// In c (1000 viewers) this is the marginal cost per viewer: the change's own cost is spread
// over a thousand deliveries.
const cppPairs = huiwuServers.flatMap((hs) => labels.map((label) => [label, hs, byKey.get(`${label}\u0000${hs}`), byKey.get(`${label}\u0000relay-cpp-${hs.split("-")[1]}`)])).filter(([, , hw, rc]) => hw && rc && hw[0].mode === "fanout");
if (cppPairs.length) {
  console.log("\n### Against the C++ relay floor (Huiwu ÷ relay-cpp, same format; ≤ 1.5 meets the target in c)\n");
  console.log("| scen | Huiwu | relay-cpp µs / delivery | Huiwu µs / delivery | ratio | relay-cpp p99 ms | Huiwu p99 ms |");
  console.log("|---|---|---|---|---|---|---|");
  for (const [label, hs, hw, rc] of cppPairs) {
    const a = med(rc.map(usPerDelivery)), b = med(hw.map(usPerDelivery));
    console.log(`| ${label} | ${nameOf(hs)} | ${f(a, 1)} | ${f(b, 1)} | ${f(b / a, 2)} | ${f(med(rc.map((r) => r.latency_ms.p99)), 2)} | ${f(med(hw.map((r) => r.latency_ms.p99)), 2)} |`);
  }
}

const bad = rows.filter((r) => !r.failed && ((r.errors && r.errors.length) || (r.setup && r.setup.failed_connections) || (r.delivery_ratio !== undefined && r.delivery_ratio < 1) || (r.mode === "join" && (r.joins_ok < r.joiners || !r.history_build_ok))));
for (const r of bad) {
  console.log(`\n${r.label} ${r.server} rep ${r.rep}: delivery_ratio=${r.delivery_ratio} failed_connections=${r.setup?.failed_connections} joins_ok=${r.joins_ok} build_ok=${r.history_build_ok} errors=${JSON.stringify(r.errors)} setup_errors=${JSON.stringify(r.setup?.errors)}`);
}
for (const r of rows.filter((x) => x.huiwu_metrics)) {
  const m = r.huiwu_metrics;
  if (Object.keys(m.errors).length || m.slow_consumers_dropped) {
    console.log(`\n${r.label} ${r.server} rep ${r.rep}: server errors ${JSON.stringify(m.errors)}, slow consumers dropped ${m.slow_consumers_dropped}`);
  }
}
for (const r of failed) console.log(`\n${r.label} ${r.server || ""} rep ${r.rep ?? "?"}: FAILED (no JSON line: load.mjs exited non-zero or timed out)`);
