// The connection state of web-static/js/client.js never lies (docs/decisions/0017):
// a ping unanswered within the ping timeout and the browser's `offline` event drop the
// link at once; 'connected' comes only after the resume (every meeting re-joined, every
// queued change acknowledged); unsent work is counted and keeps the state off
// 'connected'. The client's timers run on a fake clock the test advances, so "not yet"
// is checked at an exact instant instead of by sleeping; only the fake socket's message
// delivery uses real (immediate) timers, and the test waits for those by condition.
//
//   node --test unit/

import test from 'node:test';
import { FakeClock, advanceLive } from './fake-clock.mjs';
import assert from 'node:assert/strict';
import { HuiwuClient, ConnState } from '../../../web-static/js/client.js';
import { MockHub } from '../lib/mock-hub.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(5);
  }
  assert.fail(`timed out waiting for ${what}`);
}

/**
 * A WebSocket stand-in wired to a MockHub. net.hold(pred) keeps the server frames that
 * match (released by net.release()); net.refuse makes new sockets fail to open.
 */
function fakeNet(hub) {
  const net = { sockets: new Set(), refuse: false, held: [], holdIf: null, closedByClient: 0 };
  net.WebSocket = class FakeWS {
    constructor() {
      this.readyState = 0;
      setTimeout(() => {
        if (this.readyState === 3) return;
        if (net.refuse) { this.readyState = 3; this.onclose?.({}); return; }
        this.readyState = 1;
        net.sockets.add(this);
        this.conn = hub.connect((obj) => {
          if (this.readyState !== 1) return;
          if (net.holdIf && net.holdIf(obj)) { net.held.push({ ws: this, obj }); return; }
          setTimeout(() => { if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(obj) }); }, 0);
        });
        this.onopen?.();
      }, 1);
    }
    send(text) {
      if (this.readyState !== 1) throw new Error('not open');
      setTimeout(() => this.conn.handle(text), 0);
    }
    close() {
      if (this.readyState === 3) return;
      net.closedByClient++;
      this.readyState = 3;
      net.sockets.delete(this);
      this.conn?.close();
      setTimeout(() => this.onclose?.({}), 0);
    }
  };
  net.release = () => {
    const held = net.held.splice(0);
    for (const { ws, obj } of held) if (ws.readyState === 1) ws.onmessage?.({ data: JSON.stringify(obj) });
  };
  return net;
}

const PING = 1000;
const PING_TIMEOUT = 400;
const GRACE = 1500;

function newClient(net, clock, name = 'a') {
  return new HuiwuClient({
    url: 'ws://test/ws', WebSocket: net.WebSocket, clientName: name, clock,
    requestTimeoutMs: 3000, pingIntervalMs: PING, pingTimeoutMs: PING_TIMEOUT, sendGraceMs: GRACE,
    healthUrl: 'http://127.0.0.1:1/healthz', meUrl: 'http://127.0.0.1:1/api/me',
  });
}

/** Every state the client announced, with the facts at that moment. */
function recordStates(c) {
  const log = [];
  c.onState(() => log.push({
    state: c.state, unsent: c.unsentCount, link: c.linkUp,
    resumed: [...c.sessions.values()].every((s) => s.status === 'joined' && !s.joining && s.linkGen === c.linkGen),
  }));
  return log;
}

/** 'connected' was never announced over a dead link, before every meeting was resumed, or with unsent work. */
function assertHonest(log) {
  for (const e of log) {
    if (e.state !== ConnState.CONNECTED) continue;
    assert.ok(e.link, `'connected' announced without a link: ${JSON.stringify(e)}`);
    assert.ok(e.resumed, `'connected' announced before the resume finished: ${JSON.stringify(e)}`);
  }
}

async function setup() {
  const hub = new MockHub();
  const net = fakeNet(hub);
  const clock = new FakeClock();
  const c = newClient(net, clock);
  await c.start();
  await until(() => c.linkUp, 'the link');
  const { meeting } = await c.createMeeting({ title: '连接状态' });
  const s = c.join(meeting.id);
  await s.ready;
  await until(() => c.state === ConnState.CONNECTED, 'connected after the first join');
  return { hub, net, clock, c, s };
}

const addItem = (title) => ({ add_item: { item: { title, planned_minutes: 10 }, position: -1 } });

