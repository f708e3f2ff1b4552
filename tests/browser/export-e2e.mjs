// The "导出纪要" menu (docs/export.md); registered by e2e.mjs, same stack and runner.
//
// 王秘书 makes a meeting with two items and a tagged record, then exports from the minutes
// page: the text by item and the Word file by speaker arrive as downloads named after the
// meeting ("…记录.txt" / "…记录.docx": the 会议记录) and hold the record. What a participant
// below an item's level gets is tested against the server in tests/integration/export_test.cpp.
//
// Artifacts: export-menu.png.

import fs from 'node:fs';

const TITLE = '2026年第9次局长办公会议（导出测试）';

export function registerExportTests(test) {
  test('export: the minutes page exports the formal minutes as text and Word, named after the meeting', async (ctx) => {
    const { stack } = ctx;
    const sec = await stack.page('export-secretary', ctx.errors);
    try {
      await sec.goto(`${stack.baseUrl}/index.html`);
      await sec.waitForSelector('#conn-state[data-state="connected"]');
      await sec.fill('#c-title', TITLE);
      await sec.fill('#c-place', '第一会议室');
      await sec.press('#c-title', 'Enter');
      await sec.waitForURL(/secretary\.html\?m=/);
      await sec.waitForSelector('#main:not([hidden])');
      for (const title of ['审议预算调整方案', '听取安全生产汇报']) {
        await sec.fill('#ai-title', title);
        await sec.press('#ai-title', 'Enter');
      }
      await sec.fill('#aa-name', '王建国');
      await sec.fill('#aa-rank', '1');
      await sec.selectOption('#aa-role', 'ROLE_CHAIR');
      await sec.press('#aa-name', 'Enter');
      await sec.waitForFunction(() => document.querySelectorAll('#att-list li').length === 1);
      await sec.waitForSelector('#export-menu');

      await sec.goto(sec.url().replace('secretary.html', 'minutes.html'));
      await sec.waitForSelector('#mn-text:not([readonly])');
      await sec.focus('#mn-text');
      await sec.keyboard.press('Alt+1');
      await sec.keyboard.insertText('同意调整方案😀，请财务处按程序报批。');
      await sec.waitForSelector('#mn-sync[data-state="saved"]');

      await sec.click('#export-menu > summary');
      await stack.screenshot(sec, 'export-menu');
      const fetchDownload = async (format, group) => {
        const [dl] = await Promise.all([
          sec.waitForEvent('download'),
          sec.click(`#export-menu .ex-choice[data-format="${format}"][data-group="${group}"]`),
        ]);
        return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
      };
      const txt = await fetchDownload('txt', 'item');
      if (txt.name !== `${TITLE}记录.txt`) throw new Error(`text file name ${JSON.stringify(txt.name)}`);
      const text = txt.bytes.toString('utf8');
      for (const want of [`${TITLE}记录\n`, '王建国在第一会议室主持召开', '一、审议预算调整方案\n王建国：同意调整方案😀', '二、听取安全生产汇报', '出席：王建国']) {
        if (!text.includes(want)) throw new Error(`the text export lacks ${JSON.stringify(want)}:\n${text}`);
      }
      await sec.click('#export-menu > summary');
      const docx = await fetchDownload('docx', 'speaker');
      if (docx.name !== `${TITLE}记录.docx`) throw new Error(`Word file name ${JSON.stringify(docx.name)}`);
      if (docx.bytes.subarray(0, 4).toString('latin1') !== 'PK\x03\x04') throw new Error('the Word file is no ZIP package');
    } catch (e) {
      await stack.screenshot(sec, 'FAILED-export');
      throw e;
    } finally {
      await sec.close().catch(() => {});
    }
  }, { timeoutMs: 60000 });
}
