// Follow-up (督办, issue 5) in the browser; registered by e2e.mjs, same stack and runner.
//
// 王秘书 (the meeting's convener) selects a passage of an item's minutes and makes it a
// decision (设为决定事项) with 周局长 (住建局) as the lead and 钱督查 (督查室) as the
// supervisor. In their own browser contexts the supervisor assigns it, the lead signs for
// it, reports progress in one step and reports completion, and the supervisor closes it
// (销号). 王秘书's board and league table, open all along, change live without a reload.
//
// A second test moves the server's clock (HUIWU_CLOCK_OFFSET_MS, a restart) three days on:
// the lights turn yellow and red by themselves and the reminders (催办) show on the board.
//
// Artifacts: followup-form.png, followup-board.png, followup-detail-lead.png,
// followup-board-closed.png, followup-digest.png, followup-report.png,
// followup-board-lights.png, followup-digest-lights.png.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor, login, repoRoot } from './lib/stack.mjs';
import { decisionFromPassage } from './lib/flows.mjs';

/** exceljs from tests/followup (npm ci there), or null when it is not installed. */
function excel() {
  const dir = path.join(repoRoot, 'tests/followup');
  if (!fs.existsSync(path.join(dir, 'node_modules/exceljs'))) return null;
  return createRequire(path.join(dir, 'package.json'))('exceljs');
}

const PEOPLE = [
  { id: 'fu.zhou', name: '周局长', unit: '住建局', title: '局长', clearance: 'internal' },
  { id: 'fu.qian', name: '钱督查', unit: '督查室', title: '督查专员', clearance: 'secret' },
];
const MINUTES = '会议认为，汛期将至。会议决定：由住建局牵头，月底前完成城区排水管网改造方案。会议要求各单位密切配合。';
const PASSAGE = '由住建局牵头，月底前完成城区排水管网改造方案';

async function openAs(stack, ctx, id, path) {
  const context = await stack.newContext();
  const page = await stack.page(`followup-${id}`, ctx.errors, context);
  await login(page, id, undefined, { baseUrl: stack.baseUrl, next: path });
  await page.waitForSelector('#conn-state[data-state="connected"]', { timeout: 20000 });
  return page;
}

async function act(page, action, text) {
  const btn = page.locator(`#fu-actions button[data-action="${action}"]`);
  await btn.waitFor({ timeout: 15000 });
  if (text !== undefined) await page.fill('#fu-action-text', text);
  await btn.click();
  await page.waitForSelector(`#fu-history li[data-action="${action}"]`, { timeout: 15000 });
}

