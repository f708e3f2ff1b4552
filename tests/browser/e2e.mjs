// Browser end-to-end test: real huiwu-server + private redis-server + Debian's
// Chromium (headless, via playwright-core). A secretary page and a leader page are
// opened on one meeting; what the secretary does must appear on the leader's screen;
// the server and Redis are taken down and brought back, and nothing is lost. Every page
// is logged in (the main context as 王秘书, through login.html); access-e2e.mjs checks
// what each role and clearance gets.
//
//   cd tests/browser && npm ci && node e2e.mjs
//
// Env: HUIWU_SERVER_BIN (default <repo>/build/service/huiwu-server), HUIWU_CHROMIUM
// (default /usr/bin/chromium). Screenshots go to tests/browser/artifacts/.
// Prints "N passed, N failed" last; exits non-zero on failure.

import { Stack, waitFor, login } from './lib/stack.mjs';
import { test, run } from './lib/runner.mjs';
import { registerMinutesTests } from './minutes-e2e.mjs';
import { registerSeatingTests } from './seating-e2e.mjs';
import { registerAccessTests } from './access-e2e.mjs';
import { registerFollowupTests } from './followup-e2e.mjs';
import { registerExportTests } from './export-e2e.mjs';
import { registerJiyaoTests } from './jiyao-e2e.mjs';
import { registerJiyaoWorkflowTests } from './jiyao-workflow-e2e.mjs';
import { registerJiyaoLinkTests } from './jiyao-link-e2e.mjs';
import { registerIntentTests } from './intent-e2e.mjs';
import { registerConnTests } from './conn-e2e.mjs';
import { registerLifecycleTests } from './lifecycle-e2e.mjs';
import { registerCalendarTests } from './calendar-e2e.mjs';
import { registerWordsTests } from './words-e2e.mjs';
import { registerNoticeTests } from './notice-e2e.mjs';
import { registerNoticeRecordTests } from './notice-record-e2e.mjs';
import { registerMaterialTests } from './materials-e2e.mjs';
import { registerMaterialViewTests } from './materials-view-e2e.mjs';
import { registerRoomTests } from './room-e2e.mjs';
import { registerUnitsTests } from './units-e2e.mjs';
import { registerZoneTests } from './zone-e2e.mjs';
import { registerAuditTests } from './audit-e2e.mjs';
import { registerEditorTests } from './editors-e2e.mjs';
import { registerClusterTests } from './cluster-e2e.mjs';

const HARD_LIMIT_MS = 9 * 60 * 1000; // the whole run, whatever happens

// ------------------------------------------------------------------ page helpers

async function connState(page) {
  return page.locator('#conn-state').getAttribute('data-state').catch(() => null);
}

function waitConn(page, state, timeoutMs = 20000) {
  return page.waitForSelector(`#conn-state[data-state="${state}"]`, { timeout: timeoutMs });
}

async function waitNotConnected(page, timeoutMs = 20000) {
  await waitFor(async () => (await connState(page)) !== 'connected', { timeoutMs, what: 'the page to notice the disconnect' });
}

async function version(page) {
  const v = await page.locator('#meeting-version').getAttribute('data-version');
  return Number(v);
}

async function texts(page, selector) {
  return page.locator(selector).allInnerTexts();
}

async function waitTexts(page, selector, predicate, what, timeoutMs = 15000) {
  return waitFor(async () => predicate(await texts(page, selector)), { timeoutMs, what });
}

/** Moves the focus out of any text field, so that page shortcuts apply. */
async function blur(page) {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
}

async function addItem(page, { title, presenter = '', minutes = 10, decision = false }) {
  await page.fill('#ai-title', title);
  await page.fill('#ai-presenter', presenter);
  await page.fill('#ai-minutes', String(minutes));
  if (decision) await page.check('#ai-decision');
  await page.press('#ai-title', 'Enter'); // Enter submits
}

async function addAttendee(page, { name, unit = '', title = '', rank = 0 }) {
  await page.fill('#aa-name', name);
  await page.fill('#aa-unit', unit);
  await page.fill('#aa-title', title);
  await page.fill('#aa-rank', String(rank));
  await page.press('#aa-name', 'Enter');
}

async function sameVersion(a, b, timeoutMs = 15000) {
  return waitFor(async () => {
    const [va, vb] = [await version(a), await version(b)];
    return va > 0 && va === vb ? va : false;
  }, { timeoutMs, what: 'both pages to show the same meeting version' });
}

// ------------------------------------------------------------------ tests

