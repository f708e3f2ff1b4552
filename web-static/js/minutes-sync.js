// One agenda item's live minutes in one editor, kept in step with the server by
// server-ordered OT (ot.js's OTClient: at most one operation in flight, later edits
// composed into one buffer). No DOM here: the page binds a textarea to it
// (pages/minutes-editor.js), minutes-hub.js binds it to the connection, and the unit
// tests bind it to a simulated server.
//
// Versions: every meeting event moves the meeting version, so the OT revision IS the
// meeting version: an edit of this item is a server operation, every other event a
// no-op. The in-flight command carries base_version = the revision it was made on.
//
// Own events are recognised in the event stream by (client_id, client_seq) = the
// in-flight command's, never by the ack alone: the ack may come before its event, or
// (after a reconnect) the event may already have passed in the missed events. An ack
// only says "done, the event is version v"; the buffer goes out once that event is
// processed, so it is based on it.
//
// Resume (a blip, a server restart, a page reload): the in-flight command is kept with
// its ORIGINAL client_seq, base_version and operation, and re-sent unchanged once the
// session has re-joined and the missed events were applied: the server either answers
// "duplicate" (applied before; its event is among the missed ones) or transforms it
// over every edit since base_version. A re-join that brings a snapshot instead of the
// missed events is bridged with the stored history (minutes-resume.js). Everything
// unacknowledged is saved through host.save() (localStorage: minutes-hub.js) after
// every change.

import { Assoc, OTClient, TextOperation, cpLength, transformSelection, isInsertComponent, insertText } from './ot.js';
import { opToWire, opFromWire, untransformIndex } from './ot-wire.js';

export { untransformIndex };
import { catchUp, recover, gone } from './minutes-resume.js';

const RETRYABLE = new Set(['ERROR_STORAGE_UNAVAILABLE', 'ERROR_RATE_LIMITED', 'ERROR_INTERNAL']);
export const MAX_INSERT_PER_OP = 60000;      // server: 65536 inserted code points per operation
export const MAX_MINUTES = 1000000;          // server: code points per item
const ACK_EVENT_WAIT_MS = 2500;              // ack came, its event did not: re-join
const RECENT_OPS = 400;                      // item operations kept to move others' carets
const UNLIMITED = { maxInsertCodePoints: Infinity, maxComponents: Infinity };

const num = (x) => (x === undefined || x === null || x === '' ? 0 : Number(x));
// Whether an edit by editor `editorId` (minutes-hub.js: `${connection client id}:m:…`,
// cut to its last 64 characters) is by the connection `owner` of a relayed caret.
const ownedBy = (editorId, owner) => {
  if (!owner || !editorId) return false;
  const conn = editorId.split(':m:')[0];
  return conn === owner || (conn.length > 0 && editorId.length >= 64 && owner.endsWith(conn));
};
const opFromArray = (a) => TextOperation.fromJSON(a, UNLIMITED);
const insertedCp = (op) => op.ops.reduce((n, c) => n + (isInsertComponent(c) ? cpLength(insertText(c)) : 0), 0);
const backoff = (n) => Math.min(10000, 400 * 2 ** n) * (0.5 + Math.random() / 2);

/**
 * host: {
 *   meetingId, itemId,
 *   send(command) -> Promise<ack>: rejects with an error that has `code` (the server
 *     refused: RequestError) or without (outcome unknown: connection lost, timeout);
 *   history(fromVersion, limit) -> Promise<{events, next_version}>;
 *   canSend() -> boolean (connected and joined);
 *   rejoin() (ask the session for the events it missed);
 *   serverVersion() / serverText(): the session's copy of the item (null if gone);
 *   save(slot) (persist; slot null = nothing to keep);
 * }
 */
export class MinutesSync {
  constructor(host, { editorId, seq = 0, epoch = '' }) {
    this.host = host;
    this.editorId = editorId;  // client_id of this editor's commands
    this.seq = seq;            // last client_seq used (never reused)
    this.epoch = epoch;
    this.text = null;          // local document: server text + pending edits; null while restoring
    this.inflight = null;      // {seq, base, op, ackVersion}: exactly as first sent
    this.catching = null;      // {target, text, epoch, waiting}: reading history up to target
    this.queue = [];           // live events that arrived while catching up
    this.awaiting = false;     // a send is outstanding
    this.retryTimer = null;
    this.ackTimer = null;
    this.attempts = 0;
    this.recent = [];          // [{version, op}] of this item, for moving carets
    this.recentFloor = 0;      // every item op after this version is in `recent`
    this.recovery = null;      // {text, reason}: what could not be delivered
    this.dead = false;         // the item was removed
    this.lastError = null;
    this.listeners = new Set();
    this.sending = false;      // inside OTClient callbacks while restoring: no sends
    this.ot = this._newOT(0);
  }

