// Browser tests of the connection state (docs/decisions/0017; registered by e2e.mjs).
// The user's report: with the network gone the leader page said 已连接 for 90 s, and the
// secretary page showed "待发送 1 项" next to 已连接. Here, in their own browser context
// (王秘书, pages pinging every PING_MS through the page's huiwuConnTiming):
//   1. Chromium's offline emulation: the secretary, minutes and leader pages say
//      reconnecting/offline within the ping interval + timeout; an agenda item added and
//      minutes typed meanwhile show as unsent; back online, 'connected' comes only
//      after the resume (nothing unsent, every meeting joined) and the leader's screen
//      shows both.
//   2. The server stopped with SIGSTOP (sockets stay open, nothing answers): every open
//      page (secretary, minutes, leader, seating, meeting list, follow-up board, and the
//      administrator's page, which has no socket and probes /healthz) says
//      reconnecting within the same bound; edits made meanwhile show as unsent; after
//      SIGCONT all say connected and the texts converge.
// Every wait is for a condition; nothing sleeps to show that something did not happen.

import { waitFor, login } from './lib/stack.mjs';

const PING_MS = 500;           // the pages' ping interval (and timeout) in these tests
const DEAD_WITHIN_MS = 2 * PING_MS + 2500; // interval + timeout, plus slack for a busy machine

const state = (page) => page.locator('#conn-state').getAttribute('data-state').catch(() => null);
const down = (s) => s === 'reconnecting' || s === 'offline';

async function waitState(page, ok, what, timeoutMs) {
  return waitFor(async () => ok(await state(page)), { timeoutMs, intervalMs: 50, what });
}

/** Waits until every page says it is down; returns the slowest page's delay since t0. */
async function allDown(pages, t0, how) {
  let slowest = 0;
  await Promise.all(Object.entries(pages).map(async ([name, p]) => {
    await waitState(p, down, `${name} to say reconnecting after ${how}`, DEAD_WITHIN_MS + 5000);
    slowest = Math.max(slowest, Date.now() - t0);
  }));
  if (slowest > DEAD_WITHIN_MS) throw new Error(`a page took ${slowest} ms to say reconnecting after ${how} (bound ${DEAD_WITHIN_MS} ms)`);
  return slowest;
}

/** Records, inside the page, every state the client announces with what was true then. */
async function recordStates(page) {
  await page.evaluate(() => {
    const c = window.huiwuClient;
    window.connLog = [];
    c.onState(() => window.connLog.push({
      state: c.state, unsent: c.unsentCount, link: c.linkUp,
      joined: [...c.sessions.values()].every((s) => s.status === 'joined' && !s.joining && s.linkGen === c.linkGen),
      badge: document.querySelector('#conn-state')?.dataset.state,
    }));
  });
}

/** 'connected' was announced only with a live link, every meeting re-joined and nothing unsent; and it came after 'syncing'. */
async function checkHonest(page, name) {
  const log = await page.evaluate(() => window.connLog);
  const firstUp = log.findIndex((e) => e.link);
  const firstConnected = log.findIndex((e) => e.state === 'connected');
  if (firstConnected < 0) throw new Error(`${name}: never connected again: ${JSON.stringify(log.slice(-8))}`);
  if (firstUp < 0 || log[firstUp].state === 'connected') throw new Error(`${name}: the new link was shown as connected before the resume: ${JSON.stringify(log.slice(0, 8))}`);
  for (const e of log) {
    if (e.state === 'connected' && (!e.link || !e.joined || e.unsent)) throw new Error(`${name}: 'connected' with ${JSON.stringify(e)}`);
  }
}

async function setupMeeting(stack, ctx, page, title) {
  return page.evaluate(async (t) => {
    const c = window.huiwuClient;
    const { meeting } = await c.createMeeting({ title: t });
    const s = c.join(meeting.id);
    await s.ready;
    await s.send({ add_item: { item: { title: '议题一：听取汇报', presenter: '办公室', planned_minutes: 20 }, position: -1 } });
    // The ack may come before the event: wait for the item in the copy.
    while (!s.meeting.agenda.length) await new Promise((r) => setTimeout(r, 20));
    await s.send({ start_meeting: {} }); // the agenda runs only in session (protocol.md §6.4)
    await s.send({ set_current: { item_id: s.meeting.agenda[0].id, mark_previous_done: false } });
    return meeting.id;
  }, title);
}

