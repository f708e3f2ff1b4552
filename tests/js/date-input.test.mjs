// Dates typed and shown one way in both languages (web-static/js/date-input.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDateText, formatDateText, msToText, textToMs, getOfficeZone, setOfficeZone, zoneDiffers,
} from '../../web-static/js/date-input.js';

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

test('ms and text round-trip in the office\'s zone, whatever the machine\'s', () => {
  // 09:30 in Beijing is 01:30 UTC: shown and typed as 09:30 (the default office zone).
  const ms = Date.UTC(2026, 11, 25, 1, 30);
  assert.equal(getOfficeZone(), 'Asia/Shanghai');
  assert.equal(msToText(ms), '2026-12-25 09:30');
  assert.equal(msToText(ms, 'date'), '2026-12-25');
  assert.equal(textToMs('2026-12-25 09:30'), ms);
  assert.equal(msToText(0), '');
  // Just before midnight UTC is already the next day in Beijing.
  assert.equal(msToText(Date.UTC(2026, 11, 24, 23, 0), 'date'), '2026-12-25');
});

test('another office zone: its wall clock, across its DST changes', () => {
  try {
    setOfficeZone('America/New_York');
    assert.equal(getOfficeZone(), 'America/New_York');
    assert.equal(msToText(Date.UTC(2026, 0, 15, 14, 30)), '2026-01-15 09:30'); // EST, UTC-5
    assert.equal(msToText(Date.UTC(2026, 6, 15, 13, 30)), '2026-07-15 09:30'); // EDT, UTC-4
    assert.equal(textToMs('2026-01-15 09:30'), Date.UTC(2026, 0, 15, 14, 30));
    assert.equal(textToMs('2026-07-15 09:30'), Date.UTC(2026, 6, 15, 13, 30));
    // 02:30 on 2026-03-08 does not exist there; read with the offset before the change.
    assert.equal(msToText(textToMs('2026-03-08 02:30')), '2026-03-08 03:30');
    // 01:30 on 2026-11-01 happens twice; the first is meant.
    assert.equal(textToMs('2026-11-01 01:30'), Date.UTC(2026, 10, 1, 5, 30));
    // A name the browser does not know changes nothing.
    setOfficeZone('Mars/Olympus_Mons');
    assert.equal(getOfficeZone(), 'America/New_York');
  } finally {
    setOfficeZone('Asia/Shanghai');
  }
});

test('a label is needed only when the browser\'s clock reads otherwise', () => {
  assert.equal(zoneDiffers('Asia/Shanghai', 'Asia/Shanghai'), false);
  assert.equal(zoneDiffers('Asia/Shanghai', 'Asia/Chongqing'), false, 'two names for one clock');
  assert.equal(zoneDiffers('Asia/Shanghai', 'America/New_York'), true);
  assert.equal(zoneDiffers('Asia/Shanghai', ''), false, 'a browser that does not say');
});
