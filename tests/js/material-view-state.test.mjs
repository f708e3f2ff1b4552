// 仅阅读 in the browser's state and words (decision 0032): set_material_view_only replaces the
// material as the server sends it, a secret item's materials read as view only whatever the
// flag, and a reply recorded by a secretary says who recorded it.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { applyEvent, normalizeMeeting } from '../../web-static/js/meeting-state.js';
import { isViewOnly } from '../../web-static/js/pages/materials-viewer.js';
import { recordedBy } from '../../web-static/js/pages/secretary-reply-form.js';
import { setLang } from '../../web-static/js/i18n.js';

const pdf = { version: 1, type: 'pdf', sha256: 'a'.repeat(64), size: '10', file_name: 'a.pdf' };

test('set_material_view_only replaces the material; a secret item is always view only', () => {
  const m = normalizeMeeting({ id: 'm1', version: '2', agenda: [
    { id: 'i1', title: '汇报', level: 'LEVEL_INTERNAL', materials: [{ id: 'f3', title: '提纲', versions: [pdf] }] },
    { id: 'i2', title: '任免', level: 'LEVEL_SECRET', materials: [{ id: 'f4', title: '名单', versions: [pdf] }] }] });
  assert.equal(isViewOnly(m.agenda[0], m.agenda[0].materials[0]), false);
  assert.equal(isViewOnly(m.agenda[1], m.agenda[1].materials[0]), true);
  applyEvent(m, { version: '3', change: { set_material_view_only: { item_id: 'i1', material_id: 'f3', view_only: true,
    material: { id: 'f3', title: '提纲', view_only: true, versions: [pdf] } } } });
  assert.equal(m.agenda[0].materials.length, 1);
  assert.equal(isViewOnly(m.agenda[0], m.agenda[0].materials[0]), true);
  assert.equal(m.version, 3);
});

test('a reply recorded by a secretary names them; the invitee\'s own names nobody', () => {
  setLang('zh');
  const m = { attendees: [
    { id: 'p1', name: '赵参会', account_id: 'zhao', reply: { kind: 'REPLY_LEAVE', reason: '出差', by: 'wang' } },
    { id: 'p2', name: '王秘书', account_id: 'wang', reply: { kind: 'REPLY_ATTEND', by: 'wang' } },
    { id: 'p3', name: '钱处长', account_id: 'qian', reply: { kind: 'REPLY_ATTEND', by: 'li' } }] };
  assert.equal(recordedBy(m, m.attendees[0]), '由 王秘书 代为登记');
  assert.equal(recordedBy(m, m.attendees[1]), null);
  assert.equal(recordedBy(m, m.attendees[2]), '由 li 代为登记');  // not an attendee: the account
  setLang('en');
  assert.equal(recordedBy(m, m.attendees[0]), 'recorded by 王秘书');
});
