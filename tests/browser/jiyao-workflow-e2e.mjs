// The 纪要 workflow in the browser (jiyao-draft.html, docs/protocol.md §6.5); registered by
// e2e.mjs, same stack and runner.
//
// 王秘书 runs a meeting (an open item, a secret one; 李秘书 a second secretary, 陈局长 the
// chair, 赵参会 a participant cleared for 内部) to its end, creates the 纪要; 王秘书 and 李秘书
// type into the first section at once and both see both sentences; it is submitted; the
// chair selects a passage, comments and returns it; the comment shows marked on that passage
// on the secretary's page; she fixes it and resubmits; the chair signs off; it is issued
// under the office's number; 赵参会 downloads the cut version (the secret section withheld);
// a correction makes version 2, and comparing 1 with 2 marks exactly the changed sentence.
//
// Artifacts: jy-01-two-secretaries.png, jy-02-chair-comment.png, jy-03-returned.png,
// jy-04a-recipients.png, jy-04-issued.png, jy-05-diff.png.

import { login, waitFor } from './lib/stack.mjs';

const TITLE = '2026年第12次局长办公会议（纪要流程测试）';
const OPEN = '审议《办公用房管理办法》';
const SECRET = '研究干部人事安排（流程测试）';

async function textOf(page) {
  return page.locator('#jy-text').inputValue();
}

async function typeAtEnd(page, text) {
  await page.focus('#jy-text');
  await page.evaluate(() => { const ta = document.querySelector('#jy-text'); ta.setSelectionRange(ta.value.length, ta.value.length); });
  await page.keyboard.insertText(text);
}

async function select(page, quote) {
  await page.focus('#jy-text');
  const ok = await page.evaluate((q) => {
    const ta = document.querySelector('#jy-text');
    const at = ta.value.indexOf(q);
    if (at < 0) return false;
    ta.setSelectionRange(at, at + q.length);
    return true;
  }, quote);
  if (!ok) throw new Error(`"${quote}" is not in the section`);
}

async function state(page, want) {
  await waitFor(async () => (await page.locator('#jy-state').innerText()).includes(want), { what: `the 纪要 to read ${want}`, timeoutMs: 15000 });
}

async function clickStep(page, step) {
  await page.bringToFront();
  await page.click(`#jy-actions button[data-step="${step}"]`);
}

async function personIn(stack, ctx, id, name) {
  const context = await stack.newContext();
  const p = await context.newPage();
  await login(p, id, undefined, { baseUrl: stack.baseUrl });
  await p.close();
  return stack.page(name, ctx.errors, context);
}

