// Calendar invitations (docs/protocol.md §12); registered by e2e.mjs, same stack and runner.
//
// 王秘书 makes a meeting with a time and a place, then downloads its invitation from the
// secretary page ("加入日历") and her whole calendar from the start page ("我的会议日历");
// both files are read by an independent iCalendar parser (Debian's python3-icalendar via
// tests/calendar/read_ics.py), and the meeting is at the instant she typed. A meeting
// without a start time explains, in Chinese, why it cannot go into a calendar.
//
// Artifacts: calendar-buttons.png.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const READ_ICS = path.join(here, '..', 'calendar', 'read_ics.py');
const TITLE = '2026年第12次局长办公会议（日历测试）';

function readIcs(bytes) {
  const file = path.join(fs.mkdtempSync('/tmp/huiwu-ics-'), 'in.ics');
  fs.writeFileSync(file, bytes);
  return JSON.parse(execFileSync('/usr/bin/python3', [READ_ICS, file], { encoding: 'utf8' }));
}

export function registerCalendarTests(test) {
  test('calendar: a meeting goes into a calendar at the hour the secretary set, and an untimed one says why not', async (ctx) => {
    const { stack } = ctx;
    const sec = await stack.page('calendar-secretary', ctx.errors);
    const download = async (selector) => {
      const [dl] = await Promise.all([sec.waitForEvent('download'), sec.click(selector)]);
      return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
    };
    try {
      await sec.goto(`${stack.baseUrl}/index.html`);
      await sec.waitForSelector('#conn-state[data-state="connected"]');
      await sec.fill('#c-title', TITLE);
      // Dates read one way in both languages: a day that does not exist is said at the
      // field before anything is sent; what is typed loosely is shown as 2026-12-10 09:00.
      await sec.fill('#c-start', '2026-02-30 09:00');
      await sec.press('#c-title', 'Enter');
      await sec.waitForSelector('#c-start[aria-invalid="true"]');
      const said = await sec.locator('#create-form .field-error').innerText();
      if (!said.includes('2026-12-25')) throw new Error(`a day that does not exist is met with: ${said}`);
      if (!/index\.html/.test(sec.url())) throw new Error('a meeting was created with an impossible date');
      await sec.fill('#c-start', '2026/12/10 9:00');
      await sec.locator('#c-start').blur();
      const shown = await sec.inputValue('#c-start');
      if (shown !== '2026-12-10 09:00') throw new Error(`a loosely typed start is shown as ${shown}`);
      await sec.fill('#c-end', '2026-12-10T10:30');
      await sec.fill('#c-place', '机关三楼第一会议室');
      await sec.press('#c-title', 'Enter');
      await sec.waitForURL(/secretary\.html\?m=/);
      await sec.waitForSelector('#main:not([hidden])');
      const meetingId = new URL(sec.url()).searchParams.get('m');
      // The instant she meant, in her browser's zone; the calendar must hold the same one.
      const startUtc = await sec.evaluate(() => new Date('2026-12-10T09:00').toISOString().replace('.000Z', 'Z'));

      await sec.waitForSelector('#cal-invite');
      const label = await sec.textContent('#cal-invite');
      if (label !== '加入日历') throw new Error(`the invitation button reads ${JSON.stringify(label)}`);
      await stack.screenshot(sec, 'calendar-buttons');
      const invite = await download('#cal-invite');
      if (invite.name !== `meeting-${meetingId}.ics`) throw new Error(`file name ${JSON.stringify(invite.name)}`);
      const cal = readIcs(invite.bytes);
      const ev = cal.events[0];
      if (cal.method !== 'REQUEST' || !ev) throw new Error(`not an invitation: ${JSON.stringify(cal)}`);
      if (ev.summary !== TITLE) throw new Error(`summary ${JSON.stringify(ev.summary)}`);
      if (ev.location !== '机关三楼第一会议室') throw new Error(`location ${JSON.stringify(ev.location)}`);
      if (ev.start !== startUtc) throw new Error(`the meeting starts at ${ev.start}, she set ${startUtc}`);
      if (ev.tzid !== 'Asia/Shanghai') throw new Error(`zone ${ev.tzid}`);

      await sec.goto(`${stack.baseUrl}/index.html`);
      await sec.waitForSelector('#conn-state[data-state="connected"]');
      await sec.waitForSelector('#cal-feed');
      const feed = readIcs((await download('#cal-feed')).bytes);
      if (!feed.events.some((e) => e.uid === `${meetingId}@huiwu` && e.start === startUtc)) {
        throw new Error(`her calendar lacks the meeting: ${JSON.stringify(feed.events.map((e) => e.uid))}`);
      }

      // A meeting without a time: the button explains, in her language, instead of a file.
      await sec.fill('#c-title', '时间待定的会议');
      await sec.press('#c-title', 'Enter');
      await sec.waitForURL((u) => u.searchParams.get('m') && u.searchParams.get('m') !== meetingId);
      await sec.waitForSelector('#cal-invite');
      await sec.click('#cal-invite');
      await sec.waitForFunction(() => [...document.querySelectorAll('.toast')]
        .some((el) => el.textContent.includes('会议尚未设定开始时间，无法加入日历')));
    } catch (e) {
      await stack.screenshot(sec, 'FAILED-calendar');
      throw e;
    } finally {
      await sec.close().catch(() => {});
    }
  }, { timeoutMs: 60000 });
}
