// What a person reads (issue 13): refusals in the UI language at the field, no developer
// words in the flow, and every page complete in English. Registered by e2e.mjs, same
// stack and runner.
//
// - A meeting that ends before it starts is refused at the end-time field before anything
//   is sent, in Chinese and then in English; a start the server refuses (year 2300) is said
//   at the start field; a taken account id on the admin page is said at the id field —
//   never the server's English.
// - The secretary page's header shows no "版本 N" (the version sits in the diagnostics
//   panel, #meeting-version keeps data-version) and a linked account is shown by name.
// - The English walk: accounts, a meeting, agenda, attendees, a seating chart and a 督办
//   item whose user-entered strings are all ASCII; every page is opened in English and any
//   CJK character on screen (text, placeholders, document title) fails the test, which
//   lists the pages it visited and what it found. Not counted: the brand mark 会, the
//   language button "中文", the other tests' accounts (user data with Chinese names, listed
//   in the directory and on the admin page: read from /api/accounts; their meetings' titles
//   in the audit log: read from /api/audit), and the 纪要 sheet
//   itself (#jy-sheet: the formal document the server drafts in Chinese, GB/T 9704; the
//   page around it is checked).
//
// Artifacts: words-*.png (each page of the walk in English at 1440×900).

import { login, waitFor, PASSWORD, ACCOUNTS } from './lib/stack.mjs';

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

// The CJK on screen in page: visible text nodes, placeholders, values of buttons, and the
// document's title; skips the brand mark and the language switch.
async function cjkOnScreen(page, accounts = ACCOUNTS) {
  // Other people's data: accounts ({name, unit, title}) and meeting titles (strings).
  const userData = accounts.flatMap((a) => (typeof a === 'string' ? [a] : [a.name, a.unit, a.title])).filter(Boolean).sort((a, b) => b.length - a.length);
  return page.evaluate(([src, data]) => {
    const re = new RegExp(src, 'g');
    const strip = (s) => data.reduce((acc, d) => acc.split(d).join(''), s);
    const found = [];
    const skip = (el) => el.closest('.brand-mark, #lang-toggle, #jy-sheet, script, style, [hidden]');
    const visible = (el) => (el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !visible(el)) continue;
      const s = strip(n.textContent);
      if (re.test(s)) found.push(`text "${s.trim().slice(0, 80)}" in <${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''}>`);
      re.lastIndex = 0;
    }
    for (const el of document.querySelectorAll('[placeholder], option, input[type=button], input[type=submit]')) {
      if (skip(el)) continue;
      const s = strip(el.tagName === 'OPTION' ? el.textContent : (el.getAttribute('placeholder') || el.value || ''));
      if (el.tagName === 'OPTION' && !visible(el.closest('select') || el)) continue;
      if (re.test(s)) found.push(`${el.tagName === 'OPTION' ? 'option' : 'placeholder'} "${s.trim().slice(0, 80)}"`);
      re.lastIndex = 0;
    }
    if (re.test(document.title)) found.push(`title "${document.title}"`);
    return found;
  }, [CJK.source, userData]);
}

const WALK_ACCOUNTS = [
  { id: 'walk.sec', name: 'Alice Walker', unit: 'General Office', title: 'Secretary', clearance: 'secret', admin: true },
  { id: 'walk.lead', name: 'Bob Stone', unit: 'Water Bureau', title: 'Director', clearance: 'secret' },
  { id: 'walk.sup', name: 'Carol King', unit: 'Inspection Office', title: 'Inspector', clearance: 'secret' },
];

