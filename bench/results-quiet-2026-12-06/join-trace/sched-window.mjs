// node sched-window.mjs CLIENT.json SERVER.log TIMEHIST.txt K: one join's timeline, µs from the
// client's socket open: the K-th JT line of SERVER.log (trace.sh), the client's times
// (joinlat.mjs) and the scheduler's switches and wakeups (`perf sched timehist -w` of a
// `perf sched record -k CLOCK_MONOTONIC` taken meanwhile, so that all share one clock).
import fs from "node:fs";
const [clientFile, serverLog, timehist, kStr] = process.argv.slice(2);
const rows = JSON.parse(fs.readFileSync(clientFile, "utf8"));
const jt = fs.readFileSync(serverLog, "utf8").split("\n").filter((l) => l.startsWith("JT "))[Number(kStr || 0)].split(" ");
const t0 = Number(jt[1]) / 1e3;
const ev = jt.slice(2).map((p) => {
  const [a, b] = p.split("=");
  return [t0 + Number(b), `SERVER ${a}`];
});
const row = rows.find((r) => t0 >= r.start && t0 <= r.full);
ev.push([row.start, "CLIENT start"], [row.open, "CLIENT open"], [row.sent, "CLIENT join sent"], [row.full, "CLIENT full"]);
for (const l of fs.readFileSync(timehist, "utf8").split("\n")) {
  const m = l.match(/^\s+(\d+\.\d+)\s+\[(\d+)\]\s+(.*)$/);
  if (!m) continue;
  const t = Number(m[1]) * 1e6;
  if (t < row.start - 100 || t > row.full + 100) continue;
  if (/memfd|kworker|rcu_|kcompact|kdamond|perf\[|sleep\[/.test(m[3])) continue;
  ev.push([t, `cpu${m[2]} ${m[3].replace(/\s+/g, " ")}`]);
}
ev.sort((a, b) => a[0] - b[0]);
for (const [t, s] of ev) console.log((t - row.open).toFixed(0).padStart(6), s);
