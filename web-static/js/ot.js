// Operational transformation of the live minutes, browser side: the twin of the C++
// core in service/ot, held to the same results by tests/ot/vectors.json.
//
// Every position and length counts Unicode CODE POINTS, as on the server. JavaScript
// strings are UTF-16, so an astral character (emoji, CJK Extension B such as 𠀀) is
// two string units but one code point here. Convert only at the edge (textarea
// indices) with cpIndexToUtf16 / utf16IndexToCp; a surrogate pair is never split.
// A lone surrogate counts as one code point, but may not be inserted: it has no UTF-8
// form, so the server could not take it (OTError 'invalid_utf8').
//
// Operations use the ot.js array form: a positive integer retains, a negative one
// deletes, a string inserts: [5, "abc", -3]. An insert that continues its writer's own
// text on its left (the writer's caret has not moved since its last edit) is an object,
// {insert: "abc", continues: true}: at an insert tie it goes first (transform below,
// docs/protocol.md §6.3). Such objects are never mutated: builders make new ones.
//
// Errors are thrown as OTError, whose `code` is the C++ errc name
// ('base_length_mismatch', 'document_length_mismatch', 'invalid_utf8',
// 'zero_length_component', 'insert_too_large', 'too_many_components',
// 'count_out_of_range', 'malformed', 'nothing_in_flight').

export class OTError extends Error {
  constructor(code, message) {
    super(message ? `${code}: ${message}` : code);
    this.name = 'OTError';
    this.code = code;
  }
}

// Bounds for operations from outside (fromJSON); the server's defaults.
export const DEFAULT_LIMITS = Object.freeze({ maxInsertCodePoints: 256 * 1024, maxComponents: 64 * 1024 });
const MAX_COUNT = 0xffffffff; // wire counts are uint32

// --- code points over UTF-16 ----------------------------------------------------------

const isHigh = (u) => u >= 0xd800 && u <= 0xdbff;
const isLow = (u) => u >= 0xdc00 && u <= 0xdfff;

// Index after the code point starting at unit i (i < str.length).
function nextCp(str, i) {
  return isHigh(str.charCodeAt(i)) && i + 1 < str.length && isLow(str.charCodeAt(i + 1)) ? i + 2 : i + 1;
}

// The unit index n code points after unit index i, or -1 if str ends first.
function advance(str, i, n) {
  for (; n > 0; n--) {
    if (i >= str.length) return -1;
    i = nextCp(str, i);
  }
  return i;
}

// Code points in str.slice(from, to); `to` must be on a code point boundary.
function cpCount(str, from = 0, to = str.length) {
  let n = 0;
  for (let i = from; i < to; i = nextCp(str, i)) n++;
  return n;
}

export function cpLength(str) {
  return cpCount(str);
}

// UTF-16 index of code point `cp` of str; str.length when cp is at or past the end.
export function cpIndexToUtf16(str, cp) {
  const i = advance(str, 0, cp);
  return i < 0 ? str.length : i;
}

// Code point index of UTF-16 index i. An index inside a surrogate pair rounds down
// to the start of the pair.
export function utf16IndexToCp(str, i) {
  let n = 0;
  for (let j = 0; j < str.length; n++) {
    const next = nextCp(str, j);
    if (next > i) return n;
    j = next;
  }
  return n;
}

// {insert: "text", continues: bool}: exactly these keys ("continues" optional), of these
// types; anything else is malformed (as in the C++ json_codec).
function isInsertObject(op) {
  if (typeof op !== 'object' || op === null || Array.isArray(op)) return false;
  const keys = Object.keys(op);
  if (typeof op.insert !== 'string') return false;
  if ('continues' in op && typeof op.continues !== 'boolean') return false;
  return keys.length === ('continues' in op ? 2 : 1);
}

function isWellFormed(str) {
  for (let i = 0; i < str.length; i++) {
    const u = str.charCodeAt(i);
    if (isHigh(u) && i + 1 < str.length && isLow(str.charCodeAt(i + 1))) i++;
    else if (isHigh(u) || isLow(u)) return false;
  }
  return true;
}

