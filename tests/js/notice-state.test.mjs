// The notice's replies in the browser's state (web-static/js/meeting-state.js), as the server
// sends them (docs/protocol.md §6.5): a reply replaces the attendee, a reminder stamps those
// reminded, and a new place while the notice is out re-issues it as the server applies it, so
// earlier replies read as "to confirm again" on the page too.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { applyEvent, normalizeMeeting } from '../../web-static/js/meeting-state.js';
import { toConfirm } from '../../web-static/js/pages/notice-view.js';

const T = 1773190800000;

function notified() {
  return normalizeMeeting({
    id: 'm1', version: '3',
    info: { title: '局长办公会议', starts_at_ms: String(T), ends_at_ms: String(T + 3600e3), place: '三楼第一会议室' },
    attendees: [{ id: 'p1', name: '赵参会', account_id: 'zhao' }, { id: 'p2', name: '钱处长', account_id: 'qian' }],
    lifecycle: { phase: 'PHASE_NOTIFIED', notice_issues: 1 },
  });
}

test('a reply replaces the attendee; a reminder stamps those reminded', () => {
  const m = notified();
  applyEvent(m, { version: '4', change: { reply_notice: { attendee_id: 'p1', kind: 'REPLY_DEPUTY',
    attendee: { id: 'p1', name: '赵参会', account_id: 'zhao', reply: { kind: 'REPLY_DEPUTY', deputy_name: '钱副处', deputy_title: '副处长', notice_issue: 1, at_ms: String(T) } } } } });
  assert.equal(m.attendees[0].reply.deputy_name, '钱副处');
  assert.equal(toConfirm(m, m.attendees[0]), false);
  applyEvent(m, { version: '5', change: { remind_replies: { attendee_ids: ['p2'], at_ms: String(T + 5) } } });
  assert.equal(m.attendees[1].reply.reminded_at_ms, T + 5);
  assert.equal(m.version, 5);
});

test('a new place while the notice is out re-issues it; a new description does not', () => {
  const m = notified();
  m.attendees[0].reply = { kind: 'REPLY_ATTEND', notice_issue: 1 };
  applyEvent(m, { version: '4', at_ms: String(T + 9), account_id: 'wang', change: { update_info: { info: { ...m.info, description: '请准时' } } } });
  assert.equal(m.lifecycle.notice_issues, 1);
  applyEvent(m, { version: '5', at_ms: String(T + 10), account_id: 'wang', change: { update_info: { info: { ...m.info, place: '五楼大会议室' } } } });
  assert.equal(m.lifecycle.notice_issues, 2);
  assert.equal(m.lifecycle.notice_issued_at_ms, T + 10);
  assert.equal(toConfirm(m, m.attendees[0]), true);
});
