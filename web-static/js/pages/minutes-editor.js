// A <textarea> bound to a MinutesSync (../minutes-sync.js).
//
// Local edits: every `input` outside an IME composition becomes one operation, the
// diff between the text the textarea showed and what it shows now (operationFromDiff:
// code points, never half a surrogate pair). During a composition (pinyin, wubi, …) the
// textarea holds the half-typed syllables: nothing is sent, and the operation is made
// on compositionend, from the committed text only.
//
// Remote edits are applied to the textarea with the selection moved through them and
// the scroll position kept. During a composition they are held back (setting the value
// would cancel the composition) and composed; when the composition ends, the local edit
// is transformed against them, as the server would.
//
// Keeping each writer's words together (docs/protocol.md §6.3, decision 0016). The
// editor remembers where its own last edit ended (`runEnd`, moved through remote edits
// like a caret). While the caret stands there the writer is typing a run:
//   - text someone else inserts exactly at the caret goes after it (Assoc.LEFT), so the
//     next keystroke lands next to the last one, not beyond the colleague's words;
//   - the edit is sent with its insert marked `continues`, so that when it meets a
//     concurrent insert at the same place, the server puts it first (transform's tie).
// An idle caret (placed by a click or the arrow keys) stays before text someone starts
// there but follows text that continues what is on its left (Assoc.FOLLOW); a selection
// keeps what it selected (its start moves past text inserted at it, its end does not).
//
// Others' carets and selections, and the speaker tags, are drawn over the textarea by
// minutes-carets.js.

import {
  Assoc, TextOperation, operationFromDiff, transformIndex, transformSelection, cpIndexToUtf16, utf16IndexToCp, cpLength,
  isInsertComponent, insertText,
} from '../ot.js';
import { CaretLayer, TAG } from './minutes-carets.js';

export class MinutesEditor {
  /** hooks: onSelection(), onLocalEdit(), onRefused(reason). */
  constructor(textarea, layer, hooks = {}) {
    this.ta = textarea;
    this.layer = layer;
    this.hooks = hooks;
    this.sync = null;
    this.off = null;
    this.shown = '';             // what the textarea showed after our last sync with it
    this.composing = false;
    this.pendingRemote = null;   // remote edits held back during a composition
    this.runEnd = null;          // code point in `shown` where our own last edit ended, or null
    this.carets = new CaretLayer(textarea, layer, () => (this.composing ? null : this.shown));

    const ta = textarea;
    ta.addEventListener('compositionstart', () => { this.composing = true; this.paintSoon(); });
    ta.addEventListener('compositionend', () => { this.composing = false; this._flushLocal(); });
    ta.addEventListener('input', (ev) => {
      if (this.composing || ev.isComposing) return;
      this._flushLocal();
    });
    for (const t of ['select', 'keyup', 'mouseup', 'focus']) ta.addEventListener(t, () => this._selectionMoved());
    document.addEventListener('selectionchange', () => { if (document.activeElement === ta) this._selectionMoved(); });
  }

  attach(sync) {
    if (this.off) this.off();
    this.sync = sync;
    this.off = sync ? sync.on((d) => this._onSync(d)) : null;
    this.ta.value = '';
    this.shown = '';
    this._load(false);
  }

  get ready() { return !!(this.sync && this.sync.ready) && !this.locked; }

  /** Read-only regardless of the sync (an archived meeting). */
  setLocked(locked) {
    if (this.locked === locked) return;
    this.locked = locked;
    this._readonly();
  }

  /** The selection in code points of the synced text ({anchor, head}), or null mid-composition. */
  selection() {
    if (this.composing || !this.ready || this.ta.value !== this.shown) return null;
    const ta = this.ta;
    const s = utf16IndexToCp(this.shown, ta.selectionStart);
    const e = utf16IndexToCp(this.shown, ta.selectionEnd);
    return ta.selectionDirection === 'backward' ? { anchor: e, head: s } : { anchor: s, head: e };
  }

  // ------------------------------------------------------------------ sync -> textarea