// --- TextOperation ---------------------------------------------------------------------
//
// Invariants kept by the builders (as in C++): no zero-length component; adjacent
// components of one kind merged; an insert never directly follows a delete (the
// insert goes first), so operations with the same effect are equal.

const isRetain = (op) => typeof op === 'number' && op > 0;
const isInsert = (op) => typeof op === 'string' || (typeof op === 'object' && op !== null);
const isDelete = (op) => typeof op === 'number' && op < 0;
const insText = (op) => (typeof op === 'string' ? op : op.insert);
const insContinues = (op) => typeof op === 'object' && op !== null && op.continues === true;
const makeInsert = (text, continues) => (continues ? { insert: text, continues: true } : text);

/** Whether a component of op.ops is an insert (a string, or {insert, continues}). */
export const isInsertComponent = isInsert;
/** The text of an insert component. */
export const insertText = insText;
/** Whether an insert component continues its writer's text. */
export const insertContinues = insContinues;

function checkCount(n) {
  if (!Number.isInteger(n) || n < 0 || n > Number.MAX_SAFE_INTEGER) {
    throw new OTError('count_out_of_range', String(n));
  }
}

export class TextOperation {
  constructor() {
    this.ops = [];
    this.baseLength = 0; // code points of the document it applies to
    this.targetLength = 0; // code points of the result
  }

  retain(n) {
    checkCount(n);
    if (n === 0) return this;
    this.baseLength += n;
    this.targetLength += n;
    if (isRetain(this.ops[this.ops.length - 1])) this.ops[this.ops.length - 1] += n;
    else this.ops.push(n);
    return this;
  }

  // Throws OTError('invalid_utf8') on a lone surrogate. continues: the text continues
  // its writer's own text on its left (see the top of this file).
  insert(str, continues = false) {
    if (typeof str !== 'string') throw new OTError('malformed', 'insert expects a string');
    if (!isWellFormed(str)) throw new OTError('invalid_utf8', 'lone surrogate');
    return this._insertCounted(str, cpLength(str), continues);
  }

  // Trusted path: str is well formed and has n code points. An insert merged into the
  // one before it keeps that one's flag: it continues it by being next to it.
  _insertCounted(str, n, continues = false) {
    if (n === 0) return this;
    this.targetLength += n;
    const ops = this.ops;
    const last = ops.length - 1;
    const append = (i) => { ops[i] = makeInsert(insText(ops[i]) + str, insContinues(ops[i])); };
    if (isInsert(ops[last])) {
      append(last);
    } else if (isDelete(ops[last])) {
      // delete-then-insert has the effect of insert-then-delete: keep the insert first.
      if (isInsert(ops[last - 1])) append(last - 1);
      else ops.splice(last, 0, makeInsert(str, continues));
    } else {
      ops.push(makeInsert(str, continues));
    }
    return this;
  }

  // delete(n) and delete(-n) both delete n code points.
  delete(n) {
    n = Math.abs(n);
    checkCount(n);
    if (n === 0) return this;
    this.baseLength += n;
    if (isDelete(this.ops[this.ops.length - 1])) this.ops[this.ops.length - 1] -= n;
    else this.ops.push(-n);
    return this;
  }

  isNoop() {
    return this.ops.length === 0 || (this.ops.length === 1 && isRetain(this.ops[0]));
  }

  equals(other) {
    return (
      this.baseLength === other.baseLength &&
      this.targetLength === other.targetLength &&
      this.ops.length === other.ops.length &&
      this.ops.every((op, i) => {
        const o = other.ops[i];
        if (isInsert(op)) return isInsert(o) && insText(op) === insText(o) && insContinues(op) === insContinues(o);
        return op === o;
      })
    );
  }

  toJSON() {
    return this.ops.map((op) => (typeof op === 'object' ? { ...op } : op));
  }

  toString() {
    return JSON.stringify(this.ops);
  }

