// The unit directory (单位名录) in the browser; registered by e2e.mjs, same stack and runner.
// The admin adds a unit on the admin page — a blank name is refused at the field before
// anything is sent, a name already used is refused at the field in the page's language —
// and the change is in the audit log. Then 王秘书 makes a decision from a minutes passage:
// 牵头单位 is picked from the directory (the lead's unit preselected because the directory
// names them its contact, not from the unit typed on their account), and 督办人 is
// 王秘书 by default. Artifacts: units-admin.png, units-admin-error.png, units-decision-form.png,
// return-report.png (the 督办通报 with a returned item).

import { waitFor, login } from './lib/stack.mjs';
import { decisionFromPassage } from './lib/flows.mjs';

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
    const meetingId = await decisionFromPassage(sec, stack.baseUrl, { title: '区政府第13次常务会议', item: '河道治理', minutes: MINUTES, passage: PASSAGE });
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
    const line = sec.locator(`.fu-row[data-id="${decision}"][data-meeting="${meetingId}"]`);
    await line.waitFor({ timeout: 15000 });
    if (!(await line.innerText()).includes('市水务局')) throw new Error('the board does not show the unit');
    await sec.waitForSelector('#fu-league-table tr[data-unit="市水务局"][data-standing="good"]');
    await sec.close();
    ctx.unitsDecision = { meetingId, decision };
  });

  test('units, 退回交办: the lead returns the assignment with a reason, the supervisor hands it to another unit', async (ctx) => {
    const { stack } = ctx;
    if (!ctx.unitsDecision) throw new Error('needs the units test');
    const { meetingId, decision } = ctx.unitsDecision;
    const detailPath = `/followup.html?m=${encodeURIComponent(meetingId)}&d=${encodeURIComponent(decision)}`;
    // A second unit, whose contact is 李秘书.
    const actx = await stack.newContext();
    const admin = await stack.page('return-admin', ctx.errors, actx);
    await login(admin, 'admin', undefined, { baseUrl: stack.baseUrl, next: '/admin.html' });
    await admin.waitForSelector('#un-contacts option[value="li"]');
    await admin.fill('#un-name', '市城市管理局');
    await admin.fill('#un-short', '城管局');
    await admin.selectOption('#un-contacts', ['li']);
    await admin.click('#un-submit');
    await admin.waitForSelector('#unit-rows tr[data-name="市城市管理局"]');
    await admin.close();

    // 王秘书 (督办人) assigns it to 赵参会 (市水务局); the board stays open beside.
    const sup = await stack.page('return-supervisor', ctx.errors);
    await sup.goto(`${stack.baseUrl}${detailPath}`);
    const row = sup.locator(`.fu-row[data-id="${decision}"][data-meeting="${meetingId}"]`);
    await row.waitFor({ timeout: 15000 });
    await sup.waitForSelector('#fu-actions button[data-action="assign"]');
    await sup.fill('#fu-action-text', '请市水务局牵头办理');
    await sup.click('#fu-actions button[data-action="assign"]');
    await row.locator('[data-state="assigned"]').waitFor({ timeout: 15000 }).catch(() => {});
    await waitFor(async () => (await row.getAttribute('data-state')) === 'assigned', { what: 'the decision assigned' });

    // 赵参会, as the lead: 退回交办 without a reason is said at the field and sends nothing.
    const lctx = await stack.newContext();
    const lead = await stack.page('return-lead', ctx.errors, lctx);
    await login(lead, 'zhao', undefined, { baseUrl: stack.baseUrl, next: detailPath });
    const back = lead.locator('#fu-actions button[data-action="return_assignment"]');
    await back.waitFor({ timeout: 15000 });
    if ((await back.innerText()).trim() !== '退回交办') throw new Error(`the lead's button reads ${await back.innerText()}`);
    await back.click();
    await lead.waitForSelector('#fu-action-error');
    if (!(await lead.locator('#fu-action-error').innerText()).includes('请写明退回理由')) throw new Error('no reason asked for at the field');
    if ((await row.getAttribute('data-state')) !== 'assigned') throw new Error('a return without a reason changed the decision');
    await lead.fill('#fu-action-text', '河道清淤属城管局职责，非本单位职责');
    await back.click();
    await lead.waitForSelector('#fu-history li[data-action="return_assignment"]', { timeout: 15000 });
    await stack.screenshot(lead, 'return-lead');

    // Live on the supervisor's board and detail: back to 立项, who returned it and why.
    await waitFor(async () => (await row.getAttribute('data-state')) === 'opened', { what: 'the board to show 立项 again', timeoutMs: 15000 });
    await sup.waitForSelector('#fu-returned', { timeout: 15000 });
    if (!(await sup.locator('#fu-returned').innerText()).includes('非本单位职责')) throw new Error('the reason is not shown to the supervisor');
    // The board row says it waits for a new assignment, and why; so does the 督办通报.
    await waitFor(async () => (await row.innerText()).includes('已退回，待重新交办') && (await row.innerText()).includes('退回理由：河道清淤属城管局职责'),
      { what: 'the board row to show the return and its reason' });
    const report = await stack.page('return-report', ctx.errors);
    await report.goto(`${stack.baseUrl}/followup-report.html`);
    const reported = report.locator('#fu-report-items tr[data-returned="pending"]', { hasText: '河道清淤属城管局职责' });
    await reported.waitFor({ timeout: 15000 });
    const cells = await reported.locator('td').allInnerTexts();
    if (cells[4] !== '已退回，待重新交办' || !cells[6].startsWith('退回理由：河道清淤属城管局职责，非本单位职责') || !cells[6].includes('前重新交办')) {
      throw new Error(`the 督办通报 row reads ${JSON.stringify(cells)}`);
    }
    await stack.screenshot(report, 'return-report');
    await report.close();
    // Reassigned: 李秘书, whose unit in the directory is 市城市管理局.
    await sup.waitForSelector('#fu-assign-lead option[value="li"]', { state: 'attached' });
    await sup.selectOption('#fu-assign-lead', 'li');
    if ((await sup.inputValue('#fu-assign-unit')) !== '市城市管理局') throw new Error('the new lead\'s unit is not taken from the directory');
    await sup.fill('#fu-action-text', '改由市城市管理局牵头');
    await stack.screenshot(sup, 'return-supervisor-reassign');
    await sup.click('#fu-actions button[data-action="assign"]');
    await sup.waitForSelector('#fu-history li[data-action="assign"] .fu-h-lead', { timeout: 15000 });
    const handed = await sup.locator('#fu-history li[data-action="assign"] .fu-h-lead').last().innerText();
    if (!handed.includes('李秘书') || !handed.includes('市城市管理局')) throw new Error(`the history says ${handed}`);
    await waitFor(async () => (await row.getAttribute('data-state')) === 'assigned' && (await row.innerText()).includes('市城市管理局'),
      { what: 'the board to show the new unit', timeoutMs: 15000 });
    await sup.waitForSelector('#fu-league-table tr[data-unit="市城市管理局"]', { timeout: 15000 });
    const history = await sup.locator('#fu-history li').evaluateAll((ls) => ls.map((l) => l.dataset.action));
    if (history.join() !== 'open,assign,return_assignment,assign') throw new Error(`history: ${history}`);
    await stack.screenshot(sup, 'return-supervisor-done');
    // The leader page lists the meeting's decisions with their lead unit and state, live.
    await sup.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(meetingId)}`);
    const item = sup.locator(`#ld-decision-list li[data-id="${decision}"]`);
    await item.waitFor({ timeout: 15000 });
    const said = await item.innerText();
    if ((await item.getAttribute('data-state')) !== 'assigned' || !said.includes('市城市管理局') || !said.includes('已交办')) {
      throw new Error(`the leader page lists the decision as ${JSON.stringify(said)}`);
    }
    await stack.screenshot(sup, 'return-leader-decisions');
    await sup.close();
    await lead.close();
  });
}
