// The "where the CPU goes" table of docs/performance.md from a run-peers.sh --perf run:
// for every profile-<server>-<scen>.txt in DIR, the server CPU per delivery of that run
// (results.jsonl), the kernel's share of the server's samples and the top symbols.
//   node bench/profile-table.mjs DIR
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const results = readFileSync(join(dir, "results.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.startsWith("{"))
  .map((l) => JSON.parse(l));
const usPerDelivery = (server, label) => {
  const r = results.find((x) => x.server === server && x.label === label && x.deliveries_received);
  if (!r) return null;
  const cpu = r.server_procs.reduce((s, p) => s + p.cpu_s_window, 0);
  return (cpu * 1e6) / r.deliveries_received;
};

console.log("| server | scen | µs / delivery | kernel share | kernel µs / delivery | rest µs / delivery | top symbols (share of the server's samples) |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const f of readdirSync(dir).filter((n) => /^profile-.*\.txt$/.test(n)).sort()) {
  const [, server, scen] = f.match(/^profile-(.*)-([a-z])\.txt$/) || [];
  if (!server) continue;
  const lines = readFileSync(join(dir, f), "utf8").split("\n");
  const dso = lines.map((l) => l.match(/^\s+([\d.]+)%\s+(\S+)\s*$/)).filter(Boolean);
  const kernel = Number((dso.find((m) => m[2] === "[kernel.kallsyms]") || [0, 0])[1]) / 100;
  const syms = lines
    .map((l) => l.match(/^\s+([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(.+?)\s*$/))
    .filter(Boolean)
    .slice(0, 4)
    .map((m) => `${m[3].length > 48 ? m[3].slice(0, 45) + "…" : m[3]} ${Number(m[1]).toFixed(0)}%`);
  const us = usPerDelivery(server, scen);
  const f1 = (x) => (x == null ? "–" : x.toFixed(1));
  console.log(
    `| ${server} | ${scen} | ${f1(us)} | ${(kernel * 100).toFixed(0)}% | ${f1(us == null ? null : us * kernel)} | ${f1(us == null ? null : us * (1 - kernel))} | ${syms.join("; ").replace(/\|/g, "\\|")} |`,
  );
}
