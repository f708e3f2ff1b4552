#!/usr/bin/env node
// Fan-out load tool for huiwu-server: the time from a change to its arrival at
// every viewer of the meeting, plus the writer's ack latency, server/redis CPU and
// memory, and the load generator's own cost. Prints ONE JSON line on stdout;
// progress goes to stderr. Protocol: proto/huiwu.proto over ws://HOST:PORT/ws
// (docs/protocol.md). Method: docs/performance.md.
//
// Workload. M meetings; each has one writer and V viewers, every client on its own
// WebSocket. The writer creates its meeting, joins it, adds one agenda item, then
// sends one change every 1/R s for D s, keeping ONE command in flight (it waits
// for the ack before sending the next, as docs/protocol.md section 8 asks). If an
// ack comes later than the next change is due, the next change goes out at once
// and the delay shows as writer send lag. The change (--change):
//   edit_item      (default) edit the item's title to "edit <k>"; the event carries
//                  the whole item (~330 bytes as JSON, ~100 as protobuf)
//   control_timer  TIMER_START / TIMER_PAUSE alternately on the item; the event
//                  carries the item with its timer
// Both keep the agenda at one item, so runs of any length stay under the
// 200-item cap.
//
// Measurement.
//   latency    = (time the event frame reached the viewer's socket) - (time the
//                writer sent the command). Both from process.hrtime.bigint()
//                (CLOCK_MONOTONIC, shared by every process on the machine),
//                relative to an origin the coordinator hands to its workers.
//                Matched by (meeting, client_seq): each meeting has one writer
//                with its own client_id. The receive time is taken first thing in
//                the socket's message handler; decoding runs after the current
//                poll phase (setImmediate), so that viewers sharing one process
//                do not queue behind each other's JSON.parse.
//   ack        = (ack reply received by the writer) - (command sent). The server
//                acks only after Redis has appended (and, with appendfsync
//                always, fsynced) the event.
//   author     = the writer's receipt of its own event (reported separately; not
//                counted as a delivery).
//   deliveries expected = changes sent x viewers; received = distinct
//                (viewer, change) pairs that arrived before the drain deadline.
//   server CPU = utime+stime of --server-pids over the window (start of sending
//                to end of drain), from /proc/<pid>/stat; peak RSS = VmHWM from
//                /proc/<pid>/status (the whole life of the process, so it
//                includes the connection setup). The same for --redis-pids.
//   client CPU = process.cpuUsage() of the workers + this coordinator, window.
//   /metrics   = the server's counters before and after the window (frames out,
//                slow consumers dropped, errors by code, redis round trip).
//
// Flags:
//   --url ws://127.0.0.1:PORT/ws[,ws://127.0.0.1:PORT2/ws]   instances (also --urls).
//                  Writer of meeting r -> urls[r % n]; viewer j of every meeting ->
//                  urls[j % n]. Loopback targets only (127.0.0.0/8, localhost, ::1).
//   --meetings M (1)  --viewers V per meeting (10)  --rate R changes/s per meeting (10)
//   --duration D seconds (10)
//   --format json|binary (json)   binary = protobuf binary frames (protobufjs loads
//                  proto/huiwu.proto; --proto PATH to use another copy)
//   --change edit_item|control_timer (edit_item)
//   --server-pids p1,p2   server processes to sample    --redis-pids p   redis-server(s)
//   --procs P      client worker processes (child_process.fork; default 1)
//   --drain S      max seconds to wait for late deliveries after the last send (5)
//   --connect-concurrency C   sockets opened at once per worker during setup (50)
//   --setup-timeout S   give up (exit 1) if setup takes longer (120)
//   --ack-timeout S     a command unanswered this long stops its writer (10)
//   --no-metrics   do not read the servers' /metrics
//   --label NAME   copied into the output
//   --clk-tck N    USER_HZ for /proc/<pid>/stat (100; run.sh passes `getconf CLK_TCK`)
//
// Bounded: writers stop at D s (+1 s grace for a lagging writer), the drain ends
// after S s, setup after --setup-timeout; every socket is closed at the end and the
// workers exit.

import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, resolve as resolvePath } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import WebSocket from "ws";

// huiwu-server needs a logged-in account on every WebSocket (docs/security.md): the bench
// scripts put a session token in HUIWU_TOKEN (bench/login.sh).
function authHeaders() {
  return process.env.HUIWU_TOKEN ? { Authorization: `Bearer ${process.env.HUIWU_TOKEN}` } : {};
}

const HERE = dirname(fileURLToPath(import.meta.url));

// ------------------------------------------------------------------ utilities
function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) out[key] = true;
    else {
      out[key] = next;
      i++;
    }
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => process.stderr.write(`[fanout ${process.pid}] ${a.join(" ")}\n`);

let BASE = process.hrtime.bigint();
const now = () => Number(process.hrtime.bigint() - BASE) / 1e6; // ms since BASE

