// The 纪要 links and options (web-static/js/pages/jiyao-print.js, minutes-export.js): what
// the print page and the export menu ask GET /api/meetings/jiyao for.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { jiyaoQuery, recipients } from '../../web-static/js/pages/jiyao-print.js';
import { jiyaoNumber, jiyaoUrl } from '../../web-static/js/pages/minutes-export.js';

test('分送 typed as one line becomes the recipients in order', () => {
  assert.deepEqual(recipients(' 市委办公室、市人大常委会办公室，各区县人民政府,市政府各部门；'),
    ['市委办公室', '市人大常委会办公室', '各区县人民政府', '市政府各部门']);
  assert.deepEqual(recipients(''), []);
});

test('the print page asks for the options it shows, and nothing it does not', () => {
  const q = jiyaoQuery('m1', { number: ' 12 ', numbering: 'period', issuer: '市政府办公室', to: ['甲', '乙'] }, 'pdf');
  assert.equal(q.toString(), new URLSearchParams([['m', 'm1'], ['format', 'pdf'], ['number', '12'],
    ['numbering', 'period'], ['issuer', '市政府办公室'], ['to', '甲'], ['to', '乙']]).toString());
  assert.equal(jiyaoQuery('m1', {}).toString(), 'm=m1&format=json');
  assert.equal(jiyaoQuery('m1', { v: '2' }, 'docx').toString(), 'm=m1&format=docx&v=2');
  assert.equal(jiyaoQuery('m1', { v: '2;x' }).toString(), 'm=m1&format=json');
});

test('the export menu turns a typed issue number into the route\'s number and format', () => {
  assert.deepEqual(jiyaoNumber('〔2026〕12号'), { number: '12', numbering: 'year' });
  assert.deepEqual(jiyaoNumber(' 第3期 '), { number: '3', numbering: 'period' });
  assert.deepEqual(jiyaoNumber('7'), { number: '7', numbering: '' });
  assert.deepEqual(jiyaoNumber('十二'), { number: '', numbering: '' });
  assert.equal(jiyaoUrl('m1', 'print', '第3期'), 'jiyao.html?m=m1&number=3&numbering=period');
  assert.equal(jiyaoUrl('m1', 'pdf'), '/api/meetings/jiyao?m=m1&format=pdf');
});

test('a saved 纪要 file is named as the server says', async () => {
  const { dispositionName } = await import('../../web-static/js/jiyao-download.js');
  assert.equal(dispositionName(`attachment; filename="jiyao-m1.pdf"; filename*=UTF-8''${encodeURIComponent('局长办公会议纪要.pdf')}`, 'x.pdf'), '局长办公会议纪要.pdf');
  assert.equal(dispositionName('attachment; filename="jiyao-m1.pdf"', 'x.pdf'), 'jiyao-m1.pdf');
  assert.equal(dispositionName(null, 'x.pdf'), 'x.pdf');
});