const ITEMS = [
  { title: '审议《2026年度部门预算调整方案》', presenter: '财务处 李明', minutes: 30, decision: true },
  { title: '听取一季度重点工作进展汇报', presenter: '办公室 张华', minutes: 20 },
];

test('secretary builds the agenda and advances it; the leader page follows', async (ctx) => {
  const { stack } = ctx;
  const sec = await stack.page('secretary', ctx.errors);
  ctx.sec = sec;
  await sec.goto(`${stack.baseUrl}/index.html`);
  await waitConn(sec, 'connected');
  await sec.fill('#c-title', '2026年第3次局长办公会议');
  await sec.fill('#c-place', '机关三楼第一会议室');
  await sec.fill('#c-convener', '王建国');
  await sec.press('#c-title', 'Enter');
  await sec.waitForURL(/secretary\.html\?m=/);
  await sec.waitForSelector('#main:not([hidden])');
  ctx.meetingId = new URL(sec.url()).searchParams.get('m');
  // Logged in: the header names the account and its role (the creator convenes).
  await sec.waitForSelector('#my-role[data-role="ROLE_CONVENER"]');
  const who = await sec.locator('#user-name').innerText();
  if (who !== '王秘书') throw new Error(`the header names ${JSON.stringify(who)}, expected 王秘书`);

  const leader = await stack.page('leader', ctx.errors);
  ctx.leader = leader;
  await leader.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(ctx.meetingId)}`);
  await leader.waitForSelector('#main:not([hidden])');
  await waitConn(leader, 'connected');
  const title = await leader.locator('#ld-title').innerText();
  if (title !== '2026年第3次局长办公会议') throw new Error(`leader shows title ${JSON.stringify(title)}`);

  // Headless Chromium throttles animation frames in the tab that is not in front, and
  // playwright's clicks wait for frames: bring the page being operated to the front.
  await sec.bringToFront();
  for (const it of ITEMS) await addItem(sec, it);
  await waitTexts(leader, '#ld-agenda .ld-item-title', (t) => t.length === 2 && t[0] === ITEMS[0].title && t[1] === ITEMS[1].title,
    'the leader page to list both agenda items in order');

  await addAttendee(sec, { name: '王建国', unit: '局领导', title: '局长', rank: 1 });
  await addAttendee(sec, { name: '孙丽', unit: '局领导', title: '副局长', rank: 2 });
  await sec.waitForSelector('#att-list li >> nth=1');

  // The same person twice is stopped at the name field, saying who is already there; a
  // second Enter confirms a namesake and adds exactly one.
  await addAttendee(sec, { name: '王 建国', unit: '局领导', title: '局长' });
  await sec.waitForSelector('#add-att-form .field-warn');
  const warn = await sec.locator('#add-att-form .field-warn').innerText();
  if (!warn.includes('王建国（局领导）') || !warn.includes('添加')) throw new Error(`the same-person warning says: ${warn}`);
  if ((await sec.getAttribute('#aa-name', 'aria-invalid')) !== 'true') throw new Error('the name field is not marked');
  await stack.screenshot(sec, '01-secretary-same-person');
  await sec.press('#aa-name', 'Enter');
  await sec.waitForSelector('#att-list li >> nth=2');
  await sameVersion(sec, leader);
  const names = await texts(sec, '#att-list li .att-name');
  if (names.filter((n) => n.replace(/\s/g, '') === '王建国').length !== 2 || names.length !== 3) throw new Error(`attendees after confirming a namesake: ${JSON.stringify(names)}`);
  if (await sec.locator('#add-att-form .field-warn').count()) throw new Error('the warning stayed after the confirmed add');
  await sec.locator('#att-list li').nth(2).locator('[data-action="remove"]').click(); // the page's confirm is accepted (stack.mjs)
  await waitFor(async () => (await sec.locator('#att-list li').count()) === 2, { what: 'the namesake removed again' });
  await sec.locator('#att-list li').nth(0).locator('[data-action="ATTENDANCE_PRESENT"]').click();
  await sec.locator('#att-list li').nth(1).locator('[data-action="ATTENDANCE_LEAVE"]').click();
  await sec.fill('#att-list li >> nth=1 >> input[name=reason]', '赴省里参加会议');
  await sec.press('#att-list li >> nth=1 >> input[name=reason]', 'Enter');
  await waitFor(async () => (await leader.locator('[data-count="arrived"] .ld-count-n').innerText()) === '1'
    && (await leader.locator('[data-count="leave"] .ld-count-n').innerText()) === '1', { what: 'leader attendance counts (1 arrived, 1 on leave)' });

  // "N" = next item. Before the start it offers to start the meeting at that item (with
  // its timer): Enter confirms; the first item becomes current, on the leader's screen too.
  await blur(sec);
  await sec.keyboard.press('n');
  await sec.waitForSelector('#lc-start-dialog[open]');
  await sec.keyboard.press('Enter');
  await leader.waitForSelector('#ld-phase-badge[data-phase="PHASE_IN_SESSION"]');
  await waitFor(async () => (await leader.locator('#ld-current-title').innerText().catch(() => '')) === ITEMS[0].title,
    { what: 'the leader page to show item 1 as current' });
  const highlighted = await texts(leader, '#ld-agenda .ld-item.is-current .ld-item-title');
  if (highlighted.length !== 1 || highlighted[0] !== ITEMS[0].title) throw new Error(`highlighted on leader page: ${JSON.stringify(highlighted)}`);
  const used = await leader.locator('#ld-used').innerText();
  if (!/^\d{2}:\d{2}$/.test(used)) throw new Error(`leader time used looks wrong: ${used}`);

  // Next again: item 2 current, item 1 done.
  await sec.keyboard.press('n');
  await waitFor(async () => (await leader.locator('#ld-current-title').innerText().catch(() => '')) === ITEMS[1].title,
    { what: 'the leader page to show item 2 as current' });
  await leader.waitForSelector('#ld-agenda .ld-item.st-item_done');
  await sameVersion(sec, leader);
  await stack.screenshot(sec, '01-secretary');
  await stack.screenshot(leader, '01-leader');

  // A tablet held landscape (1024×768): agenda and check-in side by side, the header one row.
  const laptopSize = sec.viewportSize();
  await sec.setViewportSize({ width: 1024, height: 768 });
  const [agendaBox, attBox] = [await sec.locator('#agenda').boundingBox(), await sec.locator('#attendance').boundingBox()];
  if (!(attBox.x >= agendaBox.x + agendaBox.width && attBox.y < agendaBox.y + agendaBox.height)) {
    throw new Error(`at 1024×768 check-in is not beside the agenda: agenda ${JSON.stringify(agendaBox)}, check-in ${JSON.stringify(attBox)}`);
  }
  // One row: every visible part of the header is centred on one line.
  const centres = await sec.locator('.topbar > *').evaluateAll((els) => els.filter((e) => e.offsetWidth > 0)
    .map((e) => { const r = e.getBoundingClientRect(); return Math.round(r.top + r.height / 2); }));
  if (Math.max(...centres) - Math.min(...centres) > 8) throw new Error(`at 1024×768 the header wraps (centres ${centres})`);
  await stack.screenshot(sec, '01-secretary-1024x768');
  await sec.setViewportSize(laptopSize);

  // English, remembered, then back to Chinese.
  await leader.click('#lang-toggle');
  await waitFor(async () => (await leader.locator('#ld-agenda-head').innerText()) === 'Agenda', { what: 'English strings' });
  await stack.screenshot(leader, '01-leader-en');
  await leader.click('#lang-toggle');
  await waitFor(async () => (await leader.locator('#ld-agenda-head').innerText()) === '议程', { what: 'Chinese strings again' });
});

test('server restart: pages show the outage, keep the change typed meanwhile, resume and lose nothing', async (ctx) => {
  const { stack, sec, leader } = ctx;
  if (!sec) throw new Error('needs the first test');
  const before = await version(leader);

  await stack.stopServer('SIGTERM');
  await waitNotConnected(sec);
  await waitNotConnected(leader);

  // Typed while the server is down: kept in the page and sent after the reconnect.
  await sec.bringToFront();
  const extra = '临时增加：安全生产情况通报';
  await addItem(sec, { title: extra, presenter: '安监处 周敏', minutes: 10 });
  await sec.waitForSelector('#pending-count:not([hidden])');
  await sec.waitForSelector('#banner:not([hidden])');
  await stack.screenshot(sec, '02-secretary-offline');

  await stack.startServer();
  await waitConn(sec, 'connected', 30000);
  await waitConn(leader, 'connected', 30000);
  await waitTexts(leader, '#ld-agenda .ld-item-title', (t) => t.length === 3 && t[2] === extra, 'the item typed during the outage on the leader page', 20000);
  await sec.waitForSelector('#pending-count[hidden]', { state: 'attached' });
  const v = await sameVersion(sec, leader);
  if (v !== before + 1) throw new Error(`version after restart ${v}, expected ${before + 1}`);
  const current = await leader.locator('#ld-current-title').innerText();
  if (current !== ITEMS[1].title) throw new Error(`current item after restart: ${current}`);

  // A crash (SIGKILL) of the server: everything acknowledged is still there.
  await stack.restartServer('SIGKILL');
  await waitConn(sec, 'connected', 30000);
  await waitConn(leader, 'connected', 30000);
  await sec.bringToFront();
  await blur(sec);
  await sec.keyboard.press('n');
  await waitFor(async () => (await leader.locator('#ld-current-title').innerText().catch(() => '')) === extra,
    { what: 'the third item current after the crash and restart', timeoutMs: 20000 });
  await sameVersion(sec, leader);

  // A fresh page (no local state) sees the same meeting from storage.
  const fresh = await stack.page('fresh-leader', ctx.errors);
  await fresh.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(ctx.meetingId)}`);
  await fresh.waitForSelector('#main:not([hidden])');
  await waitTexts(fresh, '#ld-agenda .ld-item-title', (t) => t.length === 3, 'a fresh leader page to load the whole agenda');
  if ((await version(fresh)) !== (await version(leader))) throw new Error('a fresh page sees another version');
  await stack.screenshot(fresh, '02-leader-after-restarts');
  await fresh.close();
});

