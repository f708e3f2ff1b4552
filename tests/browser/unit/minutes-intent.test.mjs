// Intent in the browser's own editor code: two or three secretaries type runs of words
// at their carets — often at one and the same place, at paragraph ends, as single keys
// and as whole-word IME commits, and by selecting a word and typing over it while others
// type at its edges — through the real MinutesEditor (pages/minutes-editor.js) bound to
// the real MinutesSync, on a simulated server with random network delays. What every
// page's textarea shows at the end must be the same text, with every run in one piece in
// the order typed, and every replaced word gone and nothing else.
//
// The textarea is a small fake with the real one's selection semantics (setRangeText's
// "preserve" mode as the HTML standard defines it); the page's caret layer gets a fake
// document it never paints into. Randomized: a failure prints its seed
// (HUIWU_INTENT_SEED=<seed> to replay).
//
//   node --test unit/

import test from 'node:test';
import assert from 'node:assert/strict';
import { MinutesSync } from '../../../web-static/js/minutes-sync.js';
import { SimServer, SimLink, rng, simHost } from './sim-server.mjs';

// ------------------------------------------------------------------ a minimal DOM

class FakeElement {
  constructor() {
    this.style = {};
    this.children = [];
    this.className = '';
    this.listeners = new Map();
  }
  append(...c) { this.children.push(...c); }
  addEventListener(type, fn) { if (!this.listeners.has(type)) this.listeners.set(type, []); this.listeners.get(type).push(fn); }
  setAttribute() {}
  fire(type, extra = {}) { for (const fn of this.listeners.get(type) || []) fn({ type, isComposing: false, ...extra }); }
}

class FakeTextarea extends FakeElement {
  constructor() {
    super();
    this.value = '';
    this.selectionStart = 0;
    this.selectionEnd = 0;
    this.selectionDirection = 'none';
    this.scrollTop = 0;
    this.scrollHeight = 0;
    this.readOnly = false;
  }
  setSelectionRange(start, end, dir = 'none') {
    this.selectionStart = Math.min(start, this.value.length);
    this.selectionEnd = Math.max(this.selectionStart, Math.min(end, this.value.length));
    this.selectionDirection = dir || 'none';
  }
  // HTML's setRangeText(replacement, start, end, selectionMode).
  setRangeText(text, start, end, mode = 'preserve') {
    const v = this.value;
    this.value = v.slice(0, start) + text + v.slice(end);
    const delta = text.length - (end - start);
    const newEnd = start + text.length;
    let s = this.selectionStart;
    let e = this.selectionEnd;
    if (mode === 'select') { s = start; e = newEnd; } else if (mode === 'start') { s = e = start; } else if (mode === 'end') { s = e = newEnd; } else {
      if (s > end) s += delta; else if (s > start) s = start;
      if (e > end) e += delta; else if (e > start) e = newEnd;
    }
    this.selectionStart = s;
    this.selectionEnd = e;
  }
  // What the keyboard does: replace the selection by str, caret after it, then 'input'.
  type(str) {
    const s = this.selectionStart;
    this.value = this.value.slice(0, s) + str + this.value.slice(this.selectionEnd);
    this.selectionStart = this.selectionEnd = s + str.length;
    this.fire('input');
  }
  // An IME: the syllables sit in the textarea while composing (no edit is made of them),
  // then the committed word replaces them.
  compose(syllables) {
    this.fire('compositionstart');
    const s = this.selectionStart;
    this.value = this.value.slice(0, s) + syllables + this.value.slice(this.selectionEnd);
    this.selectionStart = this.selectionEnd = s + syllables.length;
    this.fire('input', { isComposing: true });
    return s;
  }
  commit(from, syllables, word) {
    this.value = this.value.slice(0, from) + word + this.value.slice(from + syllables.length);
    this.selectionStart = this.selectionEnd = from + word.length;
    this.fire('input', { isComposing: true });
    this.fire('compositionend');
  }
}

globalThis.document ??= { createElement: () => new FakeElement(), addEventListener() {}, activeElement: null };
globalThis.requestAnimationFrame ??= () => 0;
const { MinutesEditor } = await import('../../../web-static/js/pages/minutes-editor.js');

// ------------------------------------------------------------------ pages

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return;
    await sleep(3);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A secretary's page: one textarea bound to a MinutesEditor on a simulated link. */
class Page {
  constructor(server, name, random) {
    this.name = name;
    this.ta = new FakeTextarea();
    this.editor = new MinutesEditor(this.ta, new FakeElement());
    const link = new SimLink(server, {
      random,
      onEvent: (ev) => this.sync && this.sync.onEvent(ev),
      onSnapshot: () => {
        const snap = { version: link.version, epoch: link.epoch, text: link.texts.get('i1') ?? null };
        if (!this.sync) {
          this.sync = MinutesSync.fresh(this.host, { editorId: `${name}:m:i1:1`, ...snap });
          this.editor.attach(this.sync);
          return;
        }
        this.sync.onSnapshot(snap);
      },
      onJoined: () => this.sync && this.sync.onReady(),
    });
    this.link = link;
    this.host = simHost(link);
    link.connect();
  }
  get ready() { return !!(this.sync && this.sync.ready && this.editor.ready); }
  close() { this.link.close(); if (this.sync) this.sync.dispose(); }
}

