// Dates typed and shown one way in both languages (web-static/js/date-input.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import { parseDateText, formatDateText, msToText, textToMs } from '../../web-static/js/date-input.js';

test('lenient typing becomes the one form', () => {
  const dt = (s) => { const p = parseDateText(s); return p && formatDateText(p, 'datetime'); };
  assert.equal(dt('2026-12-05 09:30'), '2026-12-05 09:30');
  assert.equal(dt('2026-12-05T09:30'), '2026-12-05 09:30'); // what a browser picker gives
  assert.equal(dt('2026/12/5 9:30'), '2026-12-05 09:30');
  assert.equal(dt('2026.12.5 9:30'), '2026-12-05 09:30');
  assert.equal(dt('2026年12月5日 9时30分'), '2026-12-05 09:30');
  assert.equal(dt('2026-12-05 9：30'), '2026-12-05 09:30'); // a full-width colon from a Chinese IME
  assert.equal(dt('2026-12-05'), '2026-12-05 00:00');
  assert.equal(formatDateText(parseDateText('2026/1/5'), 'date'), '2026-01-05');
});

test('what is not a day and time is refused, not guessed', () => {
  for (const s of ['2026-02-30', '2026-13-01', '2026-12-00', '2026-12-05 24:00', '2026-12-05 09:60', '12/05/2026', 'tomorrow', '2026-12', '']) {
    assert.equal(parseDateText(s), null, s);
    assert.equal(textToMs(s), 0, s);
  }
  assert.ok(parseDateText('2028-02-29'), 'a leap day exists');
});

test('ms and text round-trip in local time', () => {
  const ms = new Date(2026, 11, 25, 9, 30).getTime();
  assert.equal(msToText(ms), '2026-12-25 09:30');
  assert.equal(msToText(ms, 'date'), '2026-12-25');
  assert.equal(textToMs('2026-12-25 09:30'), ms);
  assert.equal(msToText(0), '');
});
