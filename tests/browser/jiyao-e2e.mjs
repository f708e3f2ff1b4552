// The 纪要 print page (jiyao.html, docs/export.md "纪要"); registered by e2e.mjs, same
// stack and runner.
//
// 王秘书 makes a meeting (an open item and a secret one, a chair, 赵参会 invited) and takes
// a decision on the open item; the export menu's 纪要 preview opens the print page: the
// A4 @page margins of GB/T 9704, the red heading, the issue number, the opening, the
// numbered sections, the decision with its unit and deadline linked to its 督办 item, the
// attendance in rank order, 分送 and 印发; in print media the toolbar is gone. 赵参会,
// cleared for 内部 only, gets the secret section withheld and marked.
//
// Artifacts: jiyao-print.png, jiyao-print.pdf (Chromium's print, read back by pdftotext),
// jiyao-print-participant.png.

import { execFileSync } from 'node:child_process';
import path from 'node:path';

import { login, waitFor } from './lib/stack.mjs';

const TITLE = '2026年第11次局长办公会议（纪要测试）';
const OPEN = '审议《预算调整方案》';
const SECRET = '机密议题（纪要测试）';

export function registerJiyaoTests(test) {
  test('jiyao: the print page lays out the 纪要 on A4, cut for a reader below an item', async (ctx) => {
    const { stack } = ctx;
    const pages = [];
    try {
      const sec = await stack.page('jiyao-secretary', ctx.errors);
      pages.push(sec);
      await sec.goto(`${stack.baseUrl}/index.html`);
      await sec.waitForSelector('#conn-state[data-state="connected"]');
      await sec.fill('#c-title', TITLE);
      await sec.fill('#c-place', '第一会议室');
      await sec.selectOption('#c-level', 'LEVEL_INTERNAL');
      await sec.press('#c-title', 'Enter');
      await sec.waitForURL(/secretary\.html\?m=/);
      await sec.waitForSelector('#main:not([hidden])');
      const mid = new URL(sec.url()).searchParams.get('m');
      for (const [title, level] of [[OPEN, 'LEVEL_PUBLIC'], [SECRET, 'LEVEL_SECRET']]) {
        await sec.fill('#ai-title', title);
        await sec.selectOption('#ai-level', level);
        await sec.press('#ai-title', 'Enter');
      }
      await sec.waitForFunction(() => document.querySelectorAll('#agenda-list li').length === 2);
      await sec.fill('#aa-name', '王建国');
      await sec.fill('#aa-rank', '1');
      await sec.selectOption('#aa-role', 'ROLE_CHAIR');
      await sec.press('#aa-name', 'Enter');
      await sec.waitForSelector('#att-list li >> nth=0');
      await sec.selectOption('#aa-account', 'zhao');
      await sec.fill('#aa-rank', '2');
      await sec.selectOption('#aa-role', 'ROLE_PARTICIPANT');
      await sec.press('#aa-name', 'Enter');
      await sec.waitForSelector('#att-list li[data-id] .chip-acct[data-account="zhao"]');
      const decision = await sec.evaluate(async (m) => {
        const r = await fetch('/api/followup/decisions', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ meeting_id: m, item_id: 'i1', text: '按程序报批预算调整方案', lead_account: 'li', lead_unit: '局办公室',
            supervisor_account: 'wang', deadline: '2027-01-15' }) });
        const body = await r.json();
        if (r.status !== 201) throw new Error(`decision: ${r.status} ${JSON.stringify(body)}`);
        return body.decision_id;
      }, mid);

      // The export menu's 纪要 preview, with an issue number typed in the menu.
      await sec.click('#export-menu > summary');
      await sec.fill('#ex-number', '第11期');
      const href = await sec.getAttribute('#ex-jiyao-print', 'href');
      if (href !== `jiyao.html?m=${mid}&number=11&numbering=period`) throw new Error(`preview link ${href}`);
      const print = await stack.page('jiyao-print', ctx.errors);
      pages.push(print);
      await print.goto(`${stack.baseUrl}/${href}&issuer=${encodeURIComponent('局办公室')}&to=${encodeURIComponent('各处室')}&to=${encodeURIComponent('各直属单位')}`);
      await print.waitForSelector('#jy-sheet[data-ready="true"]');
      const texts = await print.locator('#jy-sheet p, #jy-sheet h1, #jy-sheet h2').allInnerTexts();
      const flat = texts.map((s) => s.replace(/\s+/g, '')).join('\n');
      const want = [
        '机密', `${TITLE}纪要`, '第11期', '局办公室2026年',
        `王建国在第一会议室主持召开${TITLE}，审议了《预算调整方案》，研究了${SECRET}有关事项。现纪要如下：`,
        `一、${OPEN}`, '会议审议了《预算调整方案》。', '会议议定事项如下：',
        '（一）按程序报批预算调整方案（责任单位：局办公室；完成时限：2027年1月15日前）。',
        `二、${SECRET}`, '出席：王建国、赵参会', '分送：各处室，各直属单位。', '局办公室', '印发',
      ];
      let at = 0;
      for (const w of want) {
        const i = flat.indexOf(w.replace(/\s+/g, ''), at);
        if (i < 0) throw new Error(`the print page lacks ${JSON.stringify(w)} after ${at}:\n${flat}`);
        at = i;
      }
      const link = await print.getAttribute(`.jy-decision[data-decision="${decision}"] a`, 'href');
      if (link !== `followup.html?m=${mid}&d=${decision}`) throw new Error(`督办 link ${link}`);
      // The layout: A4 with GB/T 9704's margins, odd/even page numbers, faces and sizes.
      const layout = await print.evaluate(() => {
        const rules = [];
        for (const sheet of document.styleSheets) {
          for (const r of sheet.cssRules) if (r instanceof CSSPageRule) rules.push({ sel: r.selectorText, size: r.style.size, margin: r.style.margin, text: r.cssText });
        }
        const cs = (sel) => getComputedStyle(document.querySelector(sel));
        return {
          rules,
          heading: { color: cs('.jy-heading').color, size: cs('.jy-heading').fontSize, font: cs('.jy-heading').fontFamily },
          body: { size: cs('.jy-statement').fontSize, font: cs('.jy-statement').fontFamily, indent: cs('.jy-statement').textIndent },
          section: cs('.jy-section').fontFamily,
          sectionSize: cs('.jy-section').fontSize,
          label: cs('.jy-names .jy-label').fontFamily,
          kai: cs('.jy-decision .jy-no').fontFamily,
          rule: cs('.jy-masthead').borderBottomColor,
        };
      });
      const base = layout.rules.find((r) => r.sel === '');
      if (!base || base.size.toUpperCase() !== 'A4' || base.margin !== '37mm 26mm 35mm 28mm') throw new Error(`@page ${JSON.stringify(layout.rules)}`);
      const right = layout.rules.find((r) => r.sel === ':right');
      const left = layout.rules.find((r) => r.sel === ':left');
      if (!right || !/@bottom-right[^}]*counter\(page\)/.test(right.text) || !left || !/@bottom-left/.test(left.text)) {
        throw new Error(`page numbers: ${JSON.stringify(layout.rules)}`);
      }
      if (layout.heading.color !== 'rgb(230, 0, 18)' || layout.heading.size !== '29.3333px' || !/方正小标宋简体/.test(layout.heading.font)) {
        throw new Error(`heading ${JSON.stringify(layout.heading)}`);
      }
      if (layout.body.size !== '21.3333px' || !/^"?仿宋_GB2312/.test(layout.body.font) || layout.body.indent !== '42.6667px') {
        throw new Error(`body ${JSON.stringify(layout.body)}`);
      }
      if (layout.sectionSize !== '21.3333px' || !/^"?黑体/.test(layout.section) || !/^"?黑体/.test(layout.label) || !/^"?楷体_GB2312/.test(layout.kai)) {
        throw new Error(`faces ${JSON.stringify(layout)}`);
      }
      await stack.screenshot(print, 'jiyao-print');
      await print.emulateMedia({ media: 'print' });
      if (await print.locator('#jy-toolbar').isVisible()) throw new Error('the toolbar prints');
      // Chromium's own print: A4 pages, "— 1 —" at the foot, the toolbar left out.
      const pdfPath = path.join(stack.artifacts, 'jiyao-print.pdf');
      await print.pdf({ path: pdfPath, preferCSSPageSize: true });
      const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
      if (!/Page size:.*\(A4\)/.test(info)) throw new Error(`printed page size:\n${info}`);
      const printed = execFileSync('pdftotext', ['-enc', 'UTF-8', '-l', '1', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      if (!printed.includes('—1—') || !printed.includes(`${TITLE}纪要`) || printed.includes('印发机关')) {
        throw new Error(`the printed first page:\n${printed}`);
      }
      await print.emulateMedia({ media: 'screen' });
      // The toolbar's Word and PDF links carry the same options.
      const pdfHref = await print.getAttribute('#jy-pdf', 'href');
      if (!pdfHref.includes('format=pdf') || !pdfHref.includes('number=11') || !pdfHref.includes('numbering=period')) {
        throw new Error(`PDF link ${pdfHref}`);
      }

      // 赵参会, cleared for 内部: the secret section is withheld and says so.
      const pctx = await stack.newContext();
      const pLogin = await pctx.newPage();
      await login(pLogin, 'zhao', undefined, { baseUrl: stack.baseUrl });
      await pLogin.close();
      const part = await stack.page('jiyao-participant', ctx.errors, pctx);
      pages.push(part);
      await part.goto(`${stack.baseUrl}/jiyao.html?m=${encodeURIComponent(mid)}`);
      await part.waitForSelector('#jy-sheet[data-ready="true"]');
      const seen = (await part.locator('#jy-sheet').innerText());
      if (seen.includes(SECRET)) throw new Error(`the participant sees the secret item:\n${seen}`);
      if (!seen.startsWith('内部')) throw new Error(`the participant's marking:\n${seen}`);
      await waitFor(async () => (await part.locator('#jy-sheet h2.jy-section').allInnerTexts()).join('|') === `一、${OPEN}|二、（略）`,
        { what: 'the participant\'s sections: the open one and 二、（略）' });
      if (!(await part.locator('.jy-withheld').innerText()).includes('本议题内容按密级规定不予显示。')) throw new Error('no withheld notice');
      await stack.screenshot(part, 'jiyao-print-participant');
    } finally {
      for (const p of pages) await p.close().catch(() => {});
    }
  });
}
