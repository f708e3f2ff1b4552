// Browser tests of what a secretary checks by reading the record: when two or three
// secretaries type at the same place at once, every one's sentence appears in one piece,
// in the order typed, on every screen — the leader's too (registered by e2e.mjs; real
// server, real Redis, real Chromium). docs/protocol.md §6.3.1, decision 0016.
//
// Situations: both at the end of the record, key by key; one finishing paragraph 1 while
// the other presses Enter and starts paragraph 2 with a speaker tag; both inside one
// sentence at one offset; one selecting a phrase and typing over it while the other types
// at the selection's edges; three typing whole words through an IME at one end.

import { waitFor, sleep, login } from './lib/stack.mjs';

const PEOPLE = [['王建国', 1], ['孙丽', 2], ['李明', 3]];

async function recordOf(page) {
  return page.$eval('#mn-text', (t) => t.value);
}

async function leaderRecord(page) {
  return page.$$eval('#ld-minutes-text p', (ps) => ps.map((p) => p.textContent.replace(/\u200b/g, '')).join('\n'));
}

/** A meeting with one item and three speakers; the record starts as `text`. */
async function newMeeting(stack, ctx, title, text = '') {
  const setup = await stack.page('in-setup', ctx.errors);
  await setup.goto(`${stack.baseUrl}/index.html`);
  await setup.waitForSelector('#conn-state[data-state="connected"]');
  const ids = await setup.evaluate(async ({ title, people, text }) => {
    const c = window.huiwuClient;
    const { meeting } = await c.createMeeting({ title });
    const s = c.join(meeting.id);
    await s.ready;
    await s.send({ add_item: { item: { title: '审议《人才引进计划》', presenter: '人事处', planned_minutes: 30 }, position: -1 } });
    for (const [name, rank] of people) await s.send({ add_attendee: { attendee: { name, rank } } });
    await s.send({ add_attendee: { attendee: { name: '李秘书', unit: '局办公室', title: '秘书', rank: 0, role: 'ROLE_SECRETARY', account_id: 'li' } } });
    const item = s.meeting.agenda[0].id;
    await s.send({ start_meeting: {} }); // the agenda runs only in session (protocol.md §6.4)
    await s.send({ set_current: { item_id: item, mark_previous_done: false } });
    if (text) await s.send({ edit_minutes: { item_id: item, base_version: s.version, op: { ops: [{ insert: text }] } } });
    return { meeting: meeting.id, item };
  }, { title, people: PEOPLE, text });
  await setup.close();
  return ids;
}

async function openEditor(stack, ctx, name, ids, context) {
  const page = await stack.page(name, ctx.errors, context);
  await page.addInitScript((n) => { try { sessionStorage.setItem('huiwu.client_name', n); } catch { /* about:blank */ } }, name);
  await page.goto(`${stack.baseUrl}/minutes.html?m=${encodeURIComponent(ids.meeting)}&item=${encodeURIComponent(ids.item)}`);
  await page.waitForSelector('#mn-text:not([readonly])', { timeout: 20000 });
  return page;
}