  // Validates untrusted input in the same order as the C++ checked_builder:
  // component count first, then component by component.
  static fromJSON(ops, limits = DEFAULT_LIMITS) {
    if (!Array.isArray(ops)) throw new OTError('malformed', 'not an array');
    const maxInsert = limits.maxInsertCodePoints ?? DEFAULT_LIMITS.maxInsertCodePoints;
    const maxComponents = limits.maxComponents ?? DEFAULT_LIMITS.maxComponents;
    if (ops.length > maxComponents) throw new OTError('too_many_components');
    const o = new TextOperation();
    let inserted = 0;
    for (const op of ops) {
      if (typeof op === 'number') {
        if (!Number.isInteger(op) || Math.abs(op) > MAX_COUNT) throw new OTError('count_out_of_range', String(op));
        if (op === 0) throw new OTError('zero_length_component');
        if (op > 0) o.retain(op);
        else o.delete(op);
      } else if (typeof op === 'string' || isInsertObject(op)) {
        const text = insText(op);
        if (text === '') throw new OTError('zero_length_component');
        if (!isWellFormed(text)) throw new OTError('invalid_utf8', 'lone surrogate');
        const n = cpLength(text);
        inserted += n;
        if (inserted > maxInsert) throw new OTError('insert_too_large');
        o._insertCounted(text, n, insContinues(op));
      } else {
        throw new OTError('malformed', JSON.stringify(op));
      }
    }
    return o;
  }

  // The document after this operation, in one pass.
  apply(doc) {
    // A code point is one or two units: cheap early rejection.
    if (doc.length < this.baseLength || doc.length > 2 * this.baseLength) {
      throw new OTError('document_length_mismatch');
    }
    const out = [];
    let pos = 0;
    for (const op of this.ops) {
      if (isInsert(op)) {
        out.push(insText(op));
        continue;
      }
      const end = advance(doc, pos, Math.abs(op));
      if (end < 0) throw new OTError('document_length_mismatch');
      if (isRetain(op)) out.push(doc.slice(pos, end));
      pos = end;
    }
    if (pos !== doc.length) throw new OTError('document_length_mismatch');
    return out.join('');
  }

  // The operation that undoes this one; doc is the document this one applies to.
  invert(doc) {
    const inverse = new TextOperation();
    let pos = 0;
    for (const op of this.ops) {
      if (isInsert(op)) {
        inverse.delete(cpLength(insText(op)));
        continue;
      }
      const end = advance(doc, pos, Math.abs(op));
      if (end < 0) throw new OTError('document_length_mismatch');
      if (isRetain(op)) inverse.retain(op);
      else inverse._insertCounted(doc.slice(pos, end), -op);
      pos = end;
    }
    if (pos !== doc.length) throw new OTError('document_length_mismatch');
    return inverse;
  }

  // apply(apply(S, this), other) === apply(S, this.compose(other))
  compose(other) {
    if (this.targetLength !== other.baseLength) throw new OTError('base_length_mismatch');
    const out = new TextOperation();
    const a = new Cursor(this.ops);
    const b = new Cursor(other.ops);
    // Both cursors stand at the same place of the intermediate document.
    while (!a.done() || !b.done()) {
      if (!a.done() && a.kind() === DEL) {
        out.delete(a.remaining());
        a.take(a.remaining());
        continue;
      }
      if (!b.done() && b.kind() === INS) {
        const n = b.remaining();
        const continues = b.continues();
        out._insertCounted(b.take(n), n, continues);
        continue;
      }
      if (a.done() || b.done()) throw new OTError('base_length_mismatch');
      const n = Math.min(a.remaining(), b.remaining());
      const aInserts = a.kind() === INS;
      const aContinues = a.continues();
      const bDeletes = b.kind() === DEL;
      const text = a.take(n);
      b.take(n);
      if (aInserts && bDeletes) continue; // typed, then deleted
      if (aInserts) out._insertCounted(text, n, aContinues);
      else if (bDeletes) out.delete(n);
      else out.retain(n);
    }
    return out;
  }

