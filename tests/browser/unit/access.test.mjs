// Accounts, roles and levels as the pages see them (docs/security.md): the pure rules of
// web-static/js/access.js, the login page's helpers, version-only events, and the
// client's handling of a refused meeting (ERROR_FORBIDDEN) and of a login session that
// ended (the upgrade refused: a close before open, then GET /api/me says 401).
//
//   node --test unit/

import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  levelsUpTo, clearedFor, roleIn, normalizeRole, canEdit, canRun, canRead, canCheckIn, safeNext, loginUrl, ROLE_NONE,
} from '../../../web-static/js/access.js';
import * as login from '../../../web-static/js/pages/login.js';
import { applyEvent, normalizeMeeting } from '../../../web-static/js/meeting-state.js';
import { HuiwuClient } from '../../../web-static/js/client.js';
import { FakeClock, advanceLive } from './fake-clock.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}

// ------------------------------------------------------------------ levels and roles

test('levels: offered up to the clearance; an unknown clearance offers public only', () => {
  assert.deepEqual(levelsUpTo('LEVEL_INTERNAL'), ['LEVEL_PUBLIC', 'LEVEL_INTERNAL']);
  assert.deepEqual(levelsUpTo('LEVEL_SECRET'), ['LEVEL_PUBLIC', 'LEVEL_INTERNAL', 'LEVEL_CONFIDENTIAL', 'LEVEL_SECRET']);
  assert.deepEqual(levelsUpTo(undefined), ['LEVEL_PUBLIC']);
  assert.deepEqual(levelsUpTo('LEVEL_TOP'), ['LEVEL_PUBLIC']);
  assert.equal(clearedFor('LEVEL_INTERNAL', 'LEVEL_INTERNAL'), true);
  assert.equal(clearedFor('LEVEL_INTERNAL', 'LEVEL_CONFIDENTIAL'), false);
  assert.equal(clearedFor('LEVEL_SECRET', 'LEVEL_WHATEVER'), true, 'an unknown level counts as the highest');
  assert.equal(clearedFor('LEVEL_CONFIDENTIAL', 'LEVEL_WHATEVER'), false);
  assert.equal(clearedFor('', 'LEVEL_PUBLIC'), false, 'no clearance: nothing');
});

test('roleIn: creator is convener; else the linked attendee; else what join said; unknown is none', () => {
  const m = normalizeMeeting({
    id: 'm1', created_by: 'wang',
    attendees: [
      { id: 'p1', name: '赵', account_id: 'zhao', role: 'ROLE_PARTICIPANT' },
      { id: 'p2', name: '钱', account_id: 'qian', role: 'ROLE_CHAIR' },
      { id: 'p3', name: '孙', account_id: 'sun', role: 'ROLE_OBSERVER' },
      { id: 'p4', name: '客人' },
    ],
  });
  assert.equal(roleIn(m, 'wang'), 'ROLE_CONVENER');
  assert.equal(roleIn(m, 'zhao'), 'ROLE_PARTICIPANT');
  assert.equal(roleIn(m, 'qian'), 'ROLE_CHAIR');
  assert.equal(roleIn(m, 'sun'), 'ROLE_OBSERVER');
  assert.equal(roleIn(m, 'li'), ROLE_NONE, 'not invited');
  assert.equal(roleIn(m, 'li', 'ROLE_SECRETARY'), 'ROLE_SECRETARY', 'the server\'s word when the state does not say');
  assert.equal(roleIn(null, 'zhao', 'ROLE_OBSERVER'), 'ROLE_OBSERVER');
  assert.equal(roleIn(m, '', 'ROLE_CHAIR'), 'ROLE_CHAIR');
  // A role changed live by a secretary wins over the one the join reported.
  assert.equal(roleIn(m, 'zhao', 'ROLE_OBSERVER'), 'ROLE_PARTICIPANT');
  // Linked twice: the stronger link counts.
  m.attendees.push({ id: 'p5', name: '赵2', account_id: 'zhao', role: 'ROLE_SECRETARY' });
  assert.equal(roleIn(m, 'zhao'), 'ROLE_SECRETARY');
  assert.equal(normalizeRole('ROLE_NONE'), ROLE_NONE);
  assert.equal(normalizeRole('ROLE_FUTURE'), ROLE_NONE);
  assert.equal(normalizeRole(undefined), ROLE_NONE);
});

