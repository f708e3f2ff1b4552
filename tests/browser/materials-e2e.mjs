// Materials per agenda item in the browser (decision 0027); registered by e2e.mjs.
//
// 王秘书 uploads a PDF and a DOCX to an internal item (through the upload control, as a
// person picking files) and a PDF to a confidential one, and tries a text file named .pdf,
// which is refused with a clear Chinese message. 赵参会 (participant, cleared for 内部)
// sees the internal item's two files live on their page and downloads the PDF byte for
// byte; the confidential item's file never reaches their page.
//
// Artifacts: materials-secretary.png, materials-participant.png.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor, login } from './lib/stack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const samples = path.resolve(here, '../materials/samples');
const SECRET_FILE = '人事任免建议名单.pdf';
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

/** Picks a file in the item's upload control, named `name` (a copy of sample `file`). */
async function pick(page, itemId, file, name, tmp) {
  const copy = path.join(tmp, name);
  fs.copyFileSync(path.join(samples, file), copy);
  await page.locator(`.mat-item[data-item="${itemId}"] .mat-drop input[type=file]`).setInputFiles(copy);
}

export function registerMaterialTests(test) {
  test('materials: a secretary uploads a PDF and a DOCX; a participant sees and downloads them live; a reader below the level sees none', async (ctx) => {
    const { stack } = ctx;
    const tmp = fs.mkdtempSync(path.join(stack.dir, 'upload-'));
    const sec = await stack.page('materials-secretary', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    await sec.fill('#c-title', '2026年第9次局长办公会议（材料）');
    await sec.selectOption('#c-level', 'LEVEL_INTERNAL');
    await sec.press('#c-title', 'Enter');
    await sec.waitForURL(/secretary\.html\?m=/);
    await sec.waitForSelector('#main:not([hidden])');
    const mid = new URL(sec.url()).searchParams.get('m');
    for (const [title, level] of [['审议《部门预算调整方案》', 'LEVEL_INTERNAL'], ['干部任免', 'LEVEL_CONFIDENTIAL']]) {
      await sec.fill('#ai-title', title);
      await sec.selectOption('#ai-level', level);
      await sec.press('#ai-title', 'Enter');
    }
    await sec.waitForSelector('.mat-item >> nth=1');
    const [open, secret] = await sec.locator('.mat-item').evaluateAll((els) => els.map((e) => e.dataset.item));
    await sec.selectOption('#aa-account', 'zhao');
    await sec.selectOption('#aa-role', 'ROLE_PARTICIPANT');
    await sec.press('#aa-name', 'Enter');
    await sec.waitForSelector('#att-list li[data-id] .chip-acct[data-account="zhao"]');

    // The participant's page is open before anything is uploaded: the files arrive live.
    const pctx = await stack.newContext();
    const pLogin = await pctx.newPage();
    await login(pLogin, 'zhao', undefined, { baseUrl: stack.baseUrl });
    await pLogin.close();
    const part = await stack.page('materials-participant', ctx.errors, pctx);
    const partFrames = [];
    part.on('websocket', (ws) => ws.on('framereceived', (f) => partFrames.push(String(f.payload))));
    await part.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
    await part.waitForSelector('#my-role[data-role="ROLE_PARTICIPANT"]');
    if (await part.locator('.mat-drop').count()) throw new Error('a participant is offered the upload control');

    await pick(sec, open, 'outline.pdf', '预算调整说明.pdf', tmp);
    await sec.waitForSelector(`.mat-item[data-item="${open}"] .mat-row >> nth=0`);
    await pick(sec, open, 'outline.docx', '预算调整方案.docx', tmp);
    await sec.waitForSelector(`.mat-item[data-item="${open}"] .mat-row >> nth=1`);
    await pick(sec, secret, 'outline.pdf', SECRET_FILE, tmp);
    await sec.waitForSelector(`.mat-item[data-item="${secret}"] .mat-row`);
    // A text file under a PDF name: refused, said in Chinese, nothing added.
    await pick(sec, open, 'notes.txt.docx', '会议须知.pdf', tmp);
    await sec.waitForSelector('.toast-error >> text=不是可接受的文件类型');
    if ((await sec.locator(`.mat-item[data-item="${open}"] .mat-row`).count()) !== 2) throw new Error('a refused file was listed');
    // The upload control is reachable by keyboard: its button takes focus.
    await sec.locator(`.mat-item[data-item="${open}"] .mat-drop button`).focus();
    if (!(await sec.evaluate(() => document.activeElement && document.activeElement.closest('.mat-drop')))) throw new Error('the upload button cannot take focus');
    await sec.locator('#materials').screenshot({ path: `${stack.artifacts}/materials-secretary.png` });

    // The participant: both files of the internal item, live; nothing of the confidential one.
    await waitFor(async () => (await part.locator(`.mat-item[data-item="${open}"] .mat-row`).count()) === 2,
      { what: 'the two files on the participant page' });
    const names = await part.locator('.mat-name').allInnerTexts();
    if (names.join() !== '预算调整说明,预算调整方案') throw new Error(`participant sees ${names}`);
    if (await part.locator(`.mat-item[data-item="${secret}"]`).count()) throw new Error('the confidential item is on the participant page');
    const html = await part.content();
    if (html.includes('人事任免建议名单')) throw new Error('the confidential file name is on the participant page');
    const leak = partFrames.find((f) => f.includes('人事任免建议名单'));
    if (leak) throw new Error(`a frame to the participant names the confidential file: ${leak.slice(0, 200)}`);
    const [download] = await Promise.all([
      part.waitForEvent('download'),
      part.locator(`.mat-item[data-item="${open}"] .mat-download >> nth=0`).click(),
    ]);
    if (download.suggestedFilename() !== '预算调整说明.pdf') throw new Error(`download named ${download.suggestedFilename()}`);
    const got = fs.readFileSync(await download.path());
    if (sha(got) !== sha(fs.readFileSync(path.join(samples, 'outline.pdf')))) throw new Error('the downloaded PDF differs');
    // The confidential file's route answers like a missing one.
    const status = await part.evaluate(async ([m, item]) => (await fetch(`/api/meetings/materials/file?m=${m}&item=${item}&material=f1`)).status, [mid, secret]);
    if (status !== 404) throw new Error(`the confidential file answered ${status}`);
    await part.locator('#materials').screenshot({ path: `${stack.artifacts}/materials-participant.png` });
    await pctx.close();
  }, { timeoutMs: 90000 });
}