  // Returns [a', b'] with apply(apply(S, a), b') === apply(apply(S, b), a').
  // Tie-break: at the same place, b's insert goes first (left) when it continues its
  // writer's text and a's does not; otherwise a's. Convention, as on the server: a is
  // the operation the server sequenced first.
  //
  //   base x y|z     a: insert "A" at 2    b: insert "B" at 2    ->  x y A B z
  //   base a b c|    a: insert "X" at 3    b: insert+ "de" at 3  ->  a b c d e X
  //
  // Overlapping deletes are deleted once: a [b c d] e f  vs  a b [c d e] f  -> a f.
  static transform(a, b) {
    if (a.baseLength !== b.baseLength) throw new OTError('base_length_mismatch');
    const a1 = new TextOperation();
    const b1 = new TextOperation();
    const ca = new Cursor(a.ops);
    const cb = new Cursor(b.ops);
    while (!ca.done() || !cb.done()) {
      const aInserts = !ca.done() && ca.kind() === INS;
      const bInserts = !cb.done() && cb.kind() === INS;
      const bFirst = bInserts && (!aInserts || (cb.continues() && !ca.continues()));
      if (aInserts && !bFirst) {
        const n = ca.remaining();
        const continues = ca.continues();
        a1._insertCounted(ca.take(n), n, continues);
        b1.retain(n);
        continue;
      }
      if (bInserts) {
        const n = cb.remaining();
        const continues = cb.continues();
        a1.retain(n);
        b1._insertCounted(cb.take(n), n, continues);
        continue;
      }
      if (ca.done() || cb.done()) throw new OTError('base_length_mismatch');
      const n = Math.min(ca.remaining(), cb.remaining());
      const ka = ca.kind();
      const kb = cb.kind();
      ca.take(n);
      cb.take(n);
      if (ka === RET && kb === RET) {
        a1.retain(n);
        b1.retain(n);
      } else if (ka === DEL && kb === RET) {
        a1.delete(n); // b kept them; a' still deletes them
      } else if (ka === RET && kb === DEL) {
        b1.delete(n);
      } // both deleted the same characters: neither deletes them again
    }
    return [a1, b1];
  }

  // See transformIndex below.
  transformIndex(index, assoc) {
    return transformIndex(this, index, assoc);
  }
}

const RET = 0;
const INS = 1;
const DEL = 2;

// Walks components, consuming them in pieces (compose and transform split components
// where the other operation's components end). Insert lengths are in code points.
class Cursor {
  constructor(ops) {
    this.ops = ops;
    this.i = 0;
    this.used = 0; // code points of the current component consumed
    this.usedUnits = 0; // UTF-16 units of the current insert consumed
    this.len = ops.length ? this._len(ops[0]) : 0;
  }
  _len(op) {
    return isInsert(op) ? cpLength(insText(op)) : Math.abs(op);
  }
  done() {
    return this.i === this.ops.length;
  }
  kind() {
    const op = this.ops[this.i];
    return isInsert(op) ? INS : op > 0 ? RET : DEL;
  }
  remaining() {
    return this.len - this.used;
  }
  continues() {
    return !this.done() && insContinues(this.ops[this.i]);
  }
  // Consumes n code points; returns their text for an insert.
  take(n) {
    const op = this.ops[this.i];
    let text = '';
    if (isInsert(op)) {
      const str = insText(op);
      const end = n === this.remaining() ? str.length : advance(str, this.usedUnits, n);
      text = str.slice(this.usedUnits, end);
      this.usedUnits = end;
    }
    this.used += n;
    if (this.used === this.len) {
      this.i++;
      this.used = 0;
      this.usedUnits = 0;
      this.len = this.done() ? 0 : this._len(this.ops[this.i]);
    }
    return text;
  }
}

// What a caret does when someone inserts text exactly where it stands (the same rule
// as the C++ ot::assoc; docs/protocol.md §6.3):
//   'left'   stays before the text: a caret where its owner's last edit ended (typing a
//            run there), and the end of a selection;
//   'follow' stays before text that starts there, moves past text that continues what
//            is on its left: any other caret (the default);
//   'right'  moves past the text: the start of a selection, and the caret of the writer
//            who inserted it.
export const Assoc = Object.freeze({ LEFT: 'left', FOLLOW: 'follow', RIGHT: 'right' });

// Where a caret at code point `index` of the base document ends up after op. An insert
// before it pushes it right, one exactly at it as `assoc` says; a caret inside deleted
// text goes to where the deletion was; an index past the end counts as the end.
export function transformIndex(op, index, assoc = Assoc.FOLLOW) {
  let rest = Math.min(index, op.baseLength);
  let moved = rest;
  for (const c of op.ops) {
    if (isInsert(c)) {
      if (rest === 0 && (assoc === Assoc.LEFT || (assoc === Assoc.FOLLOW && !insContinues(c)))) return moved;
      moved += cpLength(insText(c));
    } else if (c > 0) {
      if (c > rest) return moved;
      rest -= c;
    } else {
      moved -= Math.min(rest, -c);
      if (-c > rest) return moved;
      rest += c;
    }
  }
  return moved;
}

