// Unit tests of the browser modules (web-static/js/meeting-state.js and client.js),
// run in Node against an in-process protocol simulation (lib/mock-hub.mjs) through a
// fake WebSocket that can drop connections and frames on demand.
//
//   node --test unit/

import test from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, normalizeMeeting, timeUsedMs, nextItem, attendanceCounts } from '../../../web-static/js/meeting-state.js';
import { HuiwuClient, RequestError } from '../../../web-static/js/client.js';
import { MockHub } from '../lib/mock-hub.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(10);
  }
  assert.fail(`timed out waiting for ${what}`);
}

// ------------------------------------------------------------------ meeting-state

function ev(version, change) { return { meeting_id: 'm1', version: String(version), change }; }
const item = (id, extra = {}) => ({ id, title: id.toUpperCase(), planned_minutes: 10, status: 'ITEM_PENDING', ...extra });

test('applyEvent: every agenda and attendee change kind', () => {
  const m = normalizeMeeting({ id: 'm1', version: '0' });
  applyEvent(m, ev(1, { add_item: { item: item('i1'), position: 0 } }));
  applyEvent(m, ev(2, { add_item: { item: item('i2'), position: 5 } })); // beyond the end: append
  applyEvent(m, ev(3, { add_item: { item: item('i3'), position: 0 } }));
  assert.deepEqual(m.agenda.map((x) => x.id), ['i3', 'i1', 'i2']);
  assert.equal(m.version, 3);

  applyEvent(m, ev(4, { move_item: { item_id: 'i3', position: 2, resulting_order: ['i1', 'i2', 'i3'] } }));
  assert.deepEqual(m.agenda.map((x) => x.id), ['i1', 'i2', 'i3']);

  applyEvent(m, ev(5, { edit_item: { item: item('i2', { title: 'Two', planned_minutes: 25 }) } }));
  assert.equal(m.agenda[1].title, 'Two');
  assert.equal(m.agenda[1].planned_minutes, 25);

  applyEvent(m, ev(6, { set_current: { item_id: 'i1', touched: [item('i1', { status: 'ITEM_ACTIVE', timer: { elapsed_ms: '0', running_since_ms: '1000' } })] } }));
  assert.equal(m.current_item_id, 'i1');
  assert.equal(m.agenda[0].status, 'ITEM_ACTIVE');
  assert.equal(timeUsedMs(m.agenda[0], 61000), 60000);
  assert.equal(nextItem(m).id, 'i2');

  applyEvent(m, ev(7, { control_timer: { item_id: 'i1', action: 'TIMER_PAUSE', item: item('i1', { status: 'ITEM_ACTIVE', timer: { elapsed_ms: '5000', running_since_ms: '0' } }) } }));
  assert.equal(timeUsedMs(m.agenda[0], 999999), 5000);

  applyEvent(m, ev(8, { set_item_status: { item_id: 'i3', status: 'ITEM_DEFERRED', item: item('i3', { status: 'ITEM_DEFERRED' }) } }));
  assert.equal(m.agenda[2].status, 'ITEM_DEFERRED');

  applyEvent(m, ev(9, { remove_item: { item_id: 'i1' } }));
  assert.equal(m.current_item_id, '', 'removing the current item clears current_item_id');
  assert.deepEqual(m.agenda.map((x) => x.id), ['i2', 'i3']);

  const p = (id, extra = {}) => ({ id, name: id, attendance: 'ATTENDANCE_EXPECTED', ...extra });
  applyEvent(m, ev(10, { add_attendee: { attendee: p('p1') } }));
  applyEvent(m, ev(11, { add_attendee: { attendee: p('p2') } }));
  applyEvent(m, ev(12, { check_in: { attendee_id: 'p1', attendance: 'ATTENDANCE_LATE', attendee: p('p1', { attendance: 'ATTENDANCE_LATE', checked_in_at_ms: '5' }) } }));
  applyEvent(m, ev(13, { check_in: { attendee_id: 'p2', attendance: 'ATTENDANCE_LEAVE', attendee: p('p2', { attendance: 'ATTENDANCE_LEAVE', leave_reason: '出差' }) } }));
  assert.equal(m.attendees[0].checked_in_at_ms, 5);
  assert.deepEqual(attendanceCounts(m), { total: 2, present: 0, late: 1, leave: 1, absent: 0, expected: 0, arrived: 1 });
  applyEvent(m, ev(14, { edit_attendee: { attendee: p('p2', { name: '孙丽', attendance: 'ATTENDANCE_LEAVE' }) } }));
  assert.equal(m.attendees[1].name, '孙丽');
  applyEvent(m, ev(15, { remove_attendee: { attendee_id: 'p1' } }));
  assert.deepEqual(m.attendees.map((a) => a.id), ['p2']);

  applyEvent(m, ev(16, { update_info: { info: { title: '新标题', starts_at_ms: '1773277200000' } } }));
  assert.equal(m.info.title, '新标题');
  assert.equal(m.info.starts_at_ms, 1773277200000);
  applyEvent(m, ev(17, { archive: { archived: true } }));
  assert.equal(m.archived, true);
  assert.equal(m.version, 17);
});