// Every typed character is unique: writer w, run r, index i -> one CJK ideograph.
const RUN_BASE = 0x4e00;
const unique = (w, r, i) => String.fromCodePoint(RUN_BASE + w * 0x800 + r * 64 + i);
const runOf = (cp) => (cp >= RUN_BASE && cp < RUN_BASE + 3 * 0x800 ? Math.floor((cp - RUN_BASE) / 64) : -1);
const FILLER = ['p', 'q', 'r', 's', 't', 'u'];

// Whether a UTF-16 position is strictly between two characters of one run or inside a
// filler word: typing there splits the run (or the word about to be replaced) on purpose.
function insideRun(text, at) {
  if (at <= 0 || at >= text.length) return false;
  const a = text.codePointAt(at - 1);
  const b = text.codePointAt(at);
  if (a === b && FILLER.includes(String.fromCodePoint(a))) return true;
  return runOf(a) >= 0 && runOf(a) === runOf(b) && b === a + 1;
}

function brokenRun(text, runs) {
  const where = new Map();
  Array.from(text).forEach((c, i) => where.set(c, i));
  for (const [w, rs] of runs.entries()) {
    for (const [r, run] of rs.entries()) {
      for (let i = 0; i < run.length; i++) {
        if (!where.has(run[i])) return `writer ${w} run ${r}: character ${i} lost`;
        if (i > 0 && where.get(run[i]) !== where.get(run[i - 1]) + 1) return `writer ${w} run ${r} split at ${i} of ${run.length}`;
      }
    }
  }
  return '';
}

async function session(seed) {
  const random = rng(seed);
  const below = (n) => Math.floor(random() * n);
  const server = new SimServer({ random, snapshotChance: 0 });
  // Paragraphs of filler words to type around and to select and replace.
  const initial = 'pppp qqqq\nrrrr ssss\ntttt uuuu';
  server.command({ client_id: 'seed', client_seq: 1, change: { edit_minutes: { item_id: 'i1', base_version: 0, op: { ops: [{ insert: initial }] } } } });
  const n = 2 + below(2);
  const pages = Array.from({ length: n }, (_, w) => new Page(server, `w${w}`, random));
  await until(() => pages.every((p) => p.ready && p.ta.value === initial), 'every page to show the record');

  const runs = pages.map(() => []);
  const replaced = new Set();
  const writer = async (w) => {
    const p = pages[w];
    const ta = p.ta;
    const nRuns = 2 + below(3);
    for (let r = 0; r < nRuns; r++) {
      // Where the next run starts: where someone else's caret or selection edge is, the
      // end of the record, the end of a paragraph, or over a filler word (replace it).
      const text = ta.value;
      const pick = below(100);
      let start = ta.selectionStart;
      let end = start;
      if (pick < 35) {
        const o = pages[(w + 1 + below(n - 1)) % n].ta;
        start = end = Math.min(below(2) ? o.selectionStart : o.selectionEnd, text.length);
      } else if (pick < 55) {
        start = end = text.length;
      } else if (pick < 70) {
        const nl = [...text.matchAll(/\n/g)].map((m) => m.index);
        if (nl.length) start = end = nl[below(nl.length)];
      } else {
        const letter = FILLER.filter((f) => !replaced.has(f) && text.includes(f.repeat(4)))[0];
        if (letter) {
          replaced.add(letter);
          start = text.indexOf(letter.repeat(4));
          end = start + 4;
        }
      }
      if (start === end && insideRun(text, start)) start = end = text.length;
      ta.setSelectionRange(start, end);
      ta.fire('select');
      if (start !== end) await sleep(below(12)); // others type at the selection's edges meanwhile
      const run = [];
      const len = 3 + below(14);
      for (let i = 0; i < len; ) {
        if (below(100) < 25 && len - i >= 2) {
          // A word-sized IME commit, with remote edits arriving during the composition.
          const k = Math.min(len - i, 2 + below(3));
          const word = Array.from({ length: k }, (_, j) => unique(w, r, i + j)).join('');
          const at = ta.compose('ni');
          await sleep(below(6));
          ta.commit(at, 'ni', word);
          run.push(...Array.from(word));
          i += k;
        } else {
          const ch = unique(w, r, i);
          ta.type(ch);
          run.push(ch);
          i++;
        }
        if (below(3) === 0) await sleep(below(4));
      }
      runs[w].push(run);
    }
  };
  await Promise.all(pages.map((_, w) => writer(w)));
  await until(() => pages.every((p) => p.sync.pendingCount === 0 && p.link.joined && p.sync.revision === server.version), 'every page to deliver and catch up');
  const text = server.texts.get('i1');
  for (const p of pages) {
    assert.equal(p.ta.value, text, `${p.name}'s screen shows the server's text`);
    assert.equal(p.sync.recovery, null);
  }
  for (const p of pages) p.close();
  return { text, runs, replaced };
}

