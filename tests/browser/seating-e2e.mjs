// Seating in the browser (issue 4): a secretary builds a podium and a 会谈 table for a
// meeting on seating.html, gets the computed seating (DOMAIN.md's worked example: 5
// people seen from the seat 4 2 1 3 5, from the audience 5 3 1 2 4), swaps two people
// by drag and drop, pins one by dropping them on a free seat and one with the keyboard,
// recomputes and sees what moved; the leader page follows live; the chart prints; the
// name cards render to PDF with Noto CJK glyphs. Registered by e2e.mjs.
//
// Artifacts: seating-*.png, seating-chart.pdf, namecards.pdf, namecards.png.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { waitFor } from './lib/stack.mjs';

const PODIUM = [['王建国', '局长', 1], ['刘志远', '副局长', 2], ['孙丽', '副局长', 3], ['李明', '处长', 4], ['张华', '主任', 5]];
const GUESTS = [['John Smith', '团长', 1], ['Mary Brown', '副团长', 2]];
const rankOf = Object.fromEntries(PODIUM.map(([n, , r]) => [n, r]));

/** Names of a drawn row, left to right as drawn ('_' = free seat). */
function rowNames(page, root, row, side = '') {
  return page.$$eval(`${root} g.seat[data-row="${row}"][data-side="${side}"]`, (els) => els.map((e) => e.dataset.name || '_'));
}
const ranks = (names) => names.map((n) => rankOf[n] ?? n).join(' ');

async function addAttendee(page, name, unit, title, rank) {
  await page.fill('#aa-name', name);
  await page.fill('#aa-unit', unit);
  await page.fill('#aa-title', title);
  await page.fill('#aa-rank', String(rank));
  await page.press('#aa-name', 'Enter');
}

async function view(page, v) {
  await page.click(`#st-view-${v}`);
  await page.waitForSelector(`#st-svg svg[data-view="${v}"]`);
}

function pdfFacts(file) {
  const bytes = fs.readFileSync(file).toString('latin1');
  return {
    pages: (bytes.match(/\/Type\s*\/Page[^s]/g) || []).length,
    cjkFonts: [...new Set(bytes.match(/\/FontName\s*\/[A-Z]{6}\+Noto(?:Serif|Sans)CJK[A-Za-z-]*/g) || [])],
  };
}

function pdfText(file) {
  try { return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }); } catch { return null; } // poppler-utils is optional
}

export function registerSeatingTests(test) {
  test('seating: podium and 会谈 built in the browser, swapped and pinned by drag and drop, live on the leader page, printed', async (ctx) => {
    const pages = [];
    try {
      await seatingScenario(ctx, pages);
    } catch (e) {
      for (const [i, p] of pages.entries()) await ctx.stack.screenshot(p, `FAILED-seating-${i}`);
      throw e;
    } finally {
      for (const p of pages) await p.close().catch(() => {});
    }
  }, { timeoutMs: 90000 });

  test('seating: leave and staff left off by default and included on request; the rule in words in both languages; no developer words', async (ctx) => {
    const pages = [];
    try {
      await leaveAndWordsScenario(ctx, pages);
    } catch (e) {
      for (const [i, p] of pages.entries()) await ctx.stack.screenshot(p, `FAILED-seating-leave-${i}`);
      throw e;
    } finally {
      for (const p of pages) await p.close().catch(() => {});
    }
  }, { timeoutMs: 90000 });
}

// Words a secretary must not meet in the seating flow (issue 13): JSON field names,
// versions ("第197版", "版本 208", "version 12").
const DEVELOPER_WORDS = /seat_from|from_seat|from_audience|from_podium|convention|第\s*\d+\s*版|版本|version \d|computed at/i;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

