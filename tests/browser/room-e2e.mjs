// Browser tests of the room display (会场显示, room.html; registered by e2e.mjs; real
// server, real Redis, real Chromium): a projector page at 1920×1080 in its own browser
// follows the secretary's "N" live — the current item's title (at least 48 px), its
// presenter, time used and left that add up to the time planned, and the next item;
// the record of the current item shows below when asked; the connection state is there
// but small; the page is reachable from the leader page. Screenshots at 1920×1080 and
// 1280×720 go to tests/browser/artifacts/ for a person to look at.

import { waitFor, login } from './lib/stack.mjs';

const ITEMS = [
  { title: '审议《2026年度部门预算调整方案》', presenter: '财务处 李明', planned_minutes: 30 },
  { title: '听取一季度重点工作进展汇报', presenter: '办公室 张华', planned_minutes: 20 },
  { title: '研究部署安全生产大检查工作', presenter: '安监处 周敏', planned_minutes: 15 },
];

async function newMeeting(page, title) {
  return page.evaluate(async ({ t, items }) => {
    const c = window.huiwuClient;
    const { meeting } = await c.createMeeting({ title: t, place: '机关三楼第一会议室' });
    const s = c.join(meeting.id);
    await s.ready;
    for (const item of items) await s.send({ add_item: { item, position: -1 } });
    return meeting.id;
  }, { t: title, items: ITEMS });
}

async function text(page, sel) {
  return page.locator(sel).innerText().catch(() => '');
}

async function figures(page) {
  return page.evaluate(() => Object.fromEntries(['used', 'left', 'planned'].map((k) => {
    const el = document.getElementById(`rm-${k}`);
    return [k, { s: Number(el.dataset.s), text: el.textContent }];
  })));
}

