// Browser tests of the meeting's lifecycle (registered by e2e.mjs; real server, real Redis,
// real Chromium; docs/protocol.md §6.4, decision 0022): the secretary starts the meeting from
// the keyboard and the leader's page, in another browser context, shows 进行中 live; quorum
// as 出席 n / 应到 m with a warning below it; the clock's used and remaining time add up;
// the secretary ends the meeting; postponing and cancelling through their dialogs, a blank
// reason refused on the page, and the list showing each meeting's phase.

import { waitFor, login } from './lib/stack.mjs';

/** mm:ss or h:mm:ss -> seconds. */
function seconds(text) {
  const m = /(\d+):(\d{2})(?::(\d{2}))?/.exec(text);
  if (!m) throw new Error(`no duration in ${JSON.stringify(text)}`);
  return m[3] !== undefined ? (+m[1]) * 3600 + (+m[2]) * 60 + (+m[3]) : (+m[1]) * 60 + (+m[2]);
}

async function newMeeting(page, title) {
  return page.evaluate(async (t) => {
    const c = window.huiwuClient;
    const { meeting } = await c.createMeeting({ title: t, place: '机关三楼第一会议室' });
    const s = c.join(meeting.id);
    await s.ready;
    await s.send({ add_item: { item: { title: '审议《2026年度部门预算调整方案》', presenter: '财务处 李明', planned_minutes: 30 }, position: -1 } });
    await s.send({ add_item: { item: { title: '听取安全生产情况汇报', presenter: '安监处', planned_minutes: 10 }, position: -1 } });
    await s.send({ add_attendee: { attendee: { name: '王建国', unit: '局领导', title: '局长', rank: 1, role: 'ROLE_CHAIR' } } });
    // The leader's screen: 赵参会 follows as the meeting's chair.
    await s.send({ add_attendee: { attendee: { name: '赵参会', unit: '财务处', title: '处长', rank: 2, role: 'ROLE_CHAIR', account_id: 'zhao' } } });
    await s.send({ add_attendee: { attendee: { name: '周敏', unit: '列席', title: '', rank: 3, role: 'ROLE_OBSERVER' } } });
    return meeting.id;
  }, title);
}