async function flowText(page) {
  // The seating flow: the page's main area without the details panel (versions and ids
  // are allowed there) and without the print-only copy of the chart.
  return page.evaluate(() => {
    const main = document.querySelector('#main').cloneNode(true);
    main.querySelector('#st-details')?.remove();
    document.body.append(main);
    main.hidden = false;
    const text = main.innerText;
    main.remove();
    return text;
  });
}

async function leaveAndWordsScenario(ctx, pages) {
  const { stack } = ctx;
  const sec = await stack.page('seating-leave', ctx.errors);
  pages.push(sec);
  await sec.goto(`${stack.baseUrl}/index.html`);
  await sec.waitForSelector('#conn-state[data-state="connected"]');
  await sec.fill('#c-title', '2026年第5次局长办公会议（请假与会务）');
  await sec.press('#c-title', 'Enter');
  await sec.waitForURL(/secretary\.html\?m=/);
  await sec.waitForSelector('#main:not([hidden])');
  for (const [n, title, r] of PODIUM.slice(0, 4)) await addAttendee(sec, n, '局领导', title, r);
  await sec.selectOption('#aa-role', 'ROLE_SECRETARY');
  await addAttendee(sec, '赵秘书', '办公室', '秘书', 9);
  await sec.waitForSelector('#att-list li >> nth=4');
  // 李明 (No.4) is on leave.
  const li = sec.locator('#att-list li', { hasText: '李明' });
  await li.locator('[data-action="ATTENDANCE_LEAVE"]').click();
  await li.locator('input[name=reason]').fill('赴省里参加会议');
  await li.locator('input[name=reason]').press('Enter');
  await waitFor(async () => (await li.innerText()).includes('赴省里参加会议'), { what: '李明 on leave' });

  await sec.click('#topbar nav a[href^="seating.html"]');
  await sec.waitForSelector('#st-empty:not([hidden])');
  await sec.click('#st-empty-new');
  await sec.fill('#sf-row-1', '5');
  await sec.selectOption('#sf-convention', 'left');
  // The form sets them aside by default and says why.
  const row = (n) => sec.locator(`#sf-members tr:has-text("${n}")`);
  if ((await row('李明').getAttribute('data-aside')) !== 'on_leave') throw new Error('李明 (on leave) is not set aside in the form');
  if (!(await row('李明').locator('input.sf-on').isDisabled())) throw new Error('李明 can be ticked without including people on leave');
  if ((await row('赵秘书').getAttribute('data-aside')) !== 'staff') throw new Error('赵秘书 (secretary) is not set aside for the podium');
  if (!/请假 · 不排座/.test(await row('李明').innerText())) throw new Error('the form does not say 李明 is on leave');
  if (!(await sec.locator('#sf-capacity').innerText()).includes('已选 3 人')) throw new Error(`capacity: ${await sec.locator('#sf-capacity').innerText()}`);
  await stack.screenshot(sec, 'seating-form-leave-zh');
  await sec.click('#sf-save');
  await sec.waitForSelector('#st-svg svg.kind-podium');
  await view(sec, 'seat');
  // Three people on five seats, 以左为上, odd: _ 2 1 3 _.
  await waitFor(async () => (await rowNames(sec, '#st-svg', 1)).join(' ') === '_ 刘志远 王建国 孙丽 _', { what: 'the podium without 李明 and 赵秘书' });
  if (await sec.locator('#st-stale').count()) throw new Error('people left off on purpose make the chart look out of date');
  const off = await sec.locator('#st-left-off').innerText();
  if (!off.includes('李明（请假）') || !off.includes('赵秘书（会务工作人员）')) throw new Error(`left off: ${off}`);
  const rule = await sec.locator('#st-rule').innerText();
  if (!rule.includes('以左为上，单数居中')) throw new Error(`the rule is not in words: ${rule}`);
  const notesZh = await sec.locator('#st-notes').innerText();
  if (!notesZh.includes('请假人员不排座：李明') || !notesZh.includes('会务工作人员不上主席台：赵秘书')) throw new Error(`notes: ${notesZh}`);
  let flow = await flowText(sec);
  if (DEVELOPER_WORDS.test(flow)) throw new Error(`developer words in the seating flow: ${flow.match(DEVELOPER_WORDS)[0]}`);
  await stack.screenshot(sec, 'seating-leave-zh');

  // Include people on leave, from the notice: 李明 is seated (four people, A: _ 3 1 2 4),
  // the choice is kept in the chart (the form shows it), 赵秘书 stays off the podium.
  await sec.click('#st-left-off [data-include="on_leave"]');
  await waitFor(async () => (await rowNames(sec, '#st-svg', 1)).join(' ') === '_ 孙丽 王建国 刘志远 李明', { what: '李明 seated once included' });
  const off2 = await sec.locator('#st-left-off').innerText();
  if (off2.includes('李明') || !off2.includes('赵秘书')) throw new Error(`left off after including leave: ${off2}`);
  if (!(await sec.locator('#st-rule').innerText()).includes('双数（A方案）')) throw new Error('the rule does not follow the even row');
  await sec.click('#st-edit');
  if (!(await sec.isChecked('#sf-include-leave'))) throw new Error('the include choice is not kept with the chart');
  if (await sec.isChecked('#sf-include-staff')) throw new Error('staff included without asking');
  await sec.click('#sf-cancel');

  // English: the rule and the notes in English, no Chinese outside the people's names.
  await sec.click('#lang-toggle');
  await waitFor(async () => /Left is superior/.test(await sec.locator('#st-rule').innerText()), { what: 'the rule in English' });
  const ruleEn = await sec.locator('#st-rule').innerText();
  if (CJK.test(ruleEn)) throw new Error(`Chinese in the English rule: ${ruleEn}`);
  const notesEn = await sec.locator('#st-notes').innerText();
  if (!notesEn.includes('Staff, not on the podium: 赵秘书')) throw new Error(`English notes: ${notesEn}`);
  if (CJK.test(notesEn.replace(/赵秘书/g, ''))) throw new Error(`Chinese in the English notes: ${notesEn}`);
  if (!/by rank/.test(await sec.locator('#st-order-rule').innerText())) throw new Error('the list rule is not in English');
  const offEn = await sec.locator('#st-left-off').innerText();
  if (!offEn.includes('赵秘书 (staff)') || CJK.test(offEn.replace(/赵秘书/g, ''))) throw new Error(`English left-off notice: ${offEn}`);
  flow = await flowText(sec);
  if (DEVELOPER_WORDS.test(flow)) throw new Error(`developer words in the English seating flow: ${flow.match(DEVELOPER_WORDS)[0]}`);
  await stack.screenshot(sec, 'seating-leave-en');
  await sec.click('#lang-toggle');
}