test('every secretary\'s words stay in one piece, in the order typed, on every screen (property)', async () => {
  const seed0 = Number(process.env.HUIWU_INTENT_SEED || 20261205);
  const sessions = Number(process.env.HUIWU_INTENT_SESSIONS || 60);
  for (let k = 0; k < sessions; k++) {
    const seed = seed0 + k;
    const { text, runs, replaced } = await session(seed);
    const broken = brokenRun(text, runs);
    assert.equal(broken, '', `seed ${seed}: ${broken}\n${text}`);
    for (const f of FILLER) {
      const left = [...text].filter((c) => c === f).length;
      assert.equal(left, replaced.has(f) ? 0 : 4, `seed ${seed}: the word ${f.repeat(4)} is ${replaced.has(f) ? 'replaced whole' : 'untouched'}\n${text}`);
    }
  }
});

test('two secretaries at the end of one paragraph: one goes on, the other starts a new one with a speaker tag', async () => {
  const server = new SimServer({ random: rng(1), snapshotChance: 0 });
  const a = new Page(server, 'a', rng(2));
  const b = new Page(server, 'b', rng(3));
  await until(() => a.ready && b.ready, 'both pages');
  // A has been typing 李明's words; B puts the caret at the end of them.
  for (const ch of '李明：原则同意') a.ta.type(ch);
  await until(() => b.ta.value === '李明：原则同意', 'B to see A\'s words');
  const end = b.ta.value.length;
  b.ta.setSelectionRange(end, end);
  const rest = '，建议下周再议。';
  const speech = '\n王建国：计划引进人才二十名。';
  // Interleaved keystrokes, each page's own typing faster than the network.
  for (let i = 0; i < Math.max(rest.length, speech.length); i++) {
    if (i < rest.length) a.ta.type(rest[i]);
    if (i < speech.length) b.ta.type(speech[i]);
    if (i % 3 === 0) await sleep(2);
  }
  await until(() => [a, b].every((p) => p.sync.pendingCount === 0 && p.sync.revision === server.version), 'both delivered');
  const expected = `李明：原则同意${rest}${speech}`;
  assert.equal(server.texts.get('i1'), expected);
  assert.equal(a.ta.value, expected);
  assert.equal(b.ta.value, expected);
  a.close();
  b.close();
});

test('a selection keeps what was selected while another secretary types at both its edges', async () => {
  const server = new SimServer({ random: rng(4), snapshotChance: 0 });
  server.command({ client_id: 'seed', client_seq: 1, change: { edit_minutes: { item_id: 'i1', base_version: 0, op: { ops: [{ insert: '会议同意旧方案。' }] } } } });
  const a = new Page(server, 'a', rng(5));
  const b = new Page(server, 'b', rng(6));
  await until(() => a.ready && b.ready && a.ta.value && b.ta.value, 'both pages');
  const from = a.ta.value.indexOf('旧方案');
  a.ta.setSelectionRange(from, from + 3);
  b.ta.setSelectionRange(from, from);
  b.ta.type('（');
  b.ta.setSelectionRange(from + 4, from + 4);
  b.ta.type('）');
  await until(() => a.ta.value === '会议同意（旧方案）。', 'B\'s brackets on A\'s screen');
  assert.equal(a.ta.value.slice(a.ta.selectionStart, a.ta.selectionEnd), '旧方案', 'A\'s selection is still exactly the words A selected');
  a.ta.type('新方案');
  await until(() => [a, b].every((p) => p.sync.pendingCount === 0 && p.sync.revision === server.version), 'both delivered');
  assert.equal(server.texts.get('i1'), '会议同意（新方案）。');
  assert.equal(b.ta.value, '会议同意（新方案）。');
  a.close();
  b.close();
});

test('text a colleague starts at my caret goes after it; my next word goes where I was typing', async () => {
  const server = new SimServer({ random: rng(7), snapshotChance: 0 });
  const a = new Page(server, 'a', rng(8));
  const b = new Page(server, 'b', rng(9));
  await until(() => a.ready && b.ready, 'both pages');
  for (const ch of '甲说') a.ta.type(ch);
  await until(() => b.ta.value === '甲说' && a.sync.pendingCount === 0, 'B sees it');
  b.ta.setSelectionRange(2, 2);
  b.ta.type('乙');
  await until(() => a.ta.value === '甲说乙', 'A sees B\'s word');
  assert.equal(a.ta.selectionStart, 2, 'A\'s caret stays where A was typing, before B\'s word');
  a.ta.type('完');
  await until(() => [a, b].every((p) => p.sync.pendingCount === 0 && p.sync.revision === server.version), 'both delivered');
  assert.equal(b.ta.value, '甲说完乙');
  a.close();
  b.close();
});
