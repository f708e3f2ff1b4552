// The browser's event application (web-static/js/meeting-state.js) against what the server
// sends (docs/protocol.md §6): whole-item events carry no minutes, and replacing the item
// must keep the minutes the page has.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { applyEvent, normalizeMeeting } from '../../web-static/js/meeting-state.js';

const item = (over) => ({
  id: 'i1', title: '审议预算', presenter: '', planned_minutes: 30, notes: '', decision_expected: false,
  level: 'LEVEL_PUBLIC', status: 'ITEM_PENDING', ...over,
});

test('whole-item events without minutes keep the minutes the page has', () => {
  const m = normalizeMeeting({
    id: 'm1', version: '2', agenda: [item({ minutes: '王建国：同意。' }), item({ id: 'i2', minutes: '记录二' })],
  });
  const events = [
    { edit_item: { item: item({ title: '审议预算（改）' }) } },
    { set_item_status: { item_id: 'i2', status: 'ITEM_DEFERRED', item: item({ id: 'i2', status: 'ITEM_DEFERRED' }) } },
    { control_timer: { item_id: 'i1', action: 'TIMER_START',
                       item: item({ title: '审议预算（改）', timer: { elapsed_ms: '0', running_since_ms: '1773190800000' } }) } },
    { set_current: { item_id: 'i1', mark_previous_done: false,
                     touched: [item({ title: '审议预算（改）', status: 'ITEM_ACTIVE' })] } },
  ];
  let v = 2;
  for (const change of events) applyEvent(m, { meeting_id: 'm1', version: String(++v), change });
  assert.equal(m.version, 6);
  assert.equal(m.agenda[0].minutes, '王建国：同意。');
  assert.equal(m.agenda[0].title, '审议预算（改）');
  assert.equal(m.agenda[0].status, 'ITEM_ACTIVE');
  assert.equal(m.agenda[1].minutes, '记录二');
  assert.equal(m.agenda[1].status, 'ITEM_DEFERRED');
});

test('add_item carries the new item with its (empty) minutes', () => {
  const m = normalizeMeeting({ id: 'm1', version: '1', agenda: [] });
  applyEvent(m, { version: '2', change: { add_item: { item: item({ minutes: '' }), position: 0 } } });
  assert.equal(m.agenda[0].minutes, '');
});