export function registerJiyaoWorkflowTests(test) {
  test('jiyao workflow: drafted by two, returned with a comment, fixed, signed off, issued, cut, corrected and compared', async (ctx) => {
    const { stack } = ctx;
    stack.createUser({ id: 'chen', name: '陈局长', unit: '局领导', title: '局长', clearance: 'secret' });
    const pages = [];
    try {
      // ------------------------------------------------ the meeting, run to its end
      const sec = await stack.page('jy-wang', ctx.errors);
      pages.push(sec);
      await sec.goto(`${stack.baseUrl}/index.html`);
      await sec.waitForSelector('#conn-state[data-state="connected"]');
      await sec.fill('#c-title', TITLE);
      await sec.fill('#c-place', '第二会议室');
      await sec.press('#c-title', 'Enter');
      await sec.waitForURL(/secretary\.html\?m=/);
      await sec.waitForSelector('#main:not([hidden])');
      const mid = new URL(sec.url()).searchParams.get('m');
      for (const [title, level] of [[OPEN, 'LEVEL_PUBLIC'], [SECRET, 'LEVEL_SECRET']]) {
        await sec.fill('#ai-title', title);
        await sec.selectOption('#ai-level', level);
        await sec.press('#ai-title', 'Enter');
      }
      await sec.waitForFunction(() => document.querySelectorAll('#agenda-list li').length === 2);
      for (const [account, name, role] of [['chen', '陈局长', 'ROLE_CHAIR'], ['li', '李秘书', 'ROLE_SECRETARY'], ['zhao', '赵参会', 'ROLE_PARTICIPANT']]) {
        await sec.selectOption('#aa-account', account);
        await sec.selectOption('#aa-role', role);
        await sec.press('#aa-name', 'Enter');
        await sec.waitForSelector(`#att-list li[data-id] .chip-acct[data-account="${account}"]`);
        void name;
      }
      await sec.click('#lc-start');
      await sec.waitForSelector('#lc-start-dialog[open]');
      await sec.keyboard.press('Enter');
      await sec.waitForSelector('#phase-badge[data-phase="PHASE_IN_SESSION"]');
      await sec.focus('#lc-end');
      await sec.keyboard.press('Enter');
      await sec.waitForSelector('#lc-end-dialog[open]');
      await sec.keyboard.press('Enter');
      await sec.waitForSelector('#phase-badge[data-phase="PHASE_ENDED"]');

      // ------------------------------------------------ the draft, typed by two secretaries
      const url = `${stack.baseUrl}/jiyao-draft.html?m=${encodeURIComponent(mid)}`;
      await sec.goto(url);
      await sec.waitForSelector('#main:not([hidden])');
      await sec.waitForSelector('#jy-actions button[data-step="JIYAO_CREATE"]');
      await clickStep(sec, 'JIYAO_CREATE');
      await state(sec, '起草中');
      await sec.waitForSelector('#jy-text:not([readonly])');
      const li = await personIn(stack, ctx, 'li', 'jy-li');
      pages.push(li);
      await li.goto(url);
      await state(li, '起草中');
      await li.waitForSelector('#jy-text:not([readonly])');
      const seeded = await textOf(sec);
      if (!seeded.includes('会议审议了《办公用房管理办法》')) throw new Error(`seeded section: ${JSON.stringify(seeded)}`);
      await typeAtEnd(sec, '\n会议认为，办法总体可行，应尽快报批。');
      await typeAtEnd(li, '\n会议要求各单位按办法清理办公用房。');
      for (const p of [sec, li]) {
        await waitFor(async () => {
          const v = await textOf(p);
          return v.includes('会议认为，办法总体可行，应尽快报批。') && v.includes('会议要求各单位按办法清理办公用房。');
        }, { what: 'both sentences on both pages', timeoutMs: 15000 });
      }
      if ((await textOf(sec)) !== (await textOf(li))) throw new Error('the two secretaries see different drafts');
      await stack.screenshot(li, 'jy-01-two-secretaries');
      await clickStep(sec, 'JIYAO_SUBMIT');
      await state(li, '送审中');
      await li.waitForSelector('#jy-text[readonly]');

      // ------------------------------------------------ the chair returns it with a comment
      const chair = await personIn(stack, ctx, 'chen', 'jy-chair');
      pages.push(chair);
      await chair.goto(url);
      await state(chair, '送审中');
      await chair.waitForSelector('#jy-actions button[data-step="JIYAO_APPROVE"]');
      if (await chair.locator('#jy-actions button[data-step="JIYAO_SUBMIT"]').count()) throw new Error('the chair is offered 送审');
      await select(chair, '总体可行');
      await chair.fill('#jy-comment-text', '改为“基本可行”，表述留有余地');
      await chair.click('#jy-comment-add');
      await chair.waitForSelector('#jy-comment-pending:has-text("1")');
      await stack.screenshot(chair, 'jy-02-chair-comment');
      await clickStep(chair, 'JIYAO_RETURN');
      await state(sec, '已退回修改');
      // The comment is shown on the passage it points at.
      await sec.bringToFront();
      await sec.waitForSelector('#jy-marked mark.jy-anchor');
      const marked = await sec.locator('#jy-marked mark.jy-anchor').innerText();
      if (marked !== '总体可行') throw new Error(`the comment marks ${JSON.stringify(marked)}`);
      const said = await sec.locator('#jy-comments').innerText();
      if (!said.includes('陈局长') || !said.includes('基本可行')) throw new Error(`comment shown: ${JSON.stringify(said)}`);
      await stack.screenshot(sec, 'jy-03-returned');

      // ------------------------------------------------ fixed, resubmitted, signed off, issued
      await sec.waitForSelector('#jy-text:not([readonly])');
      await select(sec, '总体可行');
      await sec.keyboard.insertText('基本可行');
      await waitFor(async () => (await textOf(li)).includes('办法基本可行'), { what: 'the fix on the other secretary\'s page' });
      await sec.waitForSelector('#jy-sync[data-state="saved"]', { timeout: 15000 }).catch(() => {});
      await clickStep(sec, 'JIYAO_SUBMIT');
      await state(chair, '送审中');
      await clickStep(chair, 'JIYAO_APPROVE');
      await state(sec, '已签发');
      const signed = await sec.locator('#jy-meta').innerText();
      if (!signed.includes('陈局长')) throw new Error(`sign-off shown as ${JSON.stringify(signed)}`);
      await clickStep(sec, 'JIYAO_ISSUE');
      await sec.waitForSelector('#jy-form:not([hidden])');
      // The recipients picker opens with the meeting's accounts as chips; two 分送 lines
      // that are not in the directory are typed and added with Enter, keyboard only.
      await sec.waitForSelector('#jy-picker .rp-chip[data-kind="account"][data-id="zhao"]');
      for (const line of ['局各处室', '各直属单位']) {
        await sec.fill('#rp-input', line);
        await sec.press('#rp-input', 'Enter');
        await sec.waitForSelector(`#jy-picker .rp-chip[data-kind="text"][data-id="${line}"]`);
      }
      await sec.fill('#rp-input', '孙');  // a search lists the people who match
      await sec.waitForSelector('#rp-list li[data-kind="account"]');
      await stack.screenshot(sec, 'jy-04a-recipients');
      await sec.fill('#rp-input', '');
      await sec.click('#jy-form-ok');
      await state(sec, '已印发');
      await waitFor(async () => /〔\d{4}〕1号/.test(await sec.locator('#jy-meta').innerText()), { what: 'the issue number' });
      await stack.screenshot(sec, 'jy-04-issued');

      // ------------------------------------------------ the participant's cut download
      const part = await personIn(stack, ctx, 'zhao', 'jy-zhao');
      pages.push(part);
      await part.goto(url);
      await state(part, '已印发');
      const txt = await part.evaluate(async (m) => {
        const r = await fetch(`/api/meetings/jiyao?m=${encodeURIComponent(m)}&format=txt`);
        return { status: r.status, body: await r.text() };
      }, mid);
      if (txt.status !== 200) throw new Error(`participant download: ${txt.status} ${txt.body}`);
      for (const want of ['办法基本可行', '本议题内容按密级规定不予显示', '局各处室', '1号']) {
        if (!txt.body.includes(want)) throw new Error(`the participant's 纪要 lacks ${want}:\n${txt.body}`);
      }
      if (txt.body.includes('人事')) throw new Error(`the participant's 纪要 shows the secret item:\n${txt.body}`);
      const sections = await part.locator('#jy-sections li').allInnerTexts();
      if (sections.some((s) => s.includes('人事'))) throw new Error(`the participant's page lists ${sections}`);

      // ------------------------------------------------ a correction, and the comparison
      await clickStep(sec, 'JIYAO_CORRECT');
      await sec.fill('#jy-form-input', '第一项表述更正');
      await sec.click('#jy-form-ok');
      await state(sec, '第2版');
      await sec.waitForSelector('#jy-text:not([readonly])');
      await select(sec, '应尽快报批');
      await sec.keyboard.insertText('应于本月内报批');
      await waitFor(async () => (await textOf(li)).includes('应于本月内报批'), { what: 'the correction on the other page' });
      await sec.selectOption('#jy-from', '1');
      await sec.selectOption('#jy-to', '2');
      await sec.click('#jy-compare-go');
      await sec.waitForSelector('#jy-diff:not([hidden])');
      const dels = await sec.locator('#jy-diff del').allInnerTexts();
      const adds = await sec.locator('#jy-diff ins').allInnerTexts();
      if (dels.length !== 1 || !dels[0].includes('应尽快报批') || adds.length !== 1 || !adds[0].includes('应于本月内报批')) {
        throw new Error(`the comparison marks ${JSON.stringify({ dels, adds })}`);
      }
      await stack.screenshot(sec, 'jy-05-diff');
    } finally {
      for (const p of pages) await p.close().catch(() => {});
    }
  });
}
