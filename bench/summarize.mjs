#!/usr/bin/env node
// Markdown tables from fanout.mjs JSON lines (one file or several).
//   node bench/summarize.mjs bench/results/<time>/results.jsonl [more.jsonl ...]
//   --aggregate   one row per scenario label: the median of each column over the
//                 runs (the lower middle value for an even count), with the p50/p99
//                 range across runs
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const aggregate = args.includes("--aggregate");
const files = args.filter((a) => !a.startsWith("--"));
if (!files.length) {
  console.error("usage: summarize.mjs [--aggregate] results.jsonl ...");
  process.exit(2);
}
const runs = [];
for (const f of files)
  for (const line of readFileSync(f, "utf8").split("\n"))
    if (line.trim()) {
      try {
        runs.push(JSON.parse(line));
      } catch {
        console.error(`skipping a line of ${f} that is not JSON`);
      }
    }

const f = (x, d = 2) => (x === null || x === undefined ? "-" : Number(x).toFixed(d));
const med = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};
const sum = (xs) => xs.reduce((s, x) => s + (x || 0), 0);

const ok = runs.filter((r) => !r.failed);
for (const r of runs.filter((r) => r.failed)) console.log(`**scenario ${r.label}: the run failed (no JSON from fanout.mjs)**\n`);

function row(rs) {
  const r = rs[0];
  const p = (get) => med(rs.map(get));
  const range = (get) => (rs.length > 1 ? ` (${f(Math.min(...rs.map(get)))}–${f(Math.max(...rs.map(get)))})` : "");
  return [
    r.series ? `${r.label} [${r.series}]` : r.label,
    rs.length,
    r.instances,
    `${r.meetings} × ${r.viewers_per_meeting} @ ${r.rate_per_meeting}/s`,
    r.connections,
    `${sum(rs.map((x) => x.deliveries_received))} / ${sum(rs.map((x) => x.deliveries_expected))}`,
    f(p((x) => x.deliveries_per_s), 0),
    f(p((x) => x.latency_ms.p50)) + range((x) => x.latency_ms.p50),
    f(p((x) => x.latency_ms.p90)),
    f(p((x) => x.latency_ms.p99)) + range((x) => x.latency_ms.p99),
    f(p((x) => x.latency_ms.max), 1),
    `${f(p((x) => x.ack_ms.p50))} / ${f(p((x) => x.ack_ms.p99))}`,
    `${f(p((x) => x.server_cpu_pct_of_one_core), 1)}`,
    f(p((x) => x.server_cpu_us_per_delivery), 1),
    [...new Set(rs.flatMap((x) => x.server_vm_hwm_mib))].map((m) => f(m, 1)).join(", "),
    f(p((x) => x.redis_cpu_pct_of_one_core), 1),
    f(p((x) => x.client.cpu_pct_of_one_core), 1),
    f(p((x) => x.machine.busy_pct_window), 0),
  ];
}

const header = [
  "scen",
  "runs",
  "inst",
  "meetings × viewers @ changes/s",
  "conns",
  "deliveries recv / exp",
  "deliv/s",
  "p50 ms",
  "p90 ms",
  "p99 ms",
  "max ms",
  "ack p50 / p99 ms",
  "server CPU % of 1 core",
  "server CPU µs / delivery",
  "server VmHWM MiB",
  "redis CPU %",
  "client CPU %",
  "machine busy %",
];
const groups = new Map();
for (const r of ok) {
  const key = aggregate ? `${r.series || ""}|${r.label}|${r.format}|${r.change}|${r.instances}` : `${groups.size}`;
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r);
}
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map(() => "---").join("|")}|`);
for (const rs of groups.values()) console.log(`| ${row(rs).join(" | ")} |`);

const multi = ok.filter((r) => r.instances > 1);
if (multi.length) {
  console.log("\n| scen | viewers on the writer's instance: p50 / p99 / max ms | viewers on the other instance: p50 / p99 / max ms |\n|---|---|---|");
  for (const r of multi)
    console.log(
      `| ${r.label}${r.series ? ` [${r.series}]` : ""} | ${f(r.latency_same_instance_ms.p50)} / ${f(r.latency_same_instance_ms.p99)} / ${f(r.latency_same_instance_ms.max, 1)} | ${f(r.latency_cross_instance_ms.p50)} / ${f(r.latency_cross_instance_ms.p99)} / ${f(r.latency_cross_instance_ms.max, 1)} |`,
    );
}

console.log("\nPer run: format, change, writer lag, setup, anomalies");
for (const r of ok) {
  const sm = r.server_metrics || [];
  const anomalies = [];
  if (r.deliveries_received !== r.deliveries_expected) anomalies.push(`${r.deliveries_expected - r.deliveries_received} deliveries missing (${r.viewers_missing_deliveries} viewers short)`);
  if (r.changes_sent !== r.changes_planned) anomalies.push(`${r.changes_planned - r.changes_sent} changes not sent (writer behind schedule)`);
  if (r.changes_acked !== r.changes_sent) anomalies.push(`${r.changes_sent - r.changes_acked} changes not acked`);
  if (r.duplicate_deliveries) anomalies.push(`${r.duplicate_deliveries} duplicate deliveries`);
  if (r.version_gaps) anomalies.push(`${r.version_gaps} version gaps`);
  if (r.pushed_resync) anomalies.push(`${r.pushed_resync} resync pushes`);
  if (Object.keys(r.error_replies || {}).length) anomalies.push(`error replies ${JSON.stringify(r.error_replies)}`);
  if (Object.keys(r.closed_by_server || {}).length) anomalies.push(`closed by server ${JSON.stringify(r.closed_by_server)}`);
  const slow = sum(sm.map((m) => m.slow_consumers_dropped || 0));
  if (slow) anomalies.push(`${slow} slow consumers dropped`);
  if (r.setup.failed_writers || r.setup.failed_viewers) anomalies.push(`setup failures: ${r.setup.failed_writers} writers, ${r.setup.failed_viewers} viewers ${JSON.stringify(r.setup.errors)}`);
  if (r.errors.length) anomalies.push(`errors ${JSON.stringify(r.errors)}`);
  const rtt = sm.map((m) => (m.redis_rtt ? m.redis_rtt.mean_ms : null)).filter((x) => x !== null);
  console.log(
    `- ${r.label}${r.series ? ` [${r.series}]` : ""}: ${r.format}, ${r.change}, ${r.duration_s} s, ${r.changes_sent}/${r.changes_planned} changes sent, ${r.event_frame_bytes_mean} B per event frame; ` +
      `writer max send lag ${f(r.writer_max_send_lag_ms, 1)} ms; setup ${r.setup.ms} ms (viewer join p50 ${f(r.setup.viewer_join_ms_p50)} ms); ` +
      `author's own event p50 ${f(r.author_event_ms.p50)} ms; server redis round trip mean ${rtt.map((x) => f(x)).join(", ")} ms; ` +
      `client event-loop delay p99 ${r.client.event_loop_delay_ms.map((e) => f(e.p99, 1)).join(", ")} ms; ` +
      (anomalies.length ? `**${anomalies.join("; ")}**` : "no anomalies"),
  );
}