// A caret (number), a range {anchor, head}, or an array of either, through op. A range
// keeps what it selected: its start moves past text inserted at it ('right'), its end
// stays before it ('left'). A caret (a number, or a range with anchor === head) takes
// opts.caret ('follow' unless said: 'left' for a caret typing a run where it stands).
export function transformSelection(op, sel, opts = {}) {
  const caret = opts.caret || Assoc.FOLLOW;
  if (typeof sel === 'number') return transformIndex(op, sel, caret);
  if (Array.isArray(sel)) return sel.map((s) => transformSelection(op, s, opts));
  if (sel.anchor === sel.head) {
    const at = transformIndex(op, sel.anchor, caret);
    return { ...sel, anchor: at, head: at };
  }
  const forward = sel.anchor < sel.head;
  return {
    ...sel,
    anchor: transformIndex(op, sel.anchor, forward ? Assoc.RIGHT : Assoc.LEFT),
    head: transformIndex(op, sel.head, forward ? Assoc.LEFT : Assoc.RIGHT),
  };
}

// The operation turning oldStr into newStr as one changed range (a textarea edit):
// common prefix and suffix retained, the middle deleted and inserted, counted in code
// points and never splitting a surrogate pair. caret (optional) is the UTF-16 caret in
// newStr after the edit; it settles ambiguous cases such as typing "a" inside "aa":
// the edit is taken to end at the caret. opts.continues marks the insert as continuing
// its writer's text; opts.continuesAt (a code point of oldStr) does so when the edit
// starts exactly there (the editor passes where its last edit ended).
export function operationFromDiff(oldStr, newStr, caret, opts = {}) {
  const oldLen = oldStr.length;
  const newLen = newStr.length;
  const minLen = Math.min(oldLen, newLen);
  let prefix = 0;
  let suffix = 0;
  const splitsPairAt = (str, i) => i > 0 && i < str.length && isLow(str.charCodeAt(i)) && isHigh(str.charCodeAt(i - 1));
  const findPrefix = (limit) => {
    let p = 0;
    while (p < limit && oldStr.charCodeAt(p) === newStr.charCodeAt(p)) p++;
    while (p > 0 && (splitsPairAt(oldStr, p) || splitsPairAt(newStr, p))) p--;
    return p;
  };
  const findSuffix = (limit) => {
    let s = 0;
    while (s < limit && oldStr.charCodeAt(oldLen - 1 - s) === newStr.charCodeAt(newLen - 1 - s)) s++;
    while (s > 0 && (splitsPairAt(oldStr, oldLen - s) || splitsPairAt(newStr, newLen - s))) s--;
    return s;
  };
  if (typeof caret === 'number' && caret >= 0 && caret <= newLen) {
    suffix = findSuffix(Math.min(minLen, newLen - caret));
    prefix = findPrefix(minLen - suffix);
  } else {
    prefix = findPrefix(minLen);
    suffix = findSuffix(minLen - prefix);
  }
  const op = new TextOperation();
  const start = cpCount(oldStr, 0, prefix);
  op.retain(start);
  op.insert(newStr.slice(prefix, newLen - suffix), !!opts.continues || opts.continuesAt === start);
  op.delete(cpCount(oldStr, prefix, oldLen - suffix));
  op.retain(cpCount(oldStr, oldLen - suffix, oldLen));
  return op;
}

// --- OTClient: ot.js's client as three states ------------------------------------------
//
// At most one operation in flight; edits made meanwhile are composed into one buffer,
// sent when the in-flight one is acknowledged. Transform convention (matches the
// server): the server's operation was sequenced first, so it is transform's first
// argument and wins insert ties.
//
// Reconnecting: call serverDisconnect() when the socket closes (sends stop; edits keep
// accumulating). On the new connection feed the operations missed since `revision`
// in order, our own through serverAck() and the others through applyServer(), then
// call serverReconnect(), which re-sends the in-flight operation.

