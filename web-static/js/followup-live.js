// Live updates of the follow-up pages (督办), by long polling GET /api/followup/changes:
// the server answers when a decision record changed anywhere (or after ~20 s with nothing
// new), and the page re-reads what it shows through the ordinary, access-filtered routes.
// It looks like a HuiwuClient to the header (state, onState, unsentCount, reconnectNow),
// so the pages show the same connection state as the meeting pages, and it is as honest
// (docs/decisions/0017): a long poll that hangs proves nothing, so while one is out
// GET /healthz is asked every ping interval; no answer within the ping timeout, or the
// browser's `offline` event, means 'reconnecting' (or 'offline') at once and the poll is
// abandoned. After a reconnect the state is 'syncing' until the page has re-read what it
// shows, then 'connected'.

import { ConnState } from './client.js';
import { httpProbeSettings, probeHealth } from './http-link.js';
import { goLogin } from './access-ui.js';
import { msToText } from './date-input.js';

export class FollowupFeed {
  /** opts: see httpProbeSettings (http-link.js). */
  constructor(opts = {}) {
    Object.assign(this, httpProbeSettings(opts));
    this.state = ConnState.CONNECTING;
    this.pendingCount = 0;
    this.unsentCount = 0;   // the follow-up pages send nothing in the background
    this.account = null;
    this.generation = 0;
    this.stateFns = new Set();
    this.changeFns = new Set();
    this.failures = 0;
    this.wake = null;
    this.readAt = 0;
    this.poll = null;       // AbortController of the long poll in flight
    this.probing = false;
    this.everConnected = false;
  }

  onState(fn) { this.stateFns.add(fn); return () => this.stateFns.delete(fn); }
  /** fn() after every change the server reports (and once when (re)connected); may return a promise. */
  onChange(fn) { this.changeFns.add(fn); return () => this.changeFns.delete(fn); }
  onAuthLost() {}

  _set(state) {
    if (this.state === state) return;
    this.state = state;
    for (const fn of this.stateFns) fn(this);
  }

  _changed() { return Promise.allSettled([...this.changeFns].map((fn) => fn())); }

  _downState() {
    if (globalThis.navigator && navigator.onLine === false) return ConnState.OFFLINE;
    if (this.failures > 5) return ConnState.OFFLINE;
    return this.everConnected ? ConnState.RECONNECTING : ConnState.CONNECTING;
  }

  // The server or the network stopped answering: say so now, and give up the poll.
  _dead() {
    this._set(this._downState());
    if (this.poll) this.poll.abort();
  }

  reconnectNow() { if (this.wake) this.wake(); }

  async _probe() {
    if (this.probing) return;
    this.probing = true;
    const health = await probeHealth(this.healthUrl, this.pingTimeoutMs); // any answer: the server is there
    this.probing = false;
    if (health === 'down') this._dead();
  }

  /** Ends the polling and the probes (tests; a page simply goes away). */
  stop() {
    this.stopped = true;
    clearInterval(this.probeTimer);
    globalThis.removeEventListener('offline', this._onOffline);
    globalThis.removeEventListener('online', this._onOnline);
    if (this.poll) this.poll.abort();
    this.reconnectNow();
  }

  async start() {
    this.stopped = false;
    this.probeTimer = setInterval(() => this._probe(), this.pingIntervalMs);
    this._onOffline = () => this._dead();
    this._onOnline = () => this.reconnectNow();
    globalThis.addEventListener('offline', this._onOffline);
    globalThis.addEventListener('online', this._onOnline);
    while (!this.stopped) {
      try {
        const ctl = new AbortController();
        this.poll = ctl;
        const timer = setTimeout(() => ctl.abort(), 28000);
        // Not connected: after=0 is answered at once (the counter never is 0), so the page
        // says 'connected' as soon as the server is back, not at the next change.
        const after = this.state === ConnState.CONNECTED ? this.generation : 0;
        const r = await fetch(`/api/followup/changes?after=${after}`, { cache: 'no-store', credentials: 'same-origin', signal: ctl.signal });
        clearTimeout(timer);
        this.poll = null;
        if (r.status === 401) { goLogin(); return; }
        if (this.stopped) return;
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        const { generation } = await r.json();
        const first = this.state !== ConnState.CONNECTED;
        this.failures = 0;
        // Pub/Sub may lose a wake-up (a Redis reconnect): re-read at least once a minute.
        if (generation !== this.generation || first || Date.now() - this.readAt > 60000) {
          this.generation = generation;
          this.readAt = Date.now();
          // Back after an outage: what the page shows is old until it is re-read.
          if (first) this._set(ConnState.SYNCING);
          await this._changed();
        }
        this.everConnected = true;
        this._set(ConnState.CONNECTED);
      } catch {
        this.poll = null;
        if (this.stopped) return;
        this.failures += 1;
        this._set(this._downState());
        const delay = Math.min(15000, 500 * 2 ** Math.min(this.failures, 5));
        await new Promise((res) => { this.wake = res; setTimeout(res, delay); });
        this.wake = null;
      }
    }
  }
}

/** JSON from the follow-up API; throws {status, code, message, field} when refused. */
export async function api(path, body) {
  const init = { cache: 'no-store', credentials: 'same-origin' };
  if (body !== undefined) {
    init.method = 'POST';
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  if (r.status === 401) { goLogin(); throw Object.assign(new Error('unauthenticated'), { status: 401 }); }
  const data = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = data.error || {};
    throw Object.assign(new Error(e.message || `HTTP ${r.status}`), { status: r.status, code: e.code, field: e.field });
  }
  return data;
}

/** The directory: every account's id, name, unit (to pick people and units from). */
let directory = null;
export function loadDirectory() {
  if (!directory) directory = api('/api/accounts').then((d) => d.accounts || []).catch(() => []);
  return directory;
}

/**
 * The unit directory (单位名录, GET /api/units): [{id, name, short_name, parent_id,
 * contact_accounts}], in the order the admin created them; [] when there is none yet.
 */
let unitDirectory = null;
export function loadUnits() {
  if (!unitDirectory) unitDirectory = api('/api/units').then((d) => d.units || []).catch(() => []);
  return unitDirectory;
}

/**
 * The units to pick 牵头单位 / 协办单位 from: the directory's names; while the directory is
 * empty (an office that has not set it up), the units typed on accounts, as before.
 */
export function unitChoices(units, accounts) {
  if (units.length) return units.map((u) => ({ value: u.name, label: u.short_name && u.short_name !== u.name ? `${u.name}（${u.short_name}）` : u.name, unit: u }));
  return [...new Set(accounts.map((a) => a.unit).filter(Boolean))].sort().map((u) => ({ value: u, label: u, unit: null }));
}

/** The directory's unit for an account: the one that names it a contact, else the one its typed unit names. */
export function unitOfAccount(units, account) {
  if (!account) return null;
  return units.find((u) => u.contact_accounts.includes(account.id))
    || units.find((u) => account.unit && (u.name === account.unit || u.short_name === account.unit)) || null;
}

/** A fresh client id for idempotent retries of one request. */
export function requestId() {
  return 'web-' + Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
}

/** Today's date in the office's zone (Asia/Shanghai unless the server says otherwise) plus n days, YYYY-MM-DD. */
export function shanghaiDate(n = 0) {
  return msToText(Date.now() + n * 86400000, 'date');
}
