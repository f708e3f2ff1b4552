// The 纪要's 议定事项 are the 督办 items, both ways (jiyao-draft.html, followup.html,
// jiyao.html; docs/protocol.md §6.7); registered by e2e.mjs, same stack and runner.
//
// 王秘书 runs a meeting with one item to its end; a decision on it (督办人 王秘书) is taken
// before the 纪要 is created, a second one after: the second appears in the item's section
// of the open draft without a reload. From the draft a click opens the 督办 item; from the
// item, "纪要中的该项" opens the draft with that section selected and the decision marked.
// The draft page links the print page of its version, which ends with the annex
// (附件：议定事项督办表) listing both, and offers the PDF, .docx and .md. The opening
// paragraph is typed into like a section and the download has it.
//
// Signed off and issued, the annex on the 纪要 page gets the 办理情况 column, which changes
// live as the 督办 items are assigned and extended, while the body keeps what was signed.
//
// Issuing to a unit that left the directory meanwhile is refused at the picker, in words.
//
// Artifacts: jy-link-01-draft.png, jy-link-02-followup.png, jy-link-03-annex.png,
// jy-link-04-refused-unit.png, jy-link-05-annex-live.png.

import { waitFor, login } from './lib/stack.mjs';

const TITLE = '2026年第13次局长办公会议（督办关联测试）';
const ITEM = '研究部署冬季供暖保障工作';

async function decide(page, mid, text, deadline) {
  return page.evaluate(async ([m, t, d]) => {
    const r = await fetch('/api/followup/decisions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ meeting_id: m, item_id: 'i1', text: t, lead_account: 'li', lead_unit: '局办公室',
        supervisor_account: 'wang', deadline: d }) });
    const body = await r.json();
    if (r.status !== 201) throw new Error(`decision: ${r.status} ${JSON.stringify(body)}`);
    return body.decision_id;
  }, [mid, text, deadline]);
}

