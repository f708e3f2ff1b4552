// Reads the minutes DOCX back with an independent reader: mammoth (a maintained DOCX
// library, pinned in package-lock.json) extracts the paragraphs' text; the test checks the
// Chinese text, the order of the parts and the grouping, and that the text export says the
// same. `unzip -t` checks the container and xmllint every XML part (both installed by
// deploy/install-deps.sh --test).
// The sample is written by huiwu_export_sample (path in HUIWU_EXPORT_SAMPLE, else the default
// build directory). Run: (cd tests/export && npm ci) && node --test tests/export/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import mammoth from 'mammoth';

const here = path.dirname(fileURLToPath(import.meta.url));
const generator =
  process.env.HUIWU_EXPORT_SAMPLE ?? path.join(here, '../../build/tests/export/huiwu_export_sample');

assert.ok(existsSync(generator), `build huiwu_export_sample first (${generator})`);
const dir = mkdtempSync(path.join(tmpdir(), 'huiwu-export-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
execFileSync(generator, [dir]);

async function paragraphs(name) {
  const { value, messages } = await mammoth.extractRawText({ path: path.join(dir, name) });
  assert.deepEqual(messages.filter((m) => m.type === 'error'), []);
  // mammoth ends every paragraph with two newlines; empty paragraphs are spacers.
  return value.split('\n\n').map((p) => p.trim()).filter((p) => p !== '');
}

const opening =
  '2026年11月23日上午9时30分，王建国在市政府第一会议室主持召开市政府第12次常务会议，' +
  '听取了关于2027年财政预算的汇报，研究了安全生产大检查有关事项。现记录如下：';
const tail = ['出席：王建国、李娜、周杰、陈刚、赵敏', '请假：张伟', '列席：刘洋（财政局）', '2026年11月23日'];

test('by item: heading, number, opening, the items in order, attendance, date', async () => {
  assert.deepEqual(await paragraphs('by-item.docx'), [
    '内部',
    '市政府第12次常务会议记录',
    '〔2026〕12号',
    opening,
    '一、关于2027年财政预算的汇报',
    '王建国：预算总体平稳，收支基本平衡。',
    '李娜：建议压缩会议费😀，控制在上年水平。',
    '会议同意财政局的意见。',
    '王建国：请财政局牵头，11月底前报送。',
    '二、关于安全生产大检查',
    '李娜:检查组下周出发，重点是𠀀𠀁类企业。',
    '会议要求：各区县一周内自查。',
    '张伟：我因出差请假，书面意见已提交。',
    ...tail,
  ]);
});

test('by speaker: each speaker in rank order with the items they spoke to, then 其他', async () => {
  const i1 = '议题：关于2027年财政预算的汇报';
  const i2 = '议题：关于安全生产大检查';
  assert.deepEqual(await paragraphs('by-speaker.docx'), [
    '内部',
    '市政府第12次常务会议记录',
    '〔2026〕12号',
    opening,
    '一、王建国', i1, '预算总体平稳，收支基本平衡。', '请财政局牵头，11月底前报送。',
    '二、李娜', i1, '建议压缩会议费😀，控制在上年水平。', i2, '检查组下周出发，重点是𠀀𠀁类企业。',
    '三、张伟', i2, '我因出差请假，书面意见已提交。',
    '四、其他', i1, '会议同意财政局的意见。', i2, '会议要求：各区县一周内自查。',
    ...tail,
  ]);
});

test('the secret item of the sample is in neither document (the reader is not cleared)', async () => {
  for (const name of ['by-item.docx', 'by-speaker.docx', 'by-item.txt', 'by-speaker.txt']) {
    const text = name.endsWith('.txt')
      ? readFileSync(path.join(dir, name), 'utf8')
      : (await mammoth.extractRawText({ path: path.join(dir, name) })).value;
    assert.ok(!text.includes('SENTINEL'), name);
  }
});

test('the text export has the same paragraphs as the DOCX', async () => {
  for (const base of ['by-item', 'by-speaker']) {
    const txt = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path.join(dir, `${base}.txt`)));
    const lines = txt.split('\n').filter((l) => l !== '');
    assert.deepEqual(lines, await paragraphs(`${base}.docx`), base);
  }
});

test('the style names survive: the heading and labels are styled, not plain text', async () => {
  const styleMap = ["p[style-name='纪要标题'] => h1:fresh", "p[style-name='一级标题'] => h2:fresh",
    "r[style-name='标签'] => strong"];
  const { value } = await mammoth.convertToHtml({ path: path.join(dir, 'by-item.docx') }, { styleMap });
  assert.match(value, /<h1>市政府第12次常务会议记录<\/h1>/);
  assert.match(value, /<h2>一、关于2027年财政预算的汇报<\/h2>/);
  assert.match(value, /<strong>出席：<\/strong>王建国/);
});

test('the container and every XML part are well-formed', (t) => {
  const docx = path.join(dir, 'by-item.docx');
  // deploy/install-deps.sh --test installs both tools: missing is a broken install.
  assert.equal(spawnSync('unzip', ['-v']).status, 0, 'unzip is missing: run deploy/install-deps.sh --test');
  assert.equal(spawnSync('unzip', ['-tq', docx]).status, 0);
  assert.equal(spawnSync('xmllint', ['--version']).status, 0, 'xmllint is missing: run deploy/install-deps.sh --test');
  for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml',
    'word/fontTable.xml', 'word/_rels/document.xml.rels']) {
    const xml = execFileSync('unzip', ['-p', docx, part.replace('[', '\\[').replace(']', '\\]')]);
    const r = spawnSync('xmllint', ['--noout', '-'], { input: xml });
    assert.equal(r.status, 0, `${part}: ${r.stderr}`);
  }
});
