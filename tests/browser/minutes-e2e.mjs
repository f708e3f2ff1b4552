// Browser test of the live minutes (registered by e2e.mjs, same stack and runner):
// two secretary pages type into the same agenda item at the same time — Chinese
// through a pinyin IME composition (Chrome's real composition path, driven over CDP)
// and through text insertion, ASCII through key presses, emoji and a CJK Extension B
// character — while a leader page watches; the server is killed (SIGKILL) and started
// again in the middle of the typing. At the end the three pages show the same text,
// every typed fragment exactly once, and a fresh page gets the same text from the
// server. Then: edits typed while the server is down survive reloading the page.
// The two secretaries are two accounts logged in side by side (王秘书 in the main
// context, who creates the meeting; 李秘书 in a context of her own, invited as a
// secretary of the meeting), so each page's name is its account's.

import { waitFor, sleep, login } from './lib/stack.mjs';

const ITEMS = [['审议《2026年度部门预算调整方案》', '财务处 李明'], ['听取一季度重点工作进展汇报', '办公室 张华']];
const PEOPLE = [['王建国', 1], ['孙丽', 2], ['李明', 3]];

// What each secretary types. A: Chinese (IME compositions and text insertion), emoji,
// 𠀀 (U+20000, a surrogate pair in JavaScript). B: ASCII key by key, emoji, 𠀀.
// {restarted: true} waits until the server is back and the page reconnected, so that the
// typing goes on before, during and after the outage whatever the machine's speed.
const A_PARTS = [
  { ime: [['hui', '会'], ['yi', '议']] }, { text: '听取了财务处关于预算调整方案的汇报😀' },
  { ime: [['tong', '同'], ['yi', '意']] }, { text: '提交党组会审议𠀀。' },
  { restarted: true }, { text: '要求各处室严格执行👍🏽' }, { ime: [['luo', '落'], ['shi', '实']] }, { text: '，按期办结' },
];
const B_PARTS = [
  { keys: 'Budget adjusted by 3.5% ' }, { text: '📊' }, { keys: 'after review; ' },
  { text: '𠀀号' }, { restarted: true }, { keys: 'vote 7:0, ' }, { keys: 'passed.' },
];
const fragments = (parts) => parts.filter((p) => !p.restarted).map((p) => p.text || p.keys || p.ime.map(([, c]) => c).join(''));

async function minutesText(page) {
  return page.$eval('#mn-text', (t) => t.value);
}

async function leaderText(page) {
  return page.$$eval('#ld-minutes-text p', (ps) => ps.map((p) => p.textContent.replace(/\u200b/g, '')).join('\n'));
}

async function openMinutes(stack, ctx, name, meetingId, context = stack.context) {
  const page = await stack.page(name, ctx.errors, context);
  // The name other secretaries see (this tab's own, as the page's name field would set it).
  await page.addInitScript((n) => { try { sessionStorage.setItem('huiwu.client_name', n); } catch { /* about:blank */ } }, name);
  await page.goto(`${stack.baseUrl}/minutes.html?m=${encodeURIComponent(meetingId)}`);
  await page.waitForSelector('#mn-text:not([readonly])', { timeout: 20000 });
  return page;
}

function count(text, s) {
  let n = 0;
  for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + 1)) n++;
  return n;
}

// Types parts at the caret: key presses, text insertion, or an IME composition
// (pinyin shown while composing, then committed), with human-ish pauses.
async function typeParts(page, parts, cdp, restarted) {
  for (const p of parts) {
    if (p.restarted) await restarted;
    else if (p.keys) await page.keyboard.type(p.keys, { delay: 25 });
    else if (p.text) {
      for (const ch of p.text) { await page.keyboard.insertText(ch); await sleep(30); }
    } else {
      for (const [pinyin, hanzi] of p.ime) {
        for (let i = 1; i <= pinyin.length; i++) {
          const s = pinyin.slice(0, i);
          await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
          await sleep(35);
        }
        await cdp.send('Input.insertText', { text: hanzi });
        await sleep(30);
      }
    }
    await sleep(60);
  }
}