test('Redis outage: "storage unavailable" is shown, the change is kept and applied once Redis is back', async (ctx) => {
  const { stack, sec, leader } = ctx;
  if (!sec) throw new Error('needs the first test');
  const before = await version(leader);

  await stack.stopRedis();
  await sec.bringToFront();
  await blur(sec);
  await sec.locator('#att-list li').nth(0).locator('[data-action="ATTENDANCE_LATE"]').click();
  await sec.waitForSelector('#banner[data-kind="storage"]', { timeout: 20000 });
  // Known not saved: the badge is not green and the change is counted (decision 0017).
  await sec.waitForSelector('#conn-state[data-state="syncing"]');
  await sec.waitForSelector('#pending-count:not([hidden])');
  await stack.screenshot(sec, '03-secretary-storage-unavailable');
  if ((await version(leader)) !== before) throw new Error('the leader page moved while storage was down');

  await stack.startRedis();
  await waitFor(async () => (await leader.locator('[data-count="late"] .ld-count-n').innerText()) === '1',
    { what: 'the check-in made during the outage to reach the leader page', timeoutMs: 45000 });
  await sec.waitForSelector('#banner[hidden]', { state: 'attached', timeout: 20000 });
  const v = await sameVersion(sec, leader);
  if (v !== before + 1) throw new Error(`version ${v}, expected ${before + 1}: the retried change must apply exactly once`);
});

