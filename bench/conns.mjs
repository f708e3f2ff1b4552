// RSS per idle WebSocket connection on one huiwu-server (issues 15 and 16): opens --conns
// WebSockets, each logged in (bearer token), hello + join into one of --meetings meetings,
// then idle; reads the server's VmRSS (not VmHWM: a login's Argon2id hash alone lifts the
// high-water mark by 64 MiB) before and after. One JSON line on stdout.
//
// Baseline first: one creator per meeting creates and joins it, so the meetings are held in
// memory before the baseline is read; the per-connection figure is then
//   (VmRSS after the --conns idle connections − VmRSS at the baseline) / --conns.
//
//   node bench/conns.mjs --url ws://127.0.0.1:PORT/ws --server-pid PID [--conns 10000]
//     [--meetings 200] [--concurrency 200] [--settle-ms 2000] [--hold]   (HUIWU_TOKEN: bearer)
// --hold: after the JSON line, keep every connection open until SIGTERM/SIGINT (bench/run-scale.sh
// holds the idle crowd while another generator types into other meetings).
// bench/conns.sh does the whole run (private Redis, fresh server, ulimit -n).
import { readFileSync } from "node:fs";
import WebSocket from "ws";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : process.argv[i + 1];
};
const url = arg("url");
const pid = Number(arg("server-pid"));
const CONNS = Number(arg("conns", 10000));
const MEETINGS = Number(arg("meetings", 200));
const CONCURRENCY = Number(arg("concurrency", 200));
const SETTLE_MS = Number(arg("settle-ms", 2000));
const HOLD = process.argv.includes("--hold");
if (!url || !pid) {
  console.error("usage: node conns.mjs --url ws://127.0.0.1:PORT/ws --server-pid PID [--conns N] [--meetings M]");
  process.exit(2);
}
if (!/^ws:\/\/127\.0\.0\.1:\d+\//.test(url)) {
  console.error("loopback only (ws://127.0.0.1:PORT/...)");
  process.exit(2);
}
const headers = process.env.HUIWU_TOKEN ? { Authorization: `Bearer ${process.env.HUIWU_TOKEN}` } : {};

function status(field) {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return m ? Number(m[1]) : null;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One connection: hello, then create (creators) or join; resolves once joined.
let seq = 0;
function open(meetingId, create) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false, headers });
    const clientId = `conns-${process.pid}-${++seq}`;
    const timer = setTimeout(() => reject(new Error("join timed out")), 60000);
    let next = 1;
    const send = (body) => ws.send(JSON.stringify({ id: next++, ...body }));
    ws.on("open", () => {
      send({ hello: { client_id: clientId } });
      if (create) send({ create_meeting: { info: { title: `压测 ${create}` }, client_id: clientId, client_seq: 1 } });
      else send({ join: { meeting_id: meetingId } });
    });
    ws.on("message", (data) => {
      const m = JSON.parse(data.toString("utf8"));
      if (m.error) return reject(new Error(`${m.error.code}: ${m.error.message}`));
      if (m.created) return send({ join: { meeting_id: m.created.meeting.id } });
      if (m.joined) {
        clearTimeout(timer);
        ws.removeAllListeners("message");
        ws.on("message", () => {}); // idle: events (none come) are read and dropped
        resolve({ ws, meetingId: m.joined.meeting_id });
      }
    });
    ws.on("error", (e) => reject(e));
    ws.on("close", (code) => reject(new Error(`closed ${code}`)));
  });
}

async function pool(n, fn) {
  const out = new Array(n);
  let i = 0;
  const worker = async () => {
    while (i < n) {
      const k = i++;
      out[k] = await fn(k);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, n) }, worker));
  return out;
}

const rss0 = status("VmRSS");
const creators = await pool(MEETINGS, (k) => open(null, k + 1));
const ids = creators.map((c) => c.meetingId);
await sleep(SETTLE_MS);
const rssBase = status("VmRSS");
const t0 = Date.now();
let failed = 0;
const conns = await pool(CONNS, (k) =>
  open(ids[k % MEETINGS], null).catch((e) => {
    failed++;
    if (failed <= 3) console.error(`connection ${k}: ${e.message}`);
    return null;
  }),
);
const openS = (Date.now() - t0) / 1000;
await sleep(SETTLE_MS);
const rssAfter = status("VmRSS");
const ok = conns.filter(Boolean).length;
const metrics = await fetch(url.replace(/^ws/, "http").replace(/\/ws$/, "/metrics")).then((r) => r.text()).catch(() => "");
const gauge = (name) => Number((metrics.match(new RegExp(`^${name} (\\S+)`, "m")) || [])[1]);
console.log(
  JSON.stringify({
    conns_requested: CONNS,
    conns_open: ok,
    conns_failed: failed,
    meetings: MEETINGS,
    server_connections_gauge: gauge("huiwu_connections"),
    server_rooms_gauge: gauge("huiwu_rooms"),
    open_s: openS,
    vm_rss_kib_start: rss0,
    vm_rss_kib_baseline: rssBase,
    vm_rss_kib_after: rssAfter,
    rss_per_idle_conn_kib: ok ? Math.round(((rssAfter - rssBase) / ok) * 100) / 100 : null,
    vm_hwm_kib: status("VmHWM"),
  }),
);
const closeAll = () => {
  for (const c of [...creators, ...conns]) if (c) c.ws.terminate();
  process.exit(0);
};
if (HOLD) {
  let dropped = 0;
  for (const c of conns)
    if (c)
      c.ws.on("close", () => {
        if (dropped++ === 0) console.error("conns: the server closed an idle connection");
      });
  process.on("SIGTERM", closeAll);
  process.on("SIGINT", closeAll);
} else closeAll();