function round(x, d = 3) {
  if (x === null || x === undefined || Number.isNaN(x)) return null;
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
function pct(sorted, p) {
  if (sorted.length === 0) return null;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[idx]);
}
function stats(values) {
  const a = Float64Array.from(values).sort();
  if (a.length === 0) return { n: 0, min: null, p50: null, p90: null, p95: null, p99: null, max: null, mean: null };
  let sum = 0;
  for (const v of a) sum += v;
  return {
    n: a.length,
    min: round(a[0]),
    p50: pct(a, 50),
    p90: pct(a, 90),
    p95: pct(a, 95),
    p99: pct(a, 99),
    max: round(a[a.length - 1]),
    mean: round(sum / a.length),
  };
}
function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor((s.length - 1) / 2)];
}
const toNum = (x) => (x === undefined || x === null ? 0 : typeof x === "number" ? x : typeof x === "string" ? Number(x) : x.toNumber());

function checkLoopback(u) {
  let url;
  try {
    url = new URL(u);
  } catch {
    throw new Error(`not a URL: ${u}`);
  }
  if (url.protocol !== "ws:") throw new Error(`only ws:// URLs: ${u}`);
  const h = url.hostname.replace(/^\[|\]$/g, "");
  const loop = h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
  if (!loop) throw new Error(`refusing non-loopback target ${u}: this tool only loads servers on this machine`);
  return url;
}

// ------------------------------------------------------------- /proc sampling
let CLK_TCK = 100; // USER_HZ; 100 on Debian x86_64/arm64 (run.sh checks getconf CLK_TCK)
function procCpuSeconds(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const rest = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[11]) + Number(rest[12])) / CLK_TCK; // fields 14 utime, 15 stime
  } catch {
    return null;
  }
}
function procMem(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k) => {
      const m = s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, "m"));
      return m ? Number(m[1]) : null;
    };
    const th = s.match(/^Threads:\s+(\d+)/m);
    return { vm_hwm_mib: round(kb("VmHWM") / 1024, 1), vm_rss_mib: round(kb("VmRSS") / 1024, 1), threads: th ? Number(th[1]) : null };
  } catch {
    return { vm_hwm_mib: null, vm_rss_mib: null, threads: null };
  }
}
function machineCpu() {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] || 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { idle, total };
}
const countCpus = () => readFileSync("/proc/stat", "utf8").split("\n").filter((l) => /^cpu\d+ /.test(l)).length;

// ------------------------------------------------------------------ the codec
// JSON text frames (protobuf JSON mapping, snake_case) or protobuf binary frames.
// decode() returns {id, kind, body}: kind is the name of the envelope's body field.
async function makeCodec(format, protoPath) {
  if (format === "json") {
    return {
      encode: (env) => JSON.stringify(env),
      decode(data) {
        const env = JSON.parse(data.toString("utf8"));
        for (const k in env) if (k !== "id") return { id: toNum(env.id), kind: k, body: env[k] };
        return { id: toNum(env.id), kind: null, body: null };
      },
    };
  }
  if (format !== "binary") throw new Error(`--format json|binary, not ${format}`);
  const { default: protobuf } = await import("protobufjs");
  const root = new protobuf.Root().loadSync(protoPath, { keepCase: true });
  const Envelope = root.lookupType("huiwu.v1.Envelope");
  return {
    encode: (env) => Envelope.encode(Envelope.fromObject(env)).finish(),
    decode(data) {
      const m = Envelope.decode(data);
      const kind = m.body || null;
      return { id: toNum(m.id), kind, body: kind ? m[kind] : null };
    },
  };
}

// --------------------------------------------------------------- the client
// One WebSocket. request() sends a request with a fresh envelope id and resolves
// with the decoded reply {id, kind, body} (kind "error" included); events (id 0)
// go to onEvent(t, body, conn); every inbound frame is timestamped on arrival and
// decoded after the poll phase (see the header).
let codec;
const inbox = []; // conn, t, data (flat triples)
let inboxScheduled = false;
function drainInbox() {
  inboxScheduled = false;
  const q = inbox.splice(0, inbox.length);
  for (let i = 0; i < q.length; i += 3) q[i].handle(q[i + 1], q[i + 2]);
}

