// The resume half of MinutesSync (minutes-sync.js): catching up through the stored
// history after a snapshot, and giving up carefully when that cannot be done.
//
// After a re-join that brought a snapshot (a server restart, a long disconnect, a page
// reload), the events between the editor's revision and the snapshot are read from the
// audit history (`history` requests) and run through the OT client as if they had come
// live: our own in-flight edit is recognised among them (by client_id + client_seq),
// others' edits transform what is pending. The result must equal the snapshot's text
// plus what is pending; then the live events queued meanwhile follow.
//
// When that is impossible (the stored history was rewound: another epoch; the history
// was trimmed; the server refused the edit for good) the editor takes the server's
// text and keeps the text it could not deliver in `recovery`, for the secretary to put
// back: never silently lost.

import { cpLength, isInsertComponent, insertText } from './ot.js';

const MAX_CATCH_UP = 20000; // versions read from history before giving up
const num = (x) => (x === undefined || x === null || x === '' ? 0 : Number(x));

/** Reads the events up to s.catching.target from the history and runs them through s. */
export async function catchUp(s) {
  const c = s.catching;
  c.waiting = false;
  try {
    while (s.catching === c && s.ot.revision < c.target) {
      if (c.target - s.ot.revision > MAX_CATCH_UP) throw Object.assign(new Error('too far behind'), { code: 'too_far' });
      const from = s.ot.revision + 1;
      const page = await s.host.history(from, Math.min(1000, c.target - s.ot.revision));
      if (s.catching !== c) return;
      const events = (page.events || []).filter((e) => num(e.version) >= from && num(e.version) <= c.target);
      if (!events.length || num(events[0].version) !== from) {
        throw Object.assign(new Error('history does not reach back'), { code: 'trimmed' });
      }
      for (const e of events) {
        s._process(e, true);
        if (s.catching !== c || s.dead) return;
      }
    }
  } catch (e) {
    if (s.catching !== c) return;
    if (!e || !e.code) { c.waiting = true; return; } // connection trouble: again after the re-join
    s._recover('history', c.text !== null ? { version: c.target, epoch: c.epoch, text: c.text } : null);
    return;
  }
  if (s.catching !== c) return;
  s.catching = null;
  if (c.epoch) s.epoch = c.epoch;
  if (c.text !== null) {
    const expected = s._withPending(c.text);
    if (s.text === null) {
      s.text = expected;
      s.recentFloor = c.target;
      s._emit({ type: 'reset' });
    } else if (expected !== s.text) {
      console.warn('minutes: local text differs from the server after catching up; taking the server text + pending');
      s.text = expected;
      s._emit({ type: 'reset' });
    }
  }
  const queued = s.queue;
  s.queue = [];
  for (const ev of queued) {
    if (s.catching || s.dead) { s.queue.push(ev); continue; }
    s._process(ev);
  }
  const inf = s.inflight;
  if (!s.catching && inf && inf.stale) { s._reissue(); return; }
  if (!s.catching && inf && inf.ackVersion && !s._expectEvent(inf)) return;
  s._save();
  s._emit({ type: 'status' });
  s.pump();
}

function pendingInserts(s) {
  const p = s.pendingOp;
  return p ? p.ops.filter(isInsertComponent).map(insertText).join('') : '';
}

/**
 * Takes the server's text (from `at` = {version, epoch, text}, else the session's copy)
 * and drops what is pending, keeping its inserted text in s.recovery.
 */
export function recover(s, reason, at = null) {
  const version = at ? at.version : s.host.serverVersion();
  const text = at ? at.text : s.host.serverText();
  if (text === null || text === undefined) { s._gone(); return; }
  const lost = pendingInserts(s);
  console.warn('minutes: resetting to the server text:', reason, lost ? `(${cpLength(lost)} characters kept for recovery)` : '');
  s.inflight = null;
  clearTimeout(s.ackTimer);
  clearTimeout(s.retryTimer);
  s.retryTimer = null;
  s.ot = s._newOT(version);
  s.text = text;
  s.recent = [];
  s.recentFloor = version;
  if (at && at.epoch) s.epoch = at.epoch;
  s.catching = null;
  if (lost) s.recovery = { text: (s.recovery ? s.recovery.text + '\n' : '') + lost, reason };
  s._emit({ type: 'reset' });
  const queued = s.queue;
  s.queue = [];
  for (const ev of queued) s._process(ev);
  s._save();
  s._emit({ type: 'status' });
}

/** The item was removed: nothing more to send; what was pending is kept in s.recovery. */
export function gone(s) {
  if (s.dead) return;
  const lost = pendingInserts(s);
  if (lost) s.recovery = { text: lost, reason: 'item_removed' };
  s.dead = true;
  s.inflight = null;
  s.catching = null;
  clearTimeout(s.ackTimer);
  clearTimeout(s.retryTimer);
  s.host.save(null);
  s._emit({ type: 'status' });
}
