// The connection state of a page that talks to the server only by plain HTTP requests
// (admin): no socket to watch, so GET /healthz is asked every ping interval. Any answer
// within the ping timeout means the server is there ('connected'); none, or the
// browser's `offline` event, means 'reconnecting' (or 'offline') at once
// (docs/decisions/0017). It looks like a HuiwuClient to the header (state, onState,
// unsentCount, reconnectNow).

import { ConnState, pageConnTiming } from './client.js';

/**
 * The probing settings both HTTP-only links share: opts pingIntervalMs (5000),
 * pingTimeoutMs (at most the interval), healthUrl ('/healthz'), over the page's own.
 */
export function httpProbeSettings(opts = {}) {
  const timing = { ...pageConnTiming(), ...opts };
  const pingIntervalMs = timing.pingIntervalMs || 5000;
  return {
    pingIntervalMs,
    pingTimeoutMs: Math.min(timing.pingTimeoutMs || pingIntervalMs, pingIntervalMs),
    healthUrl: opts.healthUrl || '/healthz',
  };
}

/**
 * GET healthUrl within timeoutMs: 'up' (200), 'storage' (an answer that is not 200: the
 * server is there, Redis is not), or 'down' (no answer in time, or no network).
 */
export async function probeHealth(healthUrl, timeoutMs) {
  const ctl = new AbortController();
  const t = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const r = await fetch(healthUrl, { cache: 'no-store', signal: ctl.signal });
    return r.ok ? 'up' : 'storage';
  } catch {
    return 'down';
  } finally {
    clearTimeout(t);
  }
}

export class HttpLink {
  /** opts: see httpProbeSettings. */
  constructor(opts = {}) {
    Object.assign(this, httpProbeSettings(opts));
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
    const health = await probeHealth(this.healthUrl, this.pingTimeoutMs);
    this.probing = false;
    if (health === 'down') { this._down(); return; }
    this.failures = 0;
    this.everConnected = true;
    // The server answers but cannot reach its storage (503): nothing can be saved now.
    this._set(health === 'up' ? ConnState.CONNECTED : ConnState.SYNCING);
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
