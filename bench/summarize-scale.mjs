// The tables of bench/run-scale.sh from its results.jsonl (markdown on stdout).
//   node bench/summarize-scale.mjs results.jsonl
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8")
  .split("\n")
  .filter((l) => l.startsWith("{"))
  .map((l) => JSON.parse(l));
const sum = (xs, f) => (xs || []).reduce((s, x) => s + (f(x) || 0), 0);
const fmt = (x, d = 1) => (x == null || Number.isNaN(x) ? "–" : Number(x).toFixed(d));

function line(r) {
  if (r.failed) return `| ${r.server || "?"} | ${r.instances ?? "?"} | ${r.label || "?"} | failed | | | | | |`;
  const cpu = sum(r.server_procs, (p) => p.cpu_s_window);
  const redis = r.aux_procs?.[0]?.cpu_s_window;
  const nginx = r.aux_procs?.length > 1 ? sum(r.aux_procs.slice(1), (p) => p.cpu_s_window) : null;
  const got = r.deliveries_received;
  const perDelivery = got ? (cpu * 1e6) / got : null;
  const rss = sum(r.server_procs, (p) => p.vm_rss_mib);
  return (
    `| ${r.server} | ${r.instances}${r.balancer ? " (nginx)" : ""} | ${r.label} | ${r.connections} | ` +
    `${got}/${r.deliveries_expected} | ${fmt(r.latency_ms?.p50, 2)} / ${fmt(r.latency_ms?.p99, 2)} | ` +
    `${fmt(perDelivery)} | ${fmt(cpu, 2)} + ${fmt(redis, 2)}${nginx == null ? "" : ` (+ ${fmt(nginx, 2)})`} | ${fmt(rss, 0)} | ${fmt(r.machine?.busy_pct_window, 0)} |`
  );
}

console.log("| server | instances | scenario | sockets | delivered | p50 / p99 ms | server CPU µs per delivery | CPU s: servers + Redis (+ nginx) | servers' RSS MiB | machine busy % |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) console.log(line(r));

const one = rows.find((r) => r.label === "one-10k" && r.idle);
if (one) {
  const i = one.idle;
  console.log("");
  console.log(
    `One instance: ${i.conns_open} idle sockets in ${i.meetings} meetings (+ ${i.meetings} creators) held while ` +
      `${one.rooms} typists typed to ${one.viewers} viewers: ${one.server_connections_end ?? "?"} connections on the server at the end; ` +
      `RSS per idle connection ${i.rss_per_idle_conn_kib} KiB (VmRSS ${i.vm_rss_kib_baseline} → ${i.vm_rss_kib_after} KiB); ` +
      `server VmRSS at the end ${one.server_vm_rss_kib_end} KiB.`,
  );
}
