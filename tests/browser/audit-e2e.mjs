// The audit log as a security officer reads it (issue 13); registered by e2e.mjs, same
// stack and runner. 王秘书 creates a meeting, adds an internal agenda item and links 赵参会
// as an attendee; the administrator filters the log by person (picked by name), meeting
// (picked by title) and kind (in words) — no id typed anywhere — and reads who did what
// to which meeting and item by title, when and from where; then the same in English.
// Artifacts: audit-zh.png, audit-en.png.

import { login, waitFor } from './lib/stack.mjs';

const TITLE = '审计测试：安全保密工作会议';
const ITEM = '涉密载体管理情况通报';

async function optionValue(page, select, label) {
  const opts = await page.locator(`${select} option`).evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  const hit = opts.find(([, text]) => text.startsWith(label));
  if (!hit) throw new Error(`${select} offers no "${label}": ${JSON.stringify(opts.map(([, t]) => t))}`);
  return hit[0];
}

export function registerAuditTests(test) {
  test('audit: filtered by person, meeting and kind from pickers; entries in words, both languages', async (ctx) => {
    const { stack } = ctx;
    const sec = await stack.page('audit-secretary', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    await sec.fill('#c-title', TITLE);
    await sec.press('#c-title', 'Enter');
    await sec.waitForURL(/secretary\.html\?m=/);
    const meetingId = new URL(sec.url()).searchParams.get('m');
    await sec.waitForSelector('#main:not([hidden])');
    await sec.fill('#ai-title', ITEM);
    await sec.selectOption('#ai-level', 'LEVEL_INTERNAL');
    await sec.press('#ai-title', 'Enter');
    await sec.waitForSelector('#agenda-list li >> nth=0');
    await sec.fill('#aa-name', '赵参会');
    await sec.waitForSelector('#aa-account option[value="zhao"]', { state: 'attached' });
    await sec.selectOption('#aa-account', 'zhao');
    await sec.press('#aa-name', 'Enter');
    await sec.waitForSelector('#att-list li >> nth=0');
    await sec.close();

    const actx = await stack.newContext();
    const admin = await stack.page('audit-admin', ctx.errors, actx);
    try {
      await login(admin, 'admin', undefined, { baseUrl: stack.baseUrl, next: '/admin.html' });
      await admin.waitForSelector('#main:not([hidden])');
      if (await admin.locator('#af-target').count()) throw new Error('the filter still asks for a typed target');
      // The meeting by title, the person by name, the kind in words.
      await waitFor(async () => (await admin.locator('#af-meeting option').allInnerTexts()).some((t) => t.startsWith(TITLE)), { what: 'the meeting picker to offer the meeting by title' });
      const m = await optionValue(admin, '#af-meeting', TITLE);
      if (m !== meetingId) throw new Error('the picked meeting is not the one created');
      await admin.selectOption('#af-meeting', m);
      await admin.selectOption('#af-actor', await optionValue(admin, '#af-actor', '王秘书'));
      await admin.selectOption('#af-action', await optionValue(admin, '#af-action', '密级变更'));
      await admin.click('#aud-filter button[type=submit]');
      await waitFor(async () => {
        const rows = await admin.locator('#aud-rows tr').allInnerTexts();
        return rows.length === 1 && rows[0].includes(`会议“${TITLE}”中的 议程项“${ITEM}”`);
      }, { what: 'one level change, naming the meeting and the item by title' });
      const row = (await admin.locator('#aud-rows tr').innerText()).split('\t').map((s) => s.trim());
      // No., when, who, what, which, from, detail.
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(row[1])) throw new Error(`the time reads ${row[1]}`);
      if (row[2] !== '王秘书' || row[3] !== '密级变更') throw new Error(`who/what read ${row[2]} / ${row[3]}`);
      if (row[5] !== '127.0.0.1') throw new Error(`from where reads ${row[5]}`);
      if (!row[6].includes('新增“内部”议程项')) throw new Error(`the detail reads ${row[6]}`);
      if (/LEVEL_|version|meeting /.test(row.join(' ')) || row.join(' ').includes(meetingId)) throw new Error(`developer words in the row: ${row}`);
      await stack.screenshot(admin, 'audit-zh');

      // The attendee linked: by name.
      await admin.selectOption('#af-action', await optionValue(admin, '#af-action', '角色变更'));
      await admin.click('#aud-filter button[type=submit]');
      await waitFor(async () => {
        const rows = await admin.locator('#aud-rows tr').allInnerTexts();
        return rows.length === 1 && rows[0].includes(`会议“${TITLE}”中的 参会人员 赵参会`);
      }, { what: 'the role change naming the attendee' });

      // English: the same entry in English words, the pickers too.
      await admin.click('#lang-toggle');
      await admin.selectOption('#af-action', await optionValue(admin, '#af-action', 'Level changed'));
      await admin.click('#aud-filter button[type=submit]');
      await waitFor(async () => {
        const rows = await admin.locator('#aud-rows tr').allInnerTexts();
        return rows.length === 1 && rows[0].includes(`agenda item "${ITEM}" in meeting "${TITLE}"`) && rows[0].includes('new "Internal" agenda item');
      }, { what: 'the level change in English' });
      const pickers = [...await admin.locator('#af-actor option').allInnerTexts(), ...await admin.locator('#af-action option').allInnerTexts()];
      if (!pickers.includes('Everyone') || !pickers.includes('Level changed')) throw new Error(`the pickers in English: ${pickers}`);
      await stack.screenshot(admin, 'audit-en');
      await admin.click('#lang-toggle');
      await admin.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    } finally {
      await admin.close().catch(() => {});
    }
  }, { timeoutMs: 60000 });
}