test('keyboard only: add, move, edit, remove an item and check someone in without the mouse', async (ctx) => {
  const { sec, leader } = ctx;
  if (!sec) throw new Error('needs the first test');
  await sec.bringToFront();
  await blur(sec);
  await sec.keyboard.press('a'); // "A" = add an agenda item
  if (!(await sec.evaluate(() => document.activeElement.id === 'ai-title'))) throw new Error('"A" did not focus the title field');
  await sec.keyboard.type('键盘添加的议题');
  await sec.keyboard.press('Enter');
  await waitTexts(leader, '#ld-agenda .ld-item-title', (t) => t[t.length - 1] === '键盘添加的议题', 'the item added by keyboard');
  const n = (await texts(leader, '#ld-agenda .ld-item-title')).length;

  // The new (last) row: Alt+Up moves it one up. (Wait for the secretary's own list too:
  // the leader page may have had the event first.)
  await waitTexts(sec, '#agenda-list li .agenda-title', (t) => t[t.length - 1] === '键盘添加的议题', 'the new item on the secretary page');
  await sec.focus('#agenda-list li:last-child');
  await sec.keyboard.press('Alt+ArrowUp');
  await waitTexts(leader, '#ld-agenda .ld-item-title', (t) => t[n - 2] === '键盘添加的议题', 'the item moved up by Alt+Up');

  // E edits the focused row; Enter saves; focus comes back to the row.
  const row = sec.locator('#agenda-list li', { hasText: '键盘添加的议题' });
  await row.focus();
  await sec.keyboard.press('e');
  if (!(await sec.evaluate(() => document.activeElement.name === 'title'))) throw new Error('"E" did not open the editor');
  await sec.keyboard.press('Control+A');
  await sec.keyboard.type('键盘修改后的议题');
  await sec.keyboard.press('Enter');
  await waitTexts(leader, '#ld-agenda .ld-item-title', (t) => t.includes('键盘修改后的议题'), 'the edited title on the leader page');

  // Delete removes the focused row (after the confirmation, accepted by the test).
  await sec.locator('#agenda-list li', { hasText: '键盘修改后的议题' }).focus();
  await sec.keyboard.press('Delete');
  await waitTexts(leader, '#ld-agenda .ld-item-title', (t) => t.length === n - 1 && !t.includes('键盘修改后的议题'), 'the item removed by Delete');

  // Attendee row: "1" = present.
  await sec.locator('#att-list li').nth(1).focus();
  await sec.keyboard.press('1');
  await waitFor(async () => (await leader.locator('[data-count="leave"] .ld-count-n').innerText()) === '0'
    && (await leader.locator('[data-count="arrived"] .ld-count-n').innerText()) === '2', { what: 'check-in by the "1" key' });
  await sameVersion(sec, leader);
  await ctx.stack.screenshot(sec, '04-secretary-keyboard');
});

