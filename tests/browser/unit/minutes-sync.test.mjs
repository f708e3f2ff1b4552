// Unit tests of the minutes client logic (web-static/js/minutes-sync.js) against a
// simulated server (sim-server.mjs): random network delays, dropped connections with
// replies and commands lost in transit, server restarts, snapshots instead of missed
// events, and page reloads that restore the unacknowledged edits from storage.
//
//   node --test unit/        (a failing randomized test prints its seed)

import test from 'node:test';
import assert from 'node:assert/strict';
import { MinutesSync, untransformIndex } from '../../../web-static/js/minutes-sync.js';
import { TextOperation, cpLength, cpIndexToUtf16, transformIndex } from '../../../web-static/js/ot.js';
import { SimServer, SimLink, rng, simHost } from './sim-server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return;
    await sleep(5);
  }
  assert.fail(`timed out waiting for ${what}`);
}

const CHARS = ['会', '议', '记', '录', '😀', '𠀀', 'é', 'a', 'Z', '👍🏽', '\n'];

/** A browser page with one minutes editor, on a simulated link. */
class Page {
  constructor(server, name, random, storage = new Map()) {
    this.server = server;
    this.name = name;
    this.random = random;
    this.storage = storage;  // survives reload()
    this.tokens = [];        // every token this page typed
    this.loads = 0;
    this._open();
  }

  _open() {
    this.loads++;
    this.sync = null;
    const editorId = `${this.name}:m:i1:${this.loads}`;
    const link = new SimLink(this.server, {
      random: this.random,
      onEvent: (ev) => this.sync && this.sync.onEvent(ev),
      onSnapshot: () => {
        const snap = { version: link.version, epoch: link.epoch, text: link.texts.get('i1') ?? null };
        if (!this.sync) {
          const saved = this.storage.get('slot');
          this.sync = saved ? MinutesSync.restore(this.host, JSON.parse(saved)) : MinutesSync.fresh(this.host, { editorId, ...snap });
          if (!saved) return;
        }
        this.sync.onSnapshot(snap);
      },
      onJoined: () => this.sync && this.sync.onReady(),
    });
    this.link = link;
    this.host = simHost(link, {
      save: (slot) => { if (slot) this.storage.set('slot', JSON.stringify(slot)); else this.storage.delete('slot'); },
    });
    link.connect();
  }

  reload() {
    this.link.close();
    if (this.sync) this.sync.dispose();
    this._open();
  }

  // A random edit at a place that is not inside a token: insert a new token or an
  // "x", or delete one "x". Tokens are [name-n…] and are never split or deleted.
  edit() {
    const s = this.sync;
    if (!s || !s.ready) return;
    const text = s.text;
    const cps = Array.from(text);
    const boundaries = [0];
    let depth = 0;
    cps.forEach((c, i) => {
      if (c === '[') depth++;
      if (c === ']') depth--;
      if (depth === 0) boundaries.push(i + 1);
    });
    const r = this.random();
    const op = new TextOperation();
    if (r < 0.25) {
      const xs = cps.map((c, i) => (c === 'x' ? i : -1)).filter((i) => i >= 0);
      if (!xs.length) return;
      const i = xs[Math.floor(this.random() * xs.length)];
      op.retain(i).delete(1).retain(cps.length - i - 1);
    } else {
      const at = boundaries[Math.floor(this.random() * boundaries.length)];
      let ins = 'x';
      if (r > 0.45) {
        const n = this.tokens.length;
        let body = '';
        for (let k = 0; k < 1 + Math.floor(this.random() * 4); k++) body += CHARS[Math.floor(this.random() * CHARS.length)];
        ins = `[${this.name}-${n}${body}]`;
        this.tokens.push(ins);
      }
      op.retain(at).insert(ins).retain(cps.length - at);
    }
    s.edit(op);
  }
}

function count(text, token) {
  let n = 0;
  for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) n++;
  return n;
}

