// node align.mjs CLIENT.json SERVER.log : lines each join's server trace (JT lines: the
// monotonic µs of `accepted`, then marks in µs after it) up with the client's rows, and prints
// the medians of where the time went.
import fs from "node:fs";
const [clientFile, serverLog] = process.argv.slice(2);
const rows = JSON.parse(fs.readFileSync(clientFile, "utf8"));
const traces = fs.readFileSync(serverLog, "utf8").split("\n").filter((l) => l.startsWith("JT ")).map((l) => {
  const parts = l.split(" ");
  const m = {};
  for (const p of parts.slice(2)) {
    const [k, v] = p.split("=");
    m[k in m ? `${k}2` : k] = Number(v);
  }
  return { t0: Number(parts[1]) / 1e3, m };
});
const out = [];
for (const r of rows) {
  const s = traces.find((x) => x.t0 >= r.start && x.t0 <= r.full);
  if (!s) continue;
  const rd = s.t0 + s.m.rd_hello;
  out.push({
    open_to_join_sent: r.sent - r.open,
    join_sent_to_hello_read: rd - r.sent,
    open_to_hello_read: rd - r.open,
    hello_read_to_join_written: s.m.written - s.m.rd_hello,
    written_to_client_has_text: r.full - (s.t0 + s.m.written),
    after_open: r.full - r.open,
  });
}
const med = (k) => {
  const a = out.map((o) => o[k]).sort((x, y) => x - y);
  return Math.round(a[a.length >> 1]);
};
console.log(`${out.length} joins; medians in µs:`, Object.keys(out[0]).map((k) => `${k}=${med(k)}`).join(" "));
const marks = {};
for (const t of traces) for (const [k, v] of Object.entries(t.m)) (marks[k] ??= []).push(v - (t.m.rd_hello ?? 0));
console.log("server marks, µs after the hello was read (medians):",
  Object.entries(marks).filter(([k]) => k !== "accepted").map(([k, a]) => `${k}=${Math.round(a.sort((x, y) => x - y)[a.length >> 1])}`).join(" "));