class Conn {
  constructor(url, clientId, role) {
    this.url = url;
    this.clientId = clientId;
    this.role = role;
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, t}
    this.onEvent = null;
    this.onReply = null; // (t, reply) for replies nobody awaits (writer acks)
    this.closed = false;
    this.closeInfo = null;
    this.error = null;
    this.framesIn = 0;
    this.bytesIn = 0;
    this.pushes = { event: 0, resync: 0, other: 0 };
    this.eventBytes = 0;
    this.errorReplies = {};
  }

  open(timeoutMs) {
    return new Promise((resolve) => {
      const t0 = now();
      const ws = new WebSocket(this.url, { perMessageDeflate: false, handshakeTimeout: timeoutMs, headers: authHeaders() });
      this.ws = ws;
      ws.binaryType = "nodebuffer";
      let settled = false;
      const done = (err) => {
        if (settled) return;
        settled = true;
        if (err) this.error = err;
        resolve(now() - t0);
      };
      ws.on("open", () => done(null));
      ws.on("message", (data) => {
        inbox.push(this, now(), data);
        if (!inboxScheduled) {
          inboxScheduled = true;
          setImmediate(drainInbox);
        }
      });
      ws.on("error", (e) => {
        const msg = String(e && e.message ? e.message : e);
        if (!settled) done(msg);
        else if (!this.closing) this.error = msg;
      });
      ws.on("close", (code, reason) => {
        this.closed = true;
        if (!this.closing) {
          this.closeInfo = `closed by server: code ${code}${reason && reason.length ? ` (${reason.toString()})` : ""}`;
          this.error = this.closeInfo;
        }
        for (const p of this.pending.values()) p.resolve({ id: 0, kind: "closed", body: null, t: now() });
        this.pending.clear();
        if (!settled) done(`closed before open (code ${code})`);
      });
    });
  }

  handle(t, data) {
    this.framesIn++;
    this.bytesIn += data.length;
    let m;
    try {
      m = codec.decode(data);
    } catch (e) {
      this.error = `undecodable frame: ${e.message}`;
      return;
    }
    m.t = t;
    if (m.id === 0) {
      if (m.kind === "event") {
        this.pushes.event++;
        this.eventBytes += data.length;
        if (this.onEvent) this.onEvent(t, m.body, this);
      } else if (m.kind === "resync") this.pushes.resync++;
      else {
        this.pushes.other++;
        if (m.kind === "error") this.countError(m.body);
      }
      return;
    }
    if (m.kind === "error") this.countError(m.body);
    const p = this.pending.get(m.id);
    if (p) {
      this.pending.delete(m.id);
      p.resolve(m);
    } else if (this.onReply) this.onReply(t, m);
  }

  countError(body) {
    const code = body && body.code !== undefined ? String(body.code) : "?";
    this.errorReplies[code] = (this.errorReplies[code] || 0) + 1;
    if (!this.lastErrorMessage) this.lastErrorMessage = `${code}: ${body && body.message}`;
  }

  send(body) {
    const id = this.nextId++;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(codec.encode({ id, ...body }));
    return id;
  }

  request(body, timeoutMs = 10000) {
    if (this.closed || !this.ws || this.ws.readyState !== WebSocket.OPEN)
      return Promise.resolve({ id: 0, kind: "closed", body: null, t: now() });
    return new Promise((resolve) => {
      const id = this.send(body);
      const timer = setTimeout(() => {
        if (this.pending.delete(id)) resolve({ id, kind: "timeout", body: null, t: now() });
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  close() {
    this.closing = true;
    try {
      this.ws.close(1000);
    } catch {}
  }
}

function expectKind(m, kind, what) {
  if (m.kind === kind) return m.body;
  const detail = m.kind === "error" ? `${m.body.code} ${m.body.message}` : m.kind;
  throw new Error(`${what}: expected ${kind}, got ${detail}`);
}

async function mapLimit(items, limit, fn) {
  let i = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (i < items.length) {
      const idx = i++;
      await fn(items[idx], idx);
    }
  });
  await Promise.all(runners);
}

// -------------------------------------------------------------------- worker
async function workerMain() {
  const writers = []; // see setupWriters
  const viewers = [];
  let opts;
  let elDelay = null;
  let cpuAtStart = null;

  function changeFor(w, k) {
    if (opts.change === "control_timer")
      return { control_timer: { item_id: w.itemId, action: k % 2 === 0 ? "TIMER_START" : "TIMER_PAUSE" } };
    return { edit_item: { item: { id: w.itemId, title: `edit ${k}` } } };
  }

  const handlers = {
    async init(msg) {
      BASE = BigInt(msg.base);
      CLK_TCK = msg.clkTck;
      opts = msg.opts;
      codec = await makeCodec(opts.format, opts.proto);
      return { ok: true };
    },

    // Writers connect, create their meeting, join it, add the item the changes work on
    // and start the meeting (item clocks run only in session, docs/protocol.md §6.4).
    // client_seq 1 = create, 2 = add_item, 3 = start_meeting; change k uses seq SEQ0 + k.
    async setupWriters(msg) {
      const cap = Math.ceil(opts.rate * opts.duration) + 8;
      for (const p of msg.writers) {
        const c = new Conn(p.url, p.clientId, "writer");
        writers.push({
          ...p,
          conn: c,
          seq0: 4,
          sendT: new Float64Array(cap),
          ackT: new Float64Array(cap),
          echoT: new Float64Array(cap),
          sent: 0,
          acked: 0,
          inFlight: -1,
          inFlightId: 0,
          maxLagMs: 0,
          done: false,
          error: null,
          ackErrors: 0,
        });
      }
      const errors = [];
      await mapLimit(writers, opts.connectConcurrency, async (w) => {
        try {
          const c = w.conn;
          await c.open(opts.setupTimeoutMs);
          if (c.error) throw new Error(`connect: ${c.error}`);
          expectKind(await c.request({ hello: { client_id: w.clientId, client_name: `bench writer ${w.meeting}` } }), "welcome", "hello");
          const created = expectKind(
            await c.request({ create_meeting: { info: { title: `bench ${opts.label || ""} meeting ${w.meeting}`.trim() }, client_id: w.clientId, client_seq: 1 } }),
            "created",
            "create_meeting",
          );
          w.meetingId = created.meeting.id;
          expectKind(await c.request({ join: { meeting_id: w.meetingId, known_version: 0 } }), "joined", "join");
          let itemId = null;
          c.onEvent = (t, ev) => {
            if (ev.change && ev.change.add_item && ev.change.add_item.item) itemId = ev.change.add_item.item.id;
          };
          expectKind(
            await c.request({
              command: { meeting_id: w.meetingId, client_id: w.clientId, client_seq: 2, change: { add_item: { item: { title: "bench item", planned_minutes: 10 }, position: -1 } } },
            }),
            "ack",
            "add_item",
          );
          const until = now() + 5000;
          while (itemId === null && now() < until) await sleep(5);
          if (itemId === null) throw new Error("add_item: own event never arrived");
          w.itemId = itemId;
          expectKind(
            await c.request({ command: { meeting_id: w.meetingId, client_id: w.clientId, client_seq: 3, change: { start_meeting: {} } } }),
            "ack",
            "start_meeting",
          );
          // measured phase: the author's own events
          c.onEvent = (t, ev) => {
            const k = toNum(ev.client_seq) - w.seq0;
            if (ev.client_id === w.clientId && k >= 0 && k < w.echoT.length) w.echoT[k] = t;
          };
          c.onReply = (t, m) => onWriterReply(w, t, m);
          w.ok = true;
        } catch (e) {
          w.ok = false;
          w.error = String(e.message || e);
          errors.push(w.error);
        }
      });
      return { meetings: writers.map((w) => ({ meeting: w.meeting, meetingId: w.meetingId || null, ok: w.ok, error: w.error })), errors: [...new Set(errors)].slice(0, 5) };
    },

    async setupViewers(msg) {
      const cap = Math.ceil(opts.rate * opts.duration) + 8;
      for (const p of msg.viewers) {
        const meetingId = msg.meetingIds[p.meeting];
        const c = new Conn(p.url, p.clientId, "viewer");
        const v = { ...p, meetingId, conn: c, recv: new Float64Array(cap), seen: 0, dup: 0, foreign: 0, gaps: 0, version: 0, joinMs: null, ok: false, error: null };
        c.onEvent = (t, ev) => {
          if (ev.meeting_id !== v.meetingId) {
            v.foreign++;
            return;
          }
          const ver = toNum(ev.version);
          if (v.version && ver !== v.version + 1) v.gaps++;
          if (ver > v.version) v.version = ver;
          const k = toNum(ev.client_seq) - 3; // writers' change k has client_seq 3 + k
          if (k < 0 || k >= v.recv.length) return; // setup changes (before this viewer measured)
          if (v.recv[k] > 0) v.dup++;
          else {
            v.recv[k] = t;
            v.seen++;
          }
        };
        viewers.push(v);
      }
      const errors = [];
      const t0 = now();
      await mapLimit(viewers, opts.connectConcurrency, async (v) => {
        try {
          if (!v.meetingId) throw new Error("meeting was not created");
          const c = v.conn;
          const ts = now();
          await c.open(opts.setupTimeoutMs);
          if (c.error) throw new Error(`connect: ${c.error}`);
          expectKind(await c.request({ hello: { client_id: v.clientId, client_name: `bench viewer` } }), "welcome", "hello");
          const joined = expectKind(await c.request({ join: { meeting_id: v.meetingId, known_version: 0 } }), "joined", "join");
          if (!v.version) v.version = toNum(joined.version);
          v.joinMs = now() - ts;
          v.ok = true;
        } catch (e) {
          v.error = String(e.message || e);
          errors.push(v.error);
        }
      });
      const joinMs = viewers.filter((v) => v.ok).map((v) => v.joinMs);
      return { ms: now() - t0, failed: viewers.filter((v) => !v.ok).length, errors: [...new Set(errors)].slice(0, 5), joinMs: stats(joinMs) };
    },

    async start(msg) {
      const { t0 } = msg;
      const interval = 1000 / opts.rate;
      const planned = Math.floor(opts.rate * opts.duration);
      const stopAt = t0 + opts.duration * 1000 + 1000; // a lagging writer gets 1 s of grace
      elDelay = monitorEventLoopDelay({ resolution: 10 });
      elDelay.enable();
      cpuAtStart = process.cpuUsage();
      for (const w of writers) {
        w.planned = planned;
        w.t0 = t0 + w.phase;
        w.interval = interval;
        w.stopAt = stopAt;
        if (!w.ok) {
          w.done = true;
          continue;
        }
        w.timer = setTimeout(() => tick(w), Math.max(0, w.t0 - now()));
      }
      return { ok: true };
    },

    // Wait until every writer is done (planned changes sent and acked, stopped at
    // the deadline, or stuck on an ack past --ack-timeout), then report.
    async writerResults(msg) {
      while (writers.some((w) => !w.done) && now() < msg.deadline) {
        for (const w of writers) tick(w);
        await sleep(20);
      }
      return {
        writers: writers.map((w) => ({
          meeting: w.meeting,
          ok: !!w.ok,
          planned: w.planned || 0,
          sent: w.sent,
          acked: w.acked,
          ackErrors: w.ackErrors,
          inFlight: w.inFlight >= 0,
          maxLagMs: w.maxLagMs,
          sendT: Array.from(w.sendT.subarray(0, w.sent)),
          ackT: Array.from(w.ackT.subarray(0, w.sent)),
          echoT: Array.from(w.echoT.subarray(0, w.sent)),
          error: w.error || w.conn.error,
          errorReplies: w.conn.errorReplies,
          lastErrorMessage: w.conn.lastErrorMessage || null,
          pushes: w.conn.pushes,
          closeInfo: w.conn.closeInfo,
          bytesIn: w.conn.bytesIn,
        })),
      };
    },

    async collect(msg) {
      const { totals, deadline } = msg;
      const complete = () => viewers.every((v) => !v.ok || v.conn.closed || v.seen >= (totals[v.meeting] ?? 0));
      while (!complete() && now() < deadline) await sleep(20);
      elDelay.disable();
      const cpu = process.cpuUsage(cpuAtStart);
      return {
        viewers: viewers.map((v) => ({
          meeting: v.meeting,
          same: v.same,
          ok: v.ok,
          recv: Array.from(v.recv.subarray(0, totals[v.meeting] ?? 0)),
          dup: v.dup,
          gaps: v.gaps,
          foreign: v.foreign,
          eventBytes: v.conn.eventBytes,
          pushes: v.conn.pushes,
          errorReplies: v.conn.errorReplies,
          closeInfo: v.conn.closeInfo,
          error: v.error || v.conn.error,
        })),
        cpuWindowS: (cpu.user + cpu.system) / 1e6,
        eventLoopDelayMs: {
          p50: round(Math.max(0, elDelay.percentile(50) / 1e6 - 10)),
          p99: round(Math.max(0, elDelay.percentile(99) / 1e6 - 10)),
          max: round(Math.max(0, elDelay.max / 1e6 - 10)),
        },
        rssMiB: round(process.memoryUsage().rss / 1048576, 1),
      };
    },

    async shutdown() {
      for (const w of writers) clearTimeout(w.timer);
      for (const x of [...writers, ...viewers]) x.conn.close();
      await sleep(300);
      setTimeout(() => process.exit(0), 50);
      return { ok: true };
    },
  };

  function tick(w) {
    if (w.done) return;
    const tn = now();
    if (w.inFlight >= 0) {
      if (tn - w.sendT[w.inFlight] > opts.ackTimeoutMs) {
        w.error = `no ack for client_seq ${w.seq0 + w.inFlight} within ${opts.ackTimeoutMs} ms; writer stopped`;
        w.done = true;
      }
      return; // one command in flight
    }
    if (w.sent >= w.planned || tn >= w.stopAt || w.conn.closed) {
      w.done = true;
      return;
    }
    const due = w.t0 + w.sent * w.interval;
    if (tn < due) {
      clearTimeout(w.timer);
      w.timer = setTimeout(() => tick(w), Math.max(0, due - tn));
      return;
    }
    const k = w.sent;
    const body = { command: { meeting_id: w.meetingId, client_id: w.clientId, client_seq: w.seq0 + k, change: changeFor(w, k) } };
    const ts = now();
    if (ts - due > w.maxLagMs) w.maxLagMs = ts - due;
    w.sendT[k] = ts;
    w.inFlight = k;
    w.sent++;
    w.inFlightId = w.conn.send(body);
  }

  function onWriterReply(w, t, m) {
    if (w.inFlight < 0 || m.id !== w.inFlightId) return;
    const k = w.inFlight;
    if (m.kind === "ack") {
      w.ackT[k] = t;
      w.acked++;
    } else w.ackErrors++;
    w.inFlight = -1;
    tick(w);
  }

  process.on("message", async (msg) => {
    try {
      const res = await handlers[msg.cmd](msg);
      process.send({ id: msg.id, res });
    } catch (e) {
      process.send({ id: msg.id, err: String(e && e.stack ? e.stack : e) });
    }
  });
  process.on("disconnect", () => process.exit(0)); // the coordinator died
  process.send({ ready: true });
}

// --------------------------------------------------------------- coordinator
class WorkerHandle {
  constructor(index) {
    this.index = index;
    this.child = fork(fileURLToPath(import.meta.url), ["--worker"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.pending = new Map();
    this.seq = 0;
    this.ready = new Promise((resolve) => {
      this.child.on("message", (m) => {
        if (m.ready) return resolve();
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.err) p.reject(new Error(`worker ${index}: ${m.err}`));
        else p.resolve(m.res);
      });
    });
    this.child.on("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`worker ${index} exited (${code})`));
      this.pending.clear();
    });
  }
  call(cmd, payload = {}) {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, cmd, ...payload });
    });
  }
  kill() {
    try {
      this.child.kill("SIGKILL");
    } catch {}
  }
}