  /** A new editor on the minutes as the session holds them. */
  static fresh(host, { editorId, version, epoch, text }) {
    const s = new MinutesSync(host, { editorId, epoch });
    s.ot = s._newOT(version);
    s.text = text;
    s.recentFloor = version;
    return s;
  }

  /** An editor from a saved slot: its text appears after onSnapshot() and the catch-up. */
  static restore(host, slot) {
    const s = new MinutesSync(host, { editorId: slot.editorId, seq: slot.seq || 0, epoch: slot.epoch || '' });
    s.ot = s._newOT(slot.rev || 0);
    s.recentFloor = Infinity; // nothing known until the catch-up
    s.restoring = true;
    if (slot.out) s.ot.applyClient(opFromArray(slot.out));
    if (slot.buf) s.ot.applyClient(opFromArray(slot.buf));
    s.restoring = false;
    if (slot.inflight) {
      s.inflight = { seq: slot.inflight.seq, base: slot.inflight.base, op: opFromArray(slot.inflight.op), ackVersion: 0 };
    } else if (slot.out) {
      s.inflight = { seq: ++s.seq, base: s.ot.revision, op: opFromArray(slot.out), ackVersion: 0 }; // never sent
    }
    return s;
  }

  _newOT(revision) {
    return new OTClient(revision, {
      sendOperation: (rev, op) => {
        if (this.restoring) return;
        this.inflight = { seq: ++this.seq, base: rev, op, ackVersion: 0 };
        Promise.resolve().then(() => this.pump());
      },
      applyOperation: (op) => {
        if (this.text === null) return;
        this.text = op.apply(this.text);
        this._emit({ type: 'remote', op });
      },
    });
  }

  // ------------------------------------------------------------------ observers

  /** fn({type}) with type 'remote' (detail.op applies to the text), 'reset' (new text), 'status'. */
  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  _emit(d) { for (const fn of [...this.listeners]) { try { fn(d); } catch (e) { console.error(e); } } }

  get revision() { return this.ot.revision; }
  // Local edits are taken whenever there is a text, also while catching up (the text is
  // always the server's at `revision` plus what is pending); only sending waits.
  get ready() { return this.text !== null && !this.dead; }
  /** Edits not yet acknowledged: 0 (saved), 1 (in flight) or 2 (and a buffer). */
  get pendingCount() { return this.ot.state.buffer ? 2 : this.ot.state.outstanding ? 1 : 0; }
  /** The unacknowledged edits as one operation from the server's text to ours, or null. */
  get pendingOp() {
    const st = this.ot.state;
    if (!st.outstanding) return null;
    return st.buffer ? st.outstanding.compose(st.buffer) : st.outstanding;
  }

  // ------------------------------------------------------------------ local edits

  /**
   * Whether a local edit can be taken: false when it would make an operation the server
   * refuses (too much inserted at once, or minutes over the limit).
   */
  accepts(op) {
    if (!this.ready) return false;
    if (op.targetLength > MAX_MINUTES) return false;
    const buffered = this.ot.state.buffer ? insertedCp(this.ot.state.buffer) : 0;
    return buffered + insertedCp(op) <= MAX_INSERT_PER_OP;
  }

  /** The user changed the text by op (which applies to this.text). */
  edit(op) {
    if (!this.ready) throw new Error('minutes editor not ready');
    if (op.isNoop()) return;
    if (!this.pendingCount) this.pendingSince = Date.now();
    this.text = op.apply(this.text);
    this.ot.applyClient(op);
    this._save();
    this._emit({ type: 'status' });
  }

  /** Takes the text that could not be delivered off the recovery list (the page put it back or dropped it). */
  clearRecovery() { this.recovery = null; this._emit({ type: 'status' }); }

  // ------------------------------------------------------------------ the event stream