/** A context of its own whose pages ping every PING_MS. */
async function fastContext(stack) {
  const context = await stack.newContext();
  await context.addInitScript((ms) => { window.huiwuConnTiming = { pingIntervalMs: ms, pingTimeoutMs: ms }; }, PING_MS);
  return context;
}

async function openPages(stack, ctx, tag) {
  const context = await fastContext(stack);
  const first = await stack.page(`conn-${tag}-login`, ctx.errors, context);
  await login(first, 'wang', undefined, { baseUrl: stack.baseUrl, next: '/index.html' });
  await first.waitForSelector('#conn-state[data-state="connected"]', { timeout: 20000 });
  const meetingId = await setupMeeting(stack, ctx, first, `连接状态测试（${tag}）`);
  const open = async (name, path, ready) => {
    const p = await stack.page(`conn-${tag}-${name}`, ctx.errors, context);
    await p.goto(`${stack.baseUrl}/${path}`);
    if (ready) await p.waitForSelector(ready, { timeout: 20000 });
    await p.waitForSelector('#conn-state[data-state="connected"]', { timeout: 20000 });
    return p;
  };
  const m = encodeURIComponent(meetingId);
  const pages = {
    secretary: await open('secretary', `secretary.html?m=${m}`, '#main:not([hidden])'),
    minutes: await open('minutes', `minutes.html?m=${m}`, '#mn-text:not([readonly])'),
    leader: await open('leader', `leader.html?m=${m}`, '#ld-minutes:not([hidden])'),
  };
  return { context, first, pages, meetingId, open };
}

async function addAgendaItem(page, title) {
  await page.bringToFront();
  await page.fill('#ai-title', title);
  await page.fill('#ai-minutes', '10');
  await page.press('#ai-title', 'Enter');
}

async function typeMinutes(page, text) {
  await page.bringToFront();
  await page.evaluate(() => { const t = document.querySelector('#mn-text'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); });
  await page.keyboard.insertText(text);
}

/** The unsent chip shows n or more, and the badge is not green. */
async function waitUnsent(page, name, atLeast = 1) {
  await waitFor(async () => {
    const chip = page.locator('#pending-count');
    if (await chip.isHidden()) return false;
    const n = Number(await page.locator('#conn-state').getAttribute('data-unsent'));
    const text = await chip.innerText();
    return n >= atLeast && text.includes(`${n} 项待发送`) && (await state(page)) !== 'connected';
  }, { timeoutMs: 10000, what: `${name} to show its unsent work` });
}

async function converged(pages, itemTitle, minutesPart) {
  await waitFor(async () => (await pages.leader.locator('#ld-agenda .ld-item-title').allInnerTexts()).includes(itemTitle),
    { timeoutMs: 30000, what: 'the leader page to show the item added while down' });
  await waitFor(async () => {
    const typed = await pages.minutes.$eval('#mn-text', (t) => t.value);
    const shown = await pages.leader.$$eval('#ld-minutes-text p', (ps) => ps.map((p) => p.textContent.replace(/\u200b/g, '')).join('\n'));
    return typed.includes(minutesPart) && shown === typed;
  }, { timeoutMs: 30000, what: 'the leader page to show the minutes typed while down' });
  for (const [name, p] of Object.entries(pages)) {
    await p.waitForSelector('#pending-count[hidden]', { state: 'attached', timeout: 20000 }).catch(() => { throw new Error(`${name}: unsent chip still shown`); });
  }
}

