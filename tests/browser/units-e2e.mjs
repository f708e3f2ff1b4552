// The unit directory (单位名录) in the browser; registered by e2e.mjs, same stack and runner.
// The admin adds a unit on the admin page — a blank name is refused at the field before
// anything is sent, a name already used is refused at the field in the page's language —
// and the change is in the audit log. Then 王秘书 makes a decision from a minutes passage:
// 牵头单位 is picked from the directory (the lead's unit preselected because the directory
// names them its contact, not from the unit typed on their account), and 督办人 is
// 王秘书 by default. Artifacts: units-admin.png, units-admin-error.png, units-decision-form.png.

import { waitFor, login } from './lib/stack.mjs';

const MINUTES = '会议决定：由市水务局牵头，十日内完成河道清淤方案。';
const PASSAGE = '由市水务局牵头，十日内完成河道清淤方案';

export function registerUnitsTests(test) {
  test('units: the admin keeps the directory (errors at the field, audited); a decision picks its unit from it', async (ctx) => {
    const { stack } = ctx;
    const actx = await stack.newContext();
    const admin = await stack.page('units-admin', ctx.errors, actx);
    await login(admin, 'admin', undefined, { baseUrl: stack.baseUrl, next: '/admin.html' });
    await admin.waitForSelector('#main:not([hidden])');
    await admin.waitForSelector('#un-contacts option[value="zhao"]');

    // A blank name: said at the field, nothing sent.
    await admin.click('#un-submit');
    await admin.waitForSelector('#un-error-name');
    if (!(await admin.locator('#un-error-name').innerText()).includes('请填写单位名称')) throw new Error('the blank name is not explained at the field');
    if ((await admin.getAttribute('#un-name', 'aria-invalid')) !== 'true') throw new Error('the name field is not marked');

    await admin.fill('#un-name', '市水务局');
    await admin.fill('#un-short', '水务局');
    await admin.selectOption('#un-contacts', ['zhao']);
    await admin.click('#un-submit');
    const row = admin.locator('#unit-rows tr[data-name="市水务局"]');
    await row.waitFor({ timeout: 10000 });
    if (!(await row.innerText()).includes('赵参会')) throw new Error('the contact is not named in the directory');
    if (await admin.locator('#un-error-name').count()) throw new Error('the old error stayed');
    await stack.screenshot(admin, 'units-admin');

    // The same name again: refused by the server, explained at the field in Chinese, nothing added.
    await admin.fill('#un-name', '市水务局');
    await admin.click('#un-submit');
    await admin.waitForSelector('#un-error-name');
    const said = await admin.locator('#un-error-name').innerText();
    if (!said.includes('已有同名')) throw new Error(`the duplicate is explained as ${JSON.stringify(said)}`);
    if ((await admin.locator('#unit-rows tr').count()) !== 1) throw new Error('a duplicate unit was added');
    await stack.screenshot(admin, 'units-admin-error');
    // The audit log has it, in words.
    await waitFor(async () => (await admin.locator('#aud-rows').innerText()).includes('新建单位'), { what: 'the unit in the audit log' });
    await admin.close();

    // 王秘书 makes a decision: the unit comes from the directory.
    const sec = await stack.page('units-secretary', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    await sec.fill('#c-title', '区政府第13次常务会议');
    await sec.press('#c-title', 'Enter');
    await sec.waitForURL(/secretary\.html\?m=/);
    const meetingId = new URL(sec.url()).searchParams.get('m');
    await sec.waitForSelector('#main:not([hidden])');
    await sec.fill('#ai-title', '河道治理');
    await sec.press('#ai-title', 'Enter');
    await sec.waitForSelector('#agenda-list li');
    await sec.goto(`${stack.baseUrl}/minutes.html?m=${encodeURIComponent(meetingId)}`);
    await sec.waitForSelector('#mn-text:not([readonly])');
    await sec.click('#mn-text');
    await sec.keyboard.insertText(MINUTES);
    await waitFor(() => sec.evaluate(() => window.huiwuMinutes.editor.sync.pendingCount === 0
      && document.querySelector('#mn-sync').dataset.state === 'saved'), { timeoutMs: 15000, what: 'the minutes to be saved' });
    await sec.evaluate((p) => {
      const ta = document.querySelector('#mn-text');
      const at = ta.value.indexOf(p);
      ta.focus();
      ta.setSelectionRange(at, at + p.length);
      ta.dispatchEvent(new Event('select'));
    }, PASSAGE);
    await sec.waitForSelector('#mn-make-decision:not([disabled])');
    await sec.click('#mn-make-decision');
    await sec.waitForSelector('#fu-dialog[open]');
    const offered = await sec.locator('#fu-f-unit option').allInnerTexts();
    if (!offered.includes('市水务局（水务局）')) throw new Error(`the unit picker offers ${JSON.stringify(offered)}`);
    if (offered.includes('财务处')) throw new Error('the picker still offers the units typed on accounts');
    // 督办人: the person creating the item.
    if ((await sec.inputValue('#fu-f-sup')) !== 'wang') throw new Error('督办人 does not default to the creator');
    await sec.selectOption('#fu-f-lead', 'zhao');
    if ((await sec.inputValue('#fu-f-unit')) !== '市水务局') throw new Error('the lead unit was not taken from the directory');
    await stack.screenshot(sec, 'units-decision-form');
    await sec.click('#fu-f-submit');
    await sec.waitForSelector('#fu-created-link', { timeout: 15000 });
    const link = await sec.getAttribute('#fu-created-link', 'href');
    const decision = new URL(link, stack.baseUrl).searchParams.get('d');
    await sec.goto(`${stack.baseUrl}/followup.html`);
    const line = sec.locator(`.fu-row[data-id="${decision}"]`);
    await line.waitFor({ timeout: 15000 });
    if (!(await line.innerText()).includes('市水务局')) throw new Error('the board does not show the unit');
    await sec.waitForSelector('#fu-league-table tr[data-unit="市水务局"][data-standing="good"]');
    await sec.close();
  });
}
