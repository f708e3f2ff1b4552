// Accounts, roles and confidentiality in the browser (issue 6, docs/security.md);
// registered by e2e.mjs, same stack and runner.
//
// 王秘书 (secretary, cleared for 机密) and 赵参会 (participant, cleared for 内部 only,
// linked to an attendee of the meeting) are logged in side by side in two browser
// contexts. The participant sees the internal and public items but never the secret
// one: not in the DOM, not in any WebSocket frame it receives, even while the
// secretary renames it and types its minutes live. Lowered to 内部, it appears live on
// the participant's pages with its minutes; raised again, it disappears. The
// participant's secretary-only controls are absent; they check themselves in. The
// admin page lists the logins and the audit chain verifies. An unauthenticated visit
// lands on the login page and comes back after login; logout ends the session.
//
// Artifacts: access-login.png, access-header-secretary.png, access-participant.png,
// access-participant-lowered.png, access-admin.png.

import { waitFor, login } from './lib/stack.mjs';

const SECRET_TITLE = '机密：干部任免建议名单';
const SECRET_TITLE_2 = '机密：干部任免建议名单（第二稿）';
const SECRET_MINUTES = '讨论内容甲乙丙XJ7Q';
const SECRET_MINUTES_2 = '再次定密后补记DK9W';
const ITEMS = [
  ['审议《2026年度部门预算调整方案》', 'LEVEL_INTERNAL'],
  [SECRET_TITLE, 'LEVEL_SECRET'],
  ['通报一季度安全生产情况', 'LEVEL_PUBLIC'],
];

/** Every text frame a page receives over its WebSockets, from now on (frames.sent: what it sends). */
function recordFrames(page) {
  const frames = [];
  frames.sent = [];
  const text = (f) => (typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'));
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => frames.push(text(f)));
    ws.on('framesent', (f) => frames.sent.push(text(f)));
  });
  return frames;
}

function assertNothingSecret(frames, secrets, where) {
  for (const s of secrets) {
    const hit = frames.find((f) => f.includes(s));
    if (hit) throw new Error(`${where}: a WebSocket frame carries ${JSON.stringify(s)}: ${hit.slice(0, 300)}`);
  }
}

async function assertNotInDom(page, secrets, where) {
  const html = await page.content();
  for (const s of secrets) if (html.includes(s)) throw new Error(`${where}: the page shows ${JSON.stringify(s)}`);
}

async function secretaryAgendaTitles(page) {
  return page.locator('#agenda-list .agenda-title').allInnerTexts();
}

/** Opens the item's editor on the secretary page, changes fields, saves. */
async function editItem(page, title, { newTitle, level }) {
  // By id: once the editor is open the title is an input's value, not the row's text.
  const id = await page.locator('#agenda-list li', { hasText: title }).getAttribute('data-id');
  const row = page.locator(`#agenda-list li[data-id="${id}"]`);
  await row.locator('[data-action="edit"]').click();
  const form = row.locator('form');
  if (newTitle) await form.locator('input[name=title]').fill(newTitle);
  if (level) await form.locator('select[name=level]').selectOption(level);
  await form.locator('button[type=submit]').click();
}