export function registerLifecycleTests(test) {
  test('lifecycle: the secretary starts the meeting, the leader page shows it live, then the secretary ends it', async (ctx) => {
    const { stack } = ctx;
    const sec = await stack.page('lc-secretary', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    const mid = await newMeeting(sec, '2026年第5次局长办公会议');
    ctx.lcMeetingId = mid;
    await sec.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
    await sec.waitForSelector('#main:not([hidden])');
    await sec.waitForSelector('#phase-badge[data-phase="PHASE_DRAFTING"]');

    const lctx = await stack.newContext();
    const l0 = await lctx.newPage();
    await login(l0, 'zhao', undefined, { baseUrl: stack.baseUrl });
    await l0.close();
    const leader = await stack.page('lc-leader', ctx.errors, lctx);
    await leader.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(mid)}`);
    await leader.waitForSelector('#main:not([hidden])');
    await leader.waitForSelector('#ld-phase-badge[data-phase="PHASE_DRAFTING"]');
    if ((await leader.locator('#ld-phase-badge').innerText()) !== '筹备') throw new Error('the leader badge does not say 筹备');
    // The leader's page is read-only: no lifecycle controls.
    if (await leader.locator('#lc-start, #lc-end, #lc-cancel').count()) throw new Error('lifecycle controls on the leader page');

    // Quorum: 2 of the 2 expected (the observer does not count); one present = below.
    await sec.bringToFront();
    await sec.selectOption('#lc-quorum-kind', 'count');
    await sec.fill('#lc-quorum-count', '2');
    await sec.press('#lc-quorum-count', 'Enter');
    await sec.locator('#att-list li', { hasText: '王建国' }).locator('[data-action="ATTENDANCE_PRESENT"]').click();
    await leader.waitForSelector('#ld-quorum-line[data-below="1"][data-present="1"][data-expected="2"][data-required="2"]');
    const warn = await leader.locator('#ld-quorum-line').innerText();
    if (!/出席 1 \/ 应到 2/.test(warn) || !/未达法定人数/.test(warn)) throw new Error(`leader quorum line: ${JSON.stringify(warn)}`);
    await sec.waitForSelector('#quorum[data-below="1"]');

    // Start from the keyboard: "N" before the start offers the start dialog with item 1 and its
    // timer; Tab moves through it; Enter confirms.
    await sec.evaluate(() => document.activeElement && document.activeElement.blur());
    await sec.keyboard.press('n');
    await sec.waitForSelector('#lc-start-dialog[open]');
    const chosen = await sec.locator('#lc-start-item').inputValue();
    if (!chosen) throw new Error('the start dialog did not preselect the next item');
    if (!(await sec.locator('#lc-start-timer').isChecked())) throw new Error('N should offer to start the item\'s timer');
    await stack.screenshot(sec, 'lc-01-start-dialog');
    await sec.keyboard.press('Enter');
    await sec.waitForSelector('#lc-start-dialog', { state: 'detached' });
    await leader.waitForSelector('#ld-phase-badge[data-phase="PHASE_IN_SESSION"]');
    const detail = await leader.locator('#ld-phase-badge-detail').innerText();
    if (!/开始/.test(detail) || !/\d{2}:\d{2}/.test(detail)) throw new Error(`leader start time: ${JSON.stringify(detail)}`);
    await waitFor(async () => (await leader.locator('#ld-current-title').innerText().catch(() => '')).includes('预算'),
      { what: 'the first item current on the leader page' });

    // Used and remaining add up to the planned 30:00, on both pages, read in one go.
    for (const [page, usedSel, leftSel] of [[sec, '#timer-used', '#timer-left'], [leader, '#ld-used', '#ld-left']]) {
      const [used, left] = await page.evaluate(([u, l]) => [document.querySelector(u).textContent, document.querySelector(l).textContent], [usedSel, leftSel]);
      if (seconds(used) + seconds(left) !== 30 * 60) throw new Error(`used ${used} + left ${left} is not 30:00`);
    }

    // The second person checks in: the warning goes.
    await sec.locator('#att-list li', { hasText: '赵参会' }).locator('[data-action="ATTENDANCE_PRESENT"]').click();
    await leader.waitForSelector('#ld-quorum-line[data-below="0"][data-present="2"]');
    await stack.screenshot(leader, 'lc-02-leader-in-session');
    await stack.screenshot(sec, 'lc-02-secretary-in-session');

    // End, through the keyboard: focus the button, Enter, Enter.
    await sec.focus('#lc-end');
    await sec.keyboard.press('Enter');
    await sec.waitForSelector('#lc-end-dialog[open]');
    await sec.keyboard.press('Enter');
    await leader.waitForSelector('#ld-phase-badge[data-phase="PHASE_ENDED"]');
    await waitFor(async () => (await leader.locator('#ld-current-label').innerText()) === '会议已结束', { what: 'the leader page to say the meeting ended' });
    await sec.waitForSelector('#phase-badge[data-phase="PHASE_ENDED"]');
    if (await sec.locator('#add-item-form').isVisible()) throw new Error('items can still be added after the end');
    if (await sec.locator('#btn-next').isVisible()) throw new Error('"next item" is still offered after the end');
    await stack.screenshot(sec, 'lc-03-secretary-ended');
    await lctx.close();
  });

  test('lifecycle: postpone and cancel through their dialogs; the list shows each phase', async (ctx) => {
    const { stack } = ctx;
    const sec = await stack.page('lc-secretary-2', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    const mid = await newMeeting(sec, '2026年第6次局长办公会议');
    await sec.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
    await sec.waitForSelector('#phase-badge[data-phase="PHASE_DRAFTING"]');

    await sec.click('#lc-notice');
    await sec.waitForSelector('#phase-badge[data-phase="PHASE_NOTIFIED"]');

    // 改期: a new start and a reason; the badge stays 已通知 and says it was postponed.
    await sec.click('#lc-postpone');
    await sec.waitForSelector('#lc-postpone-dialog[open]');
    if (!(await sec.locator('#lc-postpone-dialog').innerText()).includes('重新发出通知')) throw new Error('the postpone dialog does not say the notice goes out again');
    await sec.fill('#lc-postpone-start', '2026-12-20T09:30');
    await sec.fill('#lc-postpone-end', '2026-12-20T11:30');
    await sec.fill('#lc-postpone-reason', '与全市安全生产大会冲突');
    await stack.screenshot(sec, 'lc-04-postpone-dialog');
    await sec.press('#lc-postpone-reason', 'Enter');
    await waitFor(async () => /已改期/.test(await sec.locator('#phase-badge-detail').innerText()), { what: 'the postponement beside the badge' });
    if ((await sec.locator('#mi-start').inputValue()) !== '2026-12-20 09:30') throw new Error('the meeting\'s start did not move (shown as 2026-12-20 09:30 in both languages)');

    // 取消 without a reason: the dialog says so and nothing is sent.
    const v = await sec.locator('#meeting-version').getAttribute('data-version');
    await sec.click('#lc-cancel');
    await sec.waitForSelector('#lc-cancel-dialog[open]');
    await sec.press('#lc-cancel-reason', 'Enter');
    await waitFor(async () => (await sec.locator('#lc-cancel-dialog .lc-error').innerText()) === '请填写原因', { what: 'the blank reason refused' });
    if ((await sec.locator('#meeting-version').getAttribute('data-version')) !== v) throw new Error('a blank cancellation changed the meeting');
    await sec.fill('#lc-cancel-reason', '主要领导临时赴省里开会');
    await sec.press('#lc-cancel-reason', 'Enter');
    await sec.waitForSelector('#phase-badge[data-phase="PHASE_CANCELLED"]');
    if (!(await sec.locator('#phase-badge-detail').innerText()).includes('主要领导临时赴省里开会')) throw new Error('the reason is not shown');
    if (!(await sec.locator('#ai-title').isDisabled())) throw new Error('a cancelled meeting is still editable');
    await stack.screenshot(sec, 'lc-05-secretary-cancelled');

    // The list: this meeting 已取消, the first test's 已结束.
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector(`.meeting-row[data-id="${mid}"] [data-phase="PHASE_CANCELLED"]`);
    if (ctx.lcMeetingId) await sec.waitForSelector(`.meeting-row[data-id="${ctx.lcMeetingId}"] [data-phase="PHASE_ENDED"]`);
    await stack.screenshot(sec, 'lc-06-list');
  });
}
