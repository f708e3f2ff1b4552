// The export menu's helpers (web-static/js/pages/minutes-export.js): the URL it asks for
// and the file name it saves under (RFC 5987 filename* first).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { exportUrl, fileNameOf } from '../../web-static/js/pages/minutes-export.js';

test('the export URL carries the meeting, format, grouping and a trimmed issue number', () => {
  assert.equal(exportUrl('m1', 'docx', 'item'), '/api/meetings/minutes?m=m1&format=docx&group=item');
  const u = new URL(exportUrl('m-2', 'txt', 'speaker', ' 〔2026〕3号 '), 'http://x');
  assert.equal(u.searchParams.get('number'), '〔2026〕3号');
  assert.equal(u.searchParams.get('group'), 'speaker');
});

test('the file name is the UTF-8 one when the server gives it', () => {
  const cd = "attachment; filename=\"minutes-m1.docx\"; filename*=UTF-8''%E5%B8%B8%E5%8A%A1%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx";
  assert.equal(fileNameOf(cd, 'x'), '常务会议纪要.docx');
  assert.equal(fileNameOf('attachment; filename="minutes-m1.txt"', 'x'), 'minutes-m1.txt');
  assert.equal(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", 'fallback.docx'), 'fallback.docx');
  assert.equal(fileNameOf(null, 'fallback.docx'), 'fallback.docx');
});