const sampleProcs = (pids) => pids.map((pid) => ({ pid, cpu: procCpuSeconds(pid) }));
function procReport(pids, before, after, windowS) {
  return pids.map((pid, i) => {
    const cpu = before[i].cpu !== null && after[i].cpu !== null ? after[i].cpu - before[i].cpu : null;
    return { pid, cpu_s_window: round(cpu, 2), cpu_pct_of_one_core: cpu !== null ? round((100 * cpu) / windowS, 1) : null, ...procMem(pid) };
  });
}

// /metrics of every instance: counters and the redis round-trip histogram.
async function readMetrics(urls) {
  return Promise.all(
    urls.map(async (u) => {
      const url = new URL(u);
      const href = `http://${url.host}/metrics`;
      try {
        const res = await fetch(href, { signal: AbortSignal.timeout(3000) });
        const text = await res.text();
        const out = {};
        for (const line of text.split("\n")) {
          if (!line || line.startsWith("#")) continue;
          const m = line.match(/^([a-z_]+(?:\{[^}]*\})?) ([0-9.eE+-]+)$/);
          if (m) out[m[1]] = Number(m[2]);
        }
        return out;
      } catch (e) {
        return { error: String(e.message || e) };
      }
    }),
  );
}
function metricsDelta(before, after) {
  return after.map((a, i) => {
    const b = before[i] || {};
    if (a.error || b.error) return { error: a.error || b.error };
    const d = (k) => (a[k] ?? 0) - (b[k] ?? 0);
    const byLabel = (prefix) => {
      const o = {};
      for (const k of Object.keys(a)) if (k.startsWith(prefix + "{")) {
        const v = d(k);
        if (v) o[k.slice(prefix.length + 1, -1).replace(/^[a-z]+="|"$/g, "")] = v;
      }
      return o;
    };
    const rttN = d("huiwu_redis_rtt_seconds_count");
    const buckets = Object.keys(a)
      .filter((k) => k.startsWith("huiwu_redis_rtt_seconds_bucket{"))
      .map((k) => ({ le: k.match(/le="([^"]+)"/)[1], n: d(k) }));
    return {
      connections: a.huiwu_connections ?? null,
      rooms: a.huiwu_rooms ?? null,
      frames_in: d("huiwu_frames_in_total"),
      frames_out: d("huiwu_frames_out_total"),
      slow_consumers_dropped: d("huiwu_slow_consumers_dropped_total"),
      slow_consumers_dropped_total: a.huiwu_slow_consumers_dropped_total ?? null,
      commands: byLabel("huiwu_commands_total"),
      errors: byLabel("huiwu_errors_total"),
      errors_total_since_start: Object.fromEntries(Object.keys(a).filter((k) => k.startsWith("huiwu_errors_total{")).map((k) => [k.slice(19, -1).replace(/^code="|"$/g, ""), a[k]])),
      redis_rtt: { n: rttN, mean_ms: rttN ? round((1000 * d("huiwu_redis_rtt_seconds_sum")) / rttN) : null, cumulative_buckets: buckets },
    };
  });
}

async function coordinator(a) {
  const urls = String(a.url || a.urls || "ws://127.0.0.1:8080/ws").split(",").filter(Boolean);
  urls.forEach(checkLoopback);
  const meetings = Number(a.meetings || 1);
  const viewersPer = Number(a.viewers ?? 10);
  const rate = Number(a.rate || 10);
  const duration = Number(a.duration || 10);
  const procs = Math.max(1, Number(a.procs || 1));
  const drainS = Number(a.drain ?? 5);
  const format = a.format || "json";
  const change = a.change || "edit_item";
  if (!["edit_item", "control_timer"].includes(change)) throw new Error(`--change edit_item|control_timer, not ${change}`);
  if (!["json", "binary"].includes(format)) throw new Error(`--format json|binary, not ${format}`);
  for (const [k, v] of Object.entries({ meetings, viewers: viewersPer, rate, duration, procs, drain: drainS }))
    if (!Number.isFinite(v) || v < 0 || (k !== "viewers" && k !== "drain" && v <= 0)) throw new Error(`bad --${k}`);
  const serverPids = a["server-pids"] ? String(a["server-pids"]).split(",").map(Number) : [];
  const redisPids = a["redis-pids"] ? String(a["redis-pids"]).split(",").map(Number) : [];
  const prefix = `b${process.pid}${Date.now().toString(36)}`;
  const clkTck = Number(a["clk-tck"] || 100); // run.sh passes `getconf CLK_TCK`
  CLK_TCK = clkTck;
  const opts = {
    rate,
    duration,
    format,
    change,
    label: a.label || "",
    proto: resolvePath(a.proto || resolvePath(HERE, "../proto/huiwu.proto")),
    connectConcurrency: Number(a["connect-concurrency"] || 50),
    setupTimeoutMs: Number(a["setup-timeout"] || 120) * 1000,
    ackTimeoutMs: Number(a["ack-timeout"] || 10) * 1000,
  };
  const useMetrics = !a["no-metrics"];

  const workers = Array.from({ length: procs }, (_, i) => new WorkerHandle(i));
  const killAll = () => workers.forEach((w) => w.kill());
  const setupDeadline = setTimeout(() => {
    log(`setup did not finish within ${opts.setupTimeoutMs / 1000}s`);
    killAll();
    process.exit(1);
  }, opts.setupTimeoutMs + 10000);
  await Promise.all(workers.map((w) => w.ready));
  await Promise.all(workers.map((w) => w.call("init", { base: BASE.toString(), clkTck, opts })));

  // assignment: writer r -> urls[r % n], worker r % P; viewer j of every meeting ->
  // urls[j % n]; viewers dealt round-robin over the workers
  const interval = 1000 / rate;
  const plan = workers.map(() => ({ writers: [], viewers: [] }));
  let vi = 0;
  for (let r = 0; r < meetings; r++) {
    const wu = r % urls.length;
    plan[r % procs].writers.push({ meeting: r, url: urls[wu], clientId: `${prefix}-w${r}`, phase: (r / meetings) * interval });
    for (let j = 0; j < viewersPer; j++) {
      const vu = j % urls.length;
      plan[vi++ % procs].viewers.push({ meeting: r, url: urls[vu], clientId: `${prefix}-v${r}-${j}`, same: vu === wu });
    }
  }

  log(`setup: ${meetings} meeting(s) x (1 writer + ${viewersPer} viewers) on ${urls.length} instance(s), ${procs} worker(s), ${format}, ${change}`);
  const tSetup = now();
  const ws = await Promise.all(workers.map((w, i) => w.call("setupWriters", { writers: plan[i].writers })));
  const meetingIds = {};
  for (const r of ws) for (const m of r.meetings) meetingIds[m.meeting] = m.meetingId;
  const writerSetupErrors = [...new Set(ws.flatMap((r) => r.errors))];
  const failedWriters = ws.reduce((s, r) => s + r.meetings.filter((m) => !m.ok).length, 0);
  if (failedWriters) log(`${failedWriters} writer(s) failed: ${writerSetupErrors.join("; ")}`);
  const vs = await Promise.all(workers.map((w, i) => w.call("setupViewers", { viewers: plan[i].viewers, meetingIds })));
  clearTimeout(setupDeadline);
  const setupMs = now() - tSetup;
  const failedViewers = vs.reduce((s, r) => s + r.failed, 0);
  log(`setup done in ${Math.round(setupMs)} ms; failed writers ${failedWriters}, failed viewers ${failedViewers}`);

  await sleep(1000); // let the server settle after the connection storm
  const metricsBefore = useMetrics ? await readMetrics(urls) : null;
  const t0 = now() + 200;
  const before = { s: sampleProcs(serverPids), r: sampleProcs(redisPids), m: machineCpu(), cc: process.cpuUsage() };
  await Promise.all(workers.map((w) => w.call("start", { t0 })));
  const progress = setInterval(() => log(`sending… ${Math.round((now() - t0) / 1000)} / ${duration} s`), 5000);
  await sleep(Math.max(0, t0 + duration * 1000 - now()));
  clearInterval(progress);
  const writerDeadline = t0 + duration * 1000 + 1000 + opts.ackTimeoutMs + 1000;
  const wr = (await Promise.all(workers.map((w) => w.call("writerResults", { deadline: writerDeadline })))).flatMap((r) => r.writers);
  const totals = {};
  const byMeeting = {};
  for (const w of wr) {
    totals[w.meeting] = w.sent;
    byMeeting[w.meeting] = w;
  }
  const tSendEnd = now();
  log(`writers done (${wr.reduce((s, w) => s + w.sent, 0)} changes sent); draining up to ${drainS} s`);
  const collected = await Promise.all(workers.map((w) => w.call("collect", { totals, deadline: tSendEnd + drainS * 1000 })));
  const tEnd = now();
  const after = { s: sampleProcs(serverPids), r: sampleProcs(redisPids), m: machineCpu(), cc: process.cpuUsage(before.cc) };
  const metricsAfter = useMetrics ? await readMetrics(urls) : null;
  const windowS = (tEnd - t0) / 1000;

  // ---- aggregate
  const lat = [];
  const latSame = [];
  const latCross = [];
  let expected = 0;
  let received = 0;
  let dup = 0;
  let gaps = 0;
  let foreign = 0;
  let eventBytes = 0;
  let eventsIn = 0;
  const pushes = { resync: 0, other: 0 };
  const errorReplies = {};
  const closes = {};
  const errors = [];
  let viewersMissing = 0;
  const addCounts = (dst, src) => {
    for (const [k, v] of Object.entries(src || {})) dst[k] = (dst[k] || 0) + v;
  };
  for (const c of collected) {
    for (const v of c.viewers) {
      const w = byMeeting[v.meeting];
      const st = w ? w.sendT : [];
      expected += st.length;
      dup += v.dup;
      gaps += v.gaps;
      foreign += v.foreign;
      eventBytes += v.eventBytes;
      eventsIn += v.pushes.event;
      pushes.resync += v.pushes.resync;
      pushes.other += v.pushes.other;
      addCounts(errorReplies, v.errorReplies);
      if (v.closeInfo) closes[v.closeInfo] = (closes[v.closeInfo] || 0) + 1;
      if (v.error) errors.push(`viewer: ${v.error}`);
      let got = 0;
      for (let k = 0; k < v.recv.length; k++) {
        const t = v.recv[k];
        if (!(t > 0)) continue;
        got++;
        const l = t - st[k];
        lat.push(l);
        (v.same ? latSame : latCross).push(l);
      }
      received += got;
      if (got < st.length) viewersMissing++;
    }
  }
  const ack = [];
  const echo = [];
  let sent = 0;
  let acked = 0;
  let planned = 0;
  let ackErrors = 0;
  let maxLag = 0;
  let writersStuck = 0;
  for (const w of wr) {
    planned += w.planned;
    sent += w.sent;
    acked += w.acked;
    ackErrors += w.ackErrors;
    maxLag = Math.max(maxLag, w.maxLagMs);
    if (w.inFlight) writersStuck++;
    addCounts(errorReplies, w.errorReplies);
    if (w.closeInfo) closes[`writer ${w.closeInfo}`] = (closes[`writer ${w.closeInfo}`] || 0) + 1;
    if (w.error) errors.push(`writer: ${w.error}`);
    if (w.lastErrorMessage) errors.push(`writer error reply: ${w.lastErrorMessage}`);
    for (let k = 0; k < w.sent; k++) {
      if (w.ackT[k] > 0) ack.push(w.ackT[k] - w.sendT[k]);
      if (w.echoT[k] > 0) echo.push(w.echoT[k] - w.sendT[k]);
    }
  }
  const clientCpuS = collected.reduce((s, c) => s + c.cpuWindowS, 0) + (after.cc.user + after.cc.system) / 1e6;
  const serverRep = procReport(serverPids, before.s, after.s, windowS);
  const redisRep = procReport(redisPids, before.r, after.r, windowS);
  const serverCpuS = serverRep.reduce((s, p) => s + (p.cpu_s_window || 0), 0);
  const redisCpuS = redisRep.reduce((s, p) => s + (p.cpu_s_window || 0), 0);
  const idleD = after.m.idle - before.m.idle;
  const totD = after.m.total - before.m.total;

  const result = {
    label: a.label || null,
    tool: "bench/fanout.mjs",
    server: "huiwu",
    format,
    change,
    instances: urls.length,
    meetings,
    viewers_per_meeting: viewersPer,
    viewers: meetings * viewersPer,
    connections: meetings * (viewersPer + 1),
    rate_per_meeting: rate,
    duration_s: duration,
    changes_planned: planned,
    changes_sent: sent,
    changes_acked: acked,
    change_error_replies: ackErrors,
    writers_stuck_on_ack: writersStuck,
    deliveries_expected: expected,
    deliveries_received: received,
    delivery_ratio: expected ? round(received / expected, 5) : null,
    viewers_missing_deliveries: viewersMissing,
    duplicate_deliveries: dup,
    version_gaps: gaps,
    events_for_other_meetings: foreign,
    latency_ms: stats(lat),
    ...(urls.length > 1 ? { latency_same_instance_ms: stats(latSame), latency_cross_instance_ms: stats(latCross) } : {}),
    ack_ms: stats(ack),
    author_event_ms: stats(echo),
    deliveries_per_s: round(received / duration, 1),
    window_s: round(windowS, 2),
    viewer_events_in: eventsIn,
    event_frame_bytes_mean: eventsIn ? round(eventBytes / eventsIn, 1) : null,
    pushed_resync: pushes.resync,
    pushed_other: pushes.other,
    error_replies: errorReplies,
    closed_by_server: closes,
    setup: {
      ms: round(setupMs, 0),
      failed_writers: failedWriters,
      failed_viewers: failedViewers,
      errors: [...new Set([...writerSetupErrors, ...vs.flatMap((r) => r.errors)])].slice(0, 5),
      viewer_join_ms_p50: round(median(vs.map((r) => r.joinMs.p50).filter((x) => x !== null))),
      viewer_join_ms_max: round(Math.max(0, ...vs.map((r) => r.joinMs.max ?? 0))),
    },
    writer_max_send_lag_ms: round(maxLag, 1),
    server_procs: serverRep,
    server_cpu_s: round(serverCpuS, 2),
    server_cpu_pct_of_one_core: round((100 * serverCpuS) / windowS, 1),
    server_cpu_us_per_delivery: received ? round((1e6 * serverCpuS) / received, 2) : null,
    server_vm_hwm_mib: serverRep.map((p) => p.vm_hwm_mib),
    redis_procs: redisRep,
    redis_cpu_pct_of_one_core: redisPids.length ? round((100 * redisCpuS) / windowS, 1) : null,
    client: {
      procs,
      cpu_s_window: round(clientCpuS, 2),
      cpu_pct_of_one_core: round((100 * clientCpuS) / windowS, 1),
      per_worker_cpu_pct: collected.map((c) => round((100 * c.cpuWindowS) / windowS, 1)),
      event_loop_delay_ms: collected.map((c) => c.eventLoopDelayMs),
      worker_rss_mib: collected.map((c) => c.rssMiB),
    },
    machine: { cores: countCpus(), busy_pct_window: totD ? round((100 * (totD - idleD)) / totD, 1) : null },
    server_metrics: useMetrics ? metricsDelta(metricsBefore, metricsAfter) : null,
    errors: [...new Set(errors)].slice(0, 10),
    node: process.version,
  };
  log(
    `received ${received}/${expected}; p50 ${result.latency_ms.p50} p99 ${result.latency_ms.p99} max ${result.latency_ms.max} ms; ack p50 ${result.ack_ms.p50} ms; server ${result.server_cpu_pct_of_one_core}% of a core`,
  );
  await Promise.all(workers.map((w) => w.call("shutdown").catch(() => null)));
  return result;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.worker) return workerMain();
  if (args.help || args.h) {
    const src = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");
    process.stdout.write(src.slice(1, src.findIndex((l) => l.startsWith("import "))).map((l) => l.replace(/^\/\/ ?/, "")).join("\n") + "\n");
    return;
  }
  try {
    const res = await coordinator(args);
    process.stdout.write(JSON.stringify(res) + "\n");
    process.exit(0);
  } catch (e) {
    log(`failed: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  }
}
main();
