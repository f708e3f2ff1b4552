// The notice (会议通知) DOCX read by two programs that are not ours: LibreOffice headless
// converts it to text, and mammoth (pinned in package-lock.json) extracts its paragraphs.
// Both must read, in order and with Chinese intact: the marking, the heading "关于召开…的通知",
// the issuer and date, the salutation, the sections 一、 to 六、 with the time in the office's
// zone, the place, the attendees in rank order, the agenda, the materials, what to bring and
// the reply-by date, and 联系人. Fails (does not skip) when soffice is missing.
// HUIWU_NOTICE_SAMPLE: the huiwu_notice_sample binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mammoth from 'mammoth';

const here = dirname(fileURLToPath(import.meta.url));
const sample = process.env.HUIWU_NOTICE_SAMPLE || join(here, '../../build/tests/export/huiwu_notice_sample');
const dir = mkdtempSync(join(tmpdir(), 'notice-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const docx = join(dir, 'notice.docx');
execFileSync(sample, [docx]);

const squeeze = (s) => s.replace(/[\s\u3000-]+/g, '');
function inOrder(text, passages, what) {
  const flat = squeeze(text);
  let at = 0;
  for (const p of passages) {
    const i = flat.indexOf(squeeze(p), at);
    assert.ok(i >= 0, `${what}: "${p}" missing after position ${at}\n---\n${text}`);
    at = i + squeeze(p).length;
  }
}

const expected = [
  '内部',
  '关于召开2026年第四季度工作会议的通知',
  '局办公室', '2026年12月15日',
  '各位参会人员：',
  '经研究，定于2026年12月18日上午9时30分至2026年12月18日上午11时30分在机关三楼第一会议室召开2026年第四季度工作会议。',
  '一、会议时间', '二、会议地点', '机关三楼第一会议室',
  '三、参会人员', '局领导局长王建国、财务处处长赵参会',
  '四、会议议程', '（一）通报第四季度重点工作进展（汇报人：办公室）',
  '五、会议材料', '（一）第四季度重点工作进展表',
  '六、有关事项', '（一）请携带笔记本电脑', '（二）请于2026年12月15日前反馈回执',
  '联系人：', '王秘书，电话：010-66668888',
];

test('LibreOffice reads the notice in order', () => {
  const profile = mkdtempSync(join(tmpdir(), 'notice-lo-'));
  try {
    execFileSync('soffice', ['--headless', '--norestore', '--nologo', '--nolockcheck',
      `-env:UserInstallation=file://${profile}`, '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', dir, docx],
    { encoding: 'utf8', timeout: 240_000, env: { ...process.env, HOME: profile } });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  inOrder(readFileSync(join(dir, 'notice.txt'), 'utf8'), expected, 'LibreOffice');
});

test('mammoth reads the notice in order, each section title its own paragraph', async () => {
  const { value, messages } = await mammoth.extractRawText({ path: docx });
  assert.deepEqual(messages.filter((m) => m.type === 'error'), []);
  inOrder(value, expected, 'mammoth');
  const paragraphs = value.split('\n\n').map((p) => p.trim()).filter(Boolean);
  for (const t of ['一、会议时间', '三、参会人员', '六、有关事项']) assert.ok(paragraphs.includes(t), `${t} is not a paragraph of its own`);
});