async function seatingScenario(ctx, pages) {
  const { stack } = ctx;
  const art = (f) => path.join(stack.artifacts, f);
  const sec = await stack.page('seating-secretary', ctx.errors);
  pages.push(sec);
  await sec.goto(`${stack.baseUrl}/index.html`);
  await sec.waitForSelector('#conn-state[data-state="connected"]');
  await sec.fill('#c-title', '2026年第4次局长办公会议（座次）');
  await sec.press('#c-title', 'Enter');
  await sec.waitForURL(/secretary\.html\?m=/);
  await sec.waitForSelector('#main:not([hidden])');
  const mid = new URL(sec.url()).searchParams.get('m');
  for (const [n, title, r] of PODIUM) await addAttendee(sec, n, '局领导', title, r);
  for (const [n, title, r] of GUESTS) await addAttendee(sec, n, '英国代表团', title, r);
  await addAttendee(sec, '陈静', '办公室', '翻译', 9);
  await sec.waitForSelector('#att-list li >> nth=7');

  // The seating page, from the header's navigation.
  await sec.click('#topbar nav a[href^="seating.html"]');
  await sec.waitForSelector('#st-empty:not([hidden])');
  const leader = await stack.page('seating-leader', ctx.errors);
  pages.push(leader);
  await leader.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(mid)}`);
  await leader.waitForSelector('#main:not([hidden])');
  await sec.bringToFront();

  // Podium: two rows (5 + 3), the five leaders, 以左为上, by rank.
  await sec.click('#st-empty-new');
  await sec.fill('#sf-name', '主席台');
  await sec.fill('#sf-rows', '2');
  await sec.fill('#sf-row-1', '5');
  await sec.fill('#sf-row-2', '3');
  await sec.selectOption('#sf-convention', 'left');
  await sec.selectOption('#sf-order', 'rank');
  await sec.uncheck('#sf-all');
  for (const [n] of PODIUM) await sec.check(`#sf-members tr:has-text("${n}") input.sf-on`);
  await sec.click('#sf-save');
  await sec.waitForSelector('#st-svg svg');
  await view(sec, 'seat');
  const fromSeat = ranks(await rowNames(sec, '#st-svg', 1));
  if (fromSeat !== '4 2 1 3 5') throw new Error(`podium seen from the seat: ${fromSeat}, expected 4 2 1 3 5`);
  if (!/从座位看（面向观众）/.test(await sec.locator('#st-svg .ch-caption').textContent())) throw new Error('the seat view does not say which way it is drawn');
  await sec.locator('#st-svg svg').screenshot({ path: art('seating-podium-from-seat.png') });
  await view(sec, 'other');
  const fromAudience = ranks(await rowNames(sec, '#st-svg', 1));
  if (fromAudience !== '5 3 1 2 4') throw new Error(`podium seen from the audience: ${fromAudience}, expected 5 3 1 2 4`);
  await sec.locator('#st-svg svg').screenshot({ path: art('seating-podium-from-audience.png') });
  const rule = await sec.locator('#st-order-rule').textContent();
  if (!rule.includes('按排序（职务）为序')) throw new Error(`the ordered list does not state its rule: ${rule}`);

  // The leader page shows it, drawn from the audience.
  const leaderRow = (row) => rowNames(leader, '#ld-seat-charts > figure:nth-child(1)', row);
  await waitFor(async () => ranks(await leaderRow(1)) === '5 3 1 2 4', { what: 'the podium on the leader page' });

  // Drag and drop: 刘志远 (No.2) onto 孙丽 (No.3) swaps them; both become pinned.
  const seatOf = (name) => sec.locator(`#st-svg g.seat[data-name="${name}"]`);
  await seatOf('刘志远').dragTo(seatOf('孙丽'));
  await waitFor(async () => ranks(await rowNames(sec, '#st-svg', 1)) === '5 2 1 3 4', { what: 'the swap on the seating page' });
  await waitFor(async () => ranks(await leaderRow(1)) === '5 2 1 3 4', { what: 'the swap on the leader page' });
  if ((await sec.locator('#st-svg g.seat.is-pinned').count()) !== 2) throw new Error('a swap must pin both people');
  await sec.waitForSelector('#st-changes #st-moved li');

  // Drop 张华 (No.5) on the free middle seat of row 2: pinned there.
  await seatOf('张华').dragTo(sec.locator('#st-svg g.seat.is-empty[data-row="2"]').nth(1));
  await waitFor(async () => (await rowNames(sec, '#st-svg', 2)).join(' ') === '_ 张华 _', { what: '张华 pinned in row 2' });
  await waitFor(async () => (await leaderRow(2)).join(' ') === '_ 张华 _', { what: '张华 in row 2 on the leader page' });
  if (!(await seatOf('张华').evaluate((e) => e.classList.contains('is-pinned')))) throw new Error('the dropped person shows no pin');

  // Keyboard: focus 王建国's seat and press P: pinned where he sits.
  await seatOf('王建国').focus();
  await sec.keyboard.press('p');
  await waitFor(() => seatOf('王建国').evaluate((e) => e.classList.contains('is-pinned')), { what: 'the keyboard pin' });
  await sec.locator('#st-svg svg').screenshot({ path: art('seating-podium-after-overrides.png') });

  // Recompute: pins kept, the result says what moved (here: nobody).
  const before = [await rowNames(sec, '#st-svg', 1), await rowNames(sec, '#st-svg', 2)].join('|');
  const v = Number(await sec.locator('#meeting-version').getAttribute('data-version'));
  await sec.click('#st-recompute');
  await waitFor(async () => Number(await sec.locator('#meeting-version').getAttribute('data-version')) > v, { what: 'the recompute event' });
  await waitFor(async () => (await sec.locator('#st-changes').textContent().catch(() => '')).includes('没有人换座位'), { what: '"nobody moved" after recompute' });
  const after = [await rowNames(sec, '#st-svg', 1), await rowNames(sec, '#st-svg', 2)].join('|');
  if (after !== before) throw new Error(`recompute moved pinned people: ${before} -> ${after}`);

  // 会谈: hosts 王建国 1, 刘志远 2, 孙丽 3 and 陈静 (interpreter); guests Smith 1, Brown 2.
  await sec.click('#st-new');
  await sec.selectOption('#sf-kind', 'talks');
  await sec.fill('#sf-spp', '5');
  await sec.uncheck('#sf-all');
  for (const n of ['王建国', '刘志远', '孙丽', '陈静', 'John Smith', 'Mary Brown']) await sec.check(`#sf-members tr:has-text("${n}") input.sf-on`);
  for (const n of ['John Smith', 'Mary Brown']) await sec.selectOption(`#sf-members tr:has-text("${n}") select.sf-side`, 'guest');
  await sec.selectOption('#sf-members tr:has-text("陈静") select.sf-role', 'interpreter');
  await sec.click('#sf-save');
  await sec.waitForSelector('#st-svg svg.kind-talks');
  await view(sec, 'seat');
  const host = (await rowNames(sec, '#st-svg', 1, 'host')).join(' ');
  const guest = (await rowNames(sec, '#st-svg', 1, 'guest')).join(' ');
  // Seen from the host side, 以右为上 with the interpreter on the principal's right
  // (占位不占数, DOMAIN.md): _ 3 1 译 2; the guests across, No.2 on their principal's right.
  if (host !== '_ 孙丽 王建国 陈静 刘志远') throw new Error(`host side: ${host}`);
  if (guest !== '_ Mary Brown John Smith _ _') throw new Error(`guest side seen from the hosts: ${guest}`);
  await sec.locator('#st-svg svg').screenshot({ path: art('seating-talks-from-host-side.png') });
  // The notes say where the interpreter sits and why, in words (占位不占数).
  const talkNotes = await sec.locator('#st-notes').innerText();
  if (!talkNotes.includes('主方译员陈静坐在主谈人王建国右手') || !talkNotes.includes('占位不占数')) throw new Error(`talks notes: ${talkNotes}`);
  await view(sec, 'other');
  if ((await rowNames(sec, '#st-svg', 1, 'guest')).join(' ') !== '_ _ John Smith Mary Brown _') throw new Error('guest side seen from the guests');
  await sec.locator('#st-svg svg').screenshot({ path: art('seating-talks-from-guest-side.png') });
  await waitFor(async () => (await leader.locator('#ld-seating figure').count()) === 2, { what: 'both charts on the leader page' });
  await stack.screenshot(sec, 'seating-page');
  await stack.screenshot(leader, 'seating-leader');

  // Print: the chart alone, with its title, direction and legend.
  await sec.click('#st-charts [data-chart] >> nth=0');
  await sec.waitForSelector('#st-print svg.kind-podium', { state: 'attached' });
  await sec.pdf({ path: art('seating-chart.pdf'), preferCSSPageSize: true, printBackground: true });
  const chartPdf = pdfFacts(art('seating-chart.pdf'));
  if (chartPdf.pages !== 1 || !chartPdf.cjkFonts.length) throw new Error(`seating-chart.pdf: ${JSON.stringify(chartPdf)}`);

  // Name cards: one A4 page per person, names in Noto CJK (not boxes).
  const cardsUrl = await sec.locator('#st-namecards').getAttribute('href');
  const cards = await stack.page('seating-namecards', ctx.errors);
  pages.push(cards);
  await cards.goto(`${stack.baseUrl}/${cardsUrl}`);
  await cards.waitForSelector('.nc-page >> nth=4');
  if ((await cards.locator('.nc-page').count()) !== 5) throw new Error('expected 5 name cards');
  await cards.evaluate(() => document.fonts.ready);
  const fontOk = await cards.evaluate(() => document.fonts.check('700 60px "Noto Serif CJK SC"', '王建国'));
  if (!fontOk) throw new Error('Noto Serif CJK SC is not available to the page');
  // Glyphs, not boxes: every character of every name, drawn in the cards' font, must
  // have ink and differ from the font's "missing glyph" box (a noncharacter's drawing).
  const tofu = await cards.evaluate(() => {
    const el = document.querySelector('.nc-page .nc-bottom .nc-name');
    const font = `700 64px ${getComputedStyle(el).fontFamily}`;
    const draw = (ch) => {
      const c = document.createElement('canvas');
      c.width = 80; c.height = 80;
      const g = c.getContext('2d');
      g.font = font;
      g.fillText(ch, 8, 64);
      return g.getImageData(0, 0, 80, 80).data.join(',');
    };
    const missing = draw('\u{10FFFD}');
    const bad = [];
    for (const n of document.querySelectorAll('.nc-bottom .nc-name')) {
      for (const ch of n.textContent) {
        const px = draw(ch);
        if (px === missing || !/[1-9]/.test(px)) bad.push(ch);
      }
    }
    return bad;
  });
  if (tofu.length) throw new Error(`name-card characters drawn as boxes or blank: ${tofu.join('')}`);
  await cards.locator('.nc-page').first().screenshot({ path: art('namecards.png') });
  await cards.pdf({ path: art('namecards.pdf'), preferCSSPageSize: true, printBackground: true });
  const facts = pdfFacts(art('namecards.pdf'));
  if (facts.pages !== 5) throw new Error(`namecards.pdf has ${facts.pages} pages, expected 5`);
  if (!facts.cjkFonts.some((f) => /NotoSerifCJK/.test(f))) throw new Error(`namecards.pdf embeds no Noto Serif CJK font: ${facts.cjkFonts}`);
  const text = pdfText(art('namecards.pdf'));
  if (text !== null && !PODIUM.every(([n]) => text.includes(n))) throw new Error(`the PDF's text lacks names: ${text.slice(0, 200)}`);

  // An attendee leaves the meeting (removed on the secretary page, another tab): the
  // seating page says the chart is out of date; 重新计算 drops her and says what moved.
  const desk = await stack.page('seating-desk', ctx.errors);
  pages.push(desk);
  await desk.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
  await desk.locator('#att-list li', { hasText: '孙丽' }).locator('[data-action="remove"]').click();
  await sec.bringToFront();
  await sec.waitForSelector('#st-stale');
  await sec.click('#st-stale button');
  await waitFor(async () => !(await rowNames(sec, '#st-svg', 1)).includes('孙丽'), { what: '孙丽 gone after recompute' });
  const changes = await sec.locator('#st-changes').innerText();
  if (!/移出 孙丽/.test(changes)) throw new Error(`the changes do not say who left: ${changes}`);
  await waitFor(async () => !(await leaderRow(1)).includes('孙丽'), { what: 'the leader page after recompute' });
  await stack.screenshot(sec, 'seating-after-recompute');
}