test('applyEvent: an unknown change kind only moves the version', () => {
  const m = normalizeMeeting({ id: 'm1', version: '4' });
  assert.equal(applyEvent(m, ev(5, { minutes_edit: { op: [] } })), 'unknown:minutes_edit');
  assert.equal(m.version, 5);
});

// ------------------------------------------------------------------ client against the mock hub

/** A WebSocket stand-in wired to a MockHub. net.drop() closes every open socket. */
function fakeNet(hub) {
  const net = { sockets: new Set(), refuse: false, dropReplies: 0, sent: [], filter: null };
  net.WebSocket = class FakeWS {
    constructor() {
      this.readyState = 0;
      setTimeout(() => {
        if (net.refuse) { this.readyState = 3; this.onclose?.({}); return; }
        this.readyState = 1;
        net.sockets.add(this);
        this.conn = hub.connect((obj) => {
          if (this.readyState !== 1) return;
          // Lose the reply (not events) to a command: the outcome is unknown to the client.
          if (obj.ack && net.dropReplies > 0) { net.dropReplies--; return; }
          if (net.filter && !net.filter(this, obj)) return;
          setTimeout(() => { if (this.readyState === 1) this.onmessage?.({ data: JSON.stringify(obj) }); }, 0);
        });
        this.onopen?.();
      }, 1);
    }
    send(text) {
      if (this.readyState !== 1) throw new Error('not open');
      net.sent.push(JSON.parse(text));
      setTimeout(() => this.conn.handle(text), 0);
    }
    close() {
      if (this.readyState === 3) return;
      this.readyState = 3;
      net.sockets.delete(this);
      this.conn?.close();
      setTimeout(() => this.onclose?.({}), 0);
    }
  };
  net.drop = () => { for (const s of [...net.sockets]) s.close(); };
  return net;
}

function newClient(net, name) {
  return new HuiwuClient({ url: 'ws://test/ws', WebSocket: net.WebSocket, clientName: name, requestTimeoutMs: 1000, pingIntervalMs: 60000, healthUrl: 'http://127.0.0.1:1/healthz', meUrl: 'http://127.0.0.1:1/api/me' });
}

async function setup() {
  const hub = new MockHub();
  const net = fakeNet(hub);
  const a = newClient(net, 'a');
  const b = newClient(net, 'b');
  await Promise.all([a.start(), b.start()]);
  await Promise.all([a.whenConnected(), b.whenConnected()]);
  const { meeting } = await a.createMeeting({ title: '测试会议' });
  const sa = a.join(meeting.id);
  const sb = b.join(meeting.id);
  await Promise.all([sa.ready, sb.ready]);
  return { hub, net, a, b, sa, sb, stop: () => { a.stop(); b.stop(); } };
}

const addItem = (title) => ({ add_item: { item: { title, planned_minutes: 10 }, position: -1 } });

test('client: a command is acked and its event reaches both clients', async () => {
  const t = await setup();
  try {
    const ack = await t.sa.send(addItem('议题一'));
    assert.equal(ack.version, 1);
    assert.equal(ack.duplicate, false);
    await until(() => t.sb.version === 1 && t.sa.version === 1, 'both at version 1');
    assert.equal(t.sb.meeting.agenda[0].title, '议题一');
    assert.equal(t.a.pendingCount, 0);
  } finally { t.stop(); }
});

test('client: commands typed while disconnected are kept and sent once after the reconnect', async () => {
  const t = await setup();
  try {
    await t.sa.send(addItem('一'));
    t.net.refuse = true;
    t.net.drop();
    await until(() => t.a.state !== 'connected', 'a to notice the drop');
    const p1 = t.sa.send(addItem('二'));
    const p2 = t.sa.send(addItem('三'));
    assert.equal(t.a.pendingCount, 2);
    t.net.refuse = false;
    await Promise.all([p1, p2]);
    await until(() => t.sb.version === 3 && t.sa.version === 3, 'both at version 3');
    assert.deepEqual(t.sb.meeting.agenda.map((x) => x.title), ['一', '二', '三']);
    assert.equal(t.a.pendingCount, 0);
  } finally { t.stop(); }
});

