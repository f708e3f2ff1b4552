// Presence in the minutes: who is where, who is typing. Carets are not stored by the
// server; it relays each connection's presence to the others in the meeting and says
// "gone" (item_id "") when a connection leaves. Positions are code points in an item's
// minutes as of a meeting version; MinutesSync.toLocal() moves them into a page's text.

const KEEPALIVE_MS = 5000;     // re-announce while in an editor (newcomers learn about us)
const EXPIRE_MS = 20000;       // no word for this long: gone (its server may have died)
const TYPING_SHOWN_MS = 3500;  // "typing" fades this long after the last keystroke news
const MIN_INTERVAL_MS = 150;   // at most ~7 updates per second (the server allows 30)

const PALETTE = ['#c2410c', '#047857', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d', '#4d7c0f'];

/** A stable colour for a client id. */
export function colorFor(clientId) {
  let h = 0;
  for (const ch of String(clientId)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** Others' presence in one meeting, as the server relays it. */
export class PresenceBoard {
  constructor(client, meetingId) {
    this.meetingId = meetingId;
    this.others = new Map(); // client_id -> {clientId, name, itemId, anchor, head, version, typing, at, color}
    this.listeners = new Set();
    client.onPresence((p) => this._onPresence(p));
    client.onState((c) => {
      // After a reconnect everyone re-announces within KEEPALIVE_MS; until then, show nobody.
      if (!c.linkUp && this.others.size) { this.others.clear(); this._changed(); }
    });
    this.timer = setInterval(() => this._expire(), 1000);
  }

  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  _changed() { for (const fn of [...this.listeners]) { try { fn(); } catch (e) { console.error(e); } } }

  _onPresence(p) {
    if (p.meeting_id !== this.meetingId || !p.client_id) return;
    if (!p.item_id) {
      if (this.others.delete(p.client_id)) this._changed();
      return;
    }
    const prev = this.others.get(p.client_id);
    const now = Date.now();
    this.others.set(p.client_id, {
      clientId: p.client_id,
      name: p.client_name || '',
      itemId: p.item_id,
      anchor: Number(p.anchor) || 0,
      head: Number(p.head) || 0,
      version: Number(p.version) || 0,
      typing: !!p.typing,
      typedAt: p.typing ? now : prev && prev.itemId === p.item_id ? prev.typedAt : 0,
      movedAt: !prev || prev.head !== Number(p.head) || prev.itemId !== p.item_id ? now : prev.movedAt,
      at: now,
      color: colorFor(p.client_id),
    });
    this._changed();
  }

  _expire() {
    const now = Date.now();
    let changed = false;
    for (const [id, p] of this.others) {
      if (now - p.at > EXPIRE_MS) { this.others.delete(id); changed = true; }
      const typing = isTyping(p, now);
      if (p.shownTyping !== typing) { p.shownTyping = typing; changed = true; }
    }
    if (changed) this._changed();
  }

  /** Everyone in an item's minutes (or everywhere when itemId is omitted). */
  list(itemId) {
    const now = Date.now();
    const out = [...this.others.values()].filter((p) => itemId === undefined || p.itemId === itemId);
    for (const p of out) p.shownTyping = isTyping(p, now);
    return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.clientId.localeCompare(b.clientId));
  }
}

export function isTyping(p, now = Date.now()) {
  return !!p.typedAt && now - p.typedAt < TYPING_SHOWN_MS;
}

/** This page's own presence: throttled, de-duplicated, kept alive. */
export class PresenceSender {
  constructor(client, meetingId) {
    this.client = client;
    this.meetingId = meetingId;
    this.want = null;   // the presence to show: {item_id, anchor, head, version, typing}
    this.sentKey = '';
    this.lastSent = 0;
    this.timer = null;
    // Announce again when the connection comes (back) up; onState also fires for every
    // change of the unsent count (each keystroke), which is no reason to re-send.
    let wasConnected = false;
    client.onState((c) => {
      const connected = c.state === 'connected';
      if (connected && !wasConnected) { this.sentKey = ''; this._schedule(); }
      wasConnected = connected;
    });
    setInterval(() => { if (this.want && this.want.item_id) { this.sentKey = ''; this._schedule(); } }, KEEPALIVE_MS);
  }

  /** Where we are now (item_id "" = not in any editor). */
  update(p) {
    this.want = { meeting_id: this.meetingId, ...p };
    this._schedule();
  }

  leave() { this.update({ item_id: '', anchor: 0, head: 0, version: 0, typing: false }); }

  /** Says it again (after a re-join: the others may have dropped us). */
  refresh() { this.sentKey = ''; this._schedule(); }

  _schedule() {
    if (this.timer || !this.want) return;
    const wait = Math.max(0, this.lastSent + MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      const p = this.want;
      const key = JSON.stringify(p);
      if (key === this.sentKey) return;
      if (this.client.sendPresence(p)) {
        this.sentKey = key;
        this.lastSent = Date.now();
      }
    }, wait);
  }
}