  _onSync(d) {
    if (d.type === 'remote') this._remote(d.op);
    else if (d.type === 'reset') this._load(true);
    else if (d.type === 'status') this._readonly();
  }

  _readonly() {
    this.ta.readOnly = !this.ready;
    this.ta.setAttribute('aria-busy', this.ready ? 'false' : 'true');
  }

  // Shows the sync's text as it is now (first load, or after a reset).
  _load(keepSelection) {
    const ta = this.ta;
    const text = this.sync && this.sync.text !== null ? this.sync.text : '';
    if (ta.value !== text) {
      const sel = keepSelection ? [ta.selectionStart, ta.selectionEnd] : [text.length, text.length];
      const top = ta.scrollTop;
      ta.value = text;
      ta.setSelectionRange(Math.min(sel[0], text.length), Math.min(sel[1], text.length));
      ta.scrollTop = keepSelection ? top : ta.scrollHeight;
    }
    this.shown = text;
    this.carets.setText(text);
    this.pendingRemote = null;
    this.runEnd = null;
    this._readonly();
    this.paintSoon();
  }

  _remote(op) {
    if (this.composing) {
      this.pendingRemote = this.pendingRemote ? this.pendingRemote.compose(op) : op;
      return;
    }
    // The textarea and the sync agree here; if an input is still unprocessed, take it first.
    if (this.ta.value !== this.shown) this._flushLocal();
    this._applyToTextarea(op);
    if (this.shown !== this.sync.text) this._load(true); // cannot happen; never show a wrong text
  }

  // Applies op to what the textarea shows, moving the selection through it.
  _applyToTextarea(op) {
    const ta = this.ta;
    const old = this.shown;
    const start = utf16IndexToCp(old, ta.selectionStart);
    const end = utf16IndexToCp(old, ta.selectionEnd);
    const dir = ta.selectionDirection;
    const top = ta.scrollTop;
    const text = op.apply(old);
    // Component by component (setRangeText) rather than a new value: the browser keeps
    // the layout of what did not change, which matters in a long record.
    let at = 0;   // UTF-16 position in the textarea's current value
    let cp = 0;   // code points of `old` consumed
    for (const c of op.ops) {
      if (isInsertComponent(c)) {
        const str = insertText(c);
        ta.setRangeText(str, at, at, 'preserve');
        at += str.length;
      } else if (c > 0) {
        const next = cpIndexToUtf16(old, cp + c) - cpIndexToUtf16(old, cp);
        at += next;
        cp += c;
      } else {
        const n = cpIndexToUtf16(old, cp - c) - cpIndexToUtf16(old, cp);
        ta.setRangeText('', at, at + n, 'preserve');
        cp -= c;
      }
    }
    if (ta.value !== text) ta.value = text; // cannot happen; never show a wrong text
    this.carets.setText(text);
    // A caret typing a run here keeps to it; an idle one follows continuing text; a
    // selection keeps what it selected (transformSelection's range rule).
    const caret = start === end && start === this.runEnd ? Assoc.LEFT : Assoc.FOLLOW;
    const moved = transformSelection(op, { anchor: start, head: end }, { caret });
    if (this.runEnd !== null) this.runEnd = transformIndex(op, this.runEnd, Assoc.LEFT);
    ta.setSelectionRange(cpIndexToUtf16(text, moved.anchor), cpIndexToUtf16(text, moved.head), dir);
    ta.scrollTop = top;
    this.shown = text;
    this.paintSoon();
  }

  // ------------------------------------------------------------------ textarea -> sync