  /** A meeting event, in version order, as the session applied it. */
  onEvent(ev) {
    if (this.dead) return;
    if (this.catching) { this.queue.push(ev); return; }
    const before = this.pendingCount;
    this._process(ev);
    if (!this.catching) this._verify(num(ev.version));
    this._save();
    if (this.pendingCount !== before) this._emit({ type: 'status' });
  }

  /** The session replaced its copy: {version, epoch, text (null if the item is gone)}. */
  onSnapshot({ version, epoch, text }) {
    if (this.dead) return;
    if (text === null || text === undefined) { this._gone(); return; }
    if (this.epoch && epoch !== this.epoch) {
      // The stored history was rewound: our versions mean nothing there.
      this._recover('epoch', { version, epoch, text });
      return;
    }
    if (version < this.ot.revision) { this._recover('behind', { version, epoch, text }); return; }
    this.catching = { target: version, text, epoch, waiting: false };
    this.queue = [];
    this._catchUp();
  }

  /** The session is joined again (after a reconnect or a re-join): go on sending. */
  onReady() {
    if (this.catching && this.catching.waiting) this._catchUp();
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.pump();
  }

  _process(ev, fromHistory = false) {
    const v = num(ev.version);
    if (v <= this.ot.revision) return;
    if (v !== this.ot.revision + 1) {
      if (fromHistory) throw Object.assign(new Error('gap in the history'), { code: 'gap' });
      // Missed events (should not happen: the session applies them in order): read them.
      this.catching = { target: v - 1, text: null, epoch: this.epoch, waiting: false };
      this.queue = [ev];
      this._catchUp();
      return;
    }
    const c = ev.change || {};
    const em = c.edit_minutes;
    if (em && em.item_id === this.host.itemId) {
      const op = opFromWire(em.op);
      const inf = this.inflight;
      if (inf && ev.client_id === this.editorId && num(ev.client_seq) === inf.seq) {
        this.inflight = null;
        clearTimeout(this.ackTimer);
        this.ot.serverAck(); // may send the buffer (a new inflight, based on this version)
      } else {
        this.ot.applyServer(op);
      }
      this.recent.push({ version: v, op, clientId: ev.client_id || '' });
      if (this.recent.length > RECENT_OPS) this.recentFloor = this.recent.shift().version;
    } else if (c.remove_item && c.remove_item.item_id === this.host.itemId) {
      this.ot.revision++;
      this._gone();
    } else {
      this.ot.revision++;
    }
  }

  _catchUp() { return catchUp(this); }
  _withPending(serverText) { const p = this.pendingOp; return p ? p.apply(serverText) : serverText; }
  _recover(reason, at = null) { recover(this, reason, at); }
  _gone() { gone(this); }

  // When nothing is pending our text must be the server's: cheap insurance.
  _verify(version) {
    if (this.pendingCount || this.text === null || version !== this.host.serverVersion()) return;
    const st = this.host.serverText();
    if (st !== null && st !== undefined && st !== this.text) {
      console.warn('minutes: local text diverged from the server; taking the server text');
      this.text = st;
      this._emit({ type: 'reset' });
    }
  }

  // ------------------------------------------------------------------ sending

  _command(inf) {
    return {
      meeting_id: this.host.meetingId,
      client_id: this.editorId,
      client_seq: inf.seq,
      expected_version: 0,
      change: { edit_minutes: { item_id: this.host.itemId, base_version: inf.base, op: opToWire(inf.op) } },
    };
  }

  /** Sends the in-flight operation if it may go now. */
  pump() {
    const inf = this.inflight;
    if (!inf || this.awaiting || this.retryTimer || this.catching || this.dead || !this.host.canSend()) return;
    this.awaiting = true;
    this.host.send(this._command(inf)).then(
      (ack) => this._onAck(inf, ack),
      (err) => this._onError(inf, err),
    );
  }

  _onAck(inf, ack) {
    this.awaiting = false;
    this.attempts = 0;
    this.lastError = null;
    if (this.inflight !== inf) { this.pump(); return; }
    inf.ackVersion = num(ack.version);
    if (this.catching) return; // the catch-up will meet the event (or tell that it cannot)
    this._expectEvent(inf);
  }