test('permissions: editors, runners, readers, and who may check whom in', () => {
  const table = [
    // role, edit, run, read
    ['ROLE_CONVENER', true, true, true],
    ['ROLE_SECRETARY', true, true, true],
    ['ROLE_CHAIR', false, true, true],
    ['ROLE_PARTICIPANT', false, false, true],
    ['ROLE_OBSERVER', false, false, true],
    [ROLE_NONE, false, false, false],
  ];
  for (const [role, edit, run, read] of table) {
    assert.equal(canEdit(role), edit, `${role} edit`);
    assert.equal(canRun(role), run, `${role} run`);
    assert.equal(canRead(role), read, `${role} read`);
  }
  const mine = { id: 'p1', account_id: 'zhao' };
  const other = { id: 'p2', account_id: 'qian' };
  const guest = { id: 'p3', account_id: '' };
  assert.equal(canCheckIn('ROLE_PARTICIPANT', mine, 'zhao'), true);
  assert.equal(canCheckIn('ROLE_PARTICIPANT', other, 'zhao'), false);
  assert.equal(canCheckIn('ROLE_PARTICIPANT', guest, ''), false, 'no account: not "the same" as an unlinked guest');
  assert.equal(canCheckIn('ROLE_OBSERVER', mine, 'zhao'), false);
  assert.equal(canCheckIn('ROLE_CHAIR', other, 'zhao'), true);
  assert.equal(canCheckIn('ROLE_SECRETARY', guest, 'wang'), true);
  assert.equal(canCheckIn(ROLE_NONE, mine, 'zhao'), false);
});

// ------------------------------------------------------------------ login

