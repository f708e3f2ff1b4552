// The 纪要 page's follow-up annex (web-static/js/jiyao-annex.js) says what the documents say
// (service/export/jiyao_followup.cpp; tests/export/jiyao_followup_test.cpp has the same
// cases): the 办理情况 words for every state in the office's zone, the rows numbered by their
// place in the body, the column only once the version is signed off, and the column
// following the decisions the page keeps from events while the body stays as signed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { annexOf, chineseNumber, followUpWords, showsFollowUp } from '../../web-static/js/jiyao-annex.js';
import { normalizeMeeting, applyEvent } from '../../web-static/js/meeting-state.js';

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
const START = 1795397400000;  // 2026-11-23 09:30 in Shanghai
const NOW = START + 27 * DAY;  // 2026-12-20 09:30
const CLOSED = START + 26 * DAY + 15 * 3_600_000;  // 2026-12-19 16:30 UTC = 2026-12-20 00:30 in Shanghai
const dec = (state, deadline, extra = {}) => ({ id: 'd1', state, deadline, ...extra });

test('the words for every state, as the documents write them', () => {
  const due = '2026-12-31';
  assert.equal(followUpWords(dec('closed', due, { closed_at_ms: String(CLOSED) }), due, ZONE), '已办结（2026年12月20日）');
  assert.equal(followUpWords(dec('cancelled', due, { closed_at_ms: String(CLOSED) }), due, ZONE), '已撤销（2026年12月20日）');
  for (const [state, words] of [['opened', '立项'], ['assigned', '已交办'], ['accepted', '已签收'], ['in_progress', '办理中'], ['completion_reported', '已报办结']]) {
    assert.equal(followUpWords(dec(state, due), due, ZONE), words, state);
  }
  assert.equal(followUpWords(dec('opened', due, { history: [{ action: 'assign' }, { action: 'return_assignment' }] }), due, ZONE), '已退回，待重新交办');
  assert.equal(followUpWords(dec('in_progress', '2027-01-15'), due, ZONE), '办理中，已延期至2027年1月15日');
  assert.equal(followUpWords(dec('accepted', '2026-12-25'), due, ZONE), '已签收，完成时限调整为2026年12月25日');
  assert.equal(followUpWords(dec('assigned', '2027-01-15'), '', ZONE), '已交办，完成时限调整为2027年1月15日');
  assert.equal(followUpWords(dec('closed', '2027-01-15', { closed_at_ms: String(CLOSED) }), due, ZONE), '已办结（2026年12月20日）');
});

test('section numbers as the documents write them', () => {
  assert.deepEqual([1, 9, 10, 11, 20, 21, 99].map(chineseNumber), ['一', '九', '十', '十一', '二十', '二十一', '九十九']);
});

function meeting(state) {
  return normalizeMeeting({
    id: 'm1', version: '10', info: { title: '局长办公会议', level: 'LEVEL_INTERNAL' },
    decisions: [
      { id: 'd1', item_id: 'i1', text: '办法修改后印发。', lead_unit: '机关事务局', deadline: '2026-12-31', state: 'assigned', supervisor_name: '钱督查' },
      { id: 'd2', item_id: 'i3', text: '做好供暖设施检修', lead_unit: '局办公室', co_units: ['财务处'], deadline: '2027-01-10', state: 'assigned' },
    ],
    jiyao: [{ number: 1, state, sections: [
      { id: 'j:i1', item_id: 'i1', title: '审议办法', decisions: [{ decision_id: 'd1', text: '办法修改后印发。', lead_unit: '机关事务局', deadline: '2026-12-31', supervisor_name: '钱督查' }] },
      { id: 'j:i2', item_id: 'i2', withheld: true },
      { id: 'j:i3', item_id: 'i3', title: '供暖', decisions: [{ decision_id: 'd2', text: '做好供暖设施检修', lead_unit: '局办公室', co_units: ['财务处'], deadline: '2027-01-10' }] },
    ] }],
  });
}

test('before 签发 the annex has the six columns and no date', () => {
  for (const state of ['JIYAO_DRAFTING', 'JIYAO_SUBMITTED', 'JIYAO_RETURNED']) {
    const m = meeting(state);
    assert.equal(showsFollowUp(m.jiyao[0]), false);
    const a = annexOf(m.jiyao[0], m.decisions, NOW, ZONE);
    assert.equal(a.asOf, '');
    assert.deepEqual(a.head, ['序号', '议定事项', '牵头单位', '协办单位', '完成时限', '督办人']);
    assert.deepEqual(a.rows.map((r) => r.cells), [
      ['一（一）', '办法修改后印发', '机关事务局', '—', '2026年12月31日', '钱督查'],
      ['三（一）', '做好供暖设施检修', '局办公室', '财务处', '2027年1月10日', '—'],
    ]);
  }
});

test('after 签发 the 办理情况 column follows the decision events; the body stays as signed', () => {
  for (const state of ['JIYAO_APPROVED', 'JIYAO_ISSUED', 'JIYAO_ARCHIVED']) {
    const m = meeting(state);
    let a = annexOf(m.jiyao[0], m.decisions, NOW, ZONE);
    assert.equal(a.asOf, '2026年12月20日');
    assert.equal(a.head[6], '办理情况');
    assert.deepEqual(a.rows.map((r) => r.cells[6]), ['已交办', '已交办']);
    applyEvent(m, { version: '11', change: { decision_action: { decision_id: 'd1', decision: { ...m.decisions[0], state: 'closed', closed_at_ms: String(CLOSED) } } } });
    applyEvent(m, { version: '12', change: { decision_action: { decision_id: 'd2', decision: { ...m.decisions[1], deadline: '2027-01-31' } } } });
    a = annexOf(m.jiyao[0], m.decisions, NOW, ZONE);
    assert.deepEqual(a.rows.map((r) => r.cells[6]), ['已办结（2026年12月20日）', '已交办，已延期至2027年1月31日'], state);
    assert.equal(a.rows[1].cells[4], '2027年1月10日', 'the signed deadline stays in its column');
    assert.equal(m.jiyao[0].sections[2].decisions[0].deadline, '2027-01-10', 'and in the body');
  }
});

test('a decision the reader does not have shows a dash; no 议定事项, no rows', () => {
  const m = meeting('JIYAO_ISSUED');
  assert.deepEqual(annexOf(m.jiyao[0], [], NOW, ZONE).rows.map((r) => r.cells[6]), ['—', '—']);
  assert.deepEqual(annexOf({ state: 'JIYAO_ISSUED', sections: [{ id: 'j:i1', decisions: [] }] }, [], NOW, ZONE).rows, []);
  assert.deepEqual(annexOf(null, [], NOW, ZONE).rows, []);
});
