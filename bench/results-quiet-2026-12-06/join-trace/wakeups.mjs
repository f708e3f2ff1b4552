// node wakeups.mjs DIR huiwu|relay-cpp: for each join of a wakeups.sh run, the wakeup that the
// client's hello caused (the first sched_waking of a server thread by the client between the
// socket's open and the server reading the hello): which CPU the thread was put on (the
// client's or the other), and what the client's CPU did then — switched the client out at once
// (state R: the server's thread preempted it) or only when the client blocked (state S).
// Counts per outcome with the median time from the wakeup to the thread running.
import fs from "node:fs";
const [dir, S] = process.argv.slice(2);
const rows = JSON.parse(fs.readFileSync(`${dir}/client-${S}.json`, "utf8"));
const marks = fs
  .readFileSync(`${dir}/server-${S}.log`, "utf8")
  .split("\n")
  .filter((l) => l.startsWith("JT "))
  .map((l) => {
    const p = l.split(" ");
    const t0 = Number(p[1]) / 1e3;
    const m = {};
    for (const x of p.slice(2)) {
      const [a, b] = x.split("=");
      if (!(a in m)) m[a] = t0 + Number(b);
    }
    return m;
  });
const ev = [];
for (const l of fs.readFileSync(`${dir}/script.txt`, "utf8").split("\n")) {
  const m = l.match(/^\s*(.+?)\s+(\d+)\/(\d+)\s+\[(\d+)\]\s+(\d+\.\d+):\s+sched:(\w+):\s+(.*)$/);
  if (m) ev.push({ comm: m[1], cpu: +m[4], t: Number(m[5]) * 1e6, ev: m[6], f: m[7] });
}
ev.sort((a, b) => a.t - b.t);
const out = {};
let n = 0;
for (let i = 0; i < ev.length; i++) {
  const e = ev[i];
  if (e.ev !== "sched_waking") continue;
  const w = e.f.match(/comm=(.*?) pid=(\d+) prio=\d+ target_cpu=(\d+)/);
  if (!/huiwu/.test(w[1]) || !/node|MainThread/.test(e.comm)) continue;
  const row = rows.find((r) => e.t >= r.open && e.t <= r.full);
  if (!row || row.seen) continue;
  const jt = marks.find((m) => m.rd_hello >= row.open && m.rd_hello <= row.full);
  if (!jt || e.t > jt.rd_hello) continue;
  row.seen = true;
  n++;
  const tid = w[2];
  const up = ev.slice(i).find((x) => x.ev === "sched_wakeup" && x.f.includes(`pid=${tid} `));
  const sw = ev.slice(i).find((x) => x.ev === "sched_switch" && x.f.includes(`next_pid=${tid} `));
  const chosen = Number(up.f.match(/target_cpu=(\d+)/)[1]);
  const [, outComm, outState] = sw.f.match(/prev_comm=(.*?) prev_pid=\d+ prev_prio=\d+ prev_state=(\S+)/);
  const k =
    (chosen === e.cpu ? `client's CPU, switched out ${outComm} (${outState})` : `other CPU (${outComm})`) +
    `, hello read ${jt.rd_hello > row.sent ? "after" : "before"} the join was sent`;
  (out[k] ||= []).push(sw.t - e.t);
}
console.log(`${S}: ${n} joins, the hello's wakeup of the server's thread`);
for (const [k, v] of Object.entries(out).sort((a, b) => b[1].length - a[1].length)) {
  v.sort((a, b) => a - b);
  console.log(`${String(v.length).padStart(4)}  ${k}; wakeup → running, median ${v[v.length >> 1].toFixed(0)} µs`);
}