  // The in-flight command was acknowledged with a version whose event we have not
  // processed as ours. Returns false when it never will be (then the text is reset).
  _expectEvent(inf) {
    const v = inf.ackVersion;
    if (v > this.ot.revision) {
      // The event is on its way (the ack goes first). If it does not come, re-join.
      clearTimeout(this.ackTimer);
      this.ackTimer = setTimeout(() => {
        if (this.inflight === inf && this.ot.revision < v) this.host.rejoin();
      }, ACK_EVENT_WAIT_MS);
      return true;
    }
    this._recover('ack_without_event'); // applied, but its event is behind us, unseen
    return false;
  }

  // Sends what the in-flight operation has become here as a new command.
  _reissue() {
    this.inflight = { seq: ++this.seq, base: this.ot.revision, op: this.ot.state.outstanding, ackVersion: 0 };
    this._save();
    this.pump();
  }

  _onError(inf, err) {
    this.awaiting = false;
    if (this.inflight !== inf) { this.pump(); return; }
    const code = err && err.code;
    this.lastError = err;
    if (!code) {
      // Outcome unknown. Connection lost: the re-join sends again. A timeout on a live
      // connection: send the very same command again later.
      if (this.host.canSend()) this._retryLater();
      return;
    }
    if (RETRYABLE.has(code)) { this._retryLater(); this._emit({ type: 'status' }); return; }
    if (code === 'ERROR_NOT_JOINED') { this.host.rejoin(); return; }
    if (code === 'ERROR_STALE_VERSION') {
      // Based on a version too old for the server to transform. Once we are current,
      // send what it has become here as a new command (the old one was not applied: a
      // duplicate would have been acknowledged).
      if (this.catching) inf.stale = true;
      else this._reissue();
      return;
    }
    if (code === 'ERROR_NOT_FOUND') { this._gone(); return; }
    this._recover(code);
  }

  _retryLater() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => { this.retryTimer = null; this.pump(); }, backoff(this.attempts++));
  }

  dispose() {
    this.dead = true;
    clearTimeout(this.ackTimer);
    clearTimeout(this.retryTimer);
    this.listeners.clear();
  }

  // ------------------------------------------------------------------ persistence

  /** What survives a reload: the in-flight command as sent, and the OT state at `rev`. */
  snapshotSlot() {
    const st = this.ot.state;
    return {
      editorId: this.editorId,
      itemId: this.host.itemId,
      epoch: this.epoch,
      seq: this.seq,
      rev: this.ot.revision,
      inflight: this.inflight ? { seq: this.inflight.seq, base: this.inflight.base, op: this.inflight.op.toJSON() } : null,
      out: st.outstanding ? st.outstanding.toJSON() : null,
      buf: st.buffer ? st.buffer.toJSON() : null,
      at: Date.now(),
    };
  }

  _save() {
    if (this.dead) return;
    const pending = this.pendingCount > 0;
    if (!pending && !this.savedPending) return;
    this.savedPending = pending;
    this.host.save(this.snapshotSlot());
  }

  // ------------------------------------------------------------------ carets

  /** Our selection (code points in this.text) in the server's text at this.revision, for presence. */
  toServer(sel) {
    const p = this.pendingOp;
    if (!p) return { ...sel, version: this.ot.revision };
    return { anchor: untransformIndex(p, sel.anchor), head: untransformIndex(p, sel.head), version: this.ot.revision };
  }

  /**
   * Someone's selection {anchor, head, version, clientId, typing} (server text at
   * `version`) in our text, or null when it cannot be placed (from a version we have
   * not reached, or too old). Carets follow the rule the owner's own page follows
   * (docs/protocol.md §6.3): the owner's own text inserted at its caret moves it past;
   * anyone else's goes after the caret of someone typing there ('left'), and after an
   * idle caret unless it continues the text on its left ('follow').
   */
  toLocal(sel) {
    if (this.text === null || this.catching) return null;
    const v = num(sel.version);
    if (v > this.ot.revision || v < this.recentFloor) return null;
    const owner = sel.clientId || sel.client_id || '';
    const others = { caret: sel.typing ? Assoc.LEFT : Assoc.FOLLOW };
    let s = { anchor: num(sel.anchor), head: num(sel.head) };
    for (const r of this.recent) {
      if (r.version > v) s = transformSelection(r.op, s, ownedBy(r.clientId, owner) ? { caret: Assoc.RIGHT } : others);
    }
    return this.ot.transformSelection(s, others);
  }
}
