// The 印发 recipients picker's rules (web-static/js/recipient-picker.js): what a search
// offers, and what the chips send — a unit prints its name on the 分送 line and reaches its
// contact accounts, a person is delivered to, a typed line is printed only.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { matchChoices, resolvePicks, initialPicks } from '../../web-static/js/recipient-picker.js';

const units = [
  { id: 'u1', name: '市住房和城乡建设局', short_name: '住建局', contact_accounts: ['zhou', 'wu'] },
  { id: 'u2', name: '市财政局', short_name: '财政局', contact_accounts: ['qian'] },
];
const accounts = [
  { id: 'zhou', name: '周局长', unit: '住建局' },
  { id: 'wu', name: '吴科长', unit: '住建局' },
  { id: 'qian', name: '钱处长', unit: '财政局' },
];

test('a search finds units by name or short name first, then people by name, id or unit', () => {
  assert.deepEqual(matchChoices('住建', units, accounts, []).map((c) => `${c.kind}:${c.id}`), ['unit:u1', 'account:zhou', 'account:wu']);
  assert.deepEqual(matchChoices('钱', units, accounts, []).map((c) => c.id), ['qian']);
  assert.deepEqual(matchChoices('QIAN', units, accounts, []).map((c) => c.id), ['qian']);
  assert.deepEqual(matchChoices('', units, accounts, []), []);
  // What is chosen already is not offered again.
  assert.deepEqual(matchChoices('住建', units, accounts, [{ kind: 'unit', id: 'u1', name: '市住房和城乡建设局' }]).map((c) => c.id), ['zhou', 'wu']);
});

test('the chips send unit names to print and accounts to deliver to, each once', () => {
  const picks = [
    { kind: 'unit', id: 'u1', name: '市住房和城乡建设局' },
    { kind: 'account', id: 'wu', name: '吴科长' },
    { kind: 'account', id: 'qian', name: '钱处长' },
    { kind: 'text', name: '各区县人民政府' },
  ];
  assert.deepEqual(resolvePicks(picks, units), {
    recipients: ['zhou', 'wu', 'qian'],
    distribution: ['市住房和城乡建设局', '各区县人民政府'],
  });
});

test('the form opens with the 分送 lines as units where they name one, and the accounts it knows', () => {
  const picks = initialPicks(['qian', 'gone'], ['财政局', '各街道'], units, accounts);
  assert.deepEqual(picks, [
    { kind: 'unit', id: 'u2', name: '市财政局' },
    { kind: 'text', name: '各街道' },
    { kind: 'account', id: 'qian', name: '钱处长' },
  ]);
});

test('印发 sends a unit of the 分送 line by its id, a typed line as it is', async () => {
  const { issueDistribution } = await import('../../web-static/js/recipient-picker.js');
  const picks = [
    { kind: 'unit', id: 'u1', name: '市住房和城乡建设局' },
    { kind: 'account', id: 'qian', name: '钱处长' },
    { kind: 'text', name: '各区县人民政府' },
    { kind: 'text', name: '  ' },
  ];
  assert.deepEqual(issueDistribution(picks), ['u1', '各区县人民政府']);
  assert.equal(issueDistribution(picks).length, resolvePicks(picks, units).distribution.length);
});