export function registerFollowupTests(test) {
  test('followup: a decision from a minutes passage is assigned, reported and closed by the people concerned; board and league change live', async (ctx) => {
    const { stack } = ctx;
    for (const p of PEOPLE) stack.createUser(p);
    const pages = [];
    try {
      // The secretary: a meeting with one item and its minutes.
      const sec = await stack.page('followup-secretary', ctx.errors);
      pages.push(sec);
      const meetingId = await decisionFromPassage(sec, stack.baseUrl, { title: '区政府第12次常务会议', item: '城区防汛准备工作', minutes: MINUTES, passage: PASSAGE });
      await sec.selectOption('#fu-f-lead', 'fu.zhou');
      if (await sec.inputValue('#fu-f-unit') !== '住建局') throw new Error('the lead unit was not filled in from the lead');
      await sec.selectOption('#fu-f-sup', 'fu.qian');
      await sec.fill('#fu-f-text', '月底前完成城区排水管网改造方案');
      await stack.screenshot(sec, 'followup-form');
      await sec.click('#fu-f-submit');
      await sec.waitForSelector('#fu-created-link', { timeout: 15000 });
      const link = await sec.getAttribute('#fu-created-link', 'href');
      const decision = new URL(link, stack.baseUrl).searchParams.get('d');
      ctx.followupMeeting = meetingId;
      // Under the editor, the item's decisions, live from the meeting's events.
      await sec.waitForSelector(`#mn-decisions .mn-decision[data-id="${decision}"]`, { timeout: 15000 });
      await stack.screenshot(sec, 'followup-minutes-decisions');

      // The secretary's board: the new decision, green, opened; the league table lists the unit.
      const board = await stack.page('followup-board', ctx.errors);
      pages.push(board);
      await board.goto(`${stack.baseUrl}/followup.html`);
      await board.waitForSelector('#conn-state[data-state="connected"]');
      const row = board.locator(`.fu-row[data-id="${decision}"]`);
      await row.waitFor();
      if (await row.getAttribute('data-state') !== 'opened') throw new Error('the new decision is not 立项');
      await board.waitForSelector('#fu-league-table tr[data-unit="住建局"]');
      await stack.screenshot(board, 'followup-board');

      // The supervisor assigns it, the lead signs for it and reports.
      const detailPath = `/followup.html?m=${encodeURIComponent(meetingId)}&d=${encodeURIComponent(decision)}`;
      const sup = await openAs(stack, ctx, 'fu.qian', detailPath);
      pages.push(sup);
      await sup.waitForSelector('#fu-source');
      if (!(await sup.locator('#fu-source').innerText()).includes(PASSAGE)) throw new Error('the detail does not show the passage');
      await act(sup, 'assign', '请抓紧办理');
      await row.locator('[data-state="assigned"]').waitFor({ timeout: 15000 });  // live on the secretary's board

      const lead = await openAs(stack, ctx, 'fu.zhou', detailPath);
      pages.push(lead);
      await act(lead, 'accept');
      await act(lead, 'report_progress', '已完成现场勘察，方案初稿正在编制');  // a first report, in one step
      const reported = await lead.locator('#fu-history li[data-action="report_progress"]').innerText();
      if (!reported.includes('已完成现场勘察')) throw new Error('the report is not in the history');
      if (await lead.locator('#fu-actions button[data-action="close"]').count()) throw new Error('the lead is offered 销号');
      await stack.screenshot(lead, 'followup-detail-lead');
      await act(lead, 'report_completion', '方案已经区政府同意并印发');
      await row.locator('[data-state="completion_reported"]').waitFor({ timeout: 15000 });

      // The digest shows it as awaiting verification; the supervisor closes it.
      const digest = await stack.page('followup-digest', ctx.errors);
      pages.push(digest);
      await digest.goto(`${stack.baseUrl}/followup-digest.html`);
      await digest.waitForSelector(`#sec-awaiting .fu-row[data-id="${decision}"]`);
      await stack.screenshot(digest, 'followup-digest');
      await sup.waitForSelector('#fu-actions button[data-action="close"]', { timeout: 15000 });
      await act(sup, 'close', '经核实已办结');
      await row.locator('[data-state="closed"]').waitFor({ timeout: 15000 });
      await waitFor(async () => (await board.locator('#fu-league-table tr[data-unit="住建局"] .fu-rate').innerText()) === '100%',
        { timeoutMs: 15000, what: 'the league table to show 住建局 at 100% on time' });
      // Its colour is its record: 100 % on time, nothing overdue is good, never "需要关注".
      await board.waitForSelector('#fu-league-table tr[data-unit="住建局"][data-standing="good"]', { timeout: 15000 });
      if (await board.locator('#fu-attention').count()) throw new Error(`a unit at 100% is called out: ${await board.locator('#fu-attention').innerText()}`);
      await digest.waitForSelector('#fu-all-clear', { timeout: 15000 });
      await stack.screenshot(board, 'followup-board-closed');
      const history = await sup.locator('#fu-history li').evaluateAll((ls) => ls.map((l) => l.dataset.action));
      if (history.join() !== 'open,assign,accept,report_progress,report_completion,close') throw new Error(`history: ${history}`);
      // The board's Excel export, as the button downloads it, opens with the Chinese intact.
      const href = await board.getAttribute('#fu-export-xlsx', 'href');
      const res = await board.context().request.get(`${stack.baseUrl}${href}`);
      if (res.status() !== 200) throw new Error(`export.xlsx: ${res.status()}`);
      const ExcelJS = excel();
      if (ExcelJS) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(await res.body());
        const sheet = wb.worksheets[0];
        const header = sheet.getRow(1).values.slice(1);
        if (header[1] !== '决定事项' || header[9] !== '状态') throw new Error(`xlsx header: ${header}`);
        let found = false;
        sheet.eachRow((r) => { if (r.getCell(2).value === '月底前完成城区排水管网改造方案' && r.getCell(10).value === '已销号') found = true; });
        if (!found) throw new Error('the closed decision is not in the xlsx');
      } else {
        console.log('  (exceljs not installed in tests/followup: the xlsx was only fetched)');
      }
      // The printable report of the period.
      await board.goto(`${stack.baseUrl}/followup-report.html`);
      await board.waitForSelector('#fu-report-items tbody tr');
      await stack.screenshot(board, 'followup-report');
      // Printed on A4 with an official document's margins (156 mm of 210, 590 px): no cell
      // but the two text columns breaks over two lines.
      const screenSize = board.viewportSize();
      await board.setViewportSize({ width: 590, height: 1000 });
      await board.emulateMedia({ media: 'print' });
      const broken = await board.evaluate(() => [...document.querySelectorAll('.fu-report th, .fu-report td:not(.wrap)')].filter((c) => {
        const r = document.createRange();
        r.selectNodeContents(c);
        return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
      }).map((c) => c.textContent));
      await stack.screenshot(board, 'followup-report-a4');
      await board.emulateMedia({ media: 'screen' });
      await board.setViewportSize(screenSize);
      if (broken.length) throw new Error(`cells broken over two lines at A4 width: ${JSON.stringify(broken)}`);
    } catch (e) {
      for (const [i, p] of pages.entries()) await stack.screenshot(p, `FAILED-followup-${i}`);
      throw e;
    } finally {
      for (const p of pages) await p.close().catch(() => {});
    }
  }, { timeoutMs: 120000 });

  test('followup: when the clock moves on, lights turn yellow and red and the reminders show on the board', async (ctx) => {
    const { stack } = ctx;
    if (!ctx.followupMeeting) throw new Error('needs the previous test');
    const pages = [];
    try {
      const board = await stack.page('followup-lights', ctx.errors);
      pages.push(board);
      await board.goto(`${stack.baseUrl}/followup.html`);
      await board.waitForSelector('#conn-state[data-state="connected"]');
      const make = (text, days) => board.evaluate(async ([m, t, d]) => {
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + d * 86400000));
        const r = await fetch('/api/followup/decisions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ meeting_id: m, item_id: 'i1', text: t, lead_account: 'fu.zhou', supervisor_account: 'fu.qian', deadline: today, priority: 2 }) });
        return (await r.json()).decision_id;
      }, [ctx.followupMeeting, text, days]);
      const soon = await make('汛前完成易涝点排查', 5);
      const late = await make('落实应急抢险队伍和物资', 1);
      await board.locator(`.fu-row[data-id="${late}"] .fu-reminded`).waitFor({ timeout: 15000 });  // due soon at once
      // Three days on: one is overdue, the other due soon; each reminded once, live.
      process.env.HUIWU_CLOCK_OFFSET_MS = String(3 * 86400000);
      try {
        await stack.restartServer();
      } finally {
        delete process.env.HUIWU_CLOCK_OFFSET_MS;
      }
      await board.waitForSelector(`.fu-row[data-id="${late}"] .fu-light[data-light="red"]`, { timeout: 30000 });
      await board.waitForSelector(`.fu-row[data-id="${late}"] .fu-reminded-overdue`, { timeout: 15000 });
      await board.waitForSelector(`.fu-row[data-id="${soon}"] .fu-light[data-light="yellow"]`, { timeout: 15000 });
      await board.waitForSelector(`.fu-row[data-id="${soon}"] .fu-reminded-due_soon`, { timeout: 15000 });
      const order = await board.locator('.fu-row').evaluateAll((rs) => rs.map((r) => r.dataset.id));
      if (order[0] !== late || order[1] !== soon) throw new Error(`not sorted by urgency: ${order}`);
      await stack.screenshot(board, 'followup-board-lights');
      await board.goto(`${stack.baseUrl}/followup-digest.html`);
      await board.waitForSelector(`#sec-overdue .fu-row[data-id="${late}"]`);
      await board.waitForSelector(`#sec-week .fu-row[data-id="${soon}"]`);
      await stack.screenshot(board, 'followup-digest-lights');
    } finally {
      for (const p of pages) await p.close().catch(() => {});
      if (process.env.HUIWU_CLOCK_OFFSET_MS === undefined) await stack.restartServer().catch(() => {});
    }
  }, { timeoutMs: 120000 });
}