test('client: a command whose ack was lost is re-sent with the same client_seq and applied once', async () => {
  const t = await setup();
  try {
    t.net.dropReplies = 1;
    const p = t.sa.send(addItem('只一次'));
    await until(() => t.sb.version === 1, 'the event to arrive although the ack is lost');
    t.net.drop(); // the client never saw the ack: it must re-send after reconnecting
    const ack = await p;
    assert.equal(ack.duplicate, true);
    const sends = t.net.sent.filter((e) => e.command && e.command.client_id === t.a.clientId);
    assert.ok(sends.length >= 2, 'the command was sent again');
    assert.ok(sends.every((e) => e.command.client_seq === sends[0].command.client_seq), 'with the same client_seq');
    await until(() => t.sa.version === 1, 'a back at version 1');
    assert.equal(t.sa.meeting.agenda.length, 1);
    assert.equal(t.sb.meeting.agenda.length, 1);
  } finally { t.stop(); }
});

test('client: storage unavailable keeps the command, shows the state, and retries until applied', async () => {
  const t = await setup();
  try {
    t.hub.storageDown = true;
    const p = t.sa.send(addItem('等存储恢复'));
    await until(() => t.a.storageUnavailable, 'the storage-unavailable state');
    assert.equal(t.a.pendingCount, 1);
    t.hub.storageDown = false;
    await p;
    assert.equal(t.a.storageUnavailable, false);
    await until(() => t.sb.version === 1, 'b to receive it');
  } finally { t.stop(); }
});

test('client: a refused command rejects with its code and does not block the next one', async () => {
  const t = await setup();
  try {
    const bad = t.sa.send({ remove_item: { item_id: 'i999' } });
    const good = t.sa.send(addItem('后一个'));
    await assert.rejects(bad, (e) => e instanceof RequestError && e.code === 'ERROR_NOT_FOUND');
    await good;
    assert.equal(t.a.pendingCount, 0);
  } finally { t.stop(); }
});

test('client: commands of one meeting go out one at a time, in client_seq order', async () => {
  const t = await setup();
  try {
    const ps = [1, 2, 3, 4, 5].map((i) => t.sa.send(addItem(`项${i}`)));
    await Promise.all(ps);
    const seqs = t.net.sent.filter((e) => e.command).map((e) => e.command.client_seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y));
    await until(() => t.sa.version === 5, 'all five events');
    assert.deepEqual(t.sa.meeting.agenda.map((x) => x.title), ['项1', '项2', '项3', '项4', '项5']);
  } finally { t.stop(); }
});

test('client: a missed event (gap) makes the client re-join and catch up', async () => {
  const t = await setup();
  try {
    await t.sa.send(addItem('一'));
    await until(() => t.sb.version === 1, 'b at 1');
    // b loses the event of version 2 (as if a frame went missing).
    t.net.filter = (ws, obj) => !(ws === t.b.ws && obj.event && obj.event.version === '2');
    await t.sa.send(addItem('二'));
    t.net.filter = null;
    await t.sa.send(addItem('三'));
    await until(() => t.sb.version === 3 && t.sa.version === 3, 'both at version 3');
    assert.deepEqual(t.sb.meeting.agenda.map((x) => x.title), ['一', '二', '三']);
  } finally { t.stop(); }
});

test('client: a new epoch (resync) replaces the local copy with a snapshot', async () => {
  const t = await setup();
  try {
    await t.sa.send(addItem('一'));
    await until(() => t.sb.version === 1, 'b at 1');
    const oldEpoch = t.sb.epoch;
    t.hub.newEpoch(t.sa.id);
    await until(() => t.sb.epoch !== oldEpoch && t.sa.epoch !== oldEpoch, 'both on the new epoch');
    assert.equal(t.sb.meeting.agenda.length, 1);
  } finally { t.stop(); }
});

test('client: create_meeting retried after a lost reply returns the same meeting', async () => {
  const hub = new MockHub();
  const net = fakeNet(hub);
  const a = newClient(net, 'a');
  await a.start();
  await a.whenConnected();
  try {
    // Lose the first created reply by dropping the connection right after sending it.
    const origSend = net.WebSocket.prototype.send;
    let dropped = false;
    net.WebSocket.prototype.send = function send(text) {
      origSend.call(this, text);
      if (!dropped && text.includes('create_meeting')) { dropped = true; setTimeout(() => net.drop(), 0); }
    };
    const { meeting } = await a.createMeeting({ title: '只建一次' });
    net.WebSocket.prototype.send = origSend;
    assert.equal(hub.rooms.size, 1);
    assert.equal([...hub.rooms.keys()][0], meeting.id);
  } finally { a.stop(); }
});