export function registerWordsTests(test) {
  test('words: an error is said at its field in the UI language, before sending where the rule is cheap', async (ctx) => {
    const { stack } = ctx;
    const page = await stack.page('words-errors', ctx.errors);
    try {
      await page.goto(`${stack.baseUrl}/index.html`);
      await page.waitForSelector('#conn-state[data-state="connected"]');
      if (await page.evaluate(() => localStorage.getItem('huiwu.lang')) === 'en') await page.click('#lang-toggle');
      const sent = [];
      page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(f.payload)));
      await page.fill('#c-title', 'Ends before it starts');
      await page.fill('#c-start', '2026-12-10T10:00');
      await page.fill('#c-end', '2026-12-10T09:00');
      const before = sent.length;
      await page.click('#create-submit');
      await page.waitForSelector('#c-end[aria-invalid="true"]');
      const zh = await page.locator('#create-form .field-error').innerText();
      if (zh !== '结束时间须晚于开始时间，请修改结束时间。') throw new Error(`the end field says ${JSON.stringify(zh)}`);
      if (await page.evaluate(() => document.activeElement && document.activeElement.id) !== 'c-end') throw new Error('the focus is not on the end time');
      if (!/\/index\.html/.test(page.url())) throw new Error('a meeting was created');
      if (sent.length !== before) throw new Error('something was sent for a form the browser refused');
      await stack.screenshot(page, 'words-error-zh');
      await page.click('#lang-toggle');
      await page.click('#create-submit');
      await page.waitForSelector('#c-end[aria-invalid="true"]');
      const en = await page.locator('#create-form .field-error').innerText();
      if (en !== 'The end must be after the start; change the end time.') throw new Error(`in English the end field says ${JSON.stringify(en)}`);
      await stack.screenshot(page, 'words-error-en');
      // Typing at the field clears its message.
      await page.fill('#c-end', '2026-12-10T11:00');
      await page.waitForSelector('#c-end:not([aria-invalid])');
      // A value only the server refuses: the start in 2300, said at the start field.
      await page.fill('#c-start', '2300-01-01T10:00');
      await page.fill('#c-end', '2300-01-01T11:00');
      await page.click('#create-submit');
      await page.waitForSelector('#c-start[aria-invalid="true"]', { timeout: 15000 });
      const server = await page.locator('#create-form .field-error').innerText();
      if (server !== 'Enter a start between the years 2000 and 2200.') throw new Error(`the server's refusal reads ${JSON.stringify(server)}`);
      if (/outside|2000\.\.2200|starts_at_ms/.test(await page.locator('body').innerText())) throw new Error('the server\'s English is on screen');
      await page.click('#lang-toggle'); // back to Chinese for the tests after this one
      await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    } finally {
      await page.close().catch(() => {});
    }
  }, { timeoutMs: 60000 });

  test('words: the secretary page says refusals at the field: meeting info (server), an account linked twice (before sending)', async (ctx) => {
    const { stack } = ctx;
    const page = await stack.page('words-secretary', ctx.errors);
    try {
      await page.goto(`${stack.baseUrl}/index.html`);
      await page.waitForSelector('#conn-state[data-state="connected"]');
      await page.fill('#c-title', '字段错误测试会议');
      await page.click('#create-submit');
      await page.waitForURL(/secretary\.html\?m=/);
      await page.waitForSelector('#main:not([hidden])');
      // The header shows no version; the diagnostics panel keeps it.
      if (/版本|Version \d/.test(await page.locator('#topbar').innerText())) throw new Error('the header shows the version');
      await page.click('#diagnostics summary');
      const diag = await page.locator('#diagnostics').innerText();
      if (!/数据版本 \d+/.test(diag) || !diag.includes(new URL(page.url()).searchParams.get('m'))) throw new Error(`the diagnostics panel reads ${JSON.stringify(diag)}`);
      await stack.screenshot(page, 'words-diagnostics');
      await page.click('#diagnostics summary');
      // A start only the server refuses (year 2300): said at the start field, in Chinese.
      const v = await page.getAttribute('#meeting-version', 'data-version');
      await page.fill('#mi-start', '2300-01-01T09:00');
      await page.click('#info-form button[type=submit]');
      await page.waitForSelector('#mi-start[aria-invalid="true"]', { timeout: 15000 });
      const said = await page.locator('#info-form .field-error').innerText();
      if (said !== '请填写 2000 年至 2200 年之间的开始时间。') throw new Error(`the start field says ${JSON.stringify(said)}`);
      if (await page.getAttribute('#meeting-version', 'data-version') !== v) throw new Error('the refused change moved the meeting');
      if (await page.locator('.toast').count()) throw new Error(`a toast repeats it: ${await page.locator('.toast').allInnerTexts()}`);
      await stack.screenshot(page, 'words-secretary-info');
      // One account, two attendees: refused at the account before anything is sent.
      await page.fill('#aa-name', '赵参会');
      await page.selectOption('#aa-account', 'zhao');
      await page.press('#aa-name', 'Enter');
      await page.waitForSelector('#att-list li[data-id] .chip-acct[data-account="zhao"]');
      const chip = await page.locator('#att-list .chip-acct[data-account="zhao"]').innerText();
      if (chip !== '账号：赵参会') throw new Error(`the linked account reads ${JSON.stringify(chip)}`);
      const before = await page.getAttribute('#meeting-version', 'data-version');
      await page.fill('#aa-name', '赵参会（重复）');
      await page.selectOption('#aa-account', 'zhao');
      await page.press('#aa-name', 'Enter');
      await page.waitForSelector('#aa-account[aria-invalid="true"]');
      const dup = await page.locator('#add-att-form .field-error').innerText();
      if (dup !== '这个账号已关联到本会议的另一位参会人员，请选择别的账号。') throw new Error(`the account field says ${JSON.stringify(dup)}`);
      if (await page.getAttribute('#meeting-version', 'data-version') !== before) throw new Error('the refused attendee was added');
      await stack.screenshot(page, 'words-secretary-attendee');
    } finally {
      await page.close().catch(() => {});
    }
  }, { timeoutMs: 60000 });

  test('words: a taken account id is refused at the id field in Chinese (admin page)', async (ctx) => {
    const { stack } = ctx;
    const actx = await stack.newContext();
    const page = await stack.page('words-admin', ctx.errors, actx);
    try {
      await login(page, 'admin', PASSWORD, { baseUrl: stack.baseUrl, next: '/admin.html' });
      await page.waitForSelector('#acc-rows tr');
      await page.fill('#ac-id', 'Bad Id');
      await page.fill('#ac-name', '重复测试');
      await page.click('#ac-submit');
      await page.waitForSelector('#ac-id[aria-invalid="true"]');
      const local = await page.locator('#acc-create .field-error').innerText();
      if (!local.startsWith('账号须为 2–32 个字符')) throw new Error(`a malformed id says ${JSON.stringify(local)}`);
      await page.fill('#ac-id', 'wang');
      await page.click('#ac-submit');
      await waitFor(async () => (await page.locator('#acc-create .field-error').innerText().catch(() => '')) === '这个账号已存在，请换一个账号名。',
        { what: 'the taken id to be said at the id field' });
      if (await page.getAttribute('#ac-id', 'aria-invalid') !== 'true') throw new Error('the id field is not marked');
      if (/exists|account with/.test(await page.locator('body').innerText())) throw new Error('the server\'s English is on screen');
      await stack.screenshot(page, 'words-admin-taken');
    } finally {
      await page.close().catch(() => {});
    }
  }, { timeoutMs: 60000 });

  test('words: English walk — every page without a CJK character outside user data', async (ctx) => {
    const { stack } = ctx;
    for (const a of WALK_ACCOUNTS) stack.createUser(a);
    const wctx = await stack.newContext();
    await wctx.addInitScript(() => { try { localStorage.setItem('huiwu.lang', 'en'); } catch { /* about:blank */ } });
    const page = await stack.page('words-walk', ctx.errors, wctx);
    const report = [];
    const problems = [];
    const visited = [];
    ctx.wordsWalk = { visited };
    let others = ACCOUNTS; // the other tests' accounts: user data, read once logged in
    async function visit(name, url, ready) {
      await page.goto(`${stack.baseUrl}/${url}`);
      for (const sel of [].concat(ready)) await page.waitForSelector(sel, { timeout: 15000 });
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      const found = await cjkOnScreen(page, others);
      await stack.screenshot(page, `words-${name}`);
      report.push(`  ${name} (${url.split('?')[0]}): ${found.length ? found.length + ' found' : 'clean'}`);
      visited.push({ name, url, ready });
      for (const f of found) problems.push(`${name}: ${f}`);
    }
    try {
      await login(page, 'walk.sec', PASSWORD, { baseUrl: stack.baseUrl });
      const mine = new Set(WALK_ACCOUNTS.map((a) => a.id));
      others = (await page.evaluate(async () => (await (await fetch('/api/accounts')).json()).accounts)).filter((a) => !mine.has(a.id));
      await page.goto(`${stack.baseUrl}/index.html`);
      await page.waitForSelector('#conn-state[data-state="connected"]');
      await page.fill('#c-title', 'Quarterly budget review');
      await page.fill('#c-start', '2026-12-10T09:00');
      await page.fill('#c-end', '2026-12-10T11:00');
      await page.fill('#c-place', 'Room 301');
      await page.fill('#c-convener', 'Alice Walker');
      await page.click('#create-submit');
      await page.waitForURL(/secretary\.html\?m=/);
      await page.waitForSelector('#main:not([hidden])');
      const mid = new URL(page.url()).searchParams.get('m');
      for (const [title, presenter] of [['Budget overview', 'Bob Stone'], ['Flood season plan', 'Carol King']]) {
        await page.fill('#ai-title', title);
        await page.fill('#ai-presenter', presenter);
        await page.press('#ai-title', 'Enter');
      }
      await waitFor(async () => (await page.locator('#agenda-list li').count()) === 2, { what: 'two agenda items' });
      const people = [
        ['Alice Walker', 'General Office', 'Secretary', 'walk.sec', 'ROLE_SECRETARY'],
        ['Bob Stone', 'Water Bureau', 'Director', 'walk.lead', 'ROLE_PARTICIPANT'],
        ['Carol King', 'Inspection Office', 'Inspector', 'walk.sup', 'ROLE_CHAIR'],
        ['Dan Brown', 'Finance Office', 'Deputy Director', '', 'ROLE_PARTICIPANT'],
      ];
      for (const [i, [name, unit, title, acct, role]] of people.entries()) {
        await page.fill('#aa-name', name);
        await page.fill('#aa-unit', unit);
        await page.fill('#aa-title', title);
        await page.fill('#aa-rank', String(i + 1));
        await page.selectOption('#aa-role', role);
        if (acct) await page.selectOption('#aa-account', acct);
        await page.press('#aa-name', 'Enter');
        await waitFor(async () => (await page.locator('#att-list li[data-id]').count()) === i + 1, { what: `${name} on the list` });
      }
      // The minutes of the first item, then a decision from them (督办).
      const items = await page.evaluate(() => window.huiwuClient && [...window.huiwuClient.sessions.values()][0].meeting.agenda.map((x) => x.id));
      await page.evaluate(async ([m, item]) => {
        const r = await fetch('/api/followup/decisions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ meeting_id: m, item_id: item, text: 'Finish the drainage plan by the end of the month', lead_account: 'walk.lead',
            lead_unit: 'Water Bureau', supervisor_account: 'walk.sup', deadline: '2026-12-31', priority: 1 }) });
        if (!r.ok) throw new Error(`decision: ${r.status} ${await r.text()}`);
      }, [mid, items[0]]);
      await visit('secretary', `secretary.html?m=${mid}`, ['#main:not([hidden])', '#att-list li[data-id] .chip-acct']);
      const chip = await page.locator('#att-list .chip-acct').first().innerText();
      if (!/^Account: [A-Z][a-z]+ [A-Z]/.test(chip)) throw new Error(`the linked account reads ${JSON.stringify(chip)}`);
      if (/Version \d|版本/.test(await page.locator('#topbar').innerText())) throw new Error('the header shows the version');
      if (!(Number(await page.getAttribute('#meeting-version', 'data-version')) > 0)) throw new Error('#meeting-version lost its data-version');
      // A seating chart, made as a secretary would.
      await page.goto(`${stack.baseUrl}/seating.html?m=${mid}`);
      await page.waitForSelector('#st-empty:not([hidden])');
      await page.click('#st-empty-new');
      await page.fill('#sf-name', 'Podium');
      await page.fill('#sf-row-1', '5');
      await page.click('#sf-save');
      await page.waitForSelector('#st-svg svg');
      const chartId = new URL(page.url()).searchParams.get('chart') ||
        await page.evaluate(() => { const s = [...window.huiwuClient.sessions.values()][0]; return (s.meeting.charts || s.meeting.seating_charts || [])[0]?.id || ''; });
      await visit('seating', `seating.html?m=${mid}`, ['#st-svg svg']);
      await visit('index', 'index.html', ['.meeting-row']);
      await visit('leader', `leader.html?m=${mid}`, ['#conn-state[data-state="connected"]', '#ld-agenda li, #ld-agenda .ld-item']);
      await visit('minutes', `minutes.html?m=${mid}`, ['#conn-state[data-state="connected"]', '#mn-text']);
      if (chartId) await visit('namecards', `namecards.html?m=${mid}&chart=${chartId}`, ['.nc-page']);
      else problems.push('namecards: no chart id found to open the name cards');
      await visit('followup', 'followup.html', ['.fu-row']);
      const did = await page.locator('.fu-row').first().getAttribute('data-id');
      await visit('followup-detail', `followup.html?m=${mid}&d=${did}`, ['#fu-detail-state']);
      await visit('followup-digest', 'followup-digest.html', ['#conn-state']);
      await visit('followup-report', 'followup-report.html?from=2026-12-01&to=2027-01-31', ['#fu-report-items tbody tr']);
      // The audit log lists the other tests' meetings, agenda items and attendees by title
      // and name, and the units they made or removed by name: user data, in whatever
      // language it was typed (an item's title shows when the 纪要 tests ran just before).
      others = others.concat(await page.evaluate(async () => (await (await fetch('/api/audit?limit=200')).json()).entries
        .flatMap((e) => [e.meeting_title, e.item_title, e.attendee_name,
          e.action === 'unit_created' || e.action === 'unit_deleted' ? e.detail : null])
        .filter((x) => x && x !== 'Quarterly budget review')));
      await visit('admin', 'admin.html', ['#acc-rows tr', '#aud-rows tr']);
      // The log says which meeting by its title, not its id.
      const joined = await page.locator('#aud-rows tr[data-action="join"] .adm-target').first().innerText();
      if (joined !== 'meeting "Quarterly budget review"') throw new Error(`the audit names the meeting as ${JSON.stringify(joined)}`);
      await visit('jiyao', `jiyao.html?m=${mid}`, ['#jy-sheet[data-ready="true"]']);
      // A 督办 action the server refuses (撤销 without a reason): said at the text box, in English.
      const sctx = await stack.newContext();
      await sctx.addInitScript(() => { try { localStorage.setItem('huiwu.lang', 'en'); } catch { /* about:blank */ } });
      const sup = await stack.page('words-supervisor', ctx.errors, sctx);
      await login(sup, 'walk.sup', PASSWORD, { baseUrl: stack.baseUrl, next: `/followup.html?m=${mid}&d=${did}` });
      await sup.waitForSelector('#fu-actions [data-action="cancel"]');
      await sup.click('#fu-actions [data-action="cancel"]');
      await sup.waitForSelector('#fu-action-text[aria-invalid="true"]', { timeout: 15000 });
      const said = await sup.locator('#fu-actions .field-error').innerText();
      if (said !== 'Give the reason for cancelling the item.') throw new Error(`the refused cancel says ${JSON.stringify(said)}`);
      // The box's own words, not the people and units its pickers list (other tests' user data).
      const boxWords = await sup.locator('#fu-actions').evaluate((el) => {
        const c = el.cloneNode(true);
        for (const s of c.querySelectorAll('select')) s.remove();
        return c.textContent;
      });
      if (CJK.test(boxWords)) throw new Error(`CJK in the English action box: ${boxWords}`);
      await stack.screenshot(sup, 'words-followup-refused');
      await sup.close();

      // The login page, logged out.
      const lctx = await stack.newContext();
      await lctx.addInitScript(() => { try { localStorage.setItem('huiwu.lang', 'en'); } catch { /* about:blank */ } });
      const lpage = await stack.page('words-login', ctx.errors, lctx);
      await lpage.goto(`${stack.baseUrl}/login.html`);
      await lpage.waitForSelector('#login-form:not([hidden])');
      await lpage.fill('#login-user', 'walk.sec');
      await lpage.fill('#login-password', 'not-the-password');
      await lpage.press('#login-password', 'Enter');
      await lpage.waitForSelector('#login-error:not([hidden])');
      const lfound = await cjkOnScreen(lpage, others);
      await stack.screenshot(lpage, 'words-login');
      report.push(`  login (login.html, after a wrong password): ${lfound.length ? lfound.length + ' found' : 'clean'}`);
      for (const f of lfound) problems.push(`login: ${f}`);
      await lpage.close();
    } finally {
      console.log(`  English walk, pages visited:\n${report.join('\n')}`);
      await page.close().catch(() => {});
    }
    if (problems.length) throw new Error(`CJK on English screens:\n${problems.join('\n')}`);
  }, { timeoutMs: 180000 });

  // Every page the walk visited, in both languages, on a laptop (1440×900) and a tablet held
  // landscape (1024×768): a PNG each under artifacts/screens/ for a person to look at, and
  // no page wider than the screen (a sideways scroll bar on a tablet is a broken page).
  test('screens: every page in Chinese and English at 1440×900 and 1024×768, none wider than the screen, every header label whole', async (ctx) => {
    const { stack } = ctx;
    if (!ctx.wordsWalk || !ctx.wordsWalk.visited.length) throw new Error('needs the English walk');
    const wide = [];
    let shots = 0;
    let page = null;
    try {
      for (const lang of ['zh', 'en']) {
        const lctx = await stack.newContext();
        await lctx.addInitScript((l) => { try { localStorage.setItem('huiwu.lang', l); } catch { /* about:blank */ } }, lang);
        page = await stack.page(`screens-${lang}`, ctx.errors, lctx);
        await login(page, 'walk.sec', PASSWORD, { baseUrl: stack.baseUrl });
        for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }]) {
          await page.setViewportSize(size);
          for (const { name, url, ready } of ctx.wordsWalk.visited) {
            await page.goto(`${stack.baseUrl}/${url}`);
            for (const sel of [].concat(ready)) await page.waitForSelector(sel, { timeout: 15000 });
            await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
            const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            if (over > 1) wide.push(`${lang} ${size.width}×${size.height} ${name}: ${over} px wider than the screen`);
            // Every header label whole: a link cut by the navigation's edge (it scrolls
            // sideways rather than widen the page), its own box, or the screen is a label
            // a person cannot read.
            const clipped = await page.evaluate(() => {
              const nav = document.querySelector('.topbar-nav');
              if (!nav) return [];
              const box = nav.getBoundingClientRect();
              return [...nav.querySelectorAll('a')].filter((a) => a.offsetWidth > 0).filter((a) => {
                const r = a.getBoundingClientRect();
                return r.left < box.left - 1 || r.right > box.right + 1 || r.right > window.innerWidth + 1 || a.scrollWidth > a.clientWidth + 1;
              }).map((a) => a.textContent.trim());
            });
            if (clipped.length) wide.push(`${lang} ${size.width}×${size.height} ${name}: header labels cut off: ${clipped.join(', ')}`);
            await stack.screenshot(page, `screens/${lang}-${size.width}x${size.height}-${name}`);
            shots++;
          }
        }
        await page.close();
      }
    } finally {
      await page?.close().catch(() => {});
    }
    console.log(`  ${shots} screenshots in artifacts/screens/`);
    if (wide.length) throw new Error(`pages wider than the screen or header labels cut off:\n${wide.join('\n')}`);
  }, { timeoutMs: 240000 });
}
