// Huiwu connection module: one WebSocket (JSON text frames) to /ws, shared by every
// meeting a page shows.
//
// What it guarantees to the pages:
// - request/reply by envelope id, with timeouts;
// - hello on every (re)connect, then every joined meeting is resumed with its known
//   version and epoch (the server answers with the missed events or a snapshot);
// - events are applied strictly in version order; a gap triggers a re-join;
// - commands are queued, persisted in sessionStorage and re-sent with their original
//   (client_id, client_seq) until the server answers, so a network blip, a server
//   restart, a Redis outage or a page reload never loses a secretary's change; the
//   server acknowledges a retry of an applied command as a duplicate and applies it once;
// - at most one command per meeting is in flight, so the server sees each meeting's
//   commands in client_seq order even when some of them must be retried;
// - reconnects with exponential backoff and jitter; a client-side ping detects dead
//   connections and estimates the server clock offset;
// - a connection state that never lies (docs/decisions/0017): 'connecting' |
//   'syncing' | 'connected' | 'reconnecting' | 'offline'. A ping not answered within
//   pingTimeoutMs, the browser's `offline` event or a close each drop the link at once
//   (reconnecting, or offline when the browser says so); 'connected' only once every
//   joined meeting has been resumed on the new link and nothing is waiting to be sent
//   (queued commands, and the unacknowledged minutes edits of addPendingSource);
//   'syncing' while that resume runs, or while sent work has gone unacknowledged for
//   longer than sendGraceMs. `unsentCount` is the number of changes not yet
//   acknowledged. A storage-unavailable flag (the server answered
//   ERROR_STORAGE_UNAVAILABLE: nothing was applied, the commands stay queued);
// - the logged-in account (`account`, from the welcome) and each meeting's role
//   (`session.myRole`, from joined); a meeting the account may no longer see ends in
//   status 'failed' with error ERROR_FORBIDDEN and its state dropped, never retried;
// - a session that ended (logged out, expired) is noticed: the upgrade is refused with
//   401 and the browser only sees a close before open, so after repeated ones the
//   client asks GET /api/me and reports onAuthLost() (the page sends the user to login).
//
// See docs/protocol.md for the wire protocol.

import { applyEvent, normalizeMeeting, num } from './meeting-state.js';
import { setOfficeZone } from './date-input.js';

export const ConnState = Object.freeze({
  CONNECTING: 'connecting',
  SYNCING: 'syncing',       // link up; resuming the meetings or sending what waited
  CONNECTED: 'connected',   // link up, every meeting resumed, nothing waiting
  RECONNECTING: 'reconnecting',
  OFFLINE: 'offline',
});

/** A request answered with an error reply. */
export class RequestError extends Error {
  constructor(error) {
    super(error.message || error.code);
    this.name = 'RequestError';
    this.code = error.code || 'ERROR_UNSPECIFIED';
    this.field = error.field || '';
    this.currentVersion = num(error.current_version);
  }
}

/** A request that got no reply: timed out, or the connection went away. Its outcome is unknown. */
export class ConnectionError extends Error {
  constructor(msg) { super(msg); this.name = 'ConnectionError'; }
}

// Error codes after which the same command may succeed later: keep it and retry.
const RETRYABLE = new Set(['ERROR_STORAGE_UNAVAILABLE', 'ERROR_RATE_LIMITED', 'ERROR_INTERNAL']);

const OFFLINE_AFTER_MS = 15000;
// A server that closes with 1012/1001 (restart, drain) is left at once: reconnect within this.
export const RESTART_SPREAD_MS = 100;
const PING_INTERVAL_MS = 5000;
const SEND_GRACE_MS = 1500;

/** The browser's timers and clock; tests inject a fake one (same shape). */
export const realClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (t) => clearInterval(t),
};

/**
 * Ping timing a page asks for, read once at start-up: the query parameters `ping_ms`
 * and `ping_timeout_ms`, or a global `huiwuConnTiming = {pingIntervalMs, pingTimeoutMs}`
 * set before the page's modules run (browser tests use a short interval instead of
 * waiting). Returns {} when nothing is asked (the defaults apply).
 */
export function pageConnTiming() {
  const out = {};
  const g = globalThis.huiwuConnTiming || {};
  let q = null;
  try { q = new URLSearchParams(globalThis.location ? globalThis.location.search : ''); } catch { /* no location */ }
  const pick = (name, key) => {
    const v = Number((q && q.get(name)) || g[key] || 0);
    if (Number.isFinite(v) && v >= 50) out[key] = v;
  };
  pick('ping_ms', 'pingIntervalMs');
  pick('ping_timeout_ms', 'pingTimeoutMs');
  return out;
}
const KEY_CLIENT_ID = 'huiwu.client_id';
const KEY_SEQ = 'huiwu.client_seq';
const KEY_PENDING = 'huiwu.pending';

class Emitter {
  constructor() { this.fns = new Set(); }
  on(fn) { this.fns.add(fn); return () => this.fns.delete(fn); }
  emit(...args) {
    for (const fn of [...this.fns]) {
      try { fn(...args); } catch (e) { console.error(e); }
    }
  }
}

function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
  };
}

function defaultStorage() {
  try {
    const s = globalThis.sessionStorage;
    s.setItem('huiwu.probe', '1');
    s.removeItem('huiwu.probe');
    return s;
  } catch {
    return memoryStorage();
  }
}

function randomId() {
  const c = globalThis.crypto;
  if (c && c.randomUUID) return c.randomUUID();
  return 'c-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
}

