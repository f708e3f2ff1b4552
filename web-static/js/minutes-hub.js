// The minutes editors of one page, bound to the page's connection (client.js) and its
// meeting session: every session event goes to every editor in order, a snapshot
// starts their catch-up, a completed (re)join lets them send again.
//
// client_id scheme. Minutes commands do not go through client.js's command queue;
// each editor has its own client_id, `${tab client id}:m:${item id}:${page-load nonce}`,
// with its own client_seq counter, and keeps one operation in flight. Why: the server
// remembers only the highest client_seq applied per client_id and acknowledges
// anything at or below it as a duplicate, so a client_id may never have a later command
// succeed while an earlier one may still be retried. With one id per editor, an
// editor's single in-flight operation is the only command of its id that can be
// outstanding, and minutes never wait behind (or hold up) agenda commands. The id is new
// for every page load, so a counter never has to outlive its page: what a page could not
// deliver stays in localStorage as a "slot" (editor id, last seq, in-flight command as
// sent, buffer) and the next page that opens the meeting adopts the slot and sends it
// with the slot's own id and seq (the server dedups or transforms it), then retires it.
//
// Slots live in localStorage, so they also survive closing the tab. A slot is adopted
// only by one page: each page holds a Web Lock per slot it runs, and adopts a slot only
// if it can take its lock (the page that wrote it is gone). Without Web Locks (plain
// http on a LAN address is not a secure context) a page adopts only the slots of its
// own tab (a reload), recognised by the tab's client id.

import { MinutesSync } from './minutes-sync.js';
import { editedText } from './meeting-state.js';

const PREFIX = 'huiwu.minutes.v1|';
const LOCK_PREFIX = 'huiwu-minutes:';
const STALE_EMPTY_SLOT_MS = 24 * 3600 * 1000;

function localStore() {
  try {
    const s = globalThis.localStorage;
    s.setItem('huiwu.probe', '1');
    s.removeItem('huiwu.probe');
    return s;
  } catch {
    return null;
  }
}

const hasPending = (slot) => !!(slot && (slot.inflight || slot.out || slot.buf));

// Resolves with a release function once the lock is ours, or null if another page holds it.
function tryLock(name) {
  const locks = globalThis.navigator && navigator.locks;
  if (!locks) return Promise.resolve(undefined); // no Web Locks here
  return new Promise((resolve) => {
    locks.request(name, { ifAvailable: true }, (lock) => {
      if (!lock) { resolve(null); return undefined; }
      return new Promise((release) => resolve(release));
    }).catch(() => resolve(null));
  });
}

export class MinutesHub {
  constructor(client, session, { storage = localStore() } = {}) {
    this.client = client;
    this.session = session;
    this.meetingId = session.id;
    this.storage = storage;
    this.nonce = Math.random().toString(36).slice(2, 6);
    this.runs = new Set();      // {sync, itemId, release, key}
    this.views = new Map();     // itemId -> the run the page shows
    this.listeners = new Set();
    this.started = false;
    session.on((s, d) => this._onSession(s, d));
    // The page's connection state counts these edits as unsent work (decision 0017).
    if (client.addPendingSource) client.addPendingSource(() => this.pendingCount);
    // While an editor reads the history up to a snapshot, the page is not yet in step.
    if (client.addBusySource) client.addBusySource(() => this.catchingUp);
  }

  /** Whether an editor is still bringing its text up to the server's (after a snapshot). */
  get catchingUp() {
    for (const r of this.runs) if (!r.sync.dead && (r.sync.catching || r.sync.text === null)) return true;
    return false;
  }

  /** Edits of this page not yet acknowledged, all items. */
  get pendingCount() {
    let n = 0;
    for (const r of this.runs) n += r.sync.pendingCount;
    return n;
  }

  /** fn() whenever an editor's state changes (pending count, recovery, ready). */
  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  _changed() {
    if (this.client.pendingChanged) this.client.pendingChanged();
    for (const fn of [...this.listeners]) { try { fn(); } catch (e) { console.error(e); } }
  }

  /** After client.start() (the tab's client id is settled) and the first join: adopts saved slots. */
  async start() {
    await this.session.ready;
    for (const { key, slot } of this._slots()) {
      const own = slot.tab === this.client.clientId;
      let release = await tryLock(LOCK_PREFIX + slot.editorId);
      if (release === undefined) release = own ? () => {} : null; // no Web Locks: own tab only
      if (release === null && own) {
        // Our own tab's slot (a reload): the old page may still be letting go.
        release = await this._lockOwn(slot.editorId);
      }
      if (!release) {
        if (!hasPending(slot) && Date.now() - (slot.at || 0) > STALE_EMPTY_SLOT_MS) this._remove(key);
        continue;
      }
      const item = this._item(slot.itemId);
      if (!hasPending(slot) || !item) {
        this._remove(key);
        release();
        continue;
      }
      const run = this._run(slot.itemId, key, release, (host) => MinutesSync.restore(host, slot));
      if (!this.views.has(slot.itemId) || (this.views.get(slot.itemId).at || 0) < (slot.at || 0)) {
        run.at = slot.at || 0;
        this.views.set(slot.itemId, run);
      }
      run.sync.onSnapshot({ version: this.session.version, epoch: this.session.epoch, text: item.minutes });
    }
    this.started = true;
    this._changed();
  }