export function registerConnTests(test) {
  test('connection state: offline emulation shows reconnecting within the ping timeout, unsent work counted, connected only after the resume, texts converge', async (ctx) => {
    const { stack } = ctx;
    const { context, first, pages } = await openPages(stack, ctx, 'offline');
    try {
      await first.close();
      await stack.screenshot(pages.secretary, 'conn-01-connected');
      const t0 = Date.now();
      await context.setOffline(true);
      const took = await allDown(pages, t0, 'the network went away');
      console.log(`     (offline: every page said so within ${took} ms)`);

      await addAgendaItem(pages.secretary, '断网时增加的议题');
      await waitUnsent(pages.secretary, 'the secretary page');
      await typeMinutes(pages.minutes, '断网时记下的一句话。');
      await waitUnsent(pages.minutes, 'the minutes page');
      await stack.screenshot(pages.secretary, 'conn-02-offline-unsent');
      await stack.screenshot(pages.minutes, 'conn-02-minutes-offline-unsent');

      for (const p of Object.values(pages)) await recordStates(p);
      await context.setOffline(false);
      for (const [name, p] of Object.entries(pages)) await waitState(p, (s) => s === 'connected', `${name} connected again`, 30000);
      await converged(pages, '断网时增加的议题', '断网时记下的一句话。');
      for (const [name, p] of Object.entries(pages)) await checkHonest(p, name);
      // The secretary's re-sent item: on its own page, 'syncing' with it unsent, before 'connected'.
      const log = await pages.secretary.evaluate(() => window.connLog);
      const at = log.findIndex((e) => e.state === 'connected');
      if (!log.slice(0, at).some((e) => e.state === 'syncing' && e.unsent > 0 && e.badge === 'syncing')) {
        throw new Error(`the secretary page never said it was sending its unsent item: ${JSON.stringify(log.slice(0, at + 1))}`);
      }
      await stack.screenshot(pages.secretary, 'conn-03-back');
    } finally {
      await context.setOffline(false).catch(() => {});
      await context.close().catch(() => {});
    }
  }, { timeoutMs: 120000 });

  test('connection state: a stopped server (SIGSTOP) shows reconnecting on every page within the ping timeout; edits wait and converge after SIGCONT', async (ctx) => {
    const { stack } = ctx;
    const { context, first, pages, open } = await openPages(stack, ctx, 'sigstop');
    const adminContext = await fastContext(stack);
    let stopped = false;
    try {
      const admin = await stack.page('conn-sigstop-admin', ctx.errors, adminContext);
      await login(admin, 'admin', undefined, { baseUrl: stack.baseUrl, next: '/admin.html' });
      await admin.waitForSelector('#main:not([hidden])', { timeout: 20000 });
      await admin.waitForSelector('#conn-state[data-state="connected"]', { timeout: 20000 });
      await first.close();
      const m = encodeURIComponent(new URL(pages.secretary.url()).searchParams.get('m'));
      const others = {
        seating: await open('seating', `seating.html?m=${m}`, '#main:not([hidden])'),
        list: await open('list', 'index.html', null),
        followup: await open('followup', 'followup.html', null),
      };
      const all = { ...pages, ...others, admin };
      const pid = stack.server.child.pid;
      const t0 = Date.now();
      process.kill(pid, 'SIGSTOP');
      stopped = true;
      const took = await allDown(all, t0, 'the server stopped answering');
      console.log(`     (SIGSTOP: every page said so within ${took} ms)`);

      await addAgendaItem(pages.secretary, '服务器停顿时增加的议题');
      await waitUnsent(pages.secretary, 'the secretary page');
      await typeMinutes(pages.minutes, '服务器停顿时记下的一句话。');
      await waitUnsent(pages.minutes, 'the minutes page');
      await stack.screenshot(pages.leader, 'conn-04-leader-server-stopped');
      await stack.screenshot(pages.minutes, 'conn-04-minutes-server-stopped');
      for (const p of Object.values(pages)) await recordStates(p);

      process.kill(pid, 'SIGCONT');
      stopped = false;
      for (const [name, p] of Object.entries(all)) await waitState(p, (s) => s === 'connected', `${name} connected again`, 40000);
      await converged(pages, '服务器停顿时增加的议题', '服务器停顿时记下的一句话。');
      for (const [name, p] of Object.entries(pages)) await checkHonest(p, name);
    } finally {
      if (stopped) { try { process.kill(stack.server.child.pid, 'SIGCONT'); } catch { /* gone */ } }
      await context.close().catch(() => {});
      await adminContext.close().catch(() => {});
    }
  }, { timeoutMs: 150000 });
}
