// The lifecycle in the browser's state (web-static/js/meeting-state.js): events as the server
// sends them (docs/protocol.md §6.4), quorum counted as the server counts it, and a clock's
// used and remaining time that always add up to the planned time.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  applyEvent, normalizeMeeting, timerFigures, quorumStatus, phaseOf,
} from '../../web-static/js/meeting-state.js';

const T = 1773190800000;
const item = (over) => ({ id: 'i1', title: '审议预算', planned_minutes: 30, status: 'ITEM_PENDING', ...over });

test('a meeting without a lifecycle reads as in preparation', () => {
  const m = normalizeMeeting({ id: 'm1', agenda: [item()] });
  assert.equal(phaseOf(m), 'PHASE_DRAFTING');
  assert.equal(m.lifecycle.started_at_ms, 0);
});

test('start and end events carry the phase and the item clocks', () => {
  const m = normalizeMeeting({ id: 'm1', version: '3', agenda: [item({ minutes: '记录' }), item({ id: 'i2' })] });
  applyEvent(m, { version: '4', change: { start_meeting: {
    current_item_id: 'i1', start_timer: true,
    lifecycle: { phase: 'PHASE_IN_SESSION', started_at_ms: String(T), started_by: 'mishu' },
    items: [{ item_id: 'i1', status: 'ITEM_ACTIVE', timer: { elapsed_ms: '0', running_since_ms: String(T) } }],
  } } });
  assert.equal(phaseOf(m), 'PHASE_IN_SESSION');
  assert.equal(m.lifecycle.started_at_ms, T);
  assert.equal(m.current_item_id, 'i1');
  assert.equal(m.agenda[0].status, 'ITEM_ACTIVE');
  assert.equal(m.agenda[0].timer.running_since_ms, T);
  assert.equal(m.agenda[0].minutes, '记录', 'the minutes stay');
  applyEvent(m, { version: '5', change: { end_meeting: {
    mark_current_done: true,
    lifecycle: { phase: 'PHASE_ENDED', started_at_ms: String(T), ended_at_ms: String(T + 600000) },
    items: [{ item_id: 'i1', status: 'ITEM_DONE', timer: { elapsed_ms: '600000', running_since_ms: '0' } }],
  } } });
  assert.equal(phaseOf(m), 'PHASE_ENDED');
  assert.equal(m.current_item_id, '');
  assert.equal(m.agenda[0].timer.elapsed_ms, 600000);
  assert.equal(m.version, 5);
});

test('postponement moves the times; cancellation keeps the reason', () => {
  const m = normalizeMeeting({ id: 'm1', info: { title: '办公会', starts_at_ms: String(T) } });
  applyEvent(m, { version: '1', change: { postpone_meeting: {
    starts_at_ms: String(T + 86400000), reason: '冲突',
    info: { title: '办公会', starts_at_ms: String(T + 86400000) },
    lifecycle: { phase: 'PHASE_NOTIFIED', notice_issues: 2, postponements: [{ from_starts_at_ms: String(T), to_starts_at_ms: String(T + 86400000), reason: '冲突' }] },
  } } });
  assert.equal(m.info.starts_at_ms, T + 86400000);
  assert.equal(m.lifecycle.postponements[0].from_starts_at_ms, T);
  applyEvent(m, { version: '2', change: { cancel_meeting: { reason: '领导公出', lifecycle: { phase: 'PHASE_CANCELLED', cancel_reason: '领导公出' } } } });
  assert.equal(phaseOf(m), 'PHASE_CANCELLED');
  assert.equal(m.lifecycle.cancel_reason, '领导公出');
});

test('used and remaining always add up to the planned time', () => {
  const planned = 30 * 60;
  // Every 100 ms of the first five seconds, then around the end of the plan.
  const offsets = [];
  for (let ms = 0; ms <= 5000; ms += 100) offsets.push(ms);
  for (let ms = planned * 1000 - 2000; ms <= planned * 1000 + 2000; ms += 100) offsets.push(ms);
  for (const ms of offsets) {
    const it = item({ timer: { elapsed_ms: 0, running_since_ms: T } });
    const f = timerFigures(it, T + ms);
    if (!f.over) assert.equal(f.usedS + f.leftS, planned, `at +${ms} ms`);
    else assert.equal(f.usedS - f.overS, planned, `at +${ms} ms`);
  }
  // The reported case: a clock started 0.4 s ago shows 00:00 used and 30:00 left.
  const fresh = timerFigures(item({ timer: { elapsed_ms: 0, running_since_ms: T } }), T + 400);
  assert.equal(fresh.usedS, 0);
  assert.equal(fresh.leftS, 30 * 60);
  // A stopped clock before the start: nothing used, everything left.
  const idle = timerFigures(item(), T);
  assert.deepEqual([idle.usedS, idle.leftS, idle.over], [0, planned, false]);
});

test('quorum: a count or a fraction of those expected, observers not counted', () => {
  const a = (role, attendance) => ({ role, attendance });
  const m = normalizeMeeting({ attendees: [
    a('ROLE_SECRETARY', 'ATTENDANCE_PRESENT'), a('ROLE_CHAIR', 'ATTENDANCE_LATE'),
    a('ROLE_PARTICIPANT', 'ATTENDANCE_LEAVE'), a('ROLE_OBSERVER', 'ATTENDANCE_PRESENT'),
  ] });
  assert.deepEqual(quorumStatus(m), { expected: 3, present: 2, required: 0, below: false });
  m.quorum = { count: 3 };
  assert.deepEqual(quorumStatus(m), { expected: 3, present: 2, required: 3, below: true });
  m.quorum = { numerator: 2, denominator: 3 };
  assert.equal(quorumStatus(m).required, 2);
  m.quorum = { numerator: 1, denominator: 2, more_than: true };
  assert.equal(quorumStatus(m).required, 2);
});
