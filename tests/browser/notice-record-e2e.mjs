// 代为登记 in the browser (registered by e2e.mjs; docs/protocol.md §6.5): after the notice is
// issued, the secretary records a reply taken by phone (请假 with a reason) from the replies
// table; the table says who recorded it, and the leader page, open all along, shows the
// replies summary (counts, who is on leave) live.
//
// Artifacts: notice-record-secretary.png, notice-record-leader.png.

export function registerNoticeRecordTests(test) {
  test('notice: the secretary records a reply on someone\'s behalf; the leader page shows the summary live', async (ctx) => {
    const { stack } = ctx;
    const sec = await stack.page('nt-record-secretary', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    const mid = await sec.evaluate(async () => {
      const c = window.huiwuClient;
      const start = Date.parse('2026-12-22T09:00:00+08:00');
      const { meeting } = await c.createMeeting({ title: '专题协调会（代为登记）', place: '二楼会议室', starts_at_ms: start, ends_at_ms: start + 3600e3 });
      const s = c.join(meeting.id);
      await s.ready;
      await s.send({ add_attendee: { attendee: { name: '赵参会', unit: '财务处', title: '处长', role: 'ROLE_PARTICIPANT', account_id: 'zhao' } } });
      await s.send({ add_attendee: { attendee: { name: '孙主任', unit: '办公室', title: '主任', role: 'ROLE_PARTICIPANT' } } });
      await s.send({ issue_notice: {} });
      return meeting.id;
    });
    const leader = await stack.page('nt-record-leader', ctx.errors);
    await leader.goto(`${stack.baseUrl}/leader.html?m=${encodeURIComponent(mid)}`);
    await leader.waitForSelector('#ld-replies .ld-replies-counts');

    await sec.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
    await sec.waitForSelector('#nt-table');
    const row = sec.locator('#nt-table tr', { hasText: '孙主任' });
    await row.locator('.nt-record summary').click();
    await row.locator('select[name="kind"]').selectOption('REPLY_LEAVE');
    await row.locator('button[type="submit"]').click();  // no reason yet: refused at the field
    await row.locator('.lc-error', { hasText: '请' }).waitFor();
    await row.locator('input[name="reason"]').fill('外出调研');
    await row.locator('button[type="submit"]').click();
    await sec.waitForSelector('#nt-table tr[data-reply="REPLY_LEAVE"] .nt-recorded-by');
    const recorded = await sec.locator('#nt-table tr[data-reply="REPLY_LEAVE"]').innerText();
    if (!recorded.includes('请假：外出调研') || !recorded.includes('由 王秘书 代为登记')) throw new Error(`the row reads ${recorded}`);
    await sec.locator('#notice-card, #nt-replies').first().screenshot({ path: `${stack.artifacts}/notice-record-secretary.png` });

    await leader.waitForSelector('#ld-replies .ld-replies-away li');
    const summary = await leader.locator('#ld-replies').innerText();
    if (!summary.includes('请假 1') || !summary.includes('孙主任') || !summary.includes('外出调研')) throw new Error(`the leader's summary reads ${summary}`);
    await leader.locator('#ld-replies').screenshot({ path: `${stack.artifacts}/notice-record-leader.png` });
  }, { timeoutMs: 90000 });
}