test('conn: a ping unanswered within the ping timeout means reconnecting at once; connected again only after the resume', async () => {
  const t = await setup();
  const log = recordStates(t.c);
  try {
    t.net.holdIf = (obj) => !!obj.pong; // the server (or the network) stops answering
    t.clock.advance(PING);               // the ping leaves
    assert.equal(t.c.state, ConnState.CONNECTED, 'a ping just sent is not yet a timeout');
    t.clock.advance(PING_TIMEOUT - 1);
    assert.equal(t.c.state, ConnState.CONNECTED, 'one millisecond before the timeout');
    t.clock.advance(1);
    assert.equal(t.c.state, ConnState.RECONNECTING, 'at the ping timeout: reconnecting, without waiting for the socket to close');
    assert.equal(t.c.linkUp, false);
    assert.equal(t.net.closedByClient, 1, 'the dead socket was given up');

    // A change made meanwhile is counted as unsent.
    const p = t.s.send(addItem('断线时的修改'));
    assert.equal(t.c.unsentCount, 1);
    assert.equal(t.c.state, ConnState.RECONNECTING);

    // The network is back: the backoff (at most 300 ms for the first retry) runs out.
    t.net.holdIf = null;
    t.clock.advance(300);
    await until(() => t.c.linkUp, 'the new link');
    await p;
    await until(() => t.c.state === ConnState.CONNECTED, 'connected after the resume');
    assert.equal(t.c.unsentCount, 0);
    assert.equal(t.s.meeting.agenda.length, 1, 'connected means the acknowledged change is in the copy too');
    const states = log.map((e) => e.state);
    const firstLink = log.findIndex((e) => e.link);
    assert.equal(log[firstLink].state, ConnState.SYNCING, 'the new link starts in syncing, not connected');
    assert.ok(states.lastIndexOf(ConnState.SYNCING) < states.lastIndexOf(ConnState.CONNECTED));
    assertHonest(log);
  } finally { t.c.stop(); }
});

test('conn: frames arriving meanwhile keep a slow pong from counting as a timeout', async () => {
  const t = await setup();
  try {
    t.net.holdIf = (obj) => !!obj.pong;
    t.clock.advance(PING);
    t.clock.advance(10);
    // Another frame arrives while the pong is late (a big snapshot ahead of it).
    await t.s.send(addItem('忙碌中'));
    t.clock.advance(PING_TIMEOUT);
    assert.equal(t.c.state, ConnState.CONNECTED, 'the link delivered frames after the ping: alive');
    t.net.holdIf = null;
    t.net.release();
  } finally { t.c.stop(); }
});

test('conn: the browser\'s offline event drops the link at once; online reconnects, re-sends, then says connected', async () => {
  const et = new EventTarget();
  globalThis.addEventListener = et.addEventListener.bind(et);
  globalThis.removeEventListener = et.removeEventListener.bind(et);
  const nav = { onLine: true };
  Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
  const t = await setup();
  const log = recordStates(t.c);
  try {
    nav.onLine = false;
    t.net.refuse = true;
    et.dispatchEvent(new Event('offline'));
    assert.equal(t.c.state, ConnState.OFFLINE, 'offline at once, not after a ping timeout');
    assert.equal(t.c.linkUp, false);

    const p = t.s.send(addItem('离线时的修改'));
    assert.equal(t.c.unsentCount, 1);

    // Hold the joined reply: the link is up but the meeting is not resumed yet.
    nav.onLine = true;
    t.net.refuse = false;
    t.net.holdIf = (obj) => !!obj.joined;
    et.dispatchEvent(new Event('online'));
    await until(() => t.c.linkUp && t.net.held.length === 1, 'the new link and its join');
    assert.equal(t.c.state, ConnState.SYNCING, 'link up, meeting not resumed: syncing');
    assert.equal(t.c.unsentCount, 1);
    t.net.holdIf = null;
    t.net.release();
    await p;
    await until(() => t.c.state === ConnState.CONNECTED, 'connected after the join and the re-send');
    assert.equal(t.c.unsentCount, 0);
    assertHonest(log);
    const connectedAt = log.findIndex((e) => e.state === ConnState.CONNECTED);
    assert.ok(log.slice(0, connectedAt).some((e) => e.state === ConnState.SYNCING && e.unsent === 1), 'syncing with the unsent change before connected');
  } finally {
    t.c.stop();
    delete globalThis.addEventListener;
    delete globalThis.removeEventListener;
    delete globalThis.navigator;
  }
});

test('conn: a tab brought to the front checks its link at once instead of trusting the last ping', async () => {
  const et = new EventTarget();
  globalThis.addEventListener = et.addEventListener.bind(et);
  globalThis.removeEventListener = et.removeEventListener.bind(et);
  globalThis.document = { visibilityState: 'hidden' };
  const t = await setup();
  try {
    t.net.holdIf = (obj) => !!obj.pong; // the link died while the tab was hidden
    globalThis.document.visibilityState = 'visible';
    et.dispatchEvent(new Event('visibilitychange'));
    assert.equal(t.c.pingInFlight, true, 'a ping left at once, not at the next interval');
    t.clock.advance(PING_TIMEOUT);
    assert.equal(t.c.state, ConnState.RECONNECTING);
  } finally {
    t.c.stop();
    delete globalThis.addEventListener;
    delete globalThis.removeEventListener;
    delete globalThis.document;
  }
});