export function registerJiyaoLinkTests(test) {
  test('jiyao link: a decision taken after the draft joins it; draft → 督办 item → back to its section; the annex', async (ctx) => {
    const { stack } = ctx;
    const pages = [];
    try {
      const sec = await stack.page('jy-link', ctx.errors);
      pages.push(sec);
      await sec.goto(`${stack.baseUrl}/index.html`);
      await sec.waitForSelector('#conn-state[data-state="connected"]');
      await sec.fill('#c-title', TITLE);
      await sec.fill('#c-place', '第三会议室');
      await sec.press('#c-title', 'Enter');
      await sec.waitForURL(/secretary\.html\?m=/);
      await sec.waitForSelector('#main:not([hidden])');
      const mid = new URL(sec.url()).searchParams.get('m');
      await sec.fill('#ai-title', ITEM);
      await sec.press('#ai-title', 'Enter');
      await sec.waitForFunction(() => document.querySelectorAll('#agenda-list li').length === 1);
      await sec.click('#lc-start');
      await sec.waitForSelector('#lc-start-dialog[open]');
      await sec.keyboard.press('Enter');
      await sec.waitForSelector('#phase-badge[data-phase="PHASE_IN_SESSION"]');
      await sec.focus('#lc-end');
      await sec.keyboard.press('Enter');
      await sec.waitForSelector('#lc-end-dialog[open]');
      await sec.keyboard.press('Enter');
      await sec.waitForSelector('#phase-badge[data-phase="PHASE_ENDED"]');
      const d1 = await decide(sec, mid, '做好供暖设施检修', '2026-12-20');

      // ------------------------------------------------ the draft, and a decision after it
      await sec.goto(`${stack.baseUrl}/jiyao-draft.html?m=${encodeURIComponent(mid)}`);
      await sec.waitForSelector('#jy-actions button[data-step="JIYAO_CREATE"]');
      await sec.click('#jy-actions button[data-step="JIYAO_CREATE"]');
      await sec.waitForSelector(`#jy-decisions li[data-decision="${d1}"]`);
      const first = await sec.locator(`#jy-decisions li[data-decision="${d1}"]`).innerText();
      if (!first.includes('做好供暖设施检修') || !first.includes('局办公室') || !first.includes('2026-12-20') || !first.includes('督办人')) {
        throw new Error(`the first 议定事项: ${first}`);
      }
      const d2 = await decide(sec, mid, '储备应急煤炭两万吨', '2027-01-10');
      await waitFor(async () => (await sec.locator(`#jy-decisions li[data-decision="${d2}"]`).count()) === 1,
        { what: 'the decision taken after the draft to join the open section', timeoutMs: 15000 });
      if (!(await sec.locator('#jy-decisions-live').innerText()).includes('随督办事项更新')) throw new Error('no "follows the 督办 items" note');
      await stack.screenshot(sec, 'jy-link-01-draft');

      // The opening paragraph is edited like a section (the record's engine, "j:_opening").
      await sec.click('#jy-sections button[data-id="j:_opening"]');
      await waitFor(async () => (await sec.locator('#jy-text').inputValue()).includes('现纪要如下'), { what: 'the opening in the editor' });
      await sec.waitForSelector('#jy-text:not([readonly])');
      await sec.focus('#jy-text');
      await sec.evaluate(() => { const ta = document.querySelector('#jy-text'); const at = ta.value.indexOf('现纪要如下'); ta.setSelectionRange(at, at); });
      await sec.keyboard.insertText('会议由王秘书记录。');
      await sec.waitForSelector('#jy-sync[data-state="saved"]', { timeout: 15000 });
      await sec.click(`#jy-sections button[data-id="j:i1"]`);

      // The downloads of this version and its print page.
      for (const f of ['pdf', 'docx', 'md']) {
        const href = await sec.getAttribute(`#jy-${f}`, 'href');
        if (href !== `/api/meetings/jiyao?m=${encodeURIComponent(mid)}&format=${f}&v=1`) throw new Error(`${f} link ${href}`);
      }
      const md = await sec.evaluate(async (h) => (await fetch(h)).text(), await sec.getAttribute('#jy-md', 'href'));
      if (!md.includes('会议由王秘书记录。现纪要如下')) throw new Error(`the .md's opening:\n${md}`);
      if (!md.includes('附件：议定事项督办表') || !md.includes('储备应急煤炭两万吨') || !md.includes('| 序号 |')) throw new Error(`the .md's annex:\n${md}`);

      // ------------------------------------------------ draft → 督办 item → back
      await sec.click(`#jy-decisions li[data-decision="${d2}"] a.jy-decision-link`);
      await sec.waitForURL(/followup\.html\?m=/);
      await sec.waitForSelector('#fu-detail-title');
      await waitFor(async () => (await sec.locator('#fu-detail-title').innerText()).includes('储备应急煤炭两万吨'),
        { what: 'the 督办 item opened from the draft' });
      await stack.screenshot(sec, 'jy-link-02-followup');
      await sec.click('#fu-jiyao-link');
      await sec.waitForURL(/jiyao-draft\.html\?m=/);
      await sec.waitForSelector(`#jy-decisions li.jy-focus[data-decision="${d2}"]`);
      if (!(await sec.locator('#jy-section-title').innerText()).includes(ITEM)) throw new Error('the section of the 议定事项 is not the one shown');

      // ------------------------------------------------ the print page's annex
      const printHref = await sec.getAttribute('#jy-print', 'href');
      if (printHref !== `jiyao.html?m=${encodeURIComponent(mid)}&v=1`) throw new Error(`print link ${printHref}`);
      const print = await stack.page('jy-link-print', ctx.errors, sec.context());
      pages.push(print);
      await print.goto(`${stack.baseUrl}/${printHref}`);
      await print.waitForSelector('#jy-sheet[data-ready="true"]');
      const rows = await print.locator('#jy-annex table tbody tr').allInnerTexts();
      const flat = rows.map((r) => r.replace(/\s+/g, ''));
      if (flat.length !== 2 || !flat[0].startsWith('一（一）做好供暖设施检修局办公室—2026年12月20日')
        || !flat[1].startsWith('一（二）储备应急煤炭两万吨局办公室—2027年1月10日')) {
        throw new Error(`the annex rows: ${JSON.stringify(flat)}`);
      }
      const head = (await print.locator('#jy-annex thead').innerText()).replace(/\s+/g, '');
      if (head !== '序号议定事项牵头单位协办单位完成时限督办人') throw new Error(`annex head ${head}`);
      const breaks = await print.evaluate(() => getComputedStyle(document.querySelector('#jy-annex')).breakBefore);
      if (breaks !== 'page') throw new Error(`the annex does not start a page: ${breaks}`);
      await print.locator('#jy-annex').scrollIntoViewIfNeeded();
      await stack.screenshot(print, 'jy-link-03-annex');

      // ------------------------------------------------ signed and issued: the annex follows
      // 王秘书 (the convener) submits, signs off and issues; the annex on the page gets the
      // 办理情况 column. He assigns d1, 李秘书 (the lead) asks more time for d2 and he grants
      // it: the column changes on screen without a reload, the body keeps what was signed.
      for (const step of ['JIYAO_SUBMIT', 'JIYAO_APPROVE']) {
        await sec.click(`#jy-actions button[data-step="${step}"]`);
        await sec.waitForSelector(`#jy-actions button[data-step="${step}"]`, { state: 'detached', timeout: 15000 });
      }
      // Clicked as a person clicks (Playwright waits for the button to hold still): the page
      // draws itself every second and on every update, and a button rebuilt each time would
      // never hold still long enough, nor keep a click pressed across a rebuild.
      const press = (sel) => sec.click(sel);
      // 印发 to a unit that left the directory while the form was open: refused at the
      // picker in words, nothing issued; without it the issue goes through.
      const adminContext = await stack.newContext();
      const admin = await stack.page('jy-link-admin', ctx.errors, adminContext);
      pages.push(admin);
      await login(admin, 'admin', undefined, { baseUrl: stack.baseUrl, next: '/index.html' });
      const api = (page, path, body) => page.evaluate(async ([p, b]) => {
        const r = await fetch(p, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
        return { status: r.status, body: await r.json() };
      }, [path, body]);
      const made = await api(admin, '/api/units', { name: '临时供暖专班' });
      if (made.status !== 201) throw new Error(`unit: ${made.status} ${JSON.stringify(made.body)}`);
      await press('#jy-actions button[data-step="JIYAO_ISSUE"]');
      await sec.waitForSelector('#rp-input');
      await sec.fill('#rp-input', '临时供暖');
      await sec.waitForSelector('#rp-list li');
      await sec.press('#rp-input', 'Enter');
      await sec.waitForSelector(`.rp-chip[data-kind="unit"][data-id="${made.body.unit.id}"]`);
      const gone = await api(admin, '/api/units/delete', { id: made.body.unit.id });
      if (gone.status !== 200) throw new Error(`delete unit: ${gone.status}`);
      await sec.click('#jy-form-ok');
      await sec.waitForSelector('#jy-form-error:not([hidden])', { timeout: 15000 });
      const refusal = await sec.locator('#jy-form-error').innerText();
      if (!refusal.includes('分送单位中有不在单位名录中的') || await sec.getAttribute('#jy-form-error', 'data-field') !== 'distribution') throw new Error(`the refusal at the picker: ${refusal}`);
      if (!(await sec.locator('#jy-state').innerText()).includes('已签发')) throw new Error('issued although refused');
      await stack.screenshot(sec, 'jy-link-04-refused-unit');
      await sec.focus('#rp-input');
      await sec.keyboard.press('Backspace');
      await sec.waitForSelector('.rp-chip[data-kind="unit"]', { state: 'detached' });
      await sec.click('#jy-form-ok');
      await waitFor(async () => (await sec.locator('#jy-state').innerText()).includes('已印发'), { what: 'the 纪要 issued', timeoutMs: 15000 });
      await press('#jy-annex-pick');
      await sec.waitForSelector('#jy-annex-box:not([hidden])');
      const status = (d) => sec.locator(`#jy-annex-table tr[data-decision="${d}"] td.jy-annex-status`);
      if ((await sec.locator('#jy-annex-table thead').innerText()).replace(/\s+/g, '') !== '序号议定事项牵头单位协办单位完成时限督办人办理情况') throw new Error('no 办理情况 column');
      if (!/^督办情况截至\d{4}年\d{1,2}月\d{1,2}日$/.test(await sec.locator('#jy-annex-asof').innerText())) throw new Error('no 督办情况截至 line');
      if (await status(d1).innerText() !== '立项') throw new Error(`d1 before: ${await status(d1).innerText()}`);
      const act = (page, d, action, role, extra = {}) => page.evaluate(async ([body]) => {
        const r = await fetch('/api/followup/action', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        if (r.status !== 200) throw new Error(`${body.action}: ${r.status} ${await r.text()}`);
      }, [{ meeting_id: mid, decision_id: d, action, role, ...extra }]);
      // What the secretary has under the pointer or the keyboard's focus stays put while the
      // annex changes beside it: the side list's 附件 entry is the same element afterwards.
      await sec.focus('#jy-annex-pick');
      await sec.evaluate(() => { document.querySelector('#jy-annex-pick').dataset.kept = 'yes'; });
      await act(sec, d1, 'assign', 'supervisor', { text: '请抓紧办理' });
      await waitFor(async () => (await status(d1).innerText()) === '已交办', { what: 'd1 已交办 in the annex, live', timeoutMs: 15000 });
      const kept = await sec.evaluate(() => {
        const el = document.querySelector('#jy-annex-pick');
        return { same: el && el.dataset.kept === 'yes', focused: document.activeElement === el };
      });
      if (!kept.same || !kept.focused) throw new Error(`the side list was rebuilt under the secretary: ${JSON.stringify(kept)}`);
      await act(sec, d2, 'assign', 'supervisor');
      const liContext = await stack.newContext();
      const li = await stack.page('jy-link-li', ctx.errors, liContext);
      pages.push(li);
      await login(li, 'li', undefined, { baseUrl: stack.baseUrl, next: '/index.html' });
      await act(li, d2, 'request_extension', 'lead', { text: '需要协调资金', date: '2027-01-31' });
      await act(sec, d2, 'approve_extension', 'supervisor');
      await waitFor(async () => (await status(d2).innerText()) === '已交办，已延期至2027年1月31日', { what: 'd2 extended in the annex, live', timeoutMs: 15000 });
      const d2Row = (await sec.locator(`#jy-annex-table tr[data-decision="${d2}"]`).innerText()).replace(/\s+/g, '');
      if (!d2Row.includes('2027年1月10日')) throw new Error(`the signed deadline left the annex: ${d2Row}`);
      await stack.screenshot(sec, 'jy-link-05-annex-live');
      await press('#jy-sections button[data-id="j:i1"]');
      const body = await sec.locator(`#jy-decisions li[data-decision="${d2}"]`).innerText();
      if (!body.includes('2027-01-10') || body.includes('2027-01-31')) throw new Error(`the signed 议定事项 changed: ${body}`);
    } finally {
      for (const p of pages) await p.close().catch(() => {});
    }
  });
}
