// An instance that drains (SIGTERM) closes its WebSockets with 1012 "service restart"
// (docs/protocol.md §10.1, docs/operations.md "Drain"): the browser client reconnects at
// once, within RESTART_SPREAD_MS, not after the backoff of an ordinary close, resumes its
// meeting from its last version and re-sends what was not acknowledged. The client's timers
// run on a fake clock the test advances; the fake socket delivers with real immediate timers.
// "No socket yet" is read from the count of sockets the client constructed: its reconnect
// timer runs inside clock.advance(), so a socket it opens is constructed before advance()
// returns — no real time has to pass to prove that none was.
//
//   node --test unit/

import test from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './fake-clock.mjs';
import { HuiwuClient, ConnState, RESTART_SPREAD_MS } from '../../../web-static/js/client.js';
import { MockHub } from '../lib/mock-hub.mjs';
import { until } from '../lib/until.mjs';


/** A WebSocket stand-in on a MockHub; net.serverClose(code) closes every socket from the server's side. */
function fakeNet(hub) {
  const net = { sockets: new Set(), created: 0, opened: 0, requests: [] };
  net.WebSocket = class FakeWS {
    constructor() {
      net.created++; // synchronously, inside whatever timer of the client's made it
      this.readyState = 0;
      setTimeout(() => {
        if (this.readyState === 3) return;
        this.readyState = 1;
        net.opened++;
        net.sockets.add(this);
        this.conn = hub.connect((obj) => {
          setTimeout(() => { if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(obj) }); }, 0);
        });
        this.onopen?.();
      }, 1);
    }
    send(text) {
      if (this.readyState !== 1) throw new Error('not open');
      net.requests.push(JSON.parse(text));
      if (net.swallow) return; // the instance went away before answering
      setTimeout(() => this.conn.handle(text), 0);
    }
    close() {
      if (this.readyState === 3) return;
      this.readyState = 3;
      net.sockets.delete(this);
      this.conn?.close();
      setTimeout(() => this.onclose?.({ code: 1005 }), 0);
    }
  };
  net.serverClose = (code) => {
    for (const s of [...net.sockets]) {
      s.readyState = 3;
      net.sockets.delete(s);
      s.conn.close();
      s.onclose?.({ code, reason: 'server restarting; reconnect and resume' });
    }
  };
  return net;
}

async function setup() {
  const hub = new MockHub();
  const net = fakeNet(hub);
  const clock = new FakeClock();
  const c = new HuiwuClient({
    url: 'ws://test/ws', WebSocket: net.WebSocket, clientName: 'drain', clock,
    requestTimeoutMs: 3000, pingIntervalMs: 1000, pingTimeoutMs: 400, sendGraceMs: 1500,
    healthUrl: 'http://127.0.0.1:1/healthz', meUrl: 'http://127.0.0.1:1/api/me',
  });
  await c.start();
  await until(() => c.linkUp, 'the link');
  const { meeting } = await c.createMeeting({ title: '排空' });
  const s = c.join(meeting.id);
  await s.ready;
  await until(() => c.state === ConnState.CONNECTED, 'connected');
  return { hub, net, clock, c, s, meeting };
}

const addItem = (title) => ({ add_item: { item: { title, planned_minutes: 10 }, position: -1 } });

test('drain: a 1012 close reconnects within the restart spread and resumes from the last version', async () => {
  const t = await setup();
  try {
    await t.s.send(addItem('议题一'));
    await until(() => t.s.version >= 1, 'the event of the first change');
    const versionBefore = t.s.version;
    // A change sent to the draining instance that it never answered (it stopped reading).
    t.net.swallow = true;
    const pending = t.s.send(addItem('排空时的修改'));
    await until(() => t.net.requests.some((r) => r.command?.change?.add_item?.item?.title === '排空时的修改'), 'the change sent');
    t.net.swallow = false;
    const opened = t.net.opened;
    const created = t.net.created;
    t.net.serverClose(1012);
    assert.equal(t.c.state, ConnState.RECONNECTING);
    t.clock.advance(RESTART_SPREAD_MS);
    assert.equal(t.net.created, created + 1, 'a new socket within the restart spread');
    await until(() => t.net.opened === opened + 1, 'the new socket open');
    await pending;
    await until(() => t.c.state === ConnState.CONNECTED, 'connected after the resume');
    const rejoin = t.net.requests.filter((r) => r.join).at(-1);
    assert.equal(Number(rejoin.join.known_version), versionBefore, 'resumed from the version it had');
    const titles = t.hub.rooms.get(t.meeting.id).meeting.agenda.map((i) => i.title);
    assert.deepEqual(titles, ['议题一', '排空时的修改'], 'the unanswered change was re-sent and applied once');
  } finally {
    t.c.stop();
  }
});

test('drain: an ordinary close (1006) still waits for the backoff, longer than the restart spread', async () => {
  const t = await setup();
  try {
    const opened = t.net.opened;
    const created = t.net.created;
    t.net.serverClose(1006);
    t.clock.advance(RESTART_SPREAD_MS);
    assert.equal(t.net.created, created, 'no new socket yet: the backoff is at least 150 ms');
    t.clock.advance(300);
    assert.equal(t.net.created, created + 1, 'one new socket once the backoff has passed');
    await until(() => t.net.opened === opened + 1, 'the reconnect after the backoff');
    await until(() => t.c.state === ConnState.CONNECTED, 'connected again');
  } finally {
    t.c.stop();
  }
});