export function registerMinutesTests(test) {
  test('minutes: two secretaries type at once (IME, Chinese, ASCII, emoji, 𠀀), the leader watches, the server is killed mid-typing; nothing lost', async (ctx) => {
    const { stack } = ctx;
    const setup = await stack.page('mn-setup', ctx.errors);
    await setup.goto(`${stack.baseUrl}/index.html`);
    await setup.waitForSelector('#conn-state[data-state="connected"]');
    const meetingId = await setup.evaluate(async ({ items, people }) => {
      const c = window.huiwuClient;
      const { meeting } = await c.createMeeting({ title: '2026年第4次局长办公会议' });
      const s = c.join(meeting.id);
      await s.ready;
      for (const [title, presenter] of items) await s.send({ add_item: { item: { title, presenter, planned_minutes: 30 }, position: -1 } });
      for (const [name, rank] of people) await s.send({ add_attendee: { attendee: { name, rank } } });
      // The second secretary is invited: linked to her account, as a secretary.
      await s.send({ add_attendee: { attendee: { name: '李秘书', unit: '局办公室', title: '秘书', rank: 0, role: 'ROLE_SECRETARY', account_id: 'li' } } });
      // 陈静 is on leave: not offered as a speaker unless asked for.
      await s.send({ add_attendee: { attendee: { name: '陈静', rank: 4 } } });
      let chen;
      while (!(chen = s.meeting.attendees.find((x) => x.name === '陈静'))) await new Promise((r) => setTimeout(r, 20)); // its event
      await s.send({ check_in: { attendee_id: chen.id, attendance: 'ATTENDANCE_LEAVE', leave_reason: '出差' } });
      await s.send({ start_meeting: {} }); // the agenda runs only in session (protocol.md §6.4)
      await s.send({ set_current: { item_id: s.meeting.agenda[0].id, mark_previous_done: false } });
      return meeting.id;
    }, { items: ITEMS, people: PEOPLE });
    await setup.close();
    ctx.mnMeetingId = meetingId;

    const a = await openMinutes(stack, ctx, '王秘书', meetingId);
    const liContext = await stack.newContext();
    const liLogin = await liContext.newPage();
    await login(liLogin, 'li', undefined, { baseUrl: stack.baseUrl });
    await liLogin.close();
    const b = await openMinutes(stack, ctx, '李秘书', meetingId, liContext);
    const leader = await stack.page('mn-leader', ctx.errors);
    await leader.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(meetingId)}`);
    await leader.waitForSelector('#ld-minutes:not([hidden])');
    ctx.mn = { a, b, leader };

    // The speakers offered are those in the room; the one on leave a click away.
    const offered = async () => (await a.locator('#mn-speakers .mn-sp').allInnerTexts()).map((x) => x.replace(/\d$/, '').trim());
    await waitFor(async () => (await offered()).join() === '王建国,孙丽,李明,李秘书', { what: 'the speakers offered: those attending, in protocol order' });
    const more = a.locator('#mn-speakers .mn-sp-away');
    if ((await more.innerText()) !== '另有 1 人请假或缺席') throw new Error(`the strip says ${await more.innerText()}`);
    await more.click();
    await waitFor(async () => (await offered()).includes('陈静'), { what: 'the one on leave offered on request' });
    await a.locator('#mn-speakers .mn-sp-away').click();
    await waitFor(async () => !(await offered()).includes('陈静'), { what: 'the one on leave left off again' });

    // Each secretary takes a paragraph and tags it with a speaker (Alt+1 / Alt+2).
    await a.bringToFront();
    await a.click('#mn-text');
    await a.keyboard.press('Alt+1');
    await waitFor(async () => (await minutesText(b)) === '王建国：', { what: 'A\'s speaker tag on B\'s page' });
    await b.bringToFront();
    await b.click('#mn-text');
    await b.keyboard.press('Control+End');
    await b.keyboard.press('Enter');
    await b.keyboard.press('Alt+2');
    await waitFor(async () => (await minutesText(a)) === '王建国：\n孙丽：', { what: 'B\'s paragraph on A\'s page' });
    // A's caret goes back to the end of its own paragraph.
    await a.bringToFront();
    await a.evaluate(() => { const t = document.querySelector('#mn-text'); t.focus(); t.setSelectionRange(4, 4); });

    const cdpA = await a.context().newCDPSession(a);
    const cdpB = await b.context().newCDPSession(b);
    const t0 = Date.now();
    // Every text the leader page renders, with the time (recorded in the page).
    await leader.evaluate(() => {
      const box = document.querySelector('#ld-minutes-text');
      const read = () => [...box.querySelectorAll('p')].map((p) => p.textContent.replace(/\u200b/g, '')).join('\n');
      window.leaderRenders = [];
      new MutationObserver(() => {
        const t = read();
        const last = window.leaderRenders[window.leaderRenders.length - 1];
        if (!last || last[1] !== t) window.leaderRenders.push([Date.now(), t]);
      }).observe(box, { childList: true, subtree: true, characterData: true });
    });
    let carets = false;
    let typingDone = false;
    let restartedAt = 0;
    let backAt = 0;
    let typedUntil = 0;
    // The leader sees the record grow while it is being typed; B sees A's caret and name.
    const watcher = (async () => {
      while (!typingDone && Date.now() - t0 < 60000) {
        if (!carets && await b.$('.mn-caret .mn-flag:text("王秘书")').catch(() => null)) {
          carets = true;
          await stack.screenshot(b, '05-minutes-typing-secretary-b');
          await stack.screenshot(leader, '05-minutes-typing-leader');
        }
        await sleep(150);
      }
    })().catch(() => {});
    let onRestarted;
    const restarted = new Promise((r) => { onRestarted = r; });
    try {
      await Promise.all([
        typeParts(a, A_PARTS, cdpA, restarted),
        typeParts(b, B_PARTS, cdpB, restarted),
        (async () => {
          // Kill the server once both are well into it (they keep typing); start it again
          // a moment later; the last parts are typed once the pages are back.
          await sleep(1200);
          await stack.stopServer('SIGKILL');
          restartedAt = Date.now();
          await sleep(700);
          await stack.startServer();
          backAt = Date.now();
          for (const p of [a, b]) await p.waitForSelector('#conn-state[data-state="connected"]', { timeout: 30000 });
          onRestarted();
        })(),
      ]);
    } finally {
      typingDone = true;
      typedUntil = Date.now();
    }
    await watcher;
    if (!restartedAt) throw new Error('the server was not restarted');

    // Everything acknowledged, everywhere the same.
    for (const p of [a, b]) await p.waitForSelector('#mn-sync[data-state="saved"]', { timeout: 30000 });
    const final = await waitFor(async () => {
      const [ta, tb, tl] = [await minutesText(a), await minutesText(b), await leaderText(leader)];
      return ta === tb && tb === tl ? ta : false;
    }, { timeoutMs: 20000, what: 'the two secretaries and the leader to show the same text' });
    for (const f of [...fragments(A_PARTS), ...fragments(B_PARTS)]) {
      if (count(final, f) !== 1) throw new Error(`fragment ${JSON.stringify(f)} appears ${count(final, f)} times in ${JSON.stringify(final)}`);
    }
    for (const junk of ['hui', 'tong', 'luo', 'zh']) {
      if (final.includes(junk)) throw new Error(`pinyin of an unfinished composition reached the text: ${JSON.stringify(final)}`);
    }
    const expectA = `王建国：${fragments(A_PARTS).join('')}`;
    const expectB = `孙丽：${fragments(B_PARTS).join('')}`;
    if (final !== `${expectA}\n${expectB}`) throw new Error(`unexpected text:\n${final}\nexpected:\n${expectA}\n${expectB}`);
    // Live: the leader rendered the record many times while it was typed, before the
    // server was killed and after it was back.
    const renders = (await leader.evaluate(() => window.leaderRenders)).filter(([at]) => at <= typedUntil);
    const before = renders.filter(([at]) => at < restartedAt).length;
    const after = renders.filter(([at]) => at > backAt).length;
    if (renders.length < 8 || !before || !after) {
      throw new Error(`the leader page did not follow the typing live: ${renders.length} renders while typing, ${before} before the kill, ${after} after the restart`);
    }
    if (!carets) throw new Error('B\'s page never showed A\'s caret with A\'s name');

    // A fresh page, with nothing local, gets the same text from the server.
    const fresh = await stack.page('mn-fresh', ctx.errors);
    await fresh.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(meetingId)}`);
    await fresh.waitForSelector('#ld-minutes:not([hidden])');
    await waitFor(async () => (await leaderText(fresh)) === final, { what: 'a fresh join to return the same minutes' });
    await fresh.close();

    // The audit panel lists who typed what.
    await a.bringToFront();
    await a.click('#mn-history-btn');
    await waitFor(async () => {
      const rows = await a.locator('#mn-history-list .mn-h-row').allInnerTexts();
      return rows.some((r) => r.includes('李秘书')) && rows.some((r) => r.includes('王秘书'));
    }, { what: 'the history panel to list both secretaries' });
    await stack.screenshot(a, '05-minutes-secretary-a-history');
    await a.click('#mn-history-close');
    await stack.screenshot(b, '05-minutes-secretary-b');
    await stack.screenshot(leader, '05-minutes-leader');
    console.log(`     the leader rendered the record ${renders.length} times while it was typed (${before} before the kill at +${restartedAt - t0} ms, ${after} after the restart); ${Array.from(final).length} code points`);
  }, { timeoutMs: 120000 });

  test('minutes: edits typed while the server is down survive reloading the page', async (ctx) => {
    const { stack, mn } = ctx;
    if (!mn) throw new Error('needs the previous test');
    const { a, b, leader } = mn;
    const before = await minutesText(b);
    await stack.stopServer('SIGKILL');
    await a.bringToFront();
    await a.waitForSelector('#conn-state:not([data-state="connected"])', { timeout: 20000 });
    await a.evaluate(() => { const t = document.querySelector('#mn-text'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); });
    await a.keyboard.press('Enter');
    await a.keyboard.press('Alt+3');
    const offline = '断线时录入，随后刷新页面𠀀😀';
    await a.keyboard.insertText(offline);
    await a.waitForSelector('#mn-sync[data-state="offline"]', { timeout: 20000 });
    await stack.screenshot(a, '06-minutes-offline');
    // Leave the page while the server is down; the unsent edits are in localStorage.
    const url = a.url();
    await a.goto('about:blank');
    await stack.startServer();
    await a.goto(url);
    await a.waitForSelector('#mn-sync[data-state="saved"]', { timeout: 30000 });
    const want = `${before}\n李明：${offline}`;
    await waitFor(async () => (await minutesText(b)) === want && (await leaderText(leader)) === want && (await minutesText(a)) === want,
      { timeoutMs: 20000, what: 'the text typed before the reload on every page, once' });
    const slots = await a.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('huiwu.minutes.v1|')).map((k) => JSON.parse(localStorage.getItem(k))).filter((s) => s.inflight || s.buf));
    if (slots.length) throw new Error(`unsent edits left in localStorage: ${JSON.stringify(slots)}`);
  }, { timeoutMs: 90000 });
}
