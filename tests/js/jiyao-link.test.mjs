// The 纪要's 议定事项 follow their 督办 items in the browser's copy of the meeting as on the
// server (web-static/js/jiyao-link.js, service/domain/jiyao_link.hpp): decision events
// applied by meeting-state.js change the working version until 签发, not after.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { normalizeMeeting, applyEvent } from '../../web-static/js/meeting-state.js';

function meeting(state) {
  return normalizeMeeting({
    id: 'm1', version: '10', info: { title: '局长办公会议', level: 'LEVEL_INTERNAL' },
    decisions: [{ id: 'd1', item_id: 'i1', text: '办法修改后印发', lead_unit: '机关事务局', deadline: '2026-12-31' }],
    jiyao: [{ number: 1, state, sections: [
      { id: 'j:i1', item_id: 'i1', title: '审议办法', decisions: [{ decision_id: 'd1', text: '办法修改后印发', lead_unit: '机关事务局', deadline: '2026-12-31' }] },
      { id: 'j:i2', item_id: 'i2', withheld: true },
      { id: 'j:i3', item_id: 'i3', title: '听取汇报' },
    ] }],
  });
}

const ev = (m, change) => applyEvent(m, { version: String(m.version + 1), change });
const extended = { id: 'd1', item_id: 'i1', text: '办法修改后印发。 ', lead_unit: '', lead_name: '周局长', co_units: ['财政局'], deadline: '2027-01-15', supervisor_name: '钱督查' };

test('while drafting a decision event changes the 议定事项 in place', () => {
  for (const state of ['JIYAO_DRAFTING', 'JIYAO_SUBMITTED', 'JIYAO_RETURNED']) {
    const m = meeting(state);
    ev(m, { decision_action: { decision_id: 'd1', decision: extended } });
    assert.deepEqual(m.jiyao[0].sections[0].decisions, [{ decision_id: 'd1', text: '办法修改后印发。', lead_unit: '周局长', co_units: ['财政局'], deadline: '2027-01-15', supervisor_name: '钱督查' }], state);
    assert.equal(m.decisions[0].deadline, '2027-01-15');
  }
});

test('after 签发 the version keeps what was signed', () => {
  for (const state of ['JIYAO_APPROVED', 'JIYAO_ISSUED', 'JIYAO_ARCHIVED']) {
    const m = meeting(state);
    ev(m, { decision_action: { decision_id: 'd1', decision: extended } });
    assert.equal(m.jiyao[0].sections[0].decisions[0].deadline, '2026-12-31', state);
    assert.equal(m.decisions[0].deadline, '2027-01-15');
  }
});

test('a decision taken after the draft joins its item, else 其他议定事项; a withheld section gets nothing', () => {
  const m = meeting('JIYAO_DRAFTING');
  ev(m, { create_decision: { decision: { id: 'd2', item_id: 'i3', text: '压缩支出', lead_unit: '财政局' } } });
  assert.deepEqual(m.jiyao[0].sections[2].decisions.map((d) => d.decision_id), ['d2']);
  ev(m, { create_decision: { decision: { id: 'd3', item_id: 'i9', text: '另行研究' } } });
  const other = m.jiyao[0].sections[3];
  assert.equal(other.id, 'j:other');
  assert.equal(other.title, '其他议定事项');
  assert.equal(other.level, 'LEVEL_INTERNAL');
  assert.deepEqual(other.decisions.map((d) => d.decision_id), ['d3']);
  ev(m, { create_decision: { decision: { id: 'd4', item_id: 'i2', text: 'x' } } });
  assert.deepEqual(m.jiyao[0].sections[1].decisions, []);
});

test('a comment on a section moves with later edits of its text, as carets do', () => {
  const m = normalizeMeeting({
    id: 'm1', version: '5',
    jiyao: [{ number: 1, state: 'JIYAO_RETURNED', sections: [{ id: 'j:i1', item_id: 'i1', title: 't', text: '会议认为，办法总体可行。' }],
      comments: [{ section_id: 'j:i1', quote: '总体可行', offset: 7, text: '改' }, { section_id: 'j:i2', quote: 'x', offset: 3, text: 'y' }] }],
  });
  ev(m, { edit_minutes: { item_id: 'j:i1', op: { ops: [{ insert: '经研究，' }, { retain: 12 }] } } });
  assert.equal(m.jiyao[0].sections[0].text, '经研究，会议认为，办法总体可行。');
  assert.equal(m.jiyao[0].comments[0].offset, 11);
  assert.equal(m.jiyao[0].comments[1].offset, 3, 'another section\'s comment stays');
  ev(m, { edit_minutes: { item_id: 'j:i1', op: { ops: [{ retain: 11 }, { insert: '基本上' }, { retain: 5 }] } } });
  assert.equal(m.jiyao[0].comments[0].offset, 14);
  assert.equal([...m.jiyao[0].sections[0].text].slice(14, 18).join(''), '总体可行');
});
