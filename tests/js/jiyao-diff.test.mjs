// The 纪要's version comparison (web-static/js/jiyao-diff.js): exactly the changed passages
// are marked, in document order, removals before additions.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { diffVersions, sentences } from '../../web-static/js/jiyao-diff.js';

const v1 = {
  heading: '局长办公会议纪要',
  opening: '2026年11月23日，李市长主持召开局长办公会议。会议审议了《办法》。现纪要如下：',
  sections: [
    { id: 'j:i1', title: '审议《办公用房管理办法》', text: '会议认为，办法总体可行。\n会议要求尽快印发。',
      decisions: [{ text: '办法修改后印发', lead_unit: '机关事务局', deadline: '2026-12-31' }] },
    { id: 'j:i2', title: '听取预算执行情况汇报', text: '会议听取了财政局的汇报。会议同意调整方案。' },
  ],
  attended: ['李市长', '王局长'],
  recorders: ['王秘书'],
  distribution: ['市政府各部门'],
};

test('sentences keep their closing marks and split at line ends', () => {
  assert.deepEqual(sentences('会议认为，可行。会议要求；尽快\n印发'), ['会议认为，可行。', '会议要求；', '尽快', '印发']);
});

test('two identical versions have no marked passage', () => {
  assert.ok(diffVersions(v1, structuredClone(v1)).every((d) => d.op === 'same'));
});

test('exactly the changed passages are marked, and nothing around them', () => {
  const v2 = structuredClone(v1);
  v2.sections[0].text = '会议认为，办法基本可行。\n会议要求尽快印发。';              // one word changed
  v2.sections[1].text = '会议听取了财政局的汇报。会议同意调整方案。会议要求严控支出。'; // one sentence added
  v2.distribution = ['市政府各部门', '各区县人民政府'];                                  // a recipient added
  const marked = diffVersions(v1, v2).filter((d) => d.op !== 'same').map((d) => [d.op, d.part, d.text]);
  assert.deepEqual(marked, [
    ['del', 'j:i1', '会议认为，办法总体可行。'],
    ['add', 'j:i1', '会议认为，办法基本可行。'],
    ['add', 'j:i2', '会议要求严控支出。'],
    ['del', 'distribution', '分送：市政府各部门'],
    ['add', 'distribution', '分送：市政府各部门、各区县人民政府'],
  ]);
  // The unchanged sentences of the changed sections stay unmarked, in their places.
  const same = diffVersions(v1, v2).filter((d) => d.op === 'same').map((d) => d.text);
  assert.ok(same.includes('会议要求尽快印发。'));
  assert.ok(same.includes('会议同意调整方案。'));
});

test('the same sentence moved to another section is removed there and added here', () => {
  const v2 = structuredClone(v1);
  v2.sections[0].text = '会议认为，办法总体可行。';
  v2.sections[1].text += '会议要求尽快印发。';
  const marked = diffVersions(v1, v2).filter((d) => d.op !== 'same').map((d) => [d.op, d.part, d.text]);
  assert.deepEqual(marked, [['del', 'j:i1', '会议要求尽快印发。'], ['add', 'j:i2', '会议要求尽快印发。']]);
});
