// Live updates of the follow-up pages (督办), by long polling GET /api/followup/changes:
// the server answers when a decision record changed anywhere (or after ~20 s with nothing
// new), and the page re-reads what it shows through the ordinary, access-filtered routes.
// It looks like a HuiwuClient to the header (state, onState, pendingCount, reconnectNow),
// so the pages show the same connection state as the meeting pages.

import { ConnState } from './client.js';
import { goLogin } from './access-ui.js';

export class FollowupFeed {
  constructor() {
    this.state = ConnState.CONNECTING;
    this.pendingCount = 0;
    this.account = null;
    this.generation = 0;
    this.stateFns = new Set();
    this.changeFns = new Set();
    this.failures = 0;
    this.wake = null;
    this.readAt = 0;
  }

  onState(fn) { this.stateFns.add(fn); return () => this.stateFns.delete(fn); }
  /** fn() after every change the server reports (and once when (re)connected). */
  onChange(fn) { this.changeFns.add(fn); return () => this.changeFns.delete(fn); }
  onAuthLost() {}

  _set(state) {
    if (this.state === state) return;
    this.state = state;
    for (const fn of this.stateFns) fn();
  }

  _changed() { for (const fn of this.changeFns) fn(); }

  reconnectNow() { if (this.wake) this.wake(); }

  async start() {
    for (;;) {
      try {
        const ctl = new AbortController();
        const timer = setTimeout(() => ctl.abort(), 28000);
        const r = await fetch(`/api/followup/changes?after=${this.generation}`, { cache: 'no-store', credentials: 'same-origin', signal: ctl.signal });
        clearTimeout(timer);
        if (r.status === 401) { goLogin(); return; }
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        const { generation } = await r.json();
        const first = this.state !== ConnState.CONNECTED;
        this.failures = 0;
        this._set(ConnState.CONNECTED);
        // Pub/Sub may lose a wake-up (a Redis reconnect): re-read at least once a minute.
        if (generation !== this.generation || first || Date.now() - this.readAt > 60000) {
          this.generation = generation;
          this.readAt = Date.now();
          this._changed();
        }
      } catch {
        this.failures += 1;
        this._set(this.failures > 5 ? ConnState.OFFLINE : ConnState.RECONNECTING);
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

/** A fresh client id for idempotent retries of one request. */
export function requestId() {
  return 'web-' + Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
}

/** Today's date in Asia/Shanghai plus n days, YYYY-MM-DD. */
export function shanghaiDate(n = 0) {
  const d = new Date(Date.now() + n * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
