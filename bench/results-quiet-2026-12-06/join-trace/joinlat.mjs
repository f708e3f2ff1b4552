// One writer fills a meeting's minutes with 100,000 characters, then N viewers join one after
// another (hello + join, pipelined, through bench/huiwu-client.mjs). Per join: when the
// socket opened, when the join request left, when the 100k text was complete; all on
// CLOCK_MONOTONIC in µs (process.hrtime), so that they line up with the server's trace.
//   HUIWU_LOAD_MJS=/tmp/peers/load.mjs node joinlat.mjs URL N OUT.json
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
process.env.HUIWU_LOAD_MJS ||= "/tmp/peers/load.mjs";
const here = path.dirname(fileURLToPath(import.meta.url));
const { default: Client } = await import(pathToFileURL(path.join(here, "../../huiwu-client.mjs")).href);
const { now } = await import(pathToFileURL(process.env.HUIWU_LOAD_MJS).href);
const [url, nStr, out] = process.argv.slice(2);
const N = Number(nStr || 200);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mono = () => Number(process.hrtime.bigint()) / 1e3;
const doc = `jl-${process.pid}`;
const w = new Client(url, doc, "writer");
await w.connect();
if (!w.synced) throw new Error(`writer: ${w.error}`);
for (let i = 0; i < 100; i++) {
  w.append("x".repeat(1000));
  await sleep(2);
}
while (w.acks < 100) await sleep(10);
const off = mono() - now() * 1e3; // load.mjs's now() (ms) -> monotonic µs
const rows = [];
for (let j = 0; j < N; j++) {
  const c = new Client(url, doc, "viewer");
  let full = null;
  let sent = null;
  c.onTextGrow = (p, len, t) => {
    if (len >= 100000 && full === null) full = t;
  };
  const send = c.send.bind(c);
  c.send = (env) => {
    send(env);
    if (env.join) sent = mono();
  };
  await c.connect();
  while (full === null && !c.closed && !c.error) await sleep(1);
  if (full !== null) rows.push({ start: c.t.start * 1e3 + off, open: c.t.open * 1e3 + off, sent, full: full * 1e3 + off });
  c.close();
  await sleep(20);
}
fs.writeFileSync(out, JSON.stringify(rows));
const after = rows.map((r) => (r.full - r.open) / 1e3).sort((a, b) => a - b);
console.log(JSON.stringify({ url, joins: rows.length, after_open_p50_ms: after[after.length >> 1] }));
process.exit(0);
