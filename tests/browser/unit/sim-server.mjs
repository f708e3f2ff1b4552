// A simulated Huiwu server for the minutes client tests: server-ordered OT over one
// meeting (as service/core/room.cpp: dedup per client_id, transform over the edits of
// the same item since base_version, reject what does not fit), its event log, history
// pages, and per-client links that deliver in order with random delays and can be cut
// (replies and events in transit are lost; a command in transit is lost or applied).
// The link's client half plays MeetingSession: applies events, re-joins after a cut with
// known_version (the server answers with the missed events or, at random, a snapshot).

import { TextOperation, cpLength } from '../../../web-static/js/ot.js';
import { opFromWire, opToWire } from '../../../web-static/js/ot-wire.js';

export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const err = (code, field = '') => Object.assign(new Error(code), { code, field });

export class SimServer {
  constructor({ random = Math.random, items = ['i1'], snapshotChance = 0.5, staleSpan = 10000 } = {}) {
    this.staleSpan = staleSpan; // the server refuses bases older than this (ERROR_STALE_VERSION)
    this.random = random;
    this.version = 0;
    this.epoch = 'e1';
    this.texts = new Map(items.map((id) => [id, '']));
    this.log = [];             // events, version i+1 at index i
    this.lastSeq = new Map();  // client_id -> {seq, version}
    this.links = new Set();
    this.snapshotChance = snapshotChance;
    this.applied = [];         // [client_id, client_seq] of every applied edit
  }

  _append(change, clientId, seq) {
    this.version++;
    const ev = { meeting_id: 'm1', version: String(this.version), at_ms: String(Date.now()), client_id: clientId, client_seq: String(seq), client_name: clientId, change };
    this.log.push(ev);
    for (const l of this.links) l._push({ id: '0', event: ev });
    return ev;
  }

  /** Some other change of the meeting (moves the version; no-op for the minutes). */
  otherChange() { this._append({ check_in: { attendee_id: 'p1', attendance: 'ATTENDANCE_PRESENT' } }, 'other', this.version + 1); }

  command(cmd) {
    const last = this.lastSeq.get(cmd.client_id);
    if (last && last.seq >= cmd.client_seq) return { meeting_id: 'm1', version: String(last.version), duplicate: true, client_seq: String(cmd.client_seq) };
    const em = cmd.change.edit_minutes;
    if (!em) throw err('ERROR_BAD_REQUEST');
    if (!this.texts.has(em.item_id)) throw err('ERROR_NOT_FOUND', 'item_id');
    const base = Number(em.base_version);
    if (base > this.version) throw err('ERROR_INVALID_FIELD', 'base_version');
    if (this.version - base > this.staleSpan) throw err('ERROR_STALE_VERSION', 'base_version');
    let op = opFromWire(em.op);
    for (const e of this.log.slice(base)) {
      const o = e.change.edit_minutes;
      if (!o || o.item_id !== em.item_id) continue;
      op = TextOperation.transform(opFromWire(o.op), op)[1];
    }
    const text = this.texts.get(em.item_id);
    if (op.baseLength !== cpLength(text)) throw err('ERROR_INVALID_FIELD', 'op');
    this.texts.set(em.item_id, op.apply(text));
    const ev = this._append({ edit_minutes: { item_id: em.item_id, base_version: String(this.version), op: opToWire(op) } }, cmd.client_id, cmd.client_seq);
    this.lastSeq.set(cmd.client_id, { seq: cmd.client_seq, version: this.version });
    this.applied.push(`${cmd.client_id}#${cmd.client_seq}`);
    return { meeting_id: 'm1', version: ev.version, duplicate: false, client_seq: String(cmd.client_seq) };
  }

  history(from, limit) {
    const events = this.log.slice(Math.max(0, from - 1), from - 1 + limit);
    const last = events.length ? Number(events[events.length - 1].version) : 0;
    return { meeting_id: 'm1', events, next_version: String(last && last < this.version ? last + 1 : 0) };
  }

  /** The text rebuilt from the log alone. */
  replay(itemId) {
    let t = '';
    for (const e of this.log) {
      const o = e.change.edit_minutes;
      if (o && o.item_id === itemId) t = opFromWire(o.op).apply(t);
    }
    return t;
  }

  /** Redis lost writes: the history is rewound to `version` under a new epoch. */
  rewind(version) {
    this.log = this.log.slice(0, version);
    this.version = version;
    for (const id of this.texts.keys()) this.texts.set(id, this.replay(id));
    for (const [k, v] of this.lastSeq) if (v.version > version) this.lastSeq.delete(k);
    this.epoch = `e${Number(this.epoch.slice(1)) + 1}`;
    this.restart();
  }

  /** A restart: every link is cut; the state (persisted) stays. */
  restart() { for (const l of [...this.links]) l.cut(); }
}