export function registerAccessTests(test) {
  test('access: a participant (内部) and a secretary (机密) side by side; the secret item never reaches the participant, live lowering and raising, self check-in, admin audit', async (ctx) => {
    const { stack } = ctx;
    const pages = [];
    try {
      await scenario(ctx, stack, pages);
    } catch (e) {
      for (const [i, p] of pages.entries()) await stack.screenshot(p, `FAILED-access-${i}`);
      throw e;
    } finally {
      for (const p of pages) await p.close().catch(() => {});
    }
  }, { timeoutMs: 120000 });

  test('access: an unauthenticated visit lands on the login page and returns after login; logout ends the session', async (ctx) => {
    const { stack } = ctx;
    if (!ctx.accessMeetingId) throw new Error('needs the previous test');
    const context = await stack.newContext();
    const page = await stack.page('access-anon', ctx.errors, context);
    const target = `/secretary.html?m=${encodeURIComponent(ctx.accessMeetingId)}`;
    await page.goto(`${stack.baseUrl}${target}`);
    await page.waitForURL(/\/login\.html\?next=/);
    const next = new URL(page.url()).searchParams.get('next');
    if (next !== target) throw new Error(`login page's next is ${JSON.stringify(next)}, expected ${target}`);
    // A wrong password says so and stays on the page.
    await page.fill('#login-user', 'wang');
    await page.fill('#login-password', 'not-the-password');
    await page.press('#login-password', 'Enter');
    await page.waitForSelector('#login-error:not([hidden])');
    if (!/不正确/.test(await page.locator('#login-error').innerText())) throw new Error('no clear "wrong password" message');
    await stack.screenshot(page, 'access-login');
    // Five wrong passwords for one account, then every attempt is refused for a while:
    // the page says how long to wait and holds the button.
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      await page.fill('#login-user', 'sun');
      await page.fill('#login-password', `wrong-${i}`);
      const [r] = await Promise.all([
        page.waitForResponse((x) => x.url().endsWith('/api/login')),
        page.press('#login-password', 'Enter'),
      ]);
      statuses.push(r.status());
      await page.waitForFunction(() => document.querySelector('#login-submit').textContent === '登录');
    }
    if (statuses.join() !== '401,401,401,401,401,429') throw new Error(`login answers: ${statuses}`);
    await page.waitForSelector('#login-submit:disabled');
    const throttled = await page.locator('#login-error').innerText();
    if (!/尝试次数过多/.test(throttled) || !/\d+ (分|秒)/.test(throttled)) throw new Error(`throttled message: ${JSON.stringify(throttled)}`);
    await stack.screenshot(page, 'access-login-throttled');
    await page.goto(`${stack.baseUrl}${target}`); // a fresh page: the hold is per page, the throttle per account
    await page.waitForURL(/\/login\.html\?next=/);
    await login(page, 'wang', undefined, { baseUrl: stack.baseUrl });
    if (new URL(page.url()).pathname + new URL(page.url()).search !== target) throw new Error(`after login at ${page.url()}, expected ${target}`);
    await page.waitForSelector('#main:not([hidden])');
    await page.waitForSelector('#my-role[data-role="ROLE_CONVENER"]');
    // Logout: back to the login page, and the pages need a login again.
    await page.click('#logout');
    await page.waitForURL(/\/login\.html/);
    await page.waitForSelector('#login-form:not([hidden])');
    await page.goto(`${stack.baseUrl}/index.html`);
    await page.waitForURL(/\/login\.html\?next=/);
    const me = await page.evaluate(async () => (await fetch('/api/me')).status);
    if (me !== 401) throw new Error(`GET /api/me after logout answered ${me}`);
    await context.close();
  }, { timeoutMs: 60000 });
}

