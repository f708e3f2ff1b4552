// Browser tests of the notice, its replies and the inbox (registered by e2e.mjs; real server,
// real Redis, real Chromium; docs/protocol.md §6.5): the secretary composes the notice,
// previews it in the document's order (一、二、…) and issues it; the invitee's start page, in
// another browser context, shows the unread notice without a reload; opening it clears the
// count; they reply 代参 with the deputy's name and title; the secretary's replies table
// changes live and the check-in list shows the deputy as the attendee's stand-in.

import { login } from './lib/stack.mjs';

export function registerNoticeTests(test) {
  test('notice: compose, preview, issue; the invitee sees it live, replies 代参; the secretary sees it live', async (ctx) => {
    const { stack } = ctx;
    const sec = await stack.page('nt-secretary', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    const mid = await sec.evaluate(async () => {
      const c = window.huiwuClient;
      const start = Date.parse('2026-12-18T09:00:00+08:00');
      const { meeting } = await c.createMeeting({ title: '2026年第四季度工作会议', place: '机关三楼第一会议室', convener: '局办公室', starts_at_ms: start, ends_at_ms: start + 2 * 3600e3 });
      const s = c.join(meeting.id);
      await s.ready;
      await s.send({ add_item: { item: { title: '通报第四季度重点工作进展', presenter: '办公室', planned_minutes: 20 }, position: -1 } });
      await s.send({ add_attendee: { attendee: { name: '王建国', unit: '局领导', title: '局长', rank: 1, role: 'ROLE_CHAIR' } } });
      await s.send({ add_attendee: { attendee: { name: '赵参会', unit: '财务处', title: '处长', rank: 2, role: 'ROLE_PARTICIPANT', account_id: 'zhao' } } });
      return meeting.id;
    });

    // The invitee's start page, open before anything is sent.
    const zctx = await stack.newContext();
    const z0 = await zctx.newPage();
    await login(z0, 'zhao', undefined, { baseUrl: stack.baseUrl });
    await z0.close();
    const inv = await stack.page('nt-invitee', ctx.errors, zctx);
    await inv.goto(`${stack.baseUrl}/index.html`);
    await inv.waitForSelector('#inbox-list li');
    const before = await inv.locator(`#inbox-list li.inbox-entry[data-meeting="${mid}"]`).count();
    if (before !== 0) throw new Error('a notice in the inbox before it was issued');

    // Compose and preview.
    await sec.bringToFront();
    await sec.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
    await sec.waitForSelector('#nt-form');
    await sec.fill('#nt-contact', '王秘书');
    await sec.fill('#nt-phone', '010-66668888');
    await sec.fill('#nt-reply_by', '2026-12-15');
    await sec.fill('#nt-bring', '笔记本电脑');
    await sec.fill('#nt-materials', '第四季度重点工作进展表\n有关单位书面汇报');
    await sec.click('#nt-preview-btn');
    const doc = await sec.locator('#nt-preview .notice-doc').innerText();
    for (const want of ['关于召开2026年第四季度工作会议的通知', '一、会议时间', '二、会议地点', '机关三楼第一会议室',
      '三、参会人员', '局领导 局长 王建国、财务处 处长 赵参会', '四、会议议程', '五、会议材料', '有关单位书面汇报', '六、有关事项',
      '请于2026-12-15前回执', '联系人：王秘书', '010-66668888', '局办公室']) {
      if (!doc.includes(want)) throw new Error(`the preview lacks ${JSON.stringify(want)}:\n${doc}`);
    }
    await sec.click('#nt-issue');
    await sec.waitForSelector('#phase-badge[data-phase="PHASE_NOTIFIED"]');
    await sec.waitForSelector('#nt-table');
    await sec.waitForSelector('#nt-counts');
    if (!(await sec.locator('#nt-counts').innerText()).includes('未回执 2')) throw new Error('the counts do not say 未回执 2');

    // The invitee's page shows it without a reload.
    await inv.bringToFront();
    const entry = inv.locator(`#inbox-list li.inbox-entry.unread[data-meeting="${mid}"][data-kind="notice"]`);
    await entry.waitFor({ timeout: 30000 });
    await inv.waitForSelector('#inbox-count:not([hidden])');
    const unread = await inv.locator('#inbox-count').innerText();
    if (!/未读 \d/.test(unread)) throw new Error(`the unread count says ${unread}`);
    await entry.locator('[data-action="open"]').click();
    await inv.waitForSelector('#inbox-body .notice-doc');
    await inv.waitForSelector(`#inbox-list li.inbox-entry[data-meeting="${mid}"]:not(.unread)`);
    await inv.check('input[name="kind"][value="deputy"]');
    await stack.screenshot(inv, 'notice-inbox');
    await inv.fill('#inbox-deputy-name', '钱副处');
    await inv.fill('#inbox-deputy-title', '财务处副处长');
    await inv.click('#inbox-send');
    await inv.waitForFunction(() => document.querySelector('#inbox-my-reply')?.textContent.includes('代参：钱副处（财务处副处长）'));

    // The secretary's table and check-in list, live.
    await sec.bringToFront();
    await sec.waitForSelector('#nt-table tr[data-reply="REPLY_DEPUTY"]', { timeout: 30000 });
    const row = await sec.locator('#nt-table tr[data-reply="REPLY_DEPUTY"]').innerText();
    if (!row.includes('赵参会') || !row.includes('代参：钱副处（财务处副处长）')) throw new Error(`the replies table row says ${row}`);
    if (!(await sec.locator('#nt-counts').innerText()).includes('代参 1')) throw new Error('the counts do not say 代参 1');
    await sec.waitForSelector('#att-list .att-deputy[data-deputy="钱副处"]');
    const dep = await sec.locator('#att-list .att-deputy').innerText();
    if (!dep.includes('代') || !dep.includes('钱副处')) throw new Error(`the check-in list shows ${dep}`);
    await sec.click('#nt-preview-btn');
    await stack.screenshot(sec, 'notice-secretary');
    ctx.noticeMeetingId = mid;
  });
}
