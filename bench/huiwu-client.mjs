// A Huiwu client for the peer harness's load generator (shared/bench/peers/load.mjs,
// `--client-module`), so that huiwu-server and Hocuspocus are driven by the same
// coordinator, the same workload and the same measurement. It keeps the contract at the
// top of load.mjs (README.md there, "Comparing a new server"):
//
//   room (docName)  = one meeting with one agenda item; its minutes are the text.
//   connect()       hello + join (pipelined), then the item's minutes are the initial
//                   state. The meeting id derives on the server from the creator's
//                   (client_id, client_seq), so every client of a room uses one fixed
//                   creator identity per room name: create_meeting with it returns the
//                   same meeting to whoever asks first or later. The id is cached per
//                   process (a browser opens a meeting by a link that carries its id), so
//                   only the first client of a room in a process pays the create round
//                   trip; the writer creates the meeting and adds the item.
//   append(str)     one edit_minutes op, retain(len) + insert(str), through the browser's
//                   own OT client (web-static/js/ot.js, OTClient): ONE operation in flight,
//                   later appends composed into one buffer sent when the in-flight one is
//                   sequenced, exactly as the secretary's page does. A typed character is
//                   never a round trip of its own when the server is slower than the typist.
//                   A command refused with ERROR_RATE_LIMITED (the connection's request
//                   budget, huiwu-server --max-requests-per-second, default 1000/s) is sent
//                   again, the same client_seq, after the browser's backoff; `rateLimited`
//                   counts those refusals.
//   acks            appends the server has sequenced: when our own event arrives, the
//                   appends composed into it all count (join mode's --history-window).
//   onTextGrow      viewers, on every event that makes the text longer, the initial state
//                   included; lengths in code points (the alphabet is ASCII, so the same as
//                   load.mjs's characters). t = now() from the load.mjs running this process,
//                   taken first thing in the message handler.
//
// Wire format: protobuf binary frames by default (the server's cheaper path; measured in
// docs/performance.md); HUIWU_BENCH_FORMAT=json for the browser's JSON text frames.
// Loopback only, like every bench tool here.
//
//   node /tmp/peers/load.mjs --client-module /work/main/bench/huiwu-client.mjs --server huiwu \
//     --urls ws://127.0.0.1:PORT/ws --server-pids PID --rooms 20 --viewers 25 --rate 10 --duration 20

import { realpathSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import WebSocket from "ws";
import protobuf from "protobufjs";
import { OTClient, TextOperation, cpLength } from "../web-static/js/ot.js";

// huiwu-server needs a logged-in account on every WebSocket (docs/security.md): the bench
// scripts put a session token in HUIWU_TOKEN (bench/login.sh).
function authHeaders() {
  return process.env.HUIWU_TOKEN ? { Authorization: `Bearer ${process.env.HUIWU_TOKEN}` } : {};
}

// The clock of the load.mjs that runs this process: node started that file (the
// coordinator, or a worker forked from it), so it is process.argv[1]. Importing it again
// by the same URL gives the same module instance, hence the worker's BASE.
const loadPath = process.env.HUIWU_LOAD_MJS || process.argv[1];
const { now } = await import(pathToFileURL(realpathSync(loadPath)).href);
if (typeof now !== "function") throw new Error(`${loadPath} does not export now()`);

const FORMAT = process.env.HUIWU_BENCH_FORMAT || "binary";
if (FORMAT !== "binary" && FORMAT !== "json") throw new Error(`HUIWU_BENCH_FORMAT=binary|json, not ${FORMAT}`);
const CONNECT_TIMEOUT_MS = Number(process.env.HUIWU_BENCH_CONNECT_TIMEOUT_MS || 60000);

const num = (x) => (x === undefined || x === null ? 0 : typeof x === "number" ? x : typeof x === "string" ? Number(x) : x.toNumber());

// --------------------------------------------------------------------------- the codec
// encode(plain object in the JSON mapping's shape) -> frame; decode(frame) -> {id, kind, body}
// with the body in a shape both encodings share (64-bit numbers may be strings or Longs:
// read them with num()).
function makeCodec() {
  if (FORMAT === "json") {
    return {
      encode: (env) => JSON.stringify(env),
      decode(data) {
        const env = JSON.parse(typeof data === "string" ? data : data.toString("utf8"));
        for (const k in env) if (k !== "id") return { id: num(env.id), kind: k, body: env[k] };
        return { id: num(env.id), kind: null, body: null };
      },
    };
  }
  const protoPath = fileURLToPath(new URL("../proto/huiwu.proto", import.meta.url));
  const root = new protobuf.Root().loadSync(protoPath, { keepCase: true });
  const Envelope = root.lookupType("huiwu.v1.Envelope");
  return {
    encode: (env) => Envelope.encode(Envelope.fromObject(env)).finish(),
    decode(data) {
      const m = Envelope.decode(data);
      const kind = m.body || null;
      return { id: num(m.id), kind, body: kind ? m[kind] : null };
    },
  };
}
const codec = makeCodec();

// huiwu.v1.TextOperation (either encoding) <-> ot.js operations.
function opFromWire(w) {
  const o = new TextOperation();
  for (const c of (w && w.ops) || []) {
    if (c.insert !== undefined && c.insert !== null && c.insert !== "") o.insert(c.insert);
    else if (c.delete) o.delete(num(c.delete));
    else if (c.retain) o.retain(num(c.retain));
  }
  return o;
}
function opToWire(op) {
  return { ops: op.ops.map((c) => (typeof c === "string" ? { insert: c } : c > 0 ? { retain: c } : { delete: -c })) };
}

// The browser's backoff after a refusal it retries (web-static/js/minutes-sync.js).
const backoff = (n) => Math.min(10000, 400 * 2 ** n) * (0.5 + Math.random() / 2);

// Meeting ids known in this process, by room name.
const meetingIds = new Map();
// The fixed identity that creates a room's meeting (and writes in it). ≤ 64 characters.
const creatorId = (docName) => `bench-owner-${docName}`.slice(0, 64);
let counter = 0;

// Frames are timestamped on arrival and, for fan-out viewers (deferApply), decoded after
// the current poll phase, all clients of the process in one batch: hundreds of viewers
// in one process must not queue behind each other's decoding (load.mjs's built-in client
// does the same).
const inbox = []; // client, t, data
let inboxScheduled = false;
function drainInbox() {
  inboxScheduled = false;
  const q = inbox.splice(0, inbox.length);
  for (let i = 0; i < q.length; i += 3) q[i].handle(q[i + 2], q[i + 1]);
}

export default class HuiwuClient {
  constructor(url, docName, role) {
    this.url = url;
    this.docName = docName;
    this.role = role;
    this.clientId = role === "writer" ? creatorId(docName) : `bench-${role}-${process.pid}-${++counter}`;
    this.synced = false;
    this.closed = false;
    this.closing = false;
    this.error = null;
    this.acks = 0;
    this.onAck = null;
    this.onTextGrow = null;
    this.updateFramesIn = 0;
    this.bytesIn = 0;
    this.deferApply = false;
    this.metaOnly = false;
    this.t = {};
    this.len = 0; // code points of the item's minutes as held here
    this.text = ""; // the minutes (viewers in meta mode keep only len)
    this.meetingId = null;
    this.itemId = null;
    this.version = 0; // meeting version = OT revision
    this.ot = null; // writer: the browser's OT client
    this.seq = 1; // writer: client_seq 1 is the meeting's create
    this.inflight = null; // writer: {seq, base, op, appends}
    this.pendingAppends = 0; // writer: appends not yet in a sent operation
    this.nextId = 1;
    this.pending = new Map(); // request id -> handler(m)
    this.syncBytes = null;
    this.rateLimited = 0; // commands refused with ERROR_RATE_LIMITED and sent again
  }

  // ------------------------------------------------------------------- connect

  connect() {
    return new Promise((resolve) => {
      this.t.start = now();
      let settled = false;
      const done = (err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          this.error = String(err && err.message ? err.message : err);
          this.synced = false;
          try {
            this.ws.terminate();
          } catch {}
        }
        resolve(this);
      };
      this.onSynced = () => done(null);
      this.onFail = (e) => done(e);
      const timer = setTimeout(() => done(`connect timed out after ${CONNECT_TIMEOUT_MS} ms`), CONNECT_TIMEOUT_MS);
      const ws = new WebSocket(this.url, { perMessageDeflate: false, headers: authHeaders() });
      this.ws = ws;
      ws.binaryType = "nodebuffer";
      ws.on("open", () => {
        this.t.open = now();
        this.request({ hello: { client_id: this.clientId, client_name: this.role } }, (m) => {
          if (m.kind !== "welcome") this.fail(`hello: ${describe(m)}`);
        });
        const id = meetingIds.get(this.docName);
        if (id) this.join(id);
        else this.create();
      });
      ws.on("message", (data) => {
        const t = now(); // first, before any decoding
        if (this.deferApply && this.synced) {
          inbox.push(this, t, data);
          if (!inboxScheduled) {
            inboxScheduled = true;
            setImmediate(drainInbox);
          }
          return;
        }
        this.handle(data, t);
      });
      ws.on("error", (e) => this.fail(String(e && e.message ? e.message : e)));
      ws.on("close", (code) => {
        this.closed = true;
        if (!this.closing) this.fail(`closed (code ${code})`);
      });
    });
  }

  fail(msg) {
    if (!this.synced && this.onFail) this.onFail(msg);
    else if (!this.closing) this.error = msg;
  }

  create() {
    const body = { create_meeting: { info: { title: this.docName }, client_id: creatorId(this.docName), client_seq: 1 } };
    this.request(body, (m) => {
      if (m.kind !== "created") return this.fail(`create_meeting: ${describe(m)}`);
      const id = m.body.meeting.id;
      meetingIds.set(this.docName, id);
      this.join(id);
    });
  }

  join(id) {
    this.meetingId = id;
    this.request({ join: { meeting_id: id, known_version: 0, known_epoch: "" } }, (m, t) => {
      if (m.kind !== "joined") return this.fail(`join: ${describe(m)}`);
      const j = m.body;
      this.syncBytes = m.bytes;
      this.version = num(j.version);
      const snap = j.snapshot;
      const item = snap && snap.agenda && snap.agenda.length ? snap.agenda[0] : null;
      if (item) this.takeItem(item, t);
      if (this.role === "writer" && !item) return this.addItem();
      this.ready();
    });
  }

  addItem() {
    const seq = ++this.seq;
    this.addItemSeq = seq;
    const change = { add_item: { item: { title: "会议记录 minutes" }, position: -1 } };
    this.request({ command: { meeting_id: this.meetingId, client_id: this.clientId, client_seq: seq, change } }, (m) => {
      if (m.kind !== "ack") this.fail(`add_item: ${describe(m)}`);
      // ready() once our add_item event has come (it carries the item's id).
    });
  }

  takeItem(item, t) {
    this.itemId = item.id;
    this.text = item.minutes || "";
    this.grow(cpLength(this.text), t);
  }

  ready() {
    if (this.synced) return;
    if (this.role === "writer") {
      this.ot = new OTClient(this.version, {
        sendOperation: (rev, op) => this.sendOp(rev, op),
        applyOperation: (op) => {
          this.text = op.apply(this.text);
          this.len = op.targetLength;
        },
      });
    }
    this.synced = true;
    this.t.synced = now();
    this.onSynced();
  }

  // ------------------------------------------------------------------- frames

  request(body, onReply) {
    const id = this.nextId++;
    this.pending.set(id, onReply);
    this.send({ id, ...body });
  }

  send(env) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(codec.encode(env));
  }

  handle(data, t) {
    this.bytesIn += data.length;
    let m;
    try {
      m = codec.decode(data);
    } catch (e) {
      this.error = `undecodable frame: ${e.message}`;
      return;
    }
    m.bytes = data.length;
    if (m.id !== 0) {
      const h = this.pending.get(m.id);
      if (!h) return;
      this.pending.delete(m.id);
      try {
        h(m, t);
      } catch (e) {
        this.fail(`reply: ${e.message}`);
      }
      return;
    }
    if (m.kind === "event") {
      try {
        this.onEvent(m.body, t);
      } catch (e) {
        this.error = `event ${num(m.body.version)}: ${e.message}`;
      }
    } else if (m.kind === "resync") {
      this.error = `resync: ${m.body.reason}`;
    } else if (m.kind === "error") {
      this.error = `error: ${describe(m)}`;
    }
  }

  onEvent(ev, t) {
    const v = num(ev.version);
    if (v <= this.version) return;
    if (v !== this.version + 1) {
      this.error = `version gap: had ${this.version}, got ${v}`;
      this.version = v - 1; // carry on; the text may be wrong from here, and says so
    }
    const c = ev.change || {};
    const mine = ev.client_id === this.clientId;
    if (c.add_item && !this.itemId) {
      this.version = v;
      if (this.ot) this.ot.revision = v;
      this.takeItem(c.add_item.item, t);
      if (mine && num(ev.client_seq) === this.addItemSeq) this.ready();
      return;
    }
    const em = c.edit_minutes;
    if (!em || em.item_id !== this.itemId) {
      // Not our text: the version moves, nothing else.
      this.version = v;
      if (this.ot) this.ot.revision++;
      return;
    }
    this.updateFramesIn++;
    this.version = v;
    if (this.ot) {
      if (mine && this.inflight && num(ev.client_seq) === this.inflight.seq) {
        const n = this.inflight.appends;
        this.inflight = null;
        this.ot.serverAck(); // may send the buffer, based on this version
        this.acks += n;
        if (this.onAck) this.onAck();
      } else {
        this.ot.applyServer(opFromWire(em.op));
      }
      return;
    }
    const op = opFromWire(em.op);
    if (this.metaOnly) {
      this.grow(op.targetLength, t);
      return;
    }
    this.text = op.apply(this.text);
    this.grow(op.targetLength, t);
  }

  grow(length, t) {
    if (length <= this.len) {
      this.len = length;
      return;
    }
    const prev = this.len;
    this.len = length;
    if (this.onTextGrow) this.onTextGrow(prev, length, t);
  }

  // ------------------------------------------------------------------- writing

  append(str) {
    if (!this.ot) {
      this.error = "append before the item exists";
      return;
    }
    const op = new TextOperation().retain(this.len).insert(str);
    this.text += str;
    this.len = op.targetLength;
    this.pendingAppends++;
    this.ot.applyClient(op); // sends now when nothing is in flight
  }

  // OTClient's hook: an operation goes out (from append, or the buffer after an ack).
  sendOp(rev, op) {
    this.inflight = { seq: ++this.seq, base: rev, op, appends: this.pendingAppends };
    this.pendingAppends = 0;
    this.sendInflight();
  }

  sendInflight() {
    const f = this.inflight;
    const change = { edit_minutes: { item_id: this.itemId, base_version: f.base, op: opToWire(f.op) } };
    this.request({ command: { meeting_id: this.meetingId, client_id: this.clientId, client_seq: f.seq, change } }, (m) => {
      if (m.kind === "ack") return; // the state moves on our event, in version order
      const code = m.body && m.body.code;
      if (this.inflight === f && (code === "ERROR_RATE_LIMITED" || code === 9)) {
        // Past the connection's request budget (--max-requests-per-second): nothing was
        // applied; the same (client_id, client_seq) again after a backoff, as the browser's
        // minutes-sync.js does. Counted, not an error: the run goes on.
        this.rateLimited++;
        f.retries = (f.retries || 0) + 1;
        setTimeout(() => this.inflight === f && this.sendInflight(), backoff(f.retries - 1));
        return;
      }
      if (this.inflight === f && (code === "ERROR_STORAGE_UNAVAILABLE" || code === 6)) {
        // Nothing applied for certain: the same (client_id, client_seq) again.
        this.error = `command ${f.seq}: storage unavailable, retried`;
        setTimeout(() => this.inflight === f && this.sendInflight(), 50);
        return;
      }
      this.error = `command ${f.seq}: ${describe(m)}`;
    });
  }

  // ------------------------------------------------------------------- the rest

  keepalive() {
    this.request({ ping: { client_time_ms: Date.now() } }, () => {});
  }

  sendAwareness(state) {
    if (!this.meetingId) return;
    const at = this.len;
    this.send({
      id: this.nextId++,
      presence: { meeting_id: this.meetingId, item_id: this.itemId || "", anchor: at, head: at, version: this.version, typing: this.role === "writer" },
    });
    void state;
  }

  stateBytes() {
    return Buffer.byteLength(this.text, "utf8");
  }

  close() {
    this.closing = true;
    try {
      this.ws.close();
    } catch {}
  }
}

function describe(m) {
  if (!m) return "no reply";
  if (m.kind === "error") return `${m.body.code}: ${m.body.message}`;
  return `unexpected ${m.kind}`;
}