test('conn: work waiting for its ack longer than the grace time is syncing, not connected; other pending sources count', async () => {
  const t = await setup();
  const log = recordStates(t.c);
  try {
    t.net.holdIf = (obj) => !!obj.ack;
    const p = t.s.send(addItem('等待确认'));
    await until(() => t.net.held.length === 1, 'the ack to be held');
    assert.equal(t.c.unsentCount, 1);
    assert.equal(t.c.state, ConnState.CONNECTED, 'a command just sent: still connected (grace)');
    await advanceLive(t.clock, GRACE - 1);
    assert.equal(t.c.state, ConnState.CONNECTED);
    t.clock.advance(1);
    assert.equal(t.c.state, ConnState.SYNCING, 'no ack for the grace time: syncing');
    t.net.holdIf = null;
    t.net.release();
    await p;
    await until(() => t.c.state === ConnState.CONNECTED, 'connected once acknowledged');

    // Another source of unsent work (the minutes editors of a page).
    let minutes = 2;
    const off = t.c.addPendingSource(() => minutes);
    assert.equal(t.c.unsentCount, 2);
    await advanceLive(t.clock, GRACE);
    assert.equal(t.c.state, ConnState.SYNCING, 'unacknowledged minutes edits: syncing after the grace time');
    minutes = 1;
    t.c.pendingChanged();
    assert.equal(t.c.state, ConnState.CONNECTED, 'an ack is progress: the grace time starts again');
    minutes = 0;
    t.c.pendingChanged();
    assert.equal(t.c.unsentCount, 0);
    assert.equal(t.c.state, ConnState.CONNECTED);

    // After a drop, pending minutes edits keep the state at syncing until they are delivered.
    minutes = 1;
    t.c.pendingChanged();
    t.net.holdIf = (obj) => !!obj.pong;
    t.clock.advance(PING + PING_TIMEOUT);
    assert.equal(t.c.state, ConnState.RECONNECTING);
    t.net.holdIf = null;
    t.clock.advance(300);
    await until(() => t.c.linkUp && t.s.linkGen === t.c.linkGen && !t.s.joining, 'the meeting resumed on the new link');
    assert.equal(t.c.state, ConnState.SYNCING, 'meeting resumed but minutes not yet delivered');
    minutes = 0;
    t.c.pendingChanged();
    assert.equal(t.c.state, ConnState.CONNECTED);
    off();
    assertHonest(log);
  } finally { t.c.stop(); }
});

test('conn: a page still catching up (minutes reading their history) is syncing, not connected', async () => {
  const t = await setup();
  const log = recordStates(t.c);
  try {
    assert.equal(t.c.state, ConnState.CONNECTED);
    let catching = true;
    const off = t.c.addBusySource(() => catching);
    assert.equal(t.c.state, ConnState.SYNCING, 'an editor catching up: the page is not in step yet');
    assert.equal(t.c.unsentCount, 0, 'catching up is not unsent work');
    catching = false;
    t.c.pendingChanged();
    assert.equal(t.c.state, ConnState.CONNECTED);
    catching = true;
    t.c.pendingChanged();
    off();
    assert.equal(t.c.state, ConnState.CONNECTED, 'a removed source no longer counts');
    assertHonest(log);
  } finally { t.c.stop(); }
});

test('conn: a change refused for now (storage unavailable) is syncing at once, not after the grace time', async () => {
  const t = await setup();
  const log = recordStates(t.c);
  try {
    t.hub.storageDown = true;
    const p = t.s.send(addItem('存储不可用时的修改'));
    await until(() => t.c.storageUnavailable, 'the storage-unavailable reply');
    assert.equal(t.c.unsentCount, 1);
    assert.equal(t.c.state, ConnState.SYNCING, 'known not saved: never green, whatever the grace time');
    t.hub.storageDown = false;
    await advanceLive(t.clock, 10000, 200); // the retry backoff runs out
    await p;
    await until(() => t.c.state === ConnState.CONNECTED, 'connected once applied');
    assert.equal(t.c.unsentCount, 0);
    assertHonest(log);
  } finally { t.c.stop(); }
});

test('conn: a page with no meeting is connected right after the welcome; a failed join does not block connected', async () => {
  const hub = new MockHub();
  const net = fakeNet(hub);
  const clock = new FakeClock();
  const c = newClient(net, clock);
  try {
    await c.start();
    await until(() => c.state === ConnState.CONNECTED, 'connected');
    const s = c.join('no-such-meeting');
    assert.equal(c.state, ConnState.SYNCING, 'a meeting being joined: syncing');
    await until(() => s.status === 'not_found', 'the refused join');
    assert.equal(c.state, ConnState.CONNECTED, 'a meeting that cannot be joined is not waited for');
  } finally { c.stop(); }
});