  _flushLocal() {
    if (!this.sync) return;
    const ta = this.ta;
    const now = ta.value;
    if (now === this.shown) {
      if (this.pendingRemote) { const r = this.pendingRemote; this.pendingRemote = null; this._applyToTextarea(r); }
      return;
    }
    if (!this.ready) { this._load(true); return; }
    // An edit starting where our last one ended continues our run (see the top).
    let op = operationFromDiff(this.shown, now, ta.selectionEnd, { continuesAt: this.runEnd ?? undefined });
    let catchUp = null;
    if (this.pendingRemote) {
      // The sync's text is shown + pendingRemote; our edit was made on `shown`.
      [catchUp, op] = TextOperation.transform(this.pendingRemote, op);
      this.pendingRemote = null;
    }
    if (!this.sync.accepts(op)) {
      this._load(true); // back to the synced text
      this.hooks.onRefused && this.hooks.onRefused('too_large');
      return;
    }
    this.sync.edit(op);
    this.carets.setText(now);
    this.shown = now;
    this.runEnd = ta.selectionStart === ta.selectionEnd ? utf16IndexToCp(now, ta.selectionEnd) : null;
    if (catchUp) this._applyToTextarea(catchUp);
    if (this.shown !== this.sync.text) this._load(true);
    this.paintSoon();
    this.hooks.onLocalEdit && this.hooks.onLocalEdit();
  }

  _selectionMoved() {
    this.hooks.onSelection && this.hooks.onSelection();
  }

  // ------------------------------------------------------------------ speaker tags

  /** The paragraph around the caret: {start, end} in UTF-16 units of the textarea's text. */
  paragraph() {
    const text = this.ta.value;
    const caret = this.ta.selectionStart;
    const start = text.lastIndexOf('\n', caret - 1) + 1;
    let end = text.indexOf('\n', caret);
    if (end < 0) end = text.length;
    return { start, end, text: text.slice(start, end) };
  }

  /** The speaker tag of the paragraph at the caret, or ''. */
  currentSpeaker() {
    const m = TAG.exec(this.paragraph().text);
    return m ? m[1] : '';
  }

  /**
   * Starts the paragraph at the caret with "name：" (name '' removes the tag), as a normal
   * edit: the text stays the single record of who spoke. A tag of a known speaker is
   * replaced; anything else at the start of the paragraph is kept after the new tag.
   */
  tagParagraph(name, knownNames) {
    if (!this.ready || this.composing) return false;
    this._flushLocal();
    const ta = this.ta;
    const text = this.shown;
    const para = this.paragraph();
    const m = TAG.exec(para.text);
    const oldTag = m && (knownNames.includes(m[1]) || m[1] === name) ? m[0] : '';
    const newTag = name ? `${name}：` : '';
    if (oldTag === newTag) return false;
    const caret = ta.selectionStart;
    const paraStart = utf16IndexToCp(text, para.start);
    const op = new TextOperation()
      .retain(paraStart)
      .delete(cpLength(oldTag))
      .insert(newTag, paraStart === this.runEnd) // a tag right after our Enter continues our run
      .retain(cpLength(text.slice(para.start + oldTag.length)));
    if (!this.sync.accepts(op)) return false;
    this.sync.edit(op);
    const next = this.sync.text;
    ta.value = next;
    this.carets.setText(next);
    this.shown = next;
    const at = caret <= para.start + oldTag.length ? para.start + newTag.length : caret + newTag.length - oldTag.length;
    ta.setSelectionRange(at, at);
    // Typing goes on right after a new tag: that is our run now.
    this.runEnd = newTag && at === para.start + newTag.length ? utf16IndexToCp(next, at) : null;
    this.paintSoon();
    this.hooks.onLocalEdit && this.hooks.onLocalEdit();
    return true;
  }

  /** Types text at the caret (replacing the selection), as if the user had. */
  insertAtCaret(text) {
    if (!this.ready || this.composing) return false;
    this._flushLocal();
    const ta = this.ta;
    ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, 'end');
    this._flushLocal();
    return true;
  }

  // ------------------------------------------------------------------ others' carets

  /** Names (attendees) whose "name：" at a paragraph's start is marked as a speaker tag. */
  setSpeakers(names) { this.carets.setSpeakers(names); }

  /** others: [{clientId, name, color, anchor, head, flag}] in code points of the synced text. */
  setOthers(others) { this.carets.setOthers(others); }

  paintSoon() { this.carets.paintSoon(); }
}