async function converge(server, pages) {
  await until(() => pages.every((p) => p.sync && p.sync.ready && p.sync.pendingCount === 0 && p.link.joined), 'every page to have delivered its edits');
  await until(() => pages.every((p) => p.sync.revision === server.version), 'every page to reach the server version');
  const text = server.texts.get('i1');
  for (const p of pages) {
    assert.equal(p.sync.text, text, `${p.name} has the server's text`);
    assert.equal(p.sync.recovery, null, `${p.name} had to recover: ${JSON.stringify(p.sync.recovery)}`);
    for (const tok of p.tokens) assert.equal(count(text, tok), 1, `${tok} appears once`);
  }
  assert.equal(server.replay('i1'), text, 'the log replays to the text');
  const applied = server.applied;
  assert.equal(new Set(applied).size, applied.length, 'no command applied twice');
  return text;
}

test('untransformIndex inverts transformIndex outside inserted text', () => {
  const op = TextOperation.fromJSON([2, '会议😀', 3, -2, 1]);
  for (const i of [0, 1, 3, 4, 5, 8]) assert.equal(untransformIndex(op, transformIndex(op, i)), i, `index ${i}`);
  assert.equal(untransformIndex(op, 2), 2, 'just before the insert');
  assert.equal(untransformIndex(op, 3), 2, 'inside the insert: where it was made');
});

test('one editor: type, ack, event, buffer; positions to the server and back', async () => {
  const server = new SimServer({ random: rng(1) });
  const page = new Page(server, 'a', rng(2));
  await until(() => page.sync && page.sync.ready, 'the editor');
  const s = page.sync;
  s.edit(new TextOperation().insert('会议'));
  s.edit(new TextOperation().retain(2).insert('😀𠀀'));
  s.edit(new TextOperation().retain(4).insert('记录'));
  assert.equal(s.text, '会议😀𠀀记录');
  assert.ok(s.pendingCount >= 1);
  const sel = s.toServer({ anchor: 6, head: 6 });
  assert.equal(sel.version, s.revision);
  await converge(server, [page]);
  // A selection made on version 1 ("会议") keeps what it selected: the later inserts at
  // its end stay outside it (docs/protocol.md §6.3). A caret there moves with them only
  // when they are its owner's typing (this page's editor, connection "a").
  assert.deepEqual(s.toLocal({ anchor: 1, head: 2, version: 1 }), { anchor: 1, head: 2 });
  assert.deepEqual(s.toLocal({ anchor: 2, head: 2, version: 1, clientId: 'b' }), { anchor: 2, head: 2 });
  assert.deepEqual(s.toLocal({ anchor: 2, head: 2, version: 1, clientId: 'a' }), { anchor: 6, head: 6 });
  assert.equal(s.toLocal({ anchor: 0, head: 0, version: s.revision + 1 }), null, 'a version not reached yet');
  assert.equal(cpIndexToUtf16(s.text, 4), 6);
  page.link.close();
});

test('a bad operation is refused; the editor takes the server text and keeps what it typed', async () => {
  const server = new SimServer({ random: rng(3) });
  const page = new Page(server, 'a', rng(4));
  await until(() => page.sync && page.sync.ready, 'the editor');
  const s = page.sync;
  s.edit(new TextOperation().insert('好'));
  await converge(server, [page]);
  // Corrupt the local text behind the OT client's back: the next op does not fit.
  s.text = '好多了';
  s.edit(new TextOperation().retain(3).insert('！'));
  await until(() => s.recovery, 'the recovery');
  assert.equal(s.text, '好');
  assert.equal(s.recovery.text, '！');
  page.link.close();
});