/** One client's connection + meeting session, as client.js provides them to the minutes. */
export class SimLink {
  constructor(server, { random = server.random, maxDelayMs = 8, onEvent, onSnapshot, onJoined }) {
    this.server = server;
    this.random = random;
    this.maxDelayMs = maxDelayMs;
    this.up = false;
    this.joined = false;
    this.version = 0;         // the session copy
    this.texts = new Map();
    this.epoch = '';
    this.deliverAt = 0;
    this.timers = new Set();
    this.waiting = new Map(); // request id -> {resolve, reject}
    this.nextId = 1;
    this.gen = 0;
    this.onEvent = onEvent || (() => {});
    this.onSnapshot = onSnapshot || (() => {});
    this.onJoined = onJoined || (() => {});
  }

  _later(fn, ms) {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
  }

  // Server -> client, in order (one FIFO drained by one timer), after a random delay.
  _push(env) {
    if (!this.up) return;
    this.deliverAt = Math.max(this.deliverAt, Date.now() + this.random() * this.maxDelayMs);
    (this.outbox || (this.outbox = [])).push({ at: this.deliverAt, env, gen: this.gen });
    this._drainSoon();
  }

  _drainSoon() {
    if (this.drainTimer || !this.outbox.length) return;
    this.drainTimer = setTimeout(() => {
      this.drainTimer = null;
      while (this.outbox.length && this.outbox[0].at <= Date.now() + 0.5) {
        const { env, gen } = this.outbox.shift();
        if (gen === this.gen) this._deliver(env);
      }
      this._drainSoon();
    }, Math.max(0, this.outbox[0].at - Date.now()));
  }

  _deliver(env) {
    if (env.id !== '0') {
      const w = this.waiting.get(env.id);
      this.waiting.delete(env.id);
      if (w) (env.error ? w.reject(env.error) : w.resolve(env.body));
      return;
    }
    if (!this.joined) { (this.buffered || (this.buffered = [])).push(env.event); return; }
    this._apply(env.event);
  }

  _apply(ev) {
    const v = Number(ev.version);
    if (v <= this.version) return;
    if (v !== this.version + 1) throw new Error(`gap ${this.version} -> ${v}`);
    const o = ev.change.edit_minutes;
    if (o) this.texts.set(o.item_id, opFromWire(o.op).apply(this.texts.get(o.item_id) || ''));
    this.version = v;
    this.onEvent(ev);
  }

  // Client -> server: the request reaches the server after a random delay (or is lost
  // with the link); its reply comes back through the ordered link.
  request(kind, body) {
    return new Promise((resolve, reject) => {
      if (!this.up) { reject(new Error('not connected')); return; }
      const id = String(this.nextId++);
      this.waiting.set(id, { resolve, reject });
      const gen = this.gen;
      this._later(() => {
        if (gen !== this.gen && this.random() < 0.5) return; // lost on the way
        let reply;
        try {
          reply = { id, body: kind === 'command' ? this.server.command(body) : this.server.history(body.from_version, body.limit) };
        } catch (e) {
          reply = { id, error: { code: e.code || 'ERROR_INTERNAL', field: e.field || '' } };
        }
        if (gen === this.gen) this._push(reply);
      }, this.random() * this.maxDelayMs);
    });
  }

  connect() {
    this.gen++;
    this.up = true;
    this.joined = false;
    this.server.links.add(this);
    const gen = this.gen;
    this._later(() => { if (gen === this.gen) this._join(); }, this.random() * this.maxDelayMs);
  }

  _join() {
    const s = this.server;
    this.buffered = [];
    // As the server: a snapshot for a new copy, another epoch, a copy ahead of the
    // server (lost writes), and (at random) for "too far behind".
    const snapshot = this.version === 0 || this.epoch !== s.epoch || this.version > s.version || this.random() < s.snapshotChance;
    if (snapshot) {
      this.version = s.version;
      this.epoch = s.epoch;
      this.texts = new Map(s.texts);
      this.joined = true;
      this.onSnapshot();
    } else {
      this.joined = true;
      for (const ev of s.log.slice(this.version)) this._apply(ev);
    }
    for (const ev of this.buffered) this._apply(ev);
    this.buffered = [];
    this.onJoined();
  }

  /** Drops the link: whatever is in transit is lost; reconnects after `afterMs`. */
  cut(afterMs = 20) {
    if (!this.up) return;
    this.gen++;
    this.up = false;
    this.joined = false;
    this.deliverAt = 0;
    this.outbox = [];
    this.server.links.delete(this);
    for (const w of this.waiting.values()) w.reject(new Error('connection lost'));
    this.waiting.clear();
    if (afterMs !== null) this._later(() => this.connect(), afterMs);
  }

  close() {
    this.cut(null);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    clearTimeout(this.drainTimer);
    this.drainTimer = null;
  }
}

/** The host a MinutesSync needs (minutes-hub.js gives the real one), over a SimLink. */
export function simHost(link, { itemId = 'i1', save = () => {} } = {}) {
  return {
    meetingId: 'm1',
    itemId,
    send: (cmd) => link.request('command', cmd),
    history: (from, limit) => link.request('history', { from_version: from, limit }),
    canSend: () => link.up && link.joined,
    rejoin: () => { link.cut(5); },
    serverVersion: () => link.version,
    serverText: () => link.texts.get(itemId) ?? null,
    save,
  };
}