  async _lockOwn(editorId) {
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const release = await tryLock(LOCK_PREFIX + editorId);
      if (release) return release;
    }
    return null;
  }

  /** The editor the page shows for an item: adopted from a slot, or new. */
  editor(itemId) {
    let run = this.views.get(itemId);
    if (run && run.sync.dead) { this._retire(run); run = null; }
    if (!run) {
      if (!this._item(itemId) || !this.session.meeting) return null;
      const editorId = `${this.client.clientId}:m:${itemId}:${this.nonce}`.slice(-64);
      const key = `${PREFIX}${this.meetingId}|${editorId}`;
      run = this._run(itemId, key, null, (host) => MinutesSync.fresh(host, {
        editorId, version: this.session.version, epoch: this.session.epoch, text: this._item(itemId).minutes,
      }));
      tryLock(LOCK_PREFIX + editorId).then((release) => { run.release = release || null; });
      this.views.set(itemId, run);
    }
    return run.sync;
  }

  /** Edits of this page not yet acknowledged, per item: Map(itemId -> count). */
  pendingByItem() {
    const m = new Map();
    for (const r of this.runs) if (r.sync.pendingCount) m.set(r.itemId, (m.get(r.itemId) || 0) + r.sync.pendingCount);
    return m;
  }

  /** Text that could not be delivered, per item: [{itemId, text, reason, sync}]. */
  recoveries() {
    return [...this.runs].filter((r) => r.sync.recovery).map((r) => ({ itemId: r.itemId, ...r.sync.recovery, sync: r.sync }));
  }

  // ------------------------------------------------------------------ internals

  // The edited text: an item's record, or a section ("j:…") of the 纪要 (same engine).
  _item(itemId) {
    const m = this.session.meeting;
    const t = m ? editedText(m, itemId) : null;
    return t ? { id: itemId, minutes: t.get() } : null;
  }

  _run(itemId, key, release, make) {
    const run = { itemId, key, release, sync: null };
    run.sync = make(this._host(itemId, key));
    run.sync.on((d) => {
      if (d.type === 'remote') return;
      // An adopted editor that is not shown retires once it has delivered everything.
      if (this.views.get(itemId) !== run && !run.sync.pendingCount && !run.sync.catching && !run.sync.recovery) this._retire(run);
      this._changed();
    });
    this.runs.add(run);
    return run;
  }

  _retire(run) {
    run.sync.dispose();
    this.runs.delete(run);
    if (this.views.get(run.itemId) === run) this.views.delete(run.itemId);
    this._remove(run.key);
    if (run.release) run.release();
  }

  _host(itemId, key) {
    const { client, session } = this;
    return {
      meetingId: this.meetingId,
      itemId,
      send: (command) => client.request({ command }).then((r) => r.ack),
      history: (from, limit) => client.request({ history: { meeting_id: this.meetingId, from_version: from, limit } }).then((r) => r.history_page),
      // The link, not the shown state: re-sending is part of the resume that leads to 'connected'.
      canSend: () => client.linkUp && session.status === 'joined' && !session.joining,
      rejoin: () => session.rejoin(),
      serverVersion: () => session.version,
      serverText: () => { const it = this._item(itemId); return it ? it.minutes : null; },
      save: (slot) => {
        if (!slot) { this._remove(key); return; }
        if (!this.storage) return;
        try {
          this.storage.setItem(key, JSON.stringify({ ...slot, meetingId: this.meetingId, tab: client.clientId }));
        } catch (e) {
          console.warn('minutes: cannot save unacknowledged edits locally', e);
        }
      },
    };
  }

  _slots() {
    const out = [];
    if (!this.storage) return out;
    const prefix = `${PREFIX}${this.meetingId}|`;
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (!key || !key.startsWith(prefix)) continue;
      try {
        const slot = JSON.parse(this.storage.getItem(key));
        if (slot && slot.editorId && slot.itemId) out.push({ key, slot });
      } catch { /* a broken slot: leave it */ }
    }
    return out;
  }

  _remove(key) {
    try { if (this.storage) this.storage.removeItem(key); } catch { /* ignore */ }
  }

  _onSession(s, d) {
    if (!d) return;
    const runs = [...this.runs];
    if (d.type === 'event') {
      for (const r of runs) r.sync.onEvent(d.event);
    } else if (d.type === 'snapshot') {
      for (const r of runs) {
        const it = this._item(r.itemId);
        r.sync.onSnapshot({ version: s.version, epoch: s.epoch, text: it ? it.minutes : null });
      }
      this._changed(); // catching up (or done at once): the connection state may change
    } else if (d.type === 'joined') {
      for (const r of runs) r.sync.onReady();
    }
  }
}