function defaultUrl() {
  const loc = globalThis.location;
  if (!loc) return 'ws://127.0.0.1:8080/ws';
  return (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host + '/ws';
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One meeting the page has joined: its state, version and epoch.
 * Listen with on(fn); fn(session, detail) with detail.type one of
 * 'snapshot' (state replaced), 'event' (detail.event, detail.kind), 'status'.
 */
export class MeetingSession {
  constructor(client, meetingId) {
    this.client = client;
    this.id = meetingId;
    this.meeting = null;       // normalized Meeting, null until the first joined
    this.myRole = '';          // Joined.my_role: this account's role in the meeting (see access.js roleIn)
    this.epoch = '';
    this.status = 'joining';   // 'joining' | 'joined' | 'not_found' | 'failed' | 'left'
    this.error = null;         // the RequestError of a failed join
    this.joining = false;      // a join request is in flight
    this.buffered = [];        // events that arrived while joining
    this.emitter = new Emitter();
    this.lastAckVersion = 0;
    this.gapTimer = null;
    this.retryTimer = null;
    this.joinAttempts = 0;
    let resolveReady;
    this.ready = new Promise((r) => { resolveReady = r; });
    this.resolveReady = resolveReady;
  }

  get version() { return this.meeting ? this.meeting.version : 0; }

  on(fn) { return this.emitter.on(fn); }

  /** Queues a change; resolves with the Ack when the server has made it durable. */
  send(change, opts = {}) { return this.client.command(this.id, change, opts); }

  /** Commands of this meeting not yet acknowledged. */
  get pending() { return this.client.pendingFor(this.id); }

  /** Asks the server again for what this copy missed (known_version), e.g. after an ack whose event did not come. */
  rejoin({ fresh = false } = {}) { this.client._sendJoin(this, { fresh }); }

  _emit(detail) { this.emitter.emit(this, detail); }
}

export class HuiwuClient {
  /**
   * opts: url (default ws(s)://<page host>/ws), clientName, storage (default
   * sessionStorage), requestTimeoutMs (10000), pingIntervalMs (5000: a ping is sent
   * this often), pingTimeoutMs (default and at most pingIntervalMs: a ping not answered
   * in this time, with nothing else received meanwhile, drops the link; so a dead link
   * is shown within interval + timeout), sendGraceMs (1500: how long sent work may
   * wait for its ack before the state says 'syncing'), clock (timers and now; tests),
   * WebSocket (implementation, default the browser's), healthUrl (for probing
   * storage recovery; default derived from url).
   */
  constructor(opts = {}) {
    this.url = opts.url || defaultUrl();
    this.healthUrl = opts.healthUrl || this.url.replace(/^ws/, 'http').replace(/\/ws$/, '/healthz');
    this.meUrl = opts.meUrl || this.url.replace(/^ws/, 'http').replace(/\/ws$/, '/api/me');
    this.clientName = opts.clientName || '';
    this.storage = opts.storage || defaultStorage();
    this.requestTimeoutMs = opts.requestTimeoutMs || 10000;
    this.pingIntervalMs = opts.pingIntervalMs || PING_INTERVAL_MS;
    this.pingTimeoutMs = Math.min(opts.pingTimeoutMs || this.pingIntervalMs, this.pingIntervalMs);
    this.sendGraceMs = opts.sendGraceMs ?? SEND_GRACE_MS;
    this.clock = opts.clock || realClock;
    this.WS = opts.WebSocket || globalThis.WebSocket;

    this.clientId = this.storage.getItem(KEY_CLIENT_ID) || '';
    if (!this.clientId) this._newClientId();
    this.pendingCommands = this._loadPending();   // [{meeting_id, client_id, client_seq, expected_version, change}]
    this.inFlight = new Map();                    // meeting_id -> client_seq in flight
    this.commandWaiters = new Map();              // client_seq -> {resolve, reject}
    this.commandRetryTimers = new Map();          // meeting_id -> timer
    this.commandBackoff = new Map();              // meeting_id -> attempts

    this.sessions = new Map();                    // meeting_id -> MeetingSession
    this.requests = new Map();                    // envelope id -> {resolve, reject, timer}
    this.nextRequestId = 1;

    this.ws = null;
    this.state = ConnState.CONNECTING;
    this.linkUp = false;         // the socket is open and the hello answered: requests may go
    this.linkGen = 0;            // counts links; a session resumed on this link has s.linkGen === linkGen
    this.resumed = false;        // since the link came up, every session was resumed and nothing waited
    this.pendingSources = new Set(); // fns counting other unacknowledged work (minutes edits)
    this.busySources = new Set();    // fns true while the page is still catching up (minutes history)
    this.lastUnsent = 0;
    this.waitingSince = 0;       // since when sent work waits without any ack (0 = nothing waits)
    this.graceTimer = null;
    this.pingInFlight = false;
    this.lastRxAt = 0;
    this.everConnected = false;
    this.storageUnavailable = false;
    this.failures = 0;           // consecutive failed connection attempts
    this.disconnectedSince = 0;  // when the connection was last lost (0 = connected)
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.healthTimer = null;
    this.stopped = true;
    this.serverId = '';
    this.clockOffsetMs = 0;      // server time - local time
    this.bestRttMs = Infinity;
    this.lastError = null;
    this.account = null;         // Welcome.account: who this connection is logged in as
    this.refusedUpgrades = 0;    // consecutive connections closed before they opened
    this.authChecking = false;

    this.stateEmitter = new Emitter();     // fn(client)
    this.rejectEmitter = new Emitter();    // fn({command, error})
    this.presenceEmitter = new Emitter();  // fn(presence): others' carets, relayed by the server
    this.authEmitter = new Emitter();      // fn({reason}): 'unauthenticated' | 'must_change_password'

    this._onOnline = () => this.reconnectNow();
    // The browser says the network is gone: do not wait for the socket to find out.
    this._onOffline = () => {
      if (this.ws) this._abandon(this.ws, 'offline');
      else this._update();
    };
    // Back in front: a hidden tab's timers may have run a minute late, so check the link
    // now instead of trusting the last ping.
    this._onVisible = () => {
      if (!globalThis.document || document.visibilityState !== 'visible') return;
      if (this.linkUp) this._ping();
      else this.reconnectNow();
    };
  }

  // ------------------------------------------------------------------ public API

  /** Subscribes to connection/storage/pending changes; fn(client). Returns an unsubscribe function. */
  onState(fn) { return this.stateEmitter.on(fn); }

  /**
   * Counts more unacknowledged work into unsentCount and into "resumed": count() is
   * called on every state change; the owner calls pendingChanged() when it changes.
   * Returns a function that removes the source.
   */
  addPendingSource(count) {
    this.pendingSources.add(count);
    this._update();
    return () => { this.pendingSources.delete(count); this._update(); };
  }

  /** A pending source's count changed (or a busy source's answer). */
  pendingChanged() { this._update(); }

  /**
   * Something the page is still bringing up to date after a (re)join — the minutes
   * editors reading the history between their version and a snapshot: busy() true keeps
   * the state at 'syncing', since what the page shows is not yet the server's. The owner
   * calls pendingChanged() when the answer changes. Returns a function that removes it.
   */
  addBusySource(busy) {
    this.busySources.add(busy);
    this._update();
    return () => { this.busySources.delete(busy); this._update(); };
  }

  _busy() {
    for (const busy of this.busySources) {
      try { if (busy()) return true; } catch (e) { console.error(e); }
    }
    return false;
  }

  /** Changes made here and not yet acknowledged: queued commands plus the pending sources. */
  get unsentCount() {
    let n = this.pendingCommands.length;
    for (const count of this.pendingSources) {
      try { n += count() || 0; } catch (e) { console.error(e); }
    }
    return n;
  }

  /**
   * Subscribes to the end of the login session, noticed when the server keeps refusing
   * the WebSocket upgrade: fn({reason}) with reason 'unauthenticated' (GET /api/me said
   * 401) or 'must_change_password'. The page sends the user to the login page.
   */
  onAuthLost(fn) { return this.authEmitter.on(fn); }

  /** Subscribes to commands the server rejected for good; fn({command, error}). */
  onReject(fn) { return this.rejectEmitter.on(fn); }

  /**
   * Subscribes to the presence (caret, selection, typing) of the other connections in the
   * joined meetings; fn(presence) with presence = {meeting_id, item_id, anchor, head,
   * version, typing, client_id, client_name}; item_id "" = that client left the minutes.
   */
  onPresence(fn) { return this.presenceEmitter.on(fn); }

  /**
   * Sends this connection's presence in a meeting's minutes. Fire and forget: the server
   * answers only when it refuses (not joined, rate limited: at most 30 per second); a
   * lost caret is replaced by the next one. Returns false when not connected.
   */
  sendPresence(p) {
    if (!this.linkUp || !this.ws || this.ws.readyState !== 1) return false;
    const s = this.sessions.get(p.meeting_id);
    if (!s || s.status !== 'joined' || s.joining) return false;
    try {
      this.ws.send(JSON.stringify({ id: this.nextRequestId++, presence: p }));
      return true;
    } catch {
      return false;
    }
  }

  /** Changes the name others see (events, carets); says hello again on a live connection. */
  setName(name) {
    this.clientName = String(name || '').slice(0, 64);
    if (this.linkUp) {
      this.request({ hello: { client_id: this.clientId, client_name: this.clientName } }).catch(() => {});
    }
  }

  /** Opens the connection (and keeps it open until stop()). */
  async start() {
    if (!this.stopped) return;
    this.stopped = false;
    await this._claimClientId();
    if (globalThis.addEventListener) {
      globalThis.addEventListener('online', this._onOnline);
      globalThis.addEventListener('offline', this._onOffline);
      globalThis.addEventListener('visibilitychange', this._onVisible);
    }
    this._connect();
  }

  /** Closes the connection for good; queued commands stay in storage. */
  stop() {
    this.stopped = true;
    this.clock.clearTimeout(this.reconnectTimer);
    this.clock.clearInterval(this.pingTimer);
    this.clock.clearTimeout(this.healthTimer);
    this.clock.clearTimeout(this.graceTimer);
    for (const t of this.commandRetryTimers.values()) this.clock.clearTimeout(t);
    this.commandRetryTimers.clear();
    if (globalThis.removeEventListener) {
      globalThis.removeEventListener('online', this._onOnline);
      globalThis.removeEventListener('offline', this._onOffline);
      globalThis.removeEventListener('visibilitychange', this._onVisible);
    }
    if (this.idChannel) { this.idChannel.close(); this.idChannel = null; }
    if (this.ws) { try { this.ws.close(1000); } catch { /* closing anyway */ } }
    this._dropConnection('stopped');
  }

  /** Estimated server time (unix ms). */
  serverNow() { return this.clock.now() + this.clockOffsetMs; }

  /** Number of commands not yet acknowledged (all meetings). */
  get pendingCount() { return this.pendingCommands.length; }

  pendingFor(meetingId) { return this.pendingCommands.filter((c) => c.meeting_id === meetingId); }

  /**
   * Sends one request; body is the envelope without id, e.g. {list_meetings: {}}.
   * Resolves with the reply envelope; rejects with RequestError (error reply) or
   * ConnectionError (no connection, timeout, connection lost).
   */
  request(body, { timeoutMs } = {}) {
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== 1) {
        reject(new ConnectionError('not connected'));
        return;
      }
      const id = this.nextRequestId++;
      const timer = this.clock.setTimeout(() => {
        this.requests.delete(String(id));
        reject(new ConnectionError('timeout'));
      }, timeoutMs || this.requestTimeoutMs);
      this.requests.set(String(id), { resolve, reject, timer });
      try {
        this.ws.send(JSON.stringify({ id, ...body }));
      } catch (e) {
        this.clock.clearTimeout(timer);
        this.requests.delete(String(id));
        reject(new ConnectionError(String(e)));
      }
    });
  }

  /** Resolves once the link is up (after welcome; requests may go, the resume may still run). */
  whenConnected() {
    if (this.linkUp) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.onState(() => {
        if (this.linkUp) { off(); resolve(); }
      });
    });
  }

  async listMeetings(includeArchived = false) {
    await this.whenConnected();
    const r = await this.request({ list_meetings: { include_archived: !!includeArchived } });
    return (r.meeting_list.meetings || []).map((s) => ({
      ...s, version: num(s.version), created_at_ms: num(s.created_at_ms),
      info: normalizeMeetingInfo(s.info),
    }));
  }

  /**
   * Creates a meeting. Retried with the same client_seq until the server answers, so
   * a lost reply never creates two meetings. Resolves with {meeting, epoch}.
   */
  async createMeeting(info) {
    const seq = this._nextSeq();
    for (let attempt = 0; ; attempt++) {
      await this.whenConnected();
      try {
        const r = await this.request({ create_meeting: { info, client_id: this.clientId, client_seq: seq } });
        this._setStorageUnavailable(false);
        return { meeting: normalizeMeeting(r.created.meeting), epoch: r.created.epoch || '' };
      } catch (e) {
        if (e instanceof RequestError && !RETRYABLE.has(e.code)) throw e;
        if (e instanceof RequestError && e.code === 'ERROR_STORAGE_UNAVAILABLE') this._setStorageUnavailable(true);
        await sleep(backoffMs(attempt, 500, 10000));
      }
    }
  }

  /** Joins a meeting (or returns the session already joined). The session is resumed on every reconnect. */
  join(meetingId) {
    let s = this.sessions.get(meetingId);
    if (s) return s;
    s = new MeetingSession(this, meetingId);
    this.sessions.set(meetingId, s);
    if (this.linkUp) this._sendJoin(s);
    this._update(); // one more meeting to resume before 'connected'
    return s;
  }

  /** Leaves a meeting: no more events; its queued commands stay queued for a later join. */
  leave(meetingId) {
    const s = this.sessions.get(meetingId);
    if (!s) return;
    this.sessions.delete(meetingId);
    s.status = 'left';
    this.clock.clearTimeout(s.gapTimer);
    this.clock.clearTimeout(s.retryTimer);
    if (this.linkUp) this.request({ leave: { meeting_id: meetingId } }).catch(() => {});
    this._update();
  }

  /**
   * Queues a command for a meeting. opts.expectedVersion (default 0 = no check).
   * Resolves with the Ack ({meeting_id, version, duplicate, client_seq}); rejects with
   * RequestError when the server refuses the change for good (invalid field, not
   * found, stale version, archived, ...). Never rejects for connection or storage
   * trouble: the command waits and is re-sent.
   */
  command(meetingId, change, opts = {}) {
    const cmd = {
      meeting_id: meetingId,
      client_id: this.clientId,
      client_seq: this._nextSeq(),
      expected_version: opts.expectedVersion || 0,
      change,
    };
    this.pendingCommands.push(cmd);
    this._savePending();
    const p = new Promise((resolve, reject) => this.commandWaiters.set(cmd.client_seq, { resolve, reject }));
    this._emitState();
    this._pump(meetingId);
    return p;
  }

  // ------------------------------------------------------------------ client id and sequence

  _newClientId() {
    this.clientId = randomId();
    this.storage.setItem(KEY_CLIENT_ID, this.clientId);
    this.storage.setItem(KEY_SEQ, '0');
  }

  _nextSeq() {
    const seq = num(this.storage.getItem(KEY_SEQ)) + 1;
    this.storage.setItem(KEY_SEQ, String(seq));
    return seq;
  }

  // A duplicated browser tab copies sessionStorage, and with it the client id: two
  // tabs with one id would make the server take one tab's commands for the other's
  // retries. Ask the other tabs; if a live one owns the id, take a new one and drop
  // the copied queue (its commands belong to the tab that queued them).
  async _claimClientId() {
    if (typeof BroadcastChannel === 'undefined') return;
    const ch = new BroadcastChannel('huiwu-client-id');
    const nonce = randomId();
    let taken = false;
    let claimed = false; // only a tab that owns its id answers, so two starting tabs never both give theirs up
    ch.onmessage = (ev) => {
      const d = ev.data || {};
      if (d.type === 'who' && claimed && d.id === this.clientId && d.nonce !== nonce) ch.postMessage({ type: 'mine', id: d.id, to: d.nonce });
      if (d.type === 'mine' && d.to === nonce) taken = true;
    };
    ch.postMessage({ type: 'who', id: this.clientId, nonce });
    await sleep(120);
    if (taken) {
      this._newClientId();
      this.pendingCommands = [];
      this._savePending();
    }
    claimed = true;
    this.idChannel = ch; // stays open to answer later duplicates
  }

  _loadPending() {
    try {
      const a = JSON.parse(this.storage.getItem(KEY_PENDING) || '[]');
      return Array.isArray(a) ? a : [];
    } catch {
      return [];
    }
  }

  _savePending() {
    try {
      this.storage.setItem(KEY_PENDING, JSON.stringify(this.pendingCommands));
    } catch (e) {
      console.warn('cannot persist pending commands', e);
    }
  }

  // ------------------------------------------------------------------ connection

  /** Connects at once instead of waiting for the backoff (e.g. a "retry now" button). */
  reconnectNow() {
    if (this.stopped || (this.ws && this.ws.readyState <= 1)) return;
    this.clock.clearTimeout(this.reconnectTimer);
    this.failures = Math.min(this.failures, 1);
    this._connect();
    this._update();
  }

  _connect() {
    if (this.stopped) return;
    this.clock.clearTimeout(this.reconnectTimer);
    let ws;
    try {
      ws = new this.WS(this.url);
    } catch (e) {
      this._scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    // A connect that hangs (packets dropped, captive network, a stopped server whose
    // kernel still accepts) is given up after a while.
    const connectTimer = this.clock.setTimeout(() => { if (ws === this.ws && ws.readyState === 0) this._abandon(ws, 'connect timeout'); }, this.requestTimeoutMs);
    ws.onopen = () => { opened = true; this.refusedUpgrades = 0; this.clock.clearTimeout(connectTimer); this._onOpen(ws); };
    ws.onmessage = (ev) => { if (ws === this.ws) { this.lastRxAt = this.clock.now(); this._onMessage(ev.data); } };
    ws.onclose = (ev) => {
      this.clock.clearTimeout(connectTimer);
      if (ws !== this.ws) return;
      this._dropConnection('closed');
      if (!opened && ++this.refusedUpgrades >= 2) this._checkAuth();
      // 1012 (an instance draining: protocol.md §10.1) or 1001: the server sends us
      // elsewhere; the balancer has another instance now, so no backoff (a spread of
      // RESTART_SPREAD_MS keeps a thousand clients from arriving in one instant).
      if (opened && ev && (ev.code === 1012 || ev.code === 1001)) {
        this.failures = 0;
        this.clock.clearTimeout(this.reconnectTimer);
        this.reconnectTimer = this.clock.setTimeout(() => { this._connect(); this._update(); },
          Math.round(Math.random() * RESTART_SPREAD_MS));
        return;
      }
      this._scheduleReconnect();
    };
    ws.onerror = () => { /* onclose follows */ };
  }

  // Gives up a socket without waiting for its close: a browser may take up to a minute
  // to report the close of a connection whose peer does not answer (a stopped server,
  // a pulled cable), and until then the page would say "connected".
  _abandon(ws, why) {
    if (ws !== this.ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try { ws.close(); } catch { /* closing anyway */ }
    this._dropConnection(why);
    this._scheduleReconnect();
  }

  async _onOpen(ws) {
    if (ws !== this.ws) return;
    const t0 = this.clock.now();
    this.lastRxAt = t0;
    try {
      const r = await this.request({ hello: { client_id: this.clientId, client_name: this.clientName } });
      if (ws !== this.ws) return;
      const t1 = this.clock.now();
      this.serverId = r.welcome.server_id || '';
      this.account = r.welcome.account || this.account;
      this.timeZone = r.welcome.time_zone || this.timeZone || '';
      if (this.timeZone) setOfficeZone(this.timeZone); // times on screen in the office's zone
      this._clockSample(t0, num(r.welcome.server_time_ms), t1);
    } catch (e) {
      if (ws === this.ws) this._abandon(ws, 'no welcome');
      return;
    }
    this.failures = 0;
    this.disconnectedSince = 0;
    this.everConnected = true;
    this.linkUp = true;
    this.resumed = false;
    this.linkGen++;
    this.clock.clearInterval(this.pingTimer);
    this.pingTimer = this.clock.setInterval(() => this._ping(), this.pingIntervalMs);
    this._update(); // 'syncing' until every meeting is resumed
    for (const s of this.sessions.values()) {
      // Refused for good (not found, not allowed): a new link does not ask again.
      if (s.status === 'not_found' || s.status === 'failed') continue;
      this._sendJoin(s);
    }
    if (this.storageUnavailable) this._probeHealth();
  }

  // A refused upgrade and a server that is down look the same from here (a close before
  // open). /api/me tells them apart: 401 = the session is gone; a server that is down
  // does not answer at all and the reconnecting goes on.
  async _checkAuth() {
    if (this.authChecking || this.stopped || typeof fetch !== 'function') return;
    this.authChecking = true;
    try {
      const r = await fetch(this.meUrl, { cache: 'no-store', credentials: 'same-origin' });
      if (r.status === 401) this.authEmitter.emit({ reason: 'unauthenticated' });
      else if (r.ok) {
        const body = await r.json().catch(() => ({}));
        if (body.account && body.account.must_change_password) this.authEmitter.emit({ reason: 'must_change_password' });
      }
    } catch { /* server unreachable: keep reconnecting */ }
    this.authChecking = false;
  }

  _dropConnection(why) {
    this.clock.clearInterval(this.pingTimer);
    this.ws = null;
    this.linkUp = false;
    this.resumed = false;
    this.pingInFlight = false;
    this.inFlight.clear();
    for (const t of this.commandRetryTimers.values()) this.clock.clearTimeout(t);
    this.commandRetryTimers.clear();
    for (const [id, r] of this.requests) {
      this.clock.clearTimeout(r.timer);
      r.reject(new ConnectionError(why));
      this.requests.delete(id);
    }
    for (const s of this.sessions.values()) {
      s.joining = false;
      s.buffered = [];
      this.clock.clearTimeout(s.retryTimer);
      this.clock.clearTimeout(s.gapTimer);
    }
    if (!this.stopped) this.failures++;
    if (!this.disconnectedSince) this.disconnectedSince = this.clock.now();
    this._update();
  }

  _disconnectedState() {
    if (this.stopped) return ConnState.OFFLINE;
    if (globalThis.navigator && navigator.onLine === false) return ConnState.OFFLINE;
    // A server restart takes a few seconds: call it "offline" only when it lasts.
    if (this.disconnectedSince && this.clock.now() - this.disconnectedSince > OFFLINE_AFTER_MS) return ConnState.OFFLINE;
    return this.everConnected ? ConnState.RECONNECTING : ConnState.CONNECTING;
  }

  _scheduleReconnect() {
    if (this.stopped) return;
    this.clock.clearTimeout(this.reconnectTimer);
    const delay = backoffMs(this.failures - 1, 300, 15000);
    this.reconnectTimer = this.clock.setTimeout(() => { this._connect(); this._update(); }, delay);
  }

  // One ping in flight. Not answered within pingTimeoutMs, and nothing else received
  // since it left (a big snapshot may delay the pong, but then frames do arrive): the
  // link is dead even if the browser has not noticed. Drop it now and start over.
  async _ping() {
    if (!this.linkUp || this.pingInFlight) return;
    const ws = this.ws;
    const t0 = this.clock.now();
    this.pingInFlight = true;
    const check = this.clock.setTimeout(() => {
      if (ws === this.ws && this.pingInFlight && this.lastRxAt <= t0) this._abandon(ws, 'ping timeout');
    }, this.pingTimeoutMs);
    try {
      const r = await this.request({ ping: { client_time_ms: t0 } }, { timeoutMs: this.requestTimeoutMs + this.pingTimeoutMs });
      this._clockSample(t0, num(r.pong.server_time_ms), this.clock.now());
    } catch (e) {
      if (e instanceof ConnectionError && ws === this.ws && ws) this._abandon(ws, 'ping timeout');
    } finally {
      this.clock.clearTimeout(check);
      if (ws === this.ws) this.pingInFlight = false;
    }
  }

  // The sample with the smallest round trip gives the best offset; older samples
  // age so that a drifting local clock is followed.
  _clockSample(t0, serverMs, t1) {
    if (!serverMs) return;
    const rtt = t1 - t0;
    this.bestRttMs = Math.min(this.bestRttMs * 1.2 + 1, 1e9);
    if (rtt <= this.bestRttMs) {
      this.bestRttMs = rtt;
      this.clockOffsetMs = serverMs - (t0 + t1) / 2;
    }
  }

  // Every session that can be joined has been (re)joined on this link; with
  // caughtUp, also holds the events of every change acknowledged to us (the resume
  // re-sent them: 'connected' means they are on this screen too).
  _allJoined({ caughtUp = false } = {}) {
    for (const s of this.sessions.values()) {
      if (s.status === 'not_found' || s.status === 'failed' || s.status === 'left') continue;
      if (s.status !== 'joined' || s.joining || s.linkGen !== this.linkGen) return false;
      if (caughtUp && s.version < s.lastAckVersion) return false;
    }
    return true;
  }

  /**
   * Works out the state from the facts (link, resume, unsent work) and tells the
   * listeners. Called after anything that may change one of them.
   *   link down                      -> reconnecting | offline | connecting
   *   link up, resume not finished   -> syncing (re-joins, re-sends of what waited)
   *   a meeting (re)joining          -> syncing (a gap, a resync, a meeting opened)
   *   a busy source catching up      -> syncing (minutes reading their history)
   *   resumed, work waits > grace    -> syncing (sent, but no ack for a while)
   *   resumed, work refused for now  -> syncing (storage unavailable, waiting to retry)
   *   resumed, nothing waits (long)  -> connected
   */
  _update() {
    const now = this.clock.now();
    const unsent = this.unsentCount;
    // "Waiting" restarts with every ack: a steady stream of quickly acknowledged
    // keystrokes is not a stall, a command without an answer for a while is.
    if (!unsent) this.waitingSince = 0;
    else if (!this.waitingSince || unsent < this.lastUnsent) this.waitingSince = now;
    this.lastUnsent = unsent;
    this.clock.clearTimeout(this.graceTimer);
    this.graceTimer = null;
    let st;
    if (!this.linkUp) st = this._disconnectedState();
    else {
      const joined = this._allJoined();
      if (!this.resumed && !unsent && joined && this._allJoined({ caughtUp: true })) this.resumed = true;
      // Refused for now (storage unavailable, rate limited: waiting for a retry) is known
      // not saved: no grace time for that.
      const refused = this.storageUnavailable || this.commandRetryTimers.size > 0;
      if (!this.resumed || !joined || this._busy()) st = ConnState.SYNCING;
      else if (unsent && (refused || now - this.waitingSince >= this.sendGraceMs)) st = ConnState.SYNCING;
      else {
        st = ConnState.CONNECTED;
        if (unsent) this.graceTimer = this.clock.setTimeout(() => this._update(), this.waitingSince + this.sendGraceMs - now);
      }
    }
    this.state = st;
    this.stateEmitter.emit(this);
  }

  _emitState() { this._update(); }
  _setStorageUnavailable(v) {
    if (this.storageUnavailable === v) return;
    this.storageUnavailable = v;
    this._emitState();
    if (v) this._probeHealth();
    else {
      this.clock.clearTimeout(this.healthTimer);
      // Storage is back: retry at once what was waiting for it.
      for (const mid of new Set(this.pendingCommands.map((c) => c.meeting_id))) {
        if (this.commandRetryTimers.has(mid)) {
          this.clock.clearTimeout(this.commandRetryTimers.get(mid));
          this.commandRetryTimers.delete(mid);
          this.commandBackoff.set(mid, 0);
          this._pump(mid);
        }
      }
    }
  }

  // While storage is unavailable and nothing of ours is being retried, /healthz tells
  // us when it is back, so the banner does not stay up forever.
  _probeHealth() {
    this.clock.clearTimeout(this.healthTimer);
    if (!this.storageUnavailable || this.stopped || typeof fetch !== 'function') return;
    this.healthTimer = this.clock.setTimeout(async () => {
      try {
        const r = await fetch(this.healthUrl, { cache: 'no-store' });
        if (r.ok) { this._setStorageUnavailable(false); return; }
      } catch { /* still down or offline */ }
      this._probeHealth();
    }, 3000);
  }

  // ------------------------------------------------------------------ incoming frames

  _onMessage(data) {
    if (typeof data !== 'string') return; // we speak JSON; the server answers in kind
    let env;
    try {
      env = JSON.parse(data);
    } catch {
      console.warn('unparsable frame', data.slice(0, 200));
      return;
    }
    const id = String(env.id ?? '0');
    if (id !== '0') {
      const r = this.requests.get(id);
      if (!r) return; // reply to a request that already timed out
      this.requests.delete(id);
      this.clock.clearTimeout(r.timer);
      if (env.error) r.reject(new RequestError(env.error));
      else r.resolve(env);
      return;
    }
    if (env.event) this._onEvent(env.event);
    else if (env.presence) { if (this.sessions.has(env.presence.meeting_id)) this.presenceEmitter.emit(env.presence); }
    else if (env.resync) this._onResync(env.resync);
    else if (env.error) console.warn('server error', env.error);
  }

  _onEvent(ev) {
    const s = this.sessions.get(ev.meeting_id);
    if (!s) return;
    // Someone's write reached Redis: storage works.
    if (this.storageUnavailable) this._setStorageUnavailable(false);
    if (s.joining || !s.meeting) { s.buffered.push(ev); return; }
    this._applyOrRejoin(s, ev);
  }

  _applyOrRejoin(s, ev) {
    const v = num(ev.version);
    if (v <= s.version) return true; // already have it (came with joined, or twice)
    if (v !== s.version + 1) {
      this._sendJoin(s); // gap: ask for what we missed
      return false;
    }
    let kind;
    try {
      kind = applyEvent(s.meeting, ev);
    } catch (e) {
      // Our copy cannot take this event (it is not the server's state): start over.
      console.error('cannot apply event', ev.version, e);
      this._sendJoin(s, { fresh: true });
      return false;
    }
    s._emit({ type: 'event', event: ev, kind });
    if (v === s.lastAckVersion) this._update(); // the last acknowledged change is in our copy
    return true;
  }

  _onResync(r) {
    const s = this.sessions.get(r.meeting_id);
    if (!s) return;
    console.info('resync', r.meeting_id, r.reason);
    this._sendJoin(s, { fresh: true });
  }

  // ------------------------------------------------------------------ join / resume

  async _sendJoin(s, { fresh = false } = {}) {
    if (s.status === 'left') return;
    if (s.joining) {
      // Asked again while a join is in flight (a resync, a gap): join once more after it.
      s.again = s.again || (fresh ? 'fresh' : 'resume');
      return;
    }
    if (!this.linkUp) return;
    s.again = '';
    s.joining = true;
    s.buffered = [];
    this._update();
    this.clock.clearTimeout(s.retryTimer);
    const knownVersion = fresh || !s.meeting ? 0 : s.version;
    const ws = this.ws;
    let r;
    try {
      r = await this.request({ join: { meeting_id: s.id, known_version: knownVersion, known_epoch: knownVersion ? s.epoch : '' } });
    } catch (e) {
      s.joining = false;
      if (ws !== this.ws || s.status === 'left') return;
      if (e instanceof RequestError && !RETRYABLE.has(e.code)) {
        // Refused for good (no such meeting, malformed id, not allowed): do not retry.
        s.status = e.code === 'ERROR_NOT_FOUND' || e.code === 'ERROR_INVALID_FIELD' ? 'not_found' : 'failed';
        s.error = e;
        // No longer allowed (invitation removed, level raised above the clearance): what
        // this page held of the meeting is dropped, not just hidden.
        if (e.code === 'ERROR_FORBIDDEN') { s.meeting = null; s.myRole = ''; }
        s._emit({ type: 'status' });
        this._update(); // nothing more to resume here
        return;
      }
      if (e instanceof RequestError && e.code === 'ERROR_STORAGE_UNAVAILABLE') this._setStorageUnavailable(true);
      s.joinAttempts++;
      s.retryTimer = this.clock.setTimeout(() => this._sendJoin(s, { fresh }), backoffMs(s.joinAttempts, 500, 10000));
      return;
    }
    if (ws !== this.ws || s.status === 'left') { s.joining = false; return; }
    s.joinAttempts = 0;
    const j = r.joined;
    s.myRole = j.my_role || '';
    const snap = j.snapshot;
    let ok = true;
    if (snap && snap.id) {
      s.meeting = normalizeMeeting(snap);
      s.meeting.version = num(j.version) || s.meeting.version;
      s.epoch = j.epoch || '';
      s._emit({ type: 'snapshot' });
    } else if (!s.meeting || (j.epoch || '') !== s.epoch) {
      ok = false; // no snapshot where one was needed: ask for one
    } else {
      for (const ev of j.events || []) {
        if (!this._applyOrRejoinDuringJoin(s, ev)) { ok = false; break; }
      }
      if (ok && s.version !== num(j.version)) ok = false;
    }
    if (j.server_time_ms && this.bestRttMs === Infinity) this.clockOffsetMs = num(j.server_time_ms) - this.clock.now();
    s.joining = false;
    if (!ok) {
      console.warn('join did not line up; asking for a snapshot', s.id);
      this._sendJoin(s, { fresh: true });
      return;
    }
    if (s.again) {
      const again = s.again;
      s.again = '';
      this._sendJoin(s, { fresh: again === 'fresh' });
      return;
    }
    const wasJoined = s.status === 'joined';
    s.status = 'joined';
    s.linkGen = this.linkGen;
    s.error = null;
    const buffered = s.buffered;
    s.buffered = [];
    for (const ev of buffered) if (!this._applyOrRejoin(s, ev)) break;
    if (!wasJoined) s._emit({ type: 'status' });
    // Every completed (re)join: the copy is current again. The minutes editor re-sends
    // its unacknowledged operation from here, after the missed events were applied.
    s._emit({ type: 'joined' });
    s.resolveReady(s);
    this._pump(s.id);
    this._update(); // maybe the last meeting to resume
  }

  _applyOrRejoinDuringJoin(s, ev) {
    const v = num(ev.version);
    if (v <= s.version) return true;
    if (v !== s.version + 1) return false;
    let kind;
    try {
      kind = applyEvent(s.meeting, ev);
    } catch (e) {
      console.error('cannot apply event', ev.version, e);
      return false; // the caller asks for a snapshot
    }
    s._emit({ type: 'event', event: ev, kind });
    return true;
  }

  // ------------------------------------------------------------------ commands

  _pump(meetingId) {
    if (!this.linkUp || this.inFlight.has(meetingId) || this.commandRetryTimers.has(meetingId)) return;
    const s = this.sessions.get(meetingId);
    if (!s || s.status !== 'joined' || s.joining) return;
    const cmd = this.pendingCommands.find((c) => c.meeting_id === meetingId);
    if (!cmd) return;
    this.inFlight.set(meetingId, cmd.client_seq);
    const ws = this.ws;
    this.request({ command: cmd }).then(
      (r) => this._onCommandDone(cmd, ws, r.ack, null),
      (e) => this._onCommandDone(cmd, ws, null, e),
    );
  }

  _onCommandDone(cmd, ws, ack, err) {
    if (ws !== this.ws) return; // connection changed; the command is re-sent after the re-join
    this.inFlight.delete(cmd.meeting_id);
    const mid = cmd.meeting_id;
    if (ack) {
      // The version first: 'connected' waits until the acknowledged change is in our copy.
      const s = this.sessions.get(mid);
      const v = num(ack.version);
      if (s && v > s.version) this._expectVersion(s, v);
      this._finishCommand(cmd);
      this.commandBackoff.set(mid, 0);
      this._setStorageUnavailable(false);
      this.commandWaiters.get(cmd.client_seq)?.resolve({ ...ack, version: v, client_seq: num(ack.client_seq) });
      this.commandWaiters.delete(cmd.client_seq);
      this._pump(mid);
      return;
    }
    if (err instanceof RequestError && err.code === 'ERROR_NOT_JOINED') {
      const s = this.sessions.get(mid);
      if (s) this._sendJoin(s); // the join pumps again
      return;
    }
    if (err instanceof RequestError && !RETRYABLE.has(err.code)) {
      // Refused for good: the change cannot apply (invalid, unknown item, stale, ...).
      this._finishCommand(cmd);
      this.rejectEmitter.emit({ command: cmd, error: err });
      const w = this.commandWaiters.get(cmd.client_seq);
      this.commandWaiters.delete(cmd.client_seq);
      if (w) w.reject(err);
      this._pump(mid);
      return;
    }
    // Storage down, rate limited, timeout: outcome unknown or "not now". Keep it and
    // re-send the very same (client_id, client_seq) later.
    if (err instanceof RequestError && err.code === 'ERROR_STORAGE_UNAVAILABLE') this._setStorageUnavailable(true);
    this.lastError = err;
    const n = (this.commandBackoff.get(mid) || 0) + 1;
    this.commandBackoff.set(mid, n);
    this.commandRetryTimers.set(mid, this.clock.setTimeout(() => {
      this.commandRetryTimers.delete(mid);
      this._pump(mid);
    }, backoffMs(n, 500, 10000)));
    this._emitState();
  }

  _finishCommand(cmd) {
    const i = this.pendingCommands.indexOf(cmd);
    if (i >= 0) this.pendingCommands.splice(i, 1);
    this._savePending();
    this._emitState();
  }

  // The author receives the event and the ack in either order. If the ack names a
  // version that has not arrived shortly after, something was lost: re-join.
  _expectVersion(s, v) {
    s.lastAckVersion = Math.max(s.lastAckVersion, v);
    this.clock.clearTimeout(s.gapTimer);
    s.gapTimer = this.clock.setTimeout(() => {
      if (s.status === 'joined' && !s.joining && s.version < s.lastAckVersion) this._sendJoin(s);
    }, 2000);
  }
}

function normalizeMeetingInfo(info) {
  const i = Object.assign({}, info || {});
  i.starts_at_ms = num(i.starts_at_ms);
  i.ends_at_ms = num(i.ends_at_ms);
  return i;
}

/** Exponential backoff with jitter: between half and all of min(max, base * 2^attempt). */
export function backoffMs(attempt, base, max) {
  const cap = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}