class Synchronized {
  get name() {
    return 'Synchronized';
  }
  applyClient(client, op) {
    client._send(op);
    return new AwaitingConfirm(op);
  }
  applyServer(client, op) {
    client.applyOperation(op);
    return this;
  }
  serverAck() {
    throw new OTError('nothing_in_flight');
  }
  transformSelection(sel) {
    return sel;
  }
  resend() {}
}
const SYNCHRONIZED = new Synchronized();

class AwaitingConfirm {
  constructor(outstanding) {
    this.outstanding = outstanding;
  }
  get name() {
    return 'AwaitingConfirm';
  }
  applyClient(client, op) {
    if (op.baseLength !== this.outstanding.targetLength) throw new OTError('base_length_mismatch');
    return new AwaitingWithBuffer(this.outstanding, op);
  }
  //        /\          S: server op, O: ours in flight. S' applies on our document;
  //     O /  \ S       O' is what the server makes of O.
  //       \  /
  //     S' \/ O'
  applyServer(client, op) {
    const [op1, outstanding1] = TextOperation.transform(op, this.outstanding);
    client.applyOperation(op1);
    return new AwaitingConfirm(outstanding1);
  }
  serverAck() {
    return SYNCHRONIZED;
  }
  transformSelection(sel, opts) {
    return transformSelection(this.outstanding, sel, opts);
  }
  resend(client) {
    client._send(this.outstanding);
  }
}

class AwaitingWithBuffer {
  constructor(outstanding, buffer) {
    this.outstanding = outstanding;
    this.buffer = buffer;
  }
  get name() {
    return 'AwaitingWithBuffer';
  }
  applyClient(client, op) {
    return new AwaitingWithBuffer(this.outstanding, this.buffer.compose(op));
  }
  // As in AwaitingConfirm, then once more: S' against our buffer B gives S'' (applied
  // locally, after B) and B' (sent once O is acknowledged).
  applyServer(client, op) {
    const [op1, outstanding1] = TextOperation.transform(op, this.outstanding);
    const [op2, buffer1] = TextOperation.transform(op1, this.buffer);
    client.applyOperation(op2);
    return new AwaitingWithBuffer(outstanding1, buffer1);
  }
  serverAck(client) {
    client._send(this.buffer);
    return new AwaitingConfirm(this.buffer);
  }
  transformSelection(sel, opts) {
    return transformSelection(this.buffer, transformSelection(this.outstanding, sel, opts), opts);
  }
  resend(client) {
    client._send(this.outstanding);
  }
}

export class OTClient {
  // hooks: { sendOperation(revision, op), applyOperation(op) }, or override them.
  constructor(revision = 0, hooks = {}) {
    this.revision = revision; // server operations known, ours included
    this.state = SYNCHRONIZED;
    this.connected = true;
    if (hooks.sendOperation) this.sendOperation = hooks.sendOperation;
    if (hooks.applyOperation) this.applyOperation = hooks.applyOperation;
  }
  get stateName() {
    return this.state.name;
  }
  // The user changed the local document by op.
  applyClient(op) {
    this.state = this.state.applyClient(this, op);
  }
  // An operation of another client, as sequenced by the server.
  applyServer(op) {
    this.state = this.state.applyServer(this, op);
    this.revision++;
  }
  // The server sequenced our in-flight operation.
  serverAck() {
    if (this.state === SYNCHRONIZED) throw new OTError('nothing_in_flight');
    this.revision++;
    this.state = this.state.serverAck(this);
  }
  serverDisconnect() {
    this.connected = false;
  }
  serverReconnect() {
    this.connected = true;
    this.state.resend(this);
  }
  // A selection in the server's latest document, moved into the local one (someone
  // else's: our pending text passes it only where it continues our own run).
  transformSelection(sel, opts) {
    return this.state.transformSelection(sel, opts);
  }
  _send(op) {
    if (this.connected) this.sendOperation(this.revision, op);
  }
  sendOperation() {
    throw new Error('OTClient: sendOperation must be provided');
  }
  applyOperation() {
    throw new Error('OTClient: applyOperation must be provided');
  }
}