test('a change typed while the server is down survives leaving and reopening the page', async (ctx) => {
  const { stack, sec, leader } = ctx;
  if (!sec) throw new Error('needs the first test');
  const n = (await texts(leader, '#ld-agenda .ld-item-title')).length;
  await stack.stopServer('SIGKILL');
  await waitNotConnected(sec);
  await sec.bringToFront();
  await addItem(sec, { title: '断线时录入、随后刷新页面的议题' });
  await sec.waitForSelector('#pending-count:not([hidden])');
  // The tab leaves the page before the server is back (a reload cannot load the page
  // while the server is down); the queue lives in the tab's sessionStorage.
  const url = sec.url();
  await sec.goto('about:blank');
  await stack.startServer();
  await sec.goto(url);
  await waitConn(sec, 'connected', 30000);
  await waitTexts(leader, '#ld-agenda .ld-item-title', (t) => t.length === n + 1 && t[n] === '断线时录入、随后刷新页面的议题',
    'the item typed before the reload on the leader page', 30000);
  await sec.waitForSelector('#pending-count[hidden]', { state: 'attached' });
  await sameVersion(sec, leader);
});

registerMinutesTests(test);
registerIntentTests(test);
registerSeatingTests(test);
registerAccessTests(test);
registerFollowupTests(test);
registerExportTests(test);
registerJiyaoTests(test);
registerJiyaoWorkflowTests(test);
registerJiyaoLinkTests(test);
registerConnTests(test);
registerLifecycleTests(test);
registerCalendarTests(test);
registerWordsTests(test);
registerNoticeTests(test);
registerNoticeRecordTests(test);
registerMaterialTests(test);
registerMaterialViewTests(test);
registerRoomTests(test);
registerUnitsTests(test);
registerZoneTests(test);
registerAuditTests(test);
registerEditorTests(test);
registerClusterTests(test);

test('no page errors', async (ctx) => {
  if (ctx.errors.length) throw new Error(`page errors:\n${ctx.errors.join('\n')}`);
});

// ------------------------------------------------------------------ run

let stack = null;
const hard = setTimeout(() => {
  console.log(`FAIL - the run exceeded ${HARD_LIMIT_MS / 1000} s; killing what it started`);
  if (stack) stack.killNow();
  console.log('0 passed, 1 failed');
  process.exit(1);
}, HARD_LIMIT_MS);
hard.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { if (stack) stack.killNow(); process.exit(130); });
}
process.on('exit', () => { if (stack) stack.killNow(); });

const failed = await run({
  async before() {
    stack = new Stack();
    await stack.start();
    await stack.browser();
    // The main context is 王秘书's (secretary, cleared for 机密): log in once, through
    // the login page; every page of this context shares the session cookie.
    const first = await stack.context.newPage();
    await login(first, 'wang', undefined, { baseUrl: stack.baseUrl });
    await first.close();
    return { stack, errors: [] };
  },
  async onFailure(ctx, t) {
    if (!ctx || !ctx.stack) return;
    const slug = t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40);
    if (ctx.sec) await ctx.stack.screenshot(ctx.sec, `FAILED-${slug}-secretary`);
    if (ctx.leader) await ctx.stack.screenshot(ctx.leader, `FAILED-${slug}-leader`);
    for (const [k, p] of Object.entries(ctx.mn || {})) await ctx.stack.screenshot(p, `FAILED-${slug}-minutes-${k}`);
    console.log(ctx.stack.logs());
  },
  async after(ctx, nFailed) {
    if (stack) await stack.close({ keepDir: nFailed > 0 && !!process.env.HUIWU_KEEP_TMP });
  },
});
clearTimeout(hard);
process.exit(failed ? 1 : 0);