/** 王秘书 (one or two tabs), 李秘书, and the leader page, on one meeting. */
async function openPages(stack, ctx, ids, { third = false } = {}) {
  const a = await openEditor(stack, ctx, '王秘书', ids);
  if (!ctx.liContext) {
    ctx.liContext = await stack.newContext();
    const p = await ctx.liContext.newPage();
    await login(p, 'li', undefined, { baseUrl: stack.baseUrl });
    await p.close();
  }
  const b = await openEditor(stack, ctx, '李秘书', ids, ctx.liContext);
  const c = third ? await openEditor(stack, ctx, '王秘书(2)', ids) : null;
  const leader = await stack.page('in-leader', ctx.errors);
  await leader.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(ids.meeting)}`);
  await leader.waitForSelector('#ld-minutes:not([hidden])');
  return { a, b, c, leader, editors: [a, b, c].filter(Boolean) };
}

async function closePages(p) {
  for (const page of [p.a, p.b, p.c, p.leader]) if (page) await page.close();
}

/** Puts the caret (or a selection) at code units [start, end) of the record. */
async function caretAt(page, start, end = start) {
  await page.bringToFront();
  await page.evaluate(([s, e]) => {
    const t = document.querySelector('#mn-text');
    t.focus();
    t.setSelectionRange(s, e);
  }, [start, end]);
}

/** Key by key, as a person types (text insertion: one character per keystroke). */
async function typeChars(page, text, delay = 25) {
  for (const ch of text) {
    await page.keyboard.insertText(ch);
    await sleep(delay);
  }
}

/** Words through an IME: the pinyin composes, the word is committed whole. */
async function typeWords(page, cdp, words) {
  for (const [pinyin, word] of words) {
    for (let i = 1; i <= pinyin.length; i++) {
      const s = pinyin.slice(0, i);
      await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
      await sleep(15);
    }
    await cdp.send('Input.insertText', { text: word });
    await sleep(20);
  }
}

/** Waits until every editor has delivered and every page (the leader's too) shows one text. */
async function sameEverywhere(p, what) {
  for (const e of p.editors) await e.waitForSelector('#mn-sync[data-state="saved"]', { timeout: 30000 });
  return waitFor(async () => {
    const texts = [...await Promise.all(p.editors.map(recordOf)), await leaderRecord(p.leader)];
    return texts.every((t) => t === texts[0]) ? texts[0] : false;
  }, { timeoutMs: 20000, what: `every page to show the same record (${what})` });
}

function expectIntact(text, sentences) {
  for (const s of sentences) {
    if (!text.includes(s)) throw new Error(`the sentence ${JSON.stringify(s)} is not in one piece in:\n${text}`);
  }
}

export function registerIntentTests(test) {
  test('intent: two secretaries type at the same end of the record at once; both sentences intact on every screen', async (ctx) => {
    const { stack } = ctx;
    const ids = await newMeeting(stack, ctx, '意图测试一', '会议记录：');
    const p = await openPages(stack, ctx, ids);
    const end = (await recordOf(p.a)).length;
    await caretAt(p.a, end);
    await caretAt(p.b, end);
    const sa = '王建国：原则同意调整方案，请财务处抓紧落实。';
    const sb = '李明：建议下周再议具体细节。';
    await Promise.all([typeChars(p.a, sa, 20), typeChars(p.b, sb, 23)]);
    const text = await sameEverywhere(p, 'same end');
    expectIntact(text, [sa, sb]);
    if (text !== `会议记录：${sa}${sb}` && text !== `会议记录：${sb}${sa}`) throw new Error(`unexpected record: ${text}`);
    await stack.screenshot(p.leader, '12-intent-same-end-leader');
    await closePages(p);
  }, { timeoutMs: 60000 });

  test('intent: one finishes paragraph 1 while the other presses Enter and starts paragraph 2 with a speaker tag', async (ctx) => {
    const { stack } = ctx;
    const ids = await newMeeting(stack, ctx, '意图测试二');
    const p = await openPages(stack, ctx, ids);
    await caretAt(p.a, 0);
    await p.a.keyboard.press('Alt+1'); // 王建国：
    const first = '原则同意，';
    await typeChars(p.a, first);
    await waitFor(async () => (await recordOf(p.b)) === `王建国：${first}`, { what: 'B to see A\'s first words' });
    const rest = '建议下周再议，请各处室提出意见。';
    const speech = '计划引进人才二十名，其中博士五名。';
    await Promise.all([
      typeChars(p.a, rest, 22),
      (async () => {
        await sleep(60); // A is typing on
        await p.b.bringToFront();
        await p.b.evaluate(() => document.querySelector('#mn-text').focus());
        await p.b.keyboard.press('Control+End');
        await p.b.keyboard.press('Enter');
        await p.b.keyboard.press('Alt+2'); // 孙丽：
        await typeChars(p.b, speech, 24);
      })(),
    ]);
    const text = await sameEverywhere(p, 'paragraphs');
    const want = `王建国：${first}${rest}\n孙丽：${speech}`;
    if (text !== want) throw new Error(`the paragraphs are mixed up:\n${text}\nexpected:\n${want}`);
    await closePages(p);
  }, { timeoutMs: 60000 });

  test('intent: two secretaries type inside one sentence at the same offset; both insertions intact', async (ctx) => {
    const { stack } = ctx;
    const ids = await newMeeting(stack, ctx, '意图测试三', '会议认为，方案可行。');
    const p = await openPages(stack, ctx, ids);
    const at = '会议认为，'.length;
    await caretAt(p.a, at);
    await caretAt(p.b, at);
    const ia = '经过充分讨论，';
    const ib = '总体上';
    await Promise.all([typeChars(p.a, ia, 21), typeChars(p.b, ib, 27)]);
    const text = await sameEverywhere(p, 'same offset');
    if (text !== `会议认为，${ia}${ib}方案可行。` && text !== `会议认为，${ib}${ia}方案可行。`) {
      throw new Error(`insertions at one offset are mixed up: ${text}`);
    }
    await closePages(p);
  }, { timeoutMs: 60000 });

  test('intent: one selects a phrase and types over it while the other types at its edges; the selection keeps what was selected', async (ctx) => {
    const { stack } = ctx;
    const ids = await newMeeting(stack, ctx, '意图测试四', '会议同意旧方案。');
    const p = await openPages(stack, ctx, ids);
    const from = '会议同意'.length;
    // A selects "旧方案" with the keyboard.
    await caretAt(p.a, from);
    for (let i = 0; i < 3; i++) await p.a.keyboard.press('Shift+ArrowRight');
    // B writes brackets at both edges of it.
    await caretAt(p.b, from);
    await typeChars(p.b, '（第二稿');
    await caretAt(p.b, from + '（第二稿旧方案'.length);
    await typeChars(p.b, '）');
    await waitFor(async () => (await recordOf(p.a)) === '会议同意（第二稿旧方案）。', { what: 'B\'s words on A\'s screen' });
    const selected = await p.a.$eval('#mn-text', (t) => t.value.slice(t.selectionStart, t.selectionEnd));
    if (selected !== '旧方案') throw new Error(`A's selection changed to ${JSON.stringify(selected)}`);
    await p.a.bringToFront();
    await typeChars(p.a, '新方案');
    const text = await sameEverywhere(p, 'selection');
    if (text !== '会议同意（第二稿新方案）。') throw new Error(`the replacement took more or less than was selected: ${text}`);
    await closePages(p);
  }, { timeoutMs: 60000 });

  test('intent: three secretaries commit IME words at one end at once; three sentences intact on every screen', async (ctx) => {
    const { stack } = ctx;
    const ids = await newMeeting(stack, ctx, '意图测试五', '议题一：');
    const p = await openPages(stack, ctx, ids, { third: true });
    const end = (await recordOf(p.a)).length;
    for (const e of p.editors) await caretAt(e, end);
    const words = [
      [['wang', '王建国'], ['shuo', '说'], ['tongyi', '同意'], ['fangan', '方案'], ['ju', '。']],
      [['sun', '孙丽'], ['tichu', '提出'], ['yusuan', '预算'], ['buzu', '不足'], ['ju', '！']],
      [['li', '李明'], ['buchong', '补充'], ['rencai', '人才'], ['zhengce', '政策'], ['ju', '；']],
    ];
    const cdps = await Promise.all(p.editors.map((e) => e.context().newCDPSession(e)));
    await Promise.all(p.editors.map((e, i) => typeWords(e, cdps[i], words[i])));
    const text = await sameEverywhere(p, 'three writers');
    const sentences = words.map((ws) => ws.map(([, w]) => w).join(''));
    expectIntact(text, sentences);
    if (Array.from(text).length !== Array.from('议题一：' + sentences.join('')).length) throw new Error(`extra or missing text: ${text}`);
    for (const junk of ['wang', 'sun', 'li', 'ju']) if (text.includes(junk)) throw new Error(`pinyin reached the record: ${text}`);
    await stack.screenshot(p.a, '12-intent-three-writers');
    await closePages(p);
  }, { timeoutMs: 60000 });
}
