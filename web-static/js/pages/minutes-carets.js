// The layer over the minutes textarea that shows others' carets and selections (with
// their names) and underlines speaker tags ("王建国：" at a paragraph's start). A
// textarea cannot colour ranges, so the layer holds an invisible mirror of the text with
// the same font, padding and wrapping: one element per paragraph, only the changed
// paragraphs replaced (a long record is not laid out again for every keystroke). Marks
// are boxes placed at the mirror's character rects (Range.getClientRects), measured
// only in the paragraphs in view. The mirror exists only while there is something to draw.

import { cpIndexToUtf16 } from '../ot.js';

// A speaker tag: a short name and a full-width or ASCII colon at the start of a paragraph.
export const TAG = /^([^\s：:，。,.!?！？\n]{1,16})[：:]/;
const TAG_ANYWHERE = /(^|\n)[^\s：:，。,.!?！？\n]{1,16}[：:]/;
const PAINT_MS = 80; // at most ~12 paints a second

function countNl(s, from, to) {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export class CaretLayer {
  /** getText() -> the text the textarea shows, or null while it must not be drawn over (IME). */
  constructor(textarea, layer, getText) {
    this.ta = textarea;
    this.layer = layer;
    this.getText = getText;
    this.others = [];   // {clientId, name, color, anchor, head, flag}, code points
    this.speakers = []; // names whose tags are underlined
    this.inner = document.createElement('div');
    this.inner.className = 'mn-layer-text';
    this.marks = document.createElement('div');
    this.marks.className = 'mn-marks';
    this.inner.append(this.marks);
    this.mirrorOn = false;
    this.mirrorStr = '';
    this.paraEls = [];
    layer.append(this.inner);
    textarea.addEventListener('scroll', () => { layer.scrollTop = textarea.scrollTop; if (this.mirrorOn) this.paintSoon(); });
    if (globalThis.ResizeObserver) new ResizeObserver(() => { this.paintedKey = ''; this.paintSoon(); }).observe(textarea);
  }

  setSpeakers(names) {
    if (names.join('\n') === this.speakers.join('\n')) return;
    this.speakers = names;
    this.paintSoon();
  }

  setOthers(others) {
    this.others = others;
    this.paintSoon();
  }

  /** The textarea now shows text: keep the mirror in step (cheap when it is off). */
  setText(text) { this._mirrorSet(text); }

  // At most every PAINT_MS, and only when something visible changed.
  paintSoon() {
    if (this.paintQueued) return;
    this.paintQueued = true;
    const wait = Math.max(0, (this.lastPaint || 0) + PAINT_MS - performance.now());
    setTimeout(() => requestAnimationFrame(() => {
      this.paintQueued = false;
      this.lastPaint = performance.now();
      this._paint();
    }), wait);
  }

  _layout() {
    const ta = this.ta;
    const cs = getComputedStyle(ta);
    const st = this.layer.style;
    st.left = `${ta.offsetLeft + ta.clientLeft}px`;
    st.top = `${ta.offsetTop + ta.clientTop}px`;
    st.width = `${ta.clientWidth}px`;
    st.height = `${ta.clientHeight}px`;
    const is = this.inner.style;
    for (const k of ['paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft', 'fontFamily', 'fontSize', 'fontWeight',
      'lineHeight', 'letterSpacing', 'tabSize', 'wordSpacing', 'textIndent']) is[k] = cs[k];
    this.layer.scrollTop = ta.scrollTop;
  }

  // The mirror: the text the textarea shows, one <div> per paragraph, so that a change
  // lays out only its own paragraph again, and marks are measured only in the
  // paragraphs in view. Kept only while there is something to draw.
  _mirrorSet(text) {
    if (!this.mirrorOn) return;
    const old = this.mirrorStr;
    if (old === text) return;
    const min = Math.min(old.length, text.length);
    let pre = 0;
    while (pre < min && old.charCodeAt(pre) === text.charCodeAt(pre)) pre++;
    let suf = 0;
    while (suf < min - pre && old.charCodeAt(old.length - 1 - suf) === text.charCodeAt(text.length - 1 - suf)) suf++;
    const first = countNl(old, 0, pre);               // the first paragraph that changed
    const lastOld = countNl(old, 0, old.length - suf); // the last one, in the old text
    const start = text.lastIndexOf('\n', pre - 1) + 1;
    let end = text.indexOf('\n', text.length - suf);
    if (end < 0) end = text.length;
    const fresh = text.slice(start, end).split('\n').map((t) => this._para(t));
    const before = this.paraEls[lastOld + 1] || this.marks;
    for (const el of this.paraEls.splice(first, lastOld - first + 1, ...fresh)) el.remove();
    for (const el of fresh) this.inner.insertBefore(el, before);
    this.mirrorStr = text;
  }

  _para(t) {
    const el = document.createElement('div');
    el.className = 'mn-p';
    el.append(t);
    return el;
  }

  _mirrorOff() {
    if (!this.mirrorOn) return;
    for (const el of this.paraEls) el.remove();
    this.paraEls = [];
    this.marks.replaceChildren();
    this.mirrorOn = false;
  }

  _mirrorOn(text) {
    if (this.mirrorOn) { this._mirrorSet(text); return; }
    this.mirrorOn = true;
    this.mirrorStr = text;
    this.paraEls = text.split('\n').map((t) => this._para(t));
    this.inner.prepend(...this.paraEls);
  }

  _paint() {
    const text = this.getText();
    if (text === null) {
      // Mid-composition the textarea shows syllables the mirror does not: draw nothing.
      this.marks.replaceChildren();
      this.paintedKey = '';
      return;
    }
    const others = this.others;
    const wantTags = this.speakers.length > 0;
    if (!others.length && !(wantTags && TAG_ANYWHERE.test(text))) {
      this._mirrorOff();
      this.paintedKey = '';
      return;
    }
    const key = JSON.stringify([others.map((p) => [p.clientId, p.name, p.color, p.anchor, p.head, !!p.flag]), this.speakers, this.ta.scrollTop]);
    if (this.mirrorOn && key === this.paintedKey && text === this.mirrorStr) return;
    this.paintedKey = key;
    this._mirrorOn(text);
    this._layout();
    const paras = this.paraEls;
    // Paragraph k starts at starts[k] (UTF-16 offset in text).
    const starts = new Array(paras.length);
    for (let k = 0, at = 0; k < paras.length; k++) {
      starts[k] = at;
      at += (paras[k].firstChild ? paras[k].firstChild.length : 0) + 1;
    }
    const paraOf = (i) => {
      let lo = 0;
      let hi = paras.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= i) lo = mid; else hi = mid - 1;
      }
      return lo;
    };
    // The paragraphs in view (and a little around).
    const top = this.ta.scrollTop - 200;
    const bottom = this.ta.scrollTop + this.ta.clientHeight + 200;
    let lo = 0;
    let hi = paras.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (paras[mid].offsetTop + paras[mid].offsetHeight < top) lo = mid + 1; else hi = mid;
    }
    const firstVisible = lo;
    let lastVisible = firstVisible;
    while (lastVisible + 1 < paras.length && paras[lastVisible + 1].offsetTop < bottom) lastVisible++;

    const origin = this.inner.getBoundingClientRect();
    const range = document.createRange();
    const box = (cls, r, style = {}) => {
      const el = document.createElement('div');
      el.className = cls;
      Object.assign(el.style, { left: `${r.left - origin.left}px`, top: `${r.top - origin.top}px`, width: `${r.width}px`, height: `${r.height}px` }, style);
      return el;
    };
    // Rects of [from, to) (UTF-16 offsets in text), paragraph by paragraph, in view only.
    const rects = (from, to) => {
      const out = [];
      for (let k = Math.max(paraOf(from), firstVisible); k <= Math.min(paraOf(to), lastVisible); k++) {
        const node = paras[k].firstChild;
        if (!node) continue;
        range.setStart(node, Math.max(0, from - starts[k]));
        range.setEnd(node, Math.min(node.length, to - starts[k]));
        for (const r of range.getClientRects()) if (r.width) out.push(r);
      }
      return out;
    };
    // A caret at offset i: the left edge of the character there, else the right edge of
    // the paragraph's last character, else (an empty paragraph) its start.
    const caretAt = (i) => {
      const k = paraOf(i);
      if (k < firstVisible || k > lastVisible) return null;
      const node = paras[k].firstChild;
      const local = i - starts[k];
      if (node && local < node.length) {
        const hi2 = node.data.charCodeAt(local);
        range.setStart(node, local);
        range.setEnd(node, local + (hi2 >= 0xd800 && hi2 <= 0xdbff ? 2 : 1));
        const r = range.getClientRects()[0];
        if (r) return { left: r.left, top: r.top, width: 0, height: r.height };
      }
      if (node && local > 0) {
        range.setStart(node, local - 1);
        range.setEnd(node, local);
        const rs = range.getClientRects();
        const r = rs[rs.length - 1];
        if (r) return { left: r.right, top: r.top, width: 0, height: r.height };
      }
      const r = paras[k].getBoundingClientRect();
      return { left: r.left, top: r.top, width: 0, height: r.height };
    };
    const els = [];
    if (wantTags) {
      for (let k = firstVisible; k <= lastVisible; k++) {
        const node = paras[k].firstChild;
        const m = node && TAG.exec(node.data);
        if (!m || !this.speakers.includes(m[1])) continue;
        for (const r of rects(starts[k], starts[k] + m[0].length)) els.push(box('mn-tagline', r));
      }
    }
    for (const p of others) {
      const a = cpIndexToUtf16(text, p.anchor);
      const b = cpIndexToUtf16(text, p.head);
      if (a !== b) for (const r of rects(Math.min(a, b), Math.max(a, b))) els.push(box('mn-sel', r, { background: `${p.color}2e` }));
      const c = caretAt(b);
      if (!c) continue;
      const caret = box('mn-caret' + (p.flag ? ' flag' : ''), c);
      caret.style.setProperty('--c', p.color);
      caret.dataset.client = p.clientId;
      const flag = document.createElement('span');
      flag.className = 'mn-flag';
      flag.textContent = p.name;
      caret.append(flag);
      els.push(caret);
    }
    this.marks.replaceChildren(...els);
    this.layer.scrollTop = this.ta.scrollTop;
  }
}
