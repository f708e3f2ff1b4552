// 仅阅读 (view-only) materials in the browser (decision 0032); registered by e2e.mjs.
//
// 王秘书 uploads a PDF to an internal item and switches it to 仅阅读. 赵参会's page, open all
// along, turns the row into a view-only one live: the badge, a 阅读 button, no download link
// anywhere; 阅读 opens the viewer over the page with the PDF shown inline; the download route
// answers them 403 while the secretary still gets the file.
//
// Artifacts: materials-view-participant.png (the viewer), materials-view-row.png (the
// participant's row), materials-view-secretary.png.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor, login } from './lib/stack.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const samples = path.resolve(here, '../materials/samples');

export function registerMaterialViewTests(test) {
  test('materials: a view-only PDF is read in the page viewer by a participant, never downloaded', async (ctx) => {
    const { stack } = ctx;
    const tmp = fs.mkdtempSync(path.join(stack.dir, 'upload-view-'));
    const sec = await stack.page('materials-view-secretary', ctx.errors);
    await sec.goto(`${stack.baseUrl}/index.html`);
    await sec.waitForSelector('#conn-state[data-state="connected"]');
    await sec.fill('#c-title', '干部工作会议（仅阅读材料）');
    await sec.selectOption('#c-level', 'LEVEL_INTERNAL');
    await sec.press('#c-title', 'Enter');
    await sec.waitForURL(/secretary\.html\?m=/);
    await sec.waitForSelector('#main:not([hidden])');
    const mid = new URL(sec.url()).searchParams.get('m');
    await sec.fill('#ai-title', '研究干部考察情况');
    await sec.selectOption('#ai-level', 'LEVEL_INTERNAL');
    await sec.press('#ai-title', 'Enter');
    await sec.waitForSelector('.mat-item');
    const item = await sec.locator('.mat-item').first().getAttribute('data-item');
    await sec.selectOption('#aa-account', 'zhao');
    await sec.selectOption('#aa-role', 'ROLE_PARTICIPANT');
    await sec.press('#aa-name', 'Enter');
    await sec.waitForSelector('#att-list li[data-id] .chip-acct[data-account="zhao"]');

    const pctx = await stack.newContext();
    const pLogin = await pctx.newPage();
    await login(pLogin, 'zhao', undefined, { baseUrl: stack.baseUrl });
    await pLogin.close();
    const part = await stack.page('materials-view-participant', ctx.errors, pctx);
    await part.goto(`${stack.baseUrl}/secretary.html?m=${encodeURIComponent(mid)}`);
    await part.waitForSelector('#my-role[data-role="ROLE_PARTICIPANT"]');

    const copy = path.join(tmp, '考察情况汇报.pdf');
    fs.copyFileSync(path.join(samples, 'outline.pdf'), copy);
    await sec.locator(`.mat-item[data-item="${item}"] .mat-drop input[type=file]`).setInputFiles(copy);
    await sec.waitForSelector(`.mat-item[data-item="${item}"] .mat-view-only-switch`);
    await part.waitForSelector(`.mat-item[data-item="${item}"] .mat-download`);  // downloadable first
    await sec.locator(`.mat-item[data-item="${item}"] .mat-view-only-switch`).click();
    await sec.waitForSelector(`.mat-item[data-item="${item}"] .mat-badge-view`);

    // Live on the participant's page: the row becomes view only, no link to the file.
    await part.waitForSelector(`.mat-item[data-item="${item}"] .mat-view-only .mat-read`);
    if (await part.locator('#materials a[href*="materials/file"]').count()) throw new Error('a file link is left on the participant page');
    const badge = await part.locator('.mat-view-only .mat-badge-view').innerText();
    if (badge !== '仅阅读') throw new Error(`badge reads ${badge}`);
    await part.locator('#materials').screenshot({ path: `${stack.artifacts}/materials-view-row.png` });
    await part.locator('.mat-view-only .mat-read').click();
    await part.waitForSelector('.mat-viewer iframe.mat-viewer-frame');
    const src = await part.locator('.mat-viewer iframe').getAttribute('src');
    if (!src.includes('inline=1') || !src.includes('#toolbar=0')) throw new Error(`viewer src ${src}`);
    const inlineStatus = await part.evaluate(async (u) => (await fetch(u.split('#')[0])).status, src);
    if (inlineStatus !== 200) throw new Error(`the inline view answered ${inlineStatus}`);
    const box = await part.locator('.mat-viewer iframe').boundingBox();
    if (!box || box.height < 400) throw new Error(`the viewer frame is ${JSON.stringify(box)}`);
    // The browser's own PDF viewer takes the frame (with its toolbar hidden).
    await waitFor(async () => part.frames().some((f) => f.url().startsWith('chrome-extension://')), { what: "the browser's PDF viewer in the frame" });
    await part.waitForTimeout(1500);  // for the screenshot only: the viewer paints the pages
    await part.screenshot({ path: `${stack.artifacts}/materials-view-participant.png` });
    const fid = await part.locator('.mat-view-only').getAttribute('data-material');
    const fetchStatus = async ([m, it, f]) => (await fetch(`/api/meetings/materials/file?m=${m}&item=${it}&material=${f}`)).status;
    const dl = await part.evaluate(fetchStatus, [mid, item, fid]);
    const secDl = await sec.evaluate(fetchStatus, [mid, item, fid]);
    if (dl !== 403 || secDl !== 200) throw new Error(`download answered participant ${dl}, secretary ${secDl}`);
    await part.keyboard.press('Escape');
    await waitFor(async () => (await part.locator('.mat-viewer').count()) === 0, { what: 'the viewer closed by Escape' });
    await sec.locator('#materials').screenshot({ path: `${stack.artifacts}/materials-view-secretary.png` });
    await pctx.close();
  }, { timeoutMs: 90000 });
}