test('safeNext: only paths on this site; the login page and the twin in login.js agree', () => {
  const cases = [
    ['/secretary.html?m=m1', '/secretary.html?m=m1'],
    ['/leader.html?m=m%201#x', '/leader.html?m=m%201#x'],
    ['/', '/'],
    ['', '/'],
    [null, '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['secretary.html', '/'],
    ['/login.html?next=/x', '/'],
    ['/a\tb', '/'],
    ['/%2F%2Fevil', '/%2F%2Fevil'],
    ['/./../x', '/x'],
  ];
  for (const [input, want] of cases) {
    assert.equal(safeNext(input), want, `access.safeNext(${JSON.stringify(input)})`);
    assert.equal(login.safeNext(input), want, `login.safeNext(${JSON.stringify(input)})`);
  }
  assert.equal(loginUrl('/secretary.html?m=m1'), '/login.html?next=%2Fsecretary.html%3Fm%3Dm1');
  assert.equal(loginUrl('/'), '/login.html');
  assert.equal(loginUrl('//evil'), '/login.html');
});

test('login failures: wrong credentials, throttled with the wait, disabled, server trouble', () => {
  assert.deepEqual(login.loginFailure(401, { error: { code: 'bad_credentials' } }, ''), { key: 'login.bad_credentials' });
  assert.deepEqual(login.loginFailure(429, { error: { code: 'throttled' } }, '90'), { key: 'login.throttled', wait: 90 });
  assert.deepEqual(login.loginFailure(429, {}, ''), { key: 'login.throttled_unknown', wait: 0 });
  assert.equal(login.loginFailure(403, { error: { code: 'disabled' } }, '').key, 'login.disabled');
  assert.deepEqual(login.loginFailure(503, {}, ''), { key: 'login.server_error', vars: { status: 503 } });
  assert.equal(login.retryAfterSeconds('120'), 120);
  assert.equal(login.retryAfterSeconds(new Date(Date.now() + 30000).toUTCString()) >= 29, true);
  assert.equal(login.retryAfterSeconds('soon'), 0);
  assert.equal(login.formatWait(125), '2 分 05 秒');
  assert.equal(login.formatWait(40), '40 秒');
});

test('new password: length in code points, repeated, not the one-time one', () => {
  assert.equal(login.checkNewPassword('otp', 'short', 'short', false), 'login.too_short');
  assert.equal(login.checkNewPassword('otp', '𠀀'.repeat(10), '𠀀'.repeat(10), false), '', '10 code points suffice (20 UTF-16 units)');
  assert.equal(login.checkNewPassword('otp', 'x'.repeat(201), 'x'.repeat(201), false), 'login.too_long');
  assert.equal(login.checkNewPassword('otp', 'long enough 1', 'long enough 2', false), 'login.mismatch');
  assert.equal(login.checkNewPassword('same-password', 'same-password', 'same-password', false), 'login.same_as_old');
  assert.equal(login.checkNewPassword('', 'long enough 1', 'long enough 1', true), 'login.need_old');
});

// ------------------------------------------------------------------ version-only events

test('applyEvent: a redacted event (change {} or no change) only moves the version', () => {
  const m = normalizeMeeting({ id: 'm1', version: '4', agenda: [{ id: 'i1', title: '内部事项', level: 'LEVEL_INTERNAL' }] });
  const before = JSON.stringify(m.agenda);
  assert.doesNotThrow(() => applyEvent(m, { meeting_id: 'm1', version: '5', change: {} }));
  assert.equal(m.version, 5);
  assert.doesNotThrow(() => applyEvent(m, { meeting_id: 'm1', version: '6' }));
  assert.doesNotThrow(() => applyEvent(m, { meeting_id: 'm1', version: '7', change: null }));
  assert.equal(m.version, 7);
  assert.equal(JSON.stringify(m.agenda), before);
  // Lowered into the clearance: the whole item arrives with its minutes.
  applyEvent(m, { meeting_id: 'm1', version: '8', change: { add_item: { item: { id: 'i9', title: '原机密事项', level: 'LEVEL_INTERNAL', minutes: '记录' }, position: 0 } } });
  assert.equal(m.agenda[0].minutes, '记录');
  // Raised above it again: removed.
  applyEvent(m, { meeting_id: 'm1', version: '9', change: { remove_item: { item_id: 'i9' } } });
  assert.deepEqual(m.agenda.map((x) => x.id), ['i1']);
});

// ------------------------------------------------------------------ client: forbidden, session ended

// A scripted server: answers hello with an account, join per `joinReply`, and can push frames.
function scriptedNet() {
  const net = { sockets: new Set(), refuse: false, joinReply: null, account: { id: 'zhao', name: '赵参会', clearance: 'LEVEL_INTERNAL' } };
  net.WebSocket = class {
    constructor() {
      this.readyState = 0;
      setTimeout(() => {
        if (net.refuse) { this.readyState = 3; this.onclose?.({}); return; }
        this.readyState = 1;
        net.sockets.add(this);
        this.onopen?.();
      }, 1);
    }
    push(obj) { setTimeout(() => this.onmessage?.({ data: JSON.stringify(obj) }), 0); }
    send(text) {
      const env = JSON.parse(text);
      if (env.hello) this.push({ id: String(env.id), welcome: { server_id: 's', server_time_ms: String(Date.now()), protocol: 'huiwu.v1', account: net.account } });
      else if (env.join) this.push({ id: String(env.id), ...net.joinReply(env.join) });
      else if (env.ping) this.push({ id: String(env.id), pong: { server_time_ms: String(Date.now()) } });
    }
    close() {
      if (this.readyState === 3) return;
      this.readyState = 3;
      net.sockets.delete(this);
      setTimeout(() => this.onclose?.({}), 0);
    }
  };
  return net;
}

const snapshot = (version) => ({
  joined: {
    meeting_id: 'm1', version: String(version), epoch: 'e1', my_role: 'ROLE_PARTICIPANT',
    snapshot: { id: 'm1', version: String(version), created_by: 'wang', info: { title: 'T', level: 'LEVEL_INTERNAL' }, agenda: [{ id: 'i1', title: '内部', level: 'LEVEL_INTERNAL' }], attendees: [{ id: 'p1', name: '赵参会', account_id: 'zhao' }] },
  },
});

test('client: the welcome\'s account and the joined role; access lost -> resync -> ERROR_FORBIDDEN -> failed, state dropped, not retried', async () => {
  const net = scriptedNet();
  let joins = 0;
  net.joinReply = () => { joins++; return joins === 1 ? snapshot(3) : { error: { code: 'ERROR_FORBIDDEN', message: 'not invited' } }; };
  // The client's timers run on a clock the test moves: "never retried" is shown by running
  // every timer of the next minutes, not by waiting for a retry that does not come.
  const clock = new FakeClock();
  const c = new HuiwuClient({ url: 'ws://t/ws', WebSocket: net.WebSocket, requestTimeoutMs: 1000, pingIntervalMs: 60000, meUrl: 'http://127.0.0.1:1/api/me', healthUrl: 'http://127.0.0.1:1/healthz', clock });
  await c.start();
  const s = c.join('m1');
  await s.ready;
  assert.equal(c.account.id, 'zhao');
  assert.equal(s.myRole, 'ROLE_PARTICIPANT');
  assert.equal(roleIn(s.meeting, c.account.id, s.myRole), 'ROLE_PARTICIPANT');
  // A version-only event arrives (something hidden changed): the version moves, nothing else.
  const [ws] = net.sockets;
  ws.push({ id: '0', event: { meeting_id: 'm1', version: '4', change: {} } });
  await until(() => s.version === 4, 'the version-only event');
  assert.equal(s.meeting.agenda.length, 1);
  // The meeting's level was raised above the clearance: resync, and the re-join is refused.
  ws.push({ id: '0', resync: { meeting_id: 'm1', reason: 'access changed' } });
  await until(() => s.status === 'failed', 'the refused re-join');
  assert.equal(s.error.code, 'ERROR_FORBIDDEN');
  assert.equal(s.meeting, null, 'what the page held of the meeting is dropped');
  // A retry would be due within the join backoff's cap (10 s); run the next 50 s of timers,
  // pings and their pongs included.
  await advanceLive(clock, 50_000, 500);
  assert.equal(joins, 2, 'a refused join is not retried');
  // The link drops and comes back (a ping timeout, a restarted server): the new link
  // does not ask for the refused meeting again either.
  ws.close();
  await until(() => net.sockets.size === 0, 'the link to drop');
  await advanceLive(clock, 30_000, 500);
  await until(() => c.linkUp && net.sockets.size === 1 && !net.sockets.has(ws), 'the new link');
  await advanceLive(clock, 5_000, 500);
  assert.equal(joins, 2, 'a reconnect does not re-join a refused meeting');
  assert.equal(s.status, 'failed');
  c.stop();
});

test('client: repeated refused upgrades ask /api/me; 401 reports the ended session, a server that is down does not', async () => {
  let status = 401;
  let asked = 0;
  const srv = http.createServer((req, res) => {
    asked++;
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(status === 200 ? JSON.stringify({ account: { id: 'zhao', must_change_password: true } }) : '{"error":{"code":"unauthenticated"}}');
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const meUrl = `http://127.0.0.1:${srv.address().port}/api/me`;
  try {
    const net = scriptedNet();
    net.refuse = true;
    const c = new HuiwuClient({ url: 'ws://t/ws', WebSocket: net.WebSocket, requestTimeoutMs: 1000, pingIntervalMs: 60000, meUrl, healthUrl: 'http://127.0.0.1:1/healthz' });
    const lost = [];
    c.onAuthLost((e) => lost.push(e.reason));
    await c.start();
    await until(() => lost.length > 0, 'the ended session to be reported', 8000);
    assert.equal(lost[0], 'unauthenticated');
    c.stop();

    // Logged in, but the password must change first (the upgrade answers 403).
    status = 200;
    const c2 = new HuiwuClient({ url: 'ws://t/ws', WebSocket: net.WebSocket, requestTimeoutMs: 1000, pingIntervalMs: 60000, meUrl, healthUrl: 'http://127.0.0.1:1/healthz' });
    const lost2 = [];
    c2.onAuthLost((e) => lost2.push(e.reason));
    await c2.start();
    await until(() => lost2.length > 0, 'must_change_password to be reported', 8000);
    assert.equal(lost2[0], 'must_change_password');
    c2.stop();

    // The server is down (/api/me unreachable too): nothing is reported, reconnecting goes on.
    const c3 = new HuiwuClient({ url: 'ws://t/ws', WebSocket: net.WebSocket, requestTimeoutMs: 1000, pingIntervalMs: 60000, meUrl: 'http://127.0.0.1:1/api/me', healthUrl: 'http://127.0.0.1:1/healthz' });
    const lost3 = [];
    c3.onAuthLost((e) => lost3.push(e.reason));
    // Wait for the client's own check of /api/me to have failed (not for time to pass),
    // then assert that it reported nothing.
    const realFetch = globalThis.fetch;
    let checked = 0;
    globalThis.fetch = (...args) => realFetch(...args).finally(() => { checked++; });
    try {
      await c3.start();
      await until(() => checked > 0 && !c3.authChecking, 'the check of /api/me while the server is down');
    } finally {
      globalThis.fetch = realFetch;
    }
    assert.deepEqual(lost3, []);
    assert.ok(c3.refusedUpgrades >= 2);
    c3.stop();
    assert.ok(asked >= 2);
  } finally {
    srv.close();
  }
});
