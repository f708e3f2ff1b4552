// Screenshots of every page with realistic data, for people to look at (not a test):
// laptop (1440×900) and tablet (820×1180), Chinese and English.
//
//   node screenshots.mjs            -> artifacts/shots/*.png
//
// Uses the same private redis-server + huiwu-server + Chromium as e2e.mjs.

import path from 'node:path';
import fs from 'node:fs';
import { Stack, login } from './lib/stack.mjs';

const ITEMS = [
  ['审议《2026年度部门预算调整方案》', '财务处 李明', 30, true],
  ['听取一季度重点工作进展汇报', '办公室 张华', 20, false],
  ['研究机关食堂改造项目', '后勤服务中心 赵强', 15, true],
  ['讨论人才引进实施细则', '人事处 陈静', 25, true],
  ['其他事项', '', 10, false],
];
const PEOPLE = [
  ['王建国', '局领导', '局长', 1, 'ROLE_CHAIR'], ['刘志远', '局领导', '副局长', 2, 'ROLE_PARTICIPANT'],
  ['孙丽', '局领导', '副局长', 3, 'ROLE_PARTICIPANT'], ['李明', '财务处', '处长', 4, 'ROLE_PARTICIPANT'],
  ['张华', '办公室', '主任', 5, 'ROLE_PARTICIPANT'], ['赵强', '后勤服务中心', '主任', 6, 'ROLE_OBSERVER'],
  ['陈静', '人事处', '处长', 7, 'ROLE_PARTICIPANT'], ['周敏', '办公室', '秘书', 0, 'ROLE_SECRETARY'],
];
const LAPTOP = { width: 1440, height: 900 };
const TABLET = { width: 820, height: 1180 };
const TABLET_LANDSCAPE = { width: 1024, height: 768 };

const stack = new Stack();
const out = path.join(stack.artifacts, 'shots');
fs.mkdirSync(out, { recursive: true });
const shot = (page, name) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });

try {
  await stack.start();
  await stack.browser({ viewport: LAPTOP });
  const errors = [];
  const sec = await stack.page('secretary', errors);
  await sec.goto(`${stack.baseUrl}/index.html`);
  await sec.waitForURL(/login\.html/);
  await shot(sec, 'login');
  await login(sec, 'wang', undefined, { baseUrl: stack.baseUrl });
  await sec.waitForSelector('#conn-state[data-state="connected"]');
  await shot(sec, 'index-empty');
  await sec.fill('#c-title', '2026年第3次局长办公会议');
  await sec.fill('#c-place', '机关三楼第一会议室');
  await sec.fill('#c-convener', '王建国');
  await sec.fill('#c-start', '2026-03-12T09:00');
  await sec.fill('#c-end', '2026-03-12T11:30');
  await sec.press('#c-title', 'Enter');
  await sec.waitForURL(/secretary/);
  await sec.waitForSelector('#main:not([hidden])');
  const url = sec.url();

  for (const [title, presenter, minutes, decision] of ITEMS) {
    await sec.fill('#ai-title', title);
    await sec.fill('#ai-presenter', presenter);
    await sec.fill('#ai-minutes', String(minutes));
    if (decision) await sec.check('#ai-decision');
    await sec.press('#ai-title', 'Enter');
  }
  for (const [name, unit, title, rank, role] of PEOPLE) {
    await sec.fill('#aa-name', name);
    await sec.fill('#aa-unit', unit);
    await sec.fill('#aa-title', title);
    await sec.fill('#aa-rank', String(rank));
    await sec.selectOption('#aa-role', role);
    await sec.press('#aa-name', 'Enter');
  }
  await sec.waitForFunction((n) => document.querySelectorAll('#att-list li').length === n, PEOPLE.length);
  await sec.evaluate(() => document.activeElement.blur());
  await sec.keyboard.press('n');
  await sec.waitForSelector('#lc-start-dialog[open]');  // before the start: start at item 1
  await sec.keyboard.press('Enter');
  await sec.waitForSelector('#agenda-list li.is-current');
  await sec.keyboard.press('n');
  await sec.waitForSelector('#agenda-list li:nth-child(2).is-current');
  const row = (i) => sec.locator('#att-list li').nth(i);
  await row(0).locator('[data-action=ATTENDANCE_PRESENT]').click();
  await row(1).locator('[data-action=ATTENDANCE_PRESENT]').click();
  await row(3).locator('[data-action=ATTENDANCE_LATE]').click();
  await row(2).locator('[data-action=ATTENDANCE_LEAVE]').click();
  await sec.fill('#att-list li:nth-child(3) input[name=reason]', '赴省里参加会议');
  await sec.press('#att-list li:nth-child(3) input[name=reason]', 'Enter');
  await row(4).locator('[data-action=ATTENDANCE_PRESENT]').click();
  await sec.waitForTimeout(1500); // let the clock run a little
  await shot(sec, 'secretary');

  // The live minutes of the current item, two secretaries at once.
  const mUrl = url.replace('secretary.html', 'minutes.html');
  const minutesPage = async (name) => {
    const p = await stack.page(name, errors);
    await p.addInitScript((n) => { try { sessionStorage.setItem('huiwu.client_name', n); } catch { /* about:blank */ } }, name);
    await p.goto(mUrl);
    await p.waitForSelector('#mn-text:not([readonly])');
    return p;
  };
  const m1 = await minutesPage('王秘书');
  const m2 = await minutesPage('李秘书');
  const say = async (page, speakerKey, text) => {
    await page.bringToFront();
    await page.focus('#mn-text');
    await page.keyboard.press('Control+End');
    if (await page.$eval('#mn-text', (t) => t.value.length > 0)) await page.keyboard.press('Enter');
    await page.keyboard.press(`Alt+${speakerKey}`);
    await page.keyboard.insertText(text);
    await page.waitForSelector('#mn-sync[data-state="saved"]');
  };
  await say(m1, 5, '一季度全局重点工作共 28 项，已完成 9 项，序时推进 16 项，滞后 3 项。滞后事项主要是信息化平台建设、老旧小区改造和人才公寓项目。');
  await say(m2, 1, '滞后的 3 项要逐项分析原因，明确责任人和完成时限，下周办公会专题汇报。');
  await say(m1, 2, '信息化平台受招标进度影响，建议二季度初完成采购，6 月底前上线试运行。');
  await say(m2, 3, '同意。人才公寓项目请财务处会同后勤服务中心抓紧办理用地手续。');
  await m2.evaluate(() => { const t = document.querySelector('#mn-text'); const i = t.value.indexOf('人才公寓项目'); t.setSelectionRange(i, i + 6); });
  await m1.bringToFront();
  await m1.focus('#mn-text');
  await m1.keyboard.insertText('会议要求：');
  await m1.waitForSelector('.mn-caret.flag');
  await shot(m1, 'minutes');
  await m1.evaluate(() => document.activeElement.blur());
  await m1.keyboard.press('h');
  await m1.waitForSelector('#mn-history-list .mn-h-row');
  await shot(m1, 'minutes-history');
  await m1.setViewportSize(TABLET);
  await shot(m1, 'minutes-tablet');
  await m1.setViewportSize(LAPTOP);
  await m1.keyboard.press('Escape');

  const leader = await stack.page('leader', errors);
  await leader.goto(url.replace('secretary.html', 'leader.html'));
  await leader.waitForSelector('#main:not([hidden])');
  await shot(leader, 'leader');
  await leader.setViewportSize(TABLET);
  await shot(leader, 'leader-tablet');
  await leader.setViewportSize(LAPTOP);

  await sec.bringToFront();
  await sec.setViewportSize(TABLET);
  await shot(sec, 'secretary-tablet');
  await sec.setViewportSize(TABLET_LANDSCAPE);
  await shot(sec, 'secretary-tablet-landscape');
  await sec.setViewportSize(LAPTOP);
  // An item in edit mode.
  await sec.locator('#agenda-list li').nth(2).locator('[data-action=edit]').click();
  await shot(sec, 'secretary-editing');
  await sec.keyboard.press('Escape');

  await leader.bringToFront();
  await leader.click('#lang-toggle');
  await leader.waitForFunction(() => document.documentElement.lang === 'en');
  await shot(leader, 'leader-en');
  await sec.bringToFront();
  await sec.waitForFunction(() => document.documentElement.lang === 'en'); // follows the other tab
  await shot(sec, 'secretary-en');
  await m1.bringToFront();
  await m1.waitForFunction(() => document.documentElement.lang === 'en');
  await shot(m1, 'minutes-en');
  await sec.click('#lang-toggle');

  // A second meeting, not started yet (leader), then archived (secretary).
  await sec.goto(`${stack.baseUrl}/index.html`);
  await sec.waitForSelector('#conn-state[data-state="connected"]');
  await sec.fill('#c-title', '关于安全生产工作的专题会议');
  await sec.press('#c-title', 'Enter');
  await sec.waitForURL(/secretary/);
  await sec.waitForSelector('#main:not([hidden])');
  await sec.fill('#ai-title', '通报近期安全检查情况');
  await sec.press('#ai-title', 'Enter');
  await sec.waitForSelector('#agenda-list li');
  const url2 = sec.url();
  await leader.goto(url2.replace('secretary.html', 'leader.html'));
  await leader.waitForSelector('#main:not([hidden])');
  await leader.bringToFront();
  await shot(leader, 'leader-not-started');
  await sec.bringToFront();
  await sec.click('#btn-archive');
  await sec.waitForSelector('#archived-banner:not([hidden])');
  await shot(sec, 'secretary-archived');

  await sec.goto(`${stack.baseUrl}/index.html`);
  await sec.waitForSelector('.meeting-row');
  await shot(sec, 'index');
  await sec.setViewportSize(TABLET);
  await shot(sec, 'index-tablet');

  console.log(`screenshots in ${out}`);
  if (errors.length) console.log(`page errors:\n${errors.join('\n')}`);
} finally {
  await stack.close();
}