export function registerRoomTests(test) {
  test('room display: follows the secretary\'s N live, time used and left add up, the record below when asked', async (ctx) => {
    const { stack } = ctx;
    const sec = await stack.page('rm-secretary', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    const mid = await newMeeting(sec, '2026年第7次局长办公会议');

    // The leader page offers the room display, as a link that can also be opened on its own.
    const leader = await stack.page('rm-leader', ctx.errors);
    await leader.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(mid)}`);
    await leader.waitForSelector('#main:not([hidden])');
    const href = await leader.locator('#ld-room').getAttribute('href');
    if (href !== `room.html?m=${encodeURIComponent(mid)}`) throw new Error(`the leader page links the room display as ${href}`);
    if ((await text(leader, '#ld-room')) !== '会场显示') throw new Error('the room display link is not labelled 会场显示');
    await leader.close();

    // The projector: its own browser, its own login, 1920×1080.
    const pctx = await stack.newContext({ viewport: { width: 1920, height: 1080 } });
    const p0 = await pctx.newPage();
    await login(p0, 'wang', undefined, { baseUrl: stack.baseUrl });
    await p0.close();
    const room = await stack.page('rm-room', ctx.errors, pctx);
    await room.goto(`${stack.baseUrl}/${href}`);
    await room.waitForSelector('#main:not([hidden])');
    await room.waitForSelector('#rm-conn[data-state="connected"]');
    if ((await text(room, '#rm-title')) !== '2026年第7次局长办公会议') throw new Error('the room display does not show the meeting title');
    if ((await text(room, '#rm-none')) !== '会议尚未开始') throw new Error(`before the start: ${await text(room, '#rm-current')}`);
    if (!(await text(room, '#rm-next-title')).startsWith(ITEMS[0].title)) throw new Error('before the start, the next item is not item 1');
    // No navigation on a projector, and the clock says what it is.
    if (await room.locator('nav, .topbar').count()) throw new Error('the room display has navigation');
    if ((await text(room, '.rm-clock-l')) !== '现在时间') throw new Error('the clock is not labelled');
    if (!/^\d{2}:\d{2}$/.test(await text(room, '#rm-now'))) throw new Error('the clock shows no time');

    // The secretary presses N (start at item 1 with its timer): the room follows.
    await sec.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
    await sec.waitForSelector('#main:not([hidden])');
    await sec.bringToFront();
    await sec.evaluate(() => document.activeElement && document.activeElement.blur());
    await sec.keyboard.press('n');
    await sec.waitForSelector('#lc-start-dialog[open]');
    await sec.keyboard.press('Enter');
    await waitFor(async () => (await text(room, '#rm-current-title')) === ITEMS[0].title, { what: 'item 1 current on the room display' });
    if ((await text(room, '#rm-presenter')) !== ITEMS[0].presenter) throw new Error('the presenter is not shown');
    if (!(await text(room, '#rm-next-title')).startsWith(ITEMS[1].title)) throw new Error('the next item is not item 2');
    const px = await room.locator('#rm-current-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    if (px < 48) throw new Error(`the current item's title is ${px}px at 1920×1080, expected at least 48`);

    // Used + left = planned, in whole seconds as shown, once the timer has run a second.
    await waitFor(async () => (await figures(room)).used.s >= 1, { what: 'the timer to run', timeoutMs: 5000 });
    const f = await figures(room);
    if (f.planned.s !== 30 * 60 || f.planned.text !== '30:00') throw new Error(`planned ${JSON.stringify(f.planned)}`);
    if (f.used.s + f.left.s !== f.planned.s) throw new Error(`used ${f.used.text} + left ${f.left.text} ≠ planned ${f.planned.text}`);
    const [mm, ss] = f.left.text.split(':').map(Number);
    if (mm * 60 + ss !== f.left.s) throw new Error(`the left figure reads ${f.left.text}, not ${f.left.s} s`);
    if ((await text(room, '#rm-left-label')) !== '剩余') throw new Error('the left figure is not labelled 剩余');
    await stack.screenshot(room, 'room-01-1920x1080');

    // The record below, when asked: a secretary's words appear live.
    await room.bringToFront();
    await room.click('#rm-record');
    await room.waitForSelector('#ld-minutes:not([hidden])');
    const mn = await stack.page('rm-minutes', ctx.errors);
    await mn.goto(`${stack.baseUrl}/minutes.html?m=${encodeURIComponent(mid)}`);
    await mn.waitForSelector('#mn-text:not([readonly])', { timeout: 20000 });
    await mn.bringToFront();
    await mn.click('#mn-text');
    await mn.keyboard.insertText('王建国：原则同意调整方案，请财务处抓紧落实。');
    await waitFor(async () => (await text(room, '#ld-minutes-text')).includes('原则同意调整方案'), { what: 'the record on the room display' });
    // With the record below, the current item, its figures and the next item are all still in view.
    const inView = await room.evaluate(() => ['rm-current-title', 'rm-left', 'rm-next', 'ld-minutes-text'].map((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight ? '' : id;
    }).filter(Boolean));
    if (inView.length) throw new Error(`with the record shown, not in view: ${inView.join(', ')}`);
    const overlap = await room.evaluate(() => {
      const box = (sel) => document.querySelector(sel).getBoundingClientRect();
      return box('.rm-cur-label').top < box('.rm-head').bottom || box('.rm-bar').bottom > box('#rm-next').top
        || box('#rm-next').bottom > box('#ld-minutes').top;
    });
    if (overlap) throw new Error('with the record shown, the current item overlaps the header or the next item');
    await stack.screenshot(room, 'room-02-with-record-1920x1080');
    await mn.close();

    // N again: item 2 current, item 3 next.
    await sec.bringToFront();
    await sec.evaluate(() => document.activeElement && document.activeElement.blur());
    await sec.keyboard.press('n');
    await waitFor(async () => (await text(room, '#rm-current-title')) === ITEMS[1].title, { what: 'item 2 current on the room display' });
    if (!(await text(room, '#rm-next-title')).startsWith(ITEMS[2].title)) throw new Error('the next item is not item 3');

    // 1280×720 (a smaller projector): the whole display fits, nothing scrolls, the title stays large.
    await room.setViewportSize({ width: 1280, height: 720 });
    await room.click('#rm-record'); // hide the record again
    await room.waitForSelector('#ld-minutes[hidden]', { state: 'attached' });
    const fit = await room.evaluate(() => ({
      over: document.documentElement.scrollHeight > innerHeight + 1,
      next: document.getElementById('rm-next').getBoundingClientRect().bottom <= innerHeight,
      px: parseFloat(getComputedStyle(document.getElementById('rm-current-title')).fontSize),
    }));
    if (fit.over || !fit.next) throw new Error(`at 1280×720 the display does not fit: ${JSON.stringify(fit)}`);
    if (fit.px < 48) throw new Error(`at 1280×720 the title is ${fit.px}px`);
    await stack.screenshot(room, 'room-03-1280x720');

    // English, then back.
    await room.locator('#rm-lang').click();
    await waitFor(async () => (await text(room, '#rm-left-label')) === 'Left' && (await text(room, '.rm-clock-l')) === 'Time now', { what: 'English on the room display' });
    await stack.screenshot(room, 'room-04-en-1280x720');
    await room.locator('#rm-lang').click();
    await waitFor(async () => (await text(room, '#rm-left-label')) === '剩余', { what: 'Chinese again' });
  });

  test('room display: a meeting that does not exist says so', async (ctx) => {
    const { stack } = ctx;
    const page = await stack.page('rm-missing', ctx.errors);
    await page.goto(`${stack.baseUrl}/room.html?m=no-such-meeting`);
    await page.waitForSelector('#not-found:not([hidden])', { timeout: 20000 });
    if (!(await page.locator('#main').isHidden())) throw new Error('the display is shown for a missing meeting');
    await page.close();
  });
}
