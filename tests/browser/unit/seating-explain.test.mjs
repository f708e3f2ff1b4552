// The seating chart's rule and notes in words (issue 13), in Node: "以左为上，单数居中" and
// its English, the even rules, the 会谈 interpreter (占位不占数), who was left off —
// built from the engine's structured answer, with no JSON field names, in both languages.
//
//   node --test unit/

import test from 'node:test';
import assert from 'node:assert/strict';
import { setLang } from '../../../web-static/js/i18n.js';
import { ruleInWords, notesInWords, orderRuleInWords } from '../../../web-static/js/pages/seating-explain.js';

const CJK = /[\u3400-\u9fff]/;
const FIELD = /seat_from|from_seat|from_audience|principal_right|on_leave|include_|convention/;

function chart(config, result) {
  return { id: 's1', name: 'x', computed_at_version: '7', members: [], config_json: JSON.stringify(config), result_json: JSON.stringify(result) };
}
const row = (ids, extra = {}) => ({ row: 1, seats: ids.length, from_seat: ids, ...extra });

const podium = (n, convention = 'left', even_rule = 'A') => chart(
  { layout: { kind: 'podium', rows: [7] }, convention, even_rule, order: 'rank' },
  { seats: [], rows: [row(Array.from({ length: 7 }, (_, i) => (i < n ? `p${i}` : null)))], order: { rule: 'rank' },
    left_off: [{ id: 'b', name: '李强', reason: 'on_leave' }, { id: 'd', name: '赵秘书', reason: 'staff' }] });

// 会谈, 以左为上, host side `_ 2 1 i 3` with the interpreter on the principal's right.
const talks = chart({ layout: { kind: 'talks', seats_per_side: 5 }, convention: 'left', order: 'rank' }, {
  seats: [
    { id: 'h1', name: '王建国', row: 1, seat_from_seat: 3, side: 'host', role: 'member' },
    { id: 'h2', name: '刘志远', row: 1, seat_from_seat: 2, side: 'host', role: 'member' },
    { id: 'hi', name: '陈静', row: 1, seat_from_seat: 4, side: 'host', role: 'interpreter' },
    { id: 'h3', name: '孙丽', row: 1, seat_from_seat: 5, side: 'host', role: 'member' },
  ],
  rows: [row([null, 'h2', 'h1', 'hi', 'h3'], { side: 'host' })], order: { rule: 'rank' },
  interpreters: [{ id: 'hi', side: 'host', principal: 'h1', place: 'principal_right' }],
});

test('the podium rule in words, odd and even, both conventions, in Chinese', () => {
  setLang('zh');
  assert.match(ruleInWords(podium(5)), /^以左为上，单数居中：1号居中，2号在1号左手，3号在1号右手/);
  assert.match(ruleInWords(podium(5, 'right')), /^以右为上，单数居中：1号居中，2号在1号右手/);
  assert.match(ruleInWords(podium(4)), /^以左为上，双数（A方案）：1、2号居中，1号在左、2号在右/);
  assert.match(ruleInWords(podium(4, 'left', 'B')), /^以左为上，双数（B方案）：1号坐中间偏右的座位/);
  assert.equal(orderRuleInWords(podium(5)), '按排序（职务）为序');
});

test('the notes say who is left off and where the interpreter sits and why', () => {
  setLang('zh');
  const notes = notesInWords(podium(5));
  assert.ok(notes.includes('请假人员不排座：李强'));
  assert.ok(notes.includes('会务工作人员不上主席台：赵秘书'));
  assert.match(ruleInWords(talks), /译员坐在主谈人右手，占位不占数：2号仍在主谈人左手，3号在译员外侧/);
  const t = notesInWords(talks).join('\n');
  assert.match(t, /主方译员陈静坐在主谈人王建国右手（主方 第1排 第4座）/);
  assert.match(t, /所以2号仍坐主谈人左手，3号坐译员外侧/);
  for (const n of [...notesInWords(podium(5)), ...notesInWords(talks)]) assert.doesNotMatch(n, FIELD);
});

test('English: the same rule and notes, no Chinese but the names', () => {
  setLang('en');
  try {
    assert.match(ruleInWords(podium(5)), /^Left is superior: odd rows centred — No.1 in the centre, No.2 on No.1's left/);
    assert.match(ruleInWords(podium(4, 'right')), /^Right is superior: even rows \(rule A\)/);
    assert.equal(orderRuleInWords(podium(5)), 'by rank');
    const all = [...notesInWords(podium(5)), ...notesInWords(talks), ruleInWords(talks)];
    assert.ok(all.includes('On leave, not seated: 李强'));
    assert.ok(all.some((n) => n.startsWith('Host interpreter 陈静 sits on the right of 王建国')));
    for (const n of all) {
      assert.doesNotMatch(n.replace(/李强|赵秘书|陈静|王建国/g, ''), CJK, n);
      assert.doesNotMatch(n, FIELD);
    }
  } finally {
    setLang('zh');
  }
});
