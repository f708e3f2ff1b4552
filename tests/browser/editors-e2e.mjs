// The agenda item and attendee editors keep their form open until the server answers
// (issue 13); registered by e2e.mjs, same stack and runner. A value only the server
// refuses — a title or name with a control character pasted in (U+0085, which the browser
// keeps and the page does not check) — is said at the field in the page's language, in
// Chinese and then in English, never as a toast; the editor stays open with what was
// typed, and a corrected value is saved and closes it. The add forms give back what was
// typed after such a refusal. Artifacts: editors-item-zh.png, editors-attendee-en.png.

import { waitFor } from './lib/stack.mjs';

const NEL = '\u0085'; // a C1 control character: refused by the server's text rules

/** Runs the page's pending timers (a toast is posted with setTimeout 0 after a refusal). */
async function flushTimers(page) {
  await page.evaluate(() => new Promise((r) => setTimeout(() => setTimeout(r, 0), 0)));
}

async function noToast(page, what) {
  await flushTimers(page);
  const toasts = await page.locator('.toast-error').allInnerTexts();
  if (toasts.length) throw new Error(`${what}: a toast says ${JSON.stringify(toasts)}`);
}

async function toEnglish(page) {
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

export function registerEditorTests(test) {
  test('editors: a refusal only the server makes is said at the field, the editor stays open (item and attendee, zh and en)', async (ctx) => {
    const { stack } = ctx;
    const page = await stack.page('editors', ctx.errors);
    try {
      await page.goto(`${stack.baseUrl}/index.html`);
      await page.waitForSelector('#conn-state[data-state="connected"]');
      await page.fill('#c-title', '编辑器测试会议');
      await page.press('#c-title', 'Enter');
      await page.waitForURL(/secretary\.html\?m=/);
      await page.waitForSelector('#main:not([hidden])');

      // ---------------------------------------------------------------- the add form
      await page.fill('#ai-title', `坏${NEL}标题`);
      await page.press('#ai-title', 'Enter');
      await page.waitForSelector('#ai-title[aria-invalid="true"]', { timeout: 15000 });
      if ((await page.inputValue('#ai-title')) !== `坏${NEL}标题`) throw new Error('the add form lost what was typed');
      const addSaid = await page.locator('#add-item-form .field-error').innerText();
      if (!addSaid.includes('议题')) throw new Error(`the add form says ${JSON.stringify(addSaid)}`);
      await noToast(page, 'the add form');
      await page.fill('#ai-title', '预算执行情况');
      await page.press('#ai-title', 'Enter');
      await page.waitForSelector('#agenda-list li >> nth=0');

      // ---------------------------------------------------------------- the item editor
      const row = page.locator('#agenda-list li').first();
      await row.locator('[data-action="edit"]').click();
      const editor = row.locator('form.item-editor');
      await editor.locator('input[name=title]').fill(`预算${NEL}执行情况（修改）`);
      await editor.locator('[data-action="save"]').click();
      await editor.locator('input[name=title][aria-invalid="true"]').waitFor({ timeout: 15000 });
      const zh = await editor.locator('.field-error').innerText();
      if (zh !== '请填写议题（最多 200 字，不能换行）。') throw new Error(`the item editor says ${JSON.stringify(zh)}`);
      if ((await editor.locator('input[name=title]').inputValue()) !== `预算${NEL}执行情况（修改）`) throw new Error('the editor lost what was typed');
      if (await editor.locator('[data-action="save"]').isDisabled()) throw new Error('the save button stayed disabled after the answer');
      await noToast(page, 'the item editor');
      await stack.screenshot(page, 'editors-item-zh');
      // In English (the open editor is rebuilt in the new language), the same refusal in English.
      await toEnglish(page);
      const editorEn = page.locator('#agenda-list li').first().locator('form.item-editor');
      await editorEn.locator('input[name=title]').fill(`预算${NEL}执行情况（修改）`);
      await editorEn.locator('[data-action="save"]').click();
      await waitFor(async () => (await editorEn.locator('.field-error').innerText().catch(() => '')) === 'Enter the item\'s title (up to 200 characters, one line).',
        { what: 'the item editor\'s refusal in English' });
      await noToast(page, 'the item editor in English');
      // Corrected: saved, and the editor closes on the server's answer.
      await editorEn.locator('input[name=title]').fill('预算执行情况（修改）');
      await editorEn.locator('[data-action="save"]').click();
      await waitFor(async () => (await page.locator('#agenda-list li .agenda-title').first().innerText()) === '预算执行情况（修改）', { what: 'the corrected title saved' });
      await page.waitForSelector('#agenda-list form.item-editor', { state: 'detached' });

      // ---------------------------------------------------------------- the attendee editor
      await page.fill('#aa-name', '钱多多');
      await page.fill('#aa-unit', '财政局');
      await page.press('#aa-name', 'Enter');
      await page.locator('#att-list li', { hasText: '钱多多' }).waitFor();
      // While edited the row holds only the form: found by its id from here on.
      const attId = await page.locator('#att-list li', { hasText: '钱多多' }).getAttribute('data-id');
      const att = page.locator(`#att-list li[data-id="${attId}"]`);
      await att.locator('[data-action="edit"]').click();
      const af = att.locator('form.att-editor');
      await af.locator('input[name=unit]').fill(`财政${NEL}局`);
      await af.locator('[data-action="save"]').click();
      await af.locator('input[name=unit][aria-invalid="true"]').waitFor({ timeout: 15000 });
      const en = await af.locator('.field-error').innerText();
      if (/[\u4e00-\u9fff]/.test(en) || !/unit/i.test(en)) throw new Error(`the attendee editor says ${JSON.stringify(en)} in English`);
      if ((await af.locator('input[name=unit]').inputValue()) !== `财政${NEL}局`) throw new Error('the attendee editor lost what was typed');
      await noToast(page, 'the attendee editor');
      await stack.screenshot(page, 'editors-attendee-en');
      await page.click('#lang-toggle');
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
      // The list is rebuilt in the new language: open the editor again if it closed.
      const att2 = att;
      const af2 = att2.locator('form.att-editor');
      if (!(await af2.count())) await att2.locator('[data-action="edit"]').click();
      await af2.locator('input[name=unit]').fill(`财政${NEL}局`);
      await af2.locator('[data-action="save"]').click();
      await waitFor(async () => /单位/.test(await af2.locator('.field-error').innerText().catch(() => '')), { what: 'the attendee editor\'s refusal in Chinese' });
      await noToast(page, 'the attendee editor in Chinese');
      await af2.locator('input[name=unit]').fill('市财政局');
      await af2.locator('[data-action="save"]').click();
      await page.waitForSelector('#att-list form.att-editor', { state: 'detached' });
      await waitFor(async () => (await att.innerText()).includes('市财政局'), { what: 'the corrected unit saved' });
    } finally {
      await page.close().catch(() => {});
    }
  }, { timeoutMs: 90000 });
}
