// The connection state of a page that talks to the server only by plain HTTP requests
// (admin): no socket to watch, so GET /healthz is asked every ping interval. Any answer
// within the ping timeout means the server is there ('connected'); none, or the
// browser's `offline` event, means 'reconnecting' (or 'offline') at once
// (docs/decisions/0017). It looks like a HuiwuClient to the header (state, onState,
// unsentCount, reconnectNow).

import { ConnState, pageConnTiming } from './client.js';

export class HttpLink {
  /** opts: pingIntervalMs (5000), pingTimeoutMs (at most the interval), healthUrl ('/healthz'). */
  constructor(opts = {}) {
    const timing = { ...pageConnTiming(), ...opts };
    this.pingIntervalMs = timing.pingIntervalMs || 5000;
    this.pingTimeoutMs = Math.min(timing.pingTimeoutMs || this.pingIntervalMs, this.pingIntervalMs);
    this.healthUrl = opts.healthUrl || '/healthz';
    this.state = ConnState.CONNECTING;
    this.pendingCount = 0;
    this.unsentCount = 0;
    this.account = null;
    this.everConnected = false;
    this.failures = 0;
    this.probing = false;
    this.fns = new Set();
    this.timer = null;
  }

  onState(fn) { this.fns.add(fn); return () => this.fns.delete(fn); }
  onAuthLost() {}

  _set(state) {
    if (this.state === state) return;
    this.state = state;
    for (const fn of this.fns) fn(this);
  }

  _down() {
    this.failures += 1;
    if (globalThis.navigator && navigator.onLine === false) this._set(ConnState.OFFLINE);
    else if (!this.everConnected) this._set(ConnState.CONNECTING);
    else this._set(this.failures > 5 ? ConnState.OFFLINE : ConnState.RECONNECTING);
  }

  async probe() {
    if (this.probing) return;
    this.probing = true;
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), this.pingTimeoutMs);
    try {
      await fetch(this.healthUrl, { cache: 'no-store', signal: ctl.signal });
      this.failures = 0;
      this.everConnected = true;
      this._set(ConnState.CONNECTED);
    } catch {
      this._down();
    } finally {
      clearTimeout(t);
      this.probing = false;
    }
  }

  reconnectNow() { this.probe(); }

  start() {
    if (this.timer) return;
    this.timer = setInterval(() => this.probe(), this.pingIntervalMs);
    this._onOffline = () => this._down();
    this._onOnline = () => this.probe();
    globalThis.addEventListener('offline', this._onOffline);
    globalThis.addEventListener('online', this._onOnline);
    this.probe();
  }

  /** Ends the probing (tests; a page simply goes away). */
  stop() {
    clearInterval(this.timer);
    this.timer = null;
    globalThis.removeEventListener('offline', this._onOffline);
    globalThis.removeEventListener('online', this._onOnline);
  }
}