async function scenario(ctx, stack, pages) {
  // ---------------------------------------------------------------- the secretary prepares
  const sec = await stack.page('access-secretary', ctx.errors);
  pages.push(sec);
  await sec.goto(`${stack.baseUrl}/index.html`);
  await sec.waitForSelector('#conn-state[data-state="connected"]');
  // Cleared for 机密: every level is offered.
  const offered = await sec.locator('#c-level option').evaluateAll((os) => os.map((o) => o.value));
  if (offered.join() !== 'LEVEL_PUBLIC,LEVEL_INTERNAL,LEVEL_CONFIDENTIAL,LEVEL_SECRET') throw new Error(`levels offered to 王秘书: ${offered}`);
  await sec.fill('#c-title', '2026年第6次局长办公会议（保密测试）');
  await sec.selectOption('#c-level', 'LEVEL_INTERNAL');
  await sec.press('#c-title', 'Enter');
  await sec.waitForURL(/secretary\.html\?m=/);
  await sec.waitForSelector('#main:not([hidden])');
  const mid = new URL(sec.url()).searchParams.get('m');
  ctx.accessMeetingId = mid;
  for (const [title, level] of ITEMS) {
    await sec.fill('#ai-title', title);
    await sec.selectOption('#ai-level', level);
    await sec.press('#ai-title', 'Enter');
  }
  await waitFor(async () => (await secretaryAgendaTitles(sec)).length === 3, { what: 'three items on the secretary page' });
  const levels = await sec.locator('#agenda-list .chip-lv').evaluateAll((cs) => cs.map((c) => c.dataset.level));
  if (levels.join() !== ITEMS.map(([, l]) => l).join()) throw new Error(`level badges on the secretary page: ${levels}`);
  const secretId = await sec.evaluate((t) => window.huiwuClient.sessions.values().next().value.meeting.agenda.find((x) => x.title === t).id, SECRET_TITLE);
  // Invite the participant: an attendee linked to the account, role participant.
  await sec.fill('#aa-name', '王建国');
  await sec.fill('#aa-rank', '1');
  await sec.press('#aa-name', 'Enter');
  await sec.waitForSelector('#att-list li >> nth=0');
  await sec.selectOption('#aa-account', 'zhao');
  if ((await sec.inputValue('#aa-name')) !== '赵参会') throw new Error('picking the account did not fill in the name');
  await sec.fill('#aa-rank', '2');
  await sec.selectOption('#aa-role', 'ROLE_PARTICIPANT');
  await sec.press('#aa-name', 'Enter');
  await sec.waitForSelector('#att-list li[data-id] .chip-acct[data-account="zhao"]');
  await sec.locator('#topbar').screenshot({ path: `${stack.artifacts}/access-header-secretary.png` });

  // The secretary records something in the secret item (minutes page, live).
  const secMin = await stack.page('access-secretary-minutes', ctx.errors);
  pages.push(secMin);
  await secMin.goto(`${stack.baseUrl}/minutes.html?m=${encodeURIComponent(mid)}&item=${encodeURIComponent(secretId)}`);
  await secMin.waitForSelector('#mn-text:not([readonly])', { timeout: 20000 });
  await secMin.click('#mn-text');
  await secMin.keyboard.insertText(SECRET_MINUTES);
  await secMin.waitForSelector('#mn-sync[data-state="saved"]', { timeout: 20000 });

  // ---------------------------------------------------------------- the participant, side by side
  const pctx = await stack.newContext();
  const pLogin = await pctx.newPage();
  await login(pLogin, 'zhao', undefined, { baseUrl: stack.baseUrl });
  await pLogin.close();
  const part = await stack.page('access-participant', ctx.errors, pctx);
  pages.push(part);
  const partFrames = recordFrames(part);
  await part.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
  await part.waitForSelector('#main:not([hidden])');
  await part.waitForSelector('#my-role[data-role="ROLE_PARTICIPANT"]');
  if ((await part.locator('#user-name').innerText()) !== '赵参会') throw new Error('the participant\'s header does not name 赵参会');
  const partMin = await stack.page('access-participant-minutes', ctx.errors, pctx);
  pages.push(partMin);
  const partMinFrames = recordFrames(partMin);
  // The page's timers run on Playwright's clock (flowing like the real one until the test
  // fast-forwards it), so "the page stops asking" is shown by running its timers.
  await partMin.clock.install();
  await partMin.goto(`${stack.baseUrl}/minutes.html?m=${encodeURIComponent(mid)}`);
  await partMin.waitForSelector('#main:not([hidden])');
  await waitFor(async () => (await partMin.locator('#mn-agenda .mn-ag-title').allInnerTexts()).length === 2, { what: 'the participant\'s minutes agenda (2 items)' });

  // Sees the internal and the public item, not the secret one.
  await waitFor(async () => {
    const t = await secretaryAgendaTitles(part);
    return t.length === 2 && t[0] === ITEMS[0][0] && t[1] === ITEMS[2][0];
  }, { what: 'the participant to see exactly the internal and the public item' });
  const secrets = [SECRET_TITLE, SECRET_MINUTES, `"${secretId}"`];
  for (const [p, f, w] of [[part, partFrames, 'participant secretary page'], [partMin, partMinFrames, 'participant minutes page']]) {
    await assertNotInDom(p, [SECRET_TITLE, SECRET_MINUTES], w);
    assertNothingSecret(f, secrets, w);
  }
  if (!partFrames.length || !partMinFrames.length) throw new Error('no WebSocket frames recorded on the participant\'s pages');

  // The secretary-only controls are absent; only the participant's own row can be checked in.
  for (const sel of ['#add-item-form', '#add-att-form', '#info-save', '#btn-archive', '#btn-next', '#btn-timer']) {
    if (await part.locator(sel).isVisible()) throw new Error(`the participant sees ${sel}`);
  }
  for (const sel of ['#agenda-list .agenda-actions', '#agenda-list [data-action]', '#att-list [data-action="remove"]', '#att-list [data-action="edit"]']) {
    const n = await part.locator(sel).count();
    if (n) throw new Error(`the participant's page has ${n} × ${sel}`);
  }
  const own = part.locator('#att-list li', { hasText: '赵参会' });
  const other = part.locator('#att-list li', { hasText: '王建国' });
  if ((await own.locator('[data-action^="ATTENDANCE_"]').count()) !== 4) throw new Error('the participant cannot check themselves in');
  if ((await other.locator('[data-action]').count()) !== 0) throw new Error('the participant may check someone else in');
  if (!(await part.locator('#mi-title').isDisabled())) throw new Error('the meeting information is editable for the participant');
  // The minutes are read-only for a participant.
  await partMin.locator('#mn-agenda .mn-ag-btn').first().click();
  if (!(await partMin.locator('#mn-text').evaluate((t) => t.readOnly))) throw new Error('the participant can type into the minutes');

  // Self check-in reaches the secretary.
  await part.bringToFront();
  await own.locator('[data-action="ATTENDANCE_PRESENT"]').click();
  await waitFor(async () => (await sec.locator('#att-list li', { hasText: '赵参会' }).getAttribute('data-attendance')) === 'ATTENDANCE_PRESENT',
    { what: 'the participant\'s own check-in on the secretary page' });

  // ---------------------------------------------------------------- live edits of the secret item
  const vBefore = await part.locator('#meeting-version').getAttribute('data-version');
  await sec.bringToFront();
  await editItem(sec, SECRET_TITLE, { newTitle: SECRET_TITLE_2 });
  await waitFor(async () => (await secretaryAgendaTitles(sec)).includes(SECRET_TITLE_2), { what: 'the renamed secret item on the secretary page' });
  await secMin.bringToFront();
  await secMin.click('#mn-text');
  await secMin.keyboard.press('Control+End');
  await secMin.keyboard.insertText('补充');
  await secMin.waitForSelector('#mn-sync[data-state="saved"]', { timeout: 20000 });
  // The participant's copy moves on (version-only events) and still shows nothing of it.
  const vSec = Number(await sec.locator('#meeting-version').getAttribute('data-version'));
  await waitFor(async () => Number(await part.locator('#meeting-version').getAttribute('data-version')) === vSec,
    { what: `the participant's version to follow the secretary's (${vSec}; was ${vBefore})` });
  const secrets2 = [...secrets, SECRET_TITLE_2, '补充'];
  for (const [p, f, w] of [[part, partFrames, 'participant secretary page (after live edits)'], [partMin, partMinFrames, 'participant minutes page (after live edits)']]) {
    await assertNotInDom(p, [SECRET_TITLE, SECRET_TITLE_2, SECRET_MINUTES], w);
    assertNothingSecret(f, secrets2, w);
  }
  if ((await secretaryAgendaTitles(part)).length !== 2) throw new Error('the participant\'s agenda changed');
  await stack.screenshot(part, 'access-participant');

  // ---------------------------------------------------------------- lowered to 内部: appears live, with its minutes
  await sec.bringToFront();
  await editItem(sec, SECRET_TITLE_2, { level: 'LEVEL_INTERNAL' });
  await waitFor(async () => (await secretaryAgendaTitles(part)).includes(SECRET_TITLE_2), { what: 'the lowered item to appear on the participant\'s page', timeoutMs: 15000 });
  await waitFor(async () => (await partMin.locator('#mn-agenda .mn-ag-title').allInnerTexts()).includes(SECRET_TITLE_2), { what: 'the lowered item on the participant\'s minutes page' });
  await partMin.bringToFront();
  await partMin.locator('#mn-agenda .mn-ag-btn', { hasText: SECRET_TITLE_2 }).click();
  await waitFor(async () => (await partMin.inputValue('#mn-text')) === `${SECRET_MINUTES}补充`, { what: 'the lowered item\'s minutes on the participant\'s page' });
  const badge = await part.locator('#agenda-list li', { hasText: SECRET_TITLE_2 }).locator('.chip-lv').getAttribute('data-level');
  if (badge !== 'LEVEL_INTERNAL') throw new Error(`the lowered item's badge says ${badge}`);
  await stack.screenshot(partMin, 'access-participant-lowered');

  // ---------------------------------------------------------------- raised again: disappears; later edits never arrive
  await sec.bringToFront();
  await editItem(sec, SECRET_TITLE_2, { level: 'LEVEL_SECRET' });
  await waitFor(async () => !(await secretaryAgendaTitles(part)).includes(SECRET_TITLE_2), { what: 'the raised item to disappear from the participant\'s page' });
  await waitFor(async () => !(await partMin.content()).includes(SECRET_TITLE_2), { what: 'the raised item to disappear from the participant\'s minutes page' });
  const mark = partMinFrames.length + partFrames.length;
  await secMin.bringToFront();
  await secMin.click('#mn-text');
  await secMin.keyboard.press('Control+End');
  await secMin.keyboard.insertText(SECRET_MINUTES_2);
  await secMin.waitForSelector('#mn-sync[data-state="saved"]', { timeout: 20000 });
  const vSec2 = Number(await sec.locator('#meeting-version').getAttribute('data-version'));
  await waitFor(async () => Number(await part.locator('#meeting-version').getAttribute('data-version')) >= vSec2, { what: 'the participant to follow after the raise' });
  for (const [p, f, w] of [[part, partFrames, 'participant secretary page (after raising)'], [partMin, partMinFrames, 'participant minutes page (after raising)']]) {
    await assertNotInDom(p, [SECRET_TITLE_2, SECRET_MINUTES_2], w);
    assertNothingSecret(f, [SECRET_MINUTES_2], w);
  }
  if (partMinFrames.length + partFrames.length <= mark) throw new Error('the participant received nothing at all after the raise (expected version-only events)');

  // The meeting is raised above the participant's clearance: the open page says "no
  // access" (resync, then the join is refused), drops the meeting and stops asking.
  await sec.bringToFront();
  await sec.selectOption('#mi-level', 'LEVEL_SECRET');
  await sec.click('#info-save');
  await partMin.waitForSelector('#not-found[data-reason="forbidden"]:not([hidden])', { timeout: 15000 });
  if (await partMin.locator('#main').isVisible()) throw new Error('the meeting is still shown after access was lost');
  await assertNotInDom(partMin, [ITEMS[0][0], ITEMS[2][0]], 'participant minutes page (access lost)');
  const joinsAt = partMinFrames.sent.filter((f) => f.includes('"join"')).length;
  await stack.screenshot(partMin, 'access-participant-no-access');
  // Every timer of the next minute fires now (a re-join would be due within its backoff's
  // 10 s cap); a frame sent by one of them is recorded before runFor returns.
  await partMin.clock.runFor(60_000);
  const joinsAfter = partMinFrames.sent.filter((f) => f.includes('"join"')).length;
  if (joinsAfter !== joinsAt) throw new Error(`the page keeps asking to join after the refusal (${joinsAfter - joinsAt} more joins in a minute of its timers)`);
  await sec.selectOption('#mi-level', 'LEVEL_INTERNAL');
  await sec.click('#info-save');

  // The participant's level choices stop at 内部.
  await part.goto(`${stack.baseUrl}/index.html`);
  await part.waitForSelector(`.meeting-row[data-id="${mid}"][data-role="ROLE_PARTICIPANT"]`);
  const partLevels = await part.locator('#c-level option').evaluateAll((os) => os.map((o) => o.value));
  if (partLevels.join() !== 'LEVEL_PUBLIC,LEVEL_INTERNAL') throw new Error(`levels offered to 赵参会: ${partLevels}`);

  // ---------------------------------------------------------------- the administrator: audit log, chain
  const actx = await stack.newContext();
  const adm = await stack.page('access-admin', ctx.errors, actx);
  pages.push(adm);
  await adm.goto(`${stack.baseUrl}/admin.html`);
  await adm.waitForURL(/\/login\.html\?next=/);
  await login(adm, 'admin', undefined, { baseUrl: stack.baseUrl });
  await adm.waitForURL(/\/admin\.html/);
  await adm.waitForSelector('#main:not([hidden])');
  await adm.waitForSelector('#acc-rows tr[data-id="zhao"]');
  await adm.selectOption('#af-action', 'login');
  await adm.click('#aud-filter button[type=submit]');
  await waitFor(async () => {
    // The log names people by name (audit-words.js), not by account id.
    const actors = await adm.locator('#aud-rows tr[data-action="login"] td:nth-child(3)').allInnerTexts();
    return ['王秘书', '赵参会', '系统管理员'].every((a) => actors.includes(a));
  }, { what: 'the audit log to list the logins of 王秘书, 赵参会 and 系统管理员 by name' });
  await adm.click('#aud-verify');
  await adm.waitForSelector('#aud-verify-result[data-ok="true"]', { timeout: 20000 });
  await adm.evaluate(() => window.scrollTo(0, 0));
  await stack.screenshot(adm, 'access-admin');
  // A new account: the one-time password is shown once; its first login sets a new one.
  await adm.fill('#ac-id', 'qian');
  await adm.fill('#ac-name', '钱会务');
  await adm.fill('#ac-unit', '局办公室');
  await adm.selectOption('#ac-clearance', 'LEVEL_INTERNAL');
  await adm.press('#ac-id', 'Enter');
  await adm.waitForSelector('#otp-box:not([hidden]) #otp-value');
  const otp = await adm.locator('#otp-value').innerText();
  await adm.waitForSelector('#acc-rows tr[data-id="qian"] .chip-late');
  await adm.click('#otp-done');
  if (await adm.locator('#otp-value').count()) throw new Error('the one-time password is still on the page after "handed over"');
  const qctx = await stack.newContext();
  const q = await stack.page('access-new-account', ctx.errors, qctx);
  pages.push(q);
  await q.goto(`${stack.baseUrl}/index.html`);
  await q.waitForURL(/\/login\.html\?next=/);
  await q.waitForSelector('#login-form:not([hidden])');
  await q.fill('#login-user', 'qian');
  await q.fill('#login-password', otp);
  await q.press('#login-password', 'Enter');
  await q.waitForSelector('#change-form:not([hidden])'); // the one-time password must change first
  await stack.screenshot(q, 'access-change-password');
  await q.fill('#new-password', 'short');
  await q.fill('#new-password2', 'short');
  await q.press('#new-password2', 'Enter');
  await q.waitForSelector('#change-error:not([hidden])');
  await q.fill('#new-password', 'qian-new-password-1');
  await q.fill('#new-password2', 'qian-new-password-1');
  await q.press('#new-password2', 'Enter');
  await q.waitForURL(/\/index\.html/);
  await q.waitForSelector('#conn-state[data-state="connected"]');
  await q.waitForSelector('#meetings .empty'); // invited nowhere: lists nothing
  if ((await q.locator('.meeting-row').count()) !== 0) throw new Error('a new account sees meetings it is not invited to');
  // A non-admin is told politely that the page is not theirs.
  await part.goto(`${stack.baseUrl}/admin.html`);
  await part.waitForSelector('#not-permitted:not([hidden])');
  if (await part.locator('#main').isVisible()) throw new Error('the admin page shows its content to a participant');
}