for (const seed of [11, 12, 13, 14, 15, 16]) {
  test(`three editors, random edits, delays, drops, restarts and reloads converge (seed ${seed})`, async () => {
    const random = rng(seed);
    const server = new SimServer({ random });
    const pages = ['a', 'b', 'c'].map((n, i) => new Page(server, n, rng(seed * 10 + i)));
    try {
      await until(() => pages.every((p) => p.sync && p.sync.ready), 'the editors');
      for (let step = 0; step < 400; step++) {
        const p = pages[Math.floor(random() * pages.length)];
        const r = random();
        if (r < 0.75) p.edit();
        else if (r < 0.8) server.otherChange();
        else if (r < 0.84) p.link.cut(Math.floor(random() * 30));
        else if (r < 0.85) server.restart();
        else if (r < 0.86) p.reload();
        if (random() < 0.3) await sleep(random() * 4);
      }
      const text = await converge(server, pages);
      assert.ok(cpLength(text) > 50, 'something was typed');
    } finally {
      for (const p of pages) p.link.close();
    }
  });
}

test('an edit based on a version too old for the server is re-sent as it is now', async () => {
  const server = new SimServer({ random: rng(31), staleSpan: 15, snapshotChance: 1 });
  const storage = new Map();
  const a = new Page(server, 'a', rng(32), storage);
  const b = new Page(server, 'b', rng(33));
  try {
    await until(() => a.sync && a.sync.ready && b.sync && b.sync.ready, 'the editors');
    a.link.cut(null);
    for (let i = 0; i < 5; i++) a.edit();
    for (let i = 0; i < 30; i++) { b.edit(); server.otherChange(); }
    a.reload(); // the saved in-flight edit is 60 versions old: refused as stale, then re-sent
    await converge(server, [a, b]);
  } finally {
    a.link.close();
    b.link.close();
  }
});

test('the stored history was rewound: the editor takes the server text and keeps its unsent text for recovery', async () => {
  const server = new SimServer({ random: rng(41) });
  const a = new Page(server, 'a', rng(42));
  try {
    await until(() => a.sync && a.sync.ready, 'the editor');
    a.sync.edit(new TextOperation().insert('已确认。'));
    await converge(server, [a]);
    const kept = server.version;
    a.sync.edit(new TextOperation().retain(4).insert('丢失的写入'));
    await until(() => server.version > kept && a.sync.pendingCount === 0, 'the second edit acknowledged');
    a.link.cut(null);
    a.sync.edit(new TextOperation().retain(9).insert('未发送😀'));
    server.rewind(kept); // Redis lost the acknowledged second edit
    a.link.connect();
    await until(() => a.sync.recovery, 'the recovery');
    assert.equal(a.sync.text, '已确认。');
    assert.equal(a.sync.recovery.reason, 'epoch');
    assert.equal(a.sync.recovery.text, '未发送😀');
    assert.equal(a.sync.epoch, server.epoch);
    a.sync.edit(new TextOperation().retain(4).insert(a.sync.recovery.text));
    a.sync.clearRecovery();
    await converge(server, [a]);
    assert.equal(server.texts.get('i1'), '已确认。未发送😀');
  } finally {
    a.link.close();
  }
});

test('a reload with unacknowledged edits while the server is unreachable loses nothing', async () => {
  const server = new SimServer({ random: rng(21), snapshotChance: 1 });
  const storage = new Map();
  const a = new Page(server, 'a', rng(22), storage);
  const b = new Page(server, 'b', rng(23));
  try {
    await until(() => a.sync && a.sync.ready && b.sync && b.sync.ready, 'the editors');
    for (let i = 0; i < 20; i++) { a.edit(); b.edit(); }
    await converge(server, [a, b]);
    // a goes offline, types, and the page is reloaded before anything was delivered.
    a.link.cut(null);
    for (let i = 0; i < 10; i++) a.edit();
    for (let i = 0; i < 10; i++) b.edit();
    await until(() => storage.get('slot'), 'the unacknowledged edits to be saved');
    a.reload();
    for (let i = 0; i < 5; i++) b.edit();
    await converge(server, [a, b]);
  } finally {
    a.link.close();
    b.link.close();
  }
});
