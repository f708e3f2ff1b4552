// Times in the office's zone (issue 13); registered by e2e.mjs, same stack and runner.
// The server's office zone is the default, Asia/Shanghai (sent in the welcome and by
// /api/me). 王秘书 on a laptop set to New York creates a meeting at 2026-12-25 09:30 as
// typed: it is 09:30 in Beijing, shown as 09:30 on every page in New York with the label
// 北京时间 (and in the date field), and 09:30 without a label in a browser in Shanghai.
// Artifacts: zone-new-york-list.png, zone-new-york-secretary.png, zone-shanghai-list.png.

import { login, waitFor } from './lib/stack.mjs';

const TITLE = '时区测试：年终工作会议';

export function registerZoneTests(test) {
  test('time zone: 09:30 Beijing is 09:30 in New York, labelled 北京时间; in Shanghai unlabelled', async (ctx) => {
    const { stack } = ctx;
    const ny = await stack.newContext({ timezoneId: 'America/New_York' });
    const page = await stack.page('zone-new-york', ctx.errors, ny);
    try {
      await login(page, 'wang', undefined, { baseUrl: stack.baseUrl, next: '/index.html' });
      await page.waitForSelector('#conn-state[data-state="connected"]');
      if (await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone) !== 'America/New_York') {
        throw new Error('the browser does not run in New York');
      }
      // The date fields say which clock they read, before anything is typed.
      const fieldLabel = await page.locator('#create-form .date-field .tz-label').first().innerText();
      if (fieldLabel !== '北京时间') throw new Error(`the start field is labelled ${JSON.stringify(fieldLabel)}`);
      await page.fill('#c-title', TITLE);
      await page.fill('#c-start', '2026-12-25 09:30');
      await page.fill('#c-end', '2026-12-25 11:00');
      await page.click('#create-submit');
      await page.waitForURL(/secretary\.html\?m=/);
      const meetingId = new URL(page.url()).searchParams.get('m');
      await page.waitForSelector('#main:not([hidden])');
      // Stored as the instant 09:30 in Beijing (01:30 UTC), whatever the laptop's zone.
      const starts = await page.evaluate(async (id) => {
        const r = await fetch(`/api/meetings/invite.ics?m=${encodeURIComponent(id)}`, { credentials: 'same-origin' });
        return ((await r.text()).match(/DTSTART;TZID=[^\r\n]*/) || ['none'])[0];
      }, meetingId);
      if (!starts.includes('TZID=Asia/Shanghai:20261225T093000')) throw new Error(`the invitation starts ${starts}`);
      // The secretary's form reads it back as typed, labelled.
      await waitFor(async () => (await page.inputValue('#mi-start').catch(() => '')) === '2026-12-25 09:30', { what: 'the start field to read 09:30' });
      await stack.screenshot(page, 'zone-new-york-secretary');

      // The meeting list: 09:30 with the label.
      await page.goto(`${stack.baseUrl}/index.html`);
      const row = page.locator(`.meeting-row[data-id="${meetingId}"]`);
      await row.waitFor({ timeout: 10000 });
      const when = await row.locator('.meeting-meta .num').first().innerText();
      if (when !== '2026-12-25 09:30 北京时间') throw new Error(`the list shows ${JSON.stringify(when)} in New York`);
      await stack.screenshot(page, 'zone-new-york-list');
      // The leader's page too, and in English the label is in English.
      await page.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(meetingId)}`);
      await page.waitForSelector('#main:not([hidden])');
      await waitFor(async () => (await page.locator('#ld-sub').innerText()).startsWith('2026-12-25 09:30 – 11:00 北京时间'),
        { what: 'the leader page to show 09:30 – 11:00 北京时间' });
      await page.click('#lang-toggle');
      await waitFor(async () => (await page.locator('#ld-sub').innerText()).startsWith('2026-12-25 09:30 – 11:00 Beijing time'),
        { what: 'the label in English' });
      await page.click('#lang-toggle');
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

      // A browser in Shanghai: the same 09:30, no label anywhere.
      const sh = await stack.page('zone-shanghai', ctx.errors);
      try {
        await sh.goto(`${stack.baseUrl}/index.html`);
        const shRow = sh.locator(`.meeting-row[data-id="${meetingId}"]`);
        await shRow.waitFor({ timeout: 10000 });
        const shWhen = await shRow.locator('.meeting-meta .num').first().innerText();
        if (shWhen !== '2026-12-25 09:30') throw new Error(`the list shows ${JSON.stringify(shWhen)} in Shanghai`);
        if (await sh.locator('.tz-label').count()) throw new Error('a zone label is shown in Shanghai');
        await stack.screenshot(sh, 'zone-shanghai-list');
      } finally {
        await sh.close().catch(() => {});
      }
    } finally {
      await page.close().catch(() => {});
    }
  }, { timeoutMs: 60000 });
}
