// The 纪要 DOCX read by programs that are not ours: LibreOffice headless converts it to PDF
// and to text, and poppler's pdftotext reads the PDF. What a secretary checks on paper must
// be there, in order, with Chinese intact: heading, issue number, opening, every section,
// every decision with unit and deadline, the attendance lines in name order, 记录人, the
// follow-up annex (议定事项督办表, with 督办人), 分送,
// 印发 and the page number "— 1 —". A reader below the secret item's level gets the cut
// version. The text LibreOffice reads is kept (HUIWU_JIYAO_OUT/jiyao-internal.lo.txt) and
// must be the sample shown in docs/export.md.
//
// HUIWU_JIYAO_SAMPLE: the huiwu_jiyao_sample binary. Fails (does not skip) when soffice,
// pdftotext, pdfinfo or unzip is missing: deploy/install-deps.sh --test installs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const sample = process.env.HUIWU_JIYAO_SAMPLE;
const out = process.env.HUIWU_JIYAO_OUT || mkdtempSync(join(tmpdir(), 'jiyao-'));
mkdirSync(out, { recursive: true });

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', timeout: 240_000, ...opts });
}

// One LibreOffice conversion with a private profile, so that parallel runs never share one.
function soffice(file, filter) {
  const profile = mkdtempSync(join(tmpdir(), 'jiyao-lo-'));
  try {
    run('soffice', ['--headless', '--norestore', '--nologo', '--nolockcheck',
      `-env:UserInstallation=file://${profile}`, '--convert-to', filter, '--outdir', out, file],
    { env: { ...process.env, HOME: profile } });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

// White space is where a reader broke lines, not part of what the document says; pdftotext
// also joins a word broken after an ASCII hyphen, so hyphens are left out of the comparison.
const squeeze = (s) => s.replace(/[\s\u3000-]+/g, '');

// Each expected passage, in order, each after the one before.
function inOrder(text, passages, what) {
  const flat = squeeze(text);
  let at = 0;
  for (const p of passages) {
    const i = flat.indexOf(squeeze(p), at);
    assert.ok(i >= 0, `${what}: "${p}" missing after position ${at}\n---\n${text}`);
    at = i + squeeze(p).length;
  }
}

const common = [
  '市政府第12次常务会议纪要',
  '〔2026〕12号',
  '市人民政府办公室', '2026年11月25日',
  '2026年11月23日上午9时30分，市长王建国在市政府第一会议室主持召开市政府第12次常务会议，'
    + '听取了关于2027年财政预算编制情况的汇报，审议了《安全生产大检查工作方案》，研究部署了今冬明春供暖保障工作',
  '现纪要如下：',
  '一、关于2027年财政预算编制情况的汇报',
  '会议听取了市财政局局长周杰关于2027年财政预算编制情况的汇报。',
  '会议认为，预算编制总体稳妥，符合上级要求。',
  '会议原则同意2027年财政预算草案。',
  '会议议定事项如下：',
  '（一）修改完善2027年财政预算草案，按程序提请市人大常委会审议（责任单位：市财政局；完成时限：2026年12月15日前）。',
  '会议要求财政局根据讨论意见修改完善后，按程序提请市人大常委会审议。',
  '二、审议《安全生产大检查工作方案》',
  '会议决定，自11月下旬起在全市开展为期一个月的安全生产大检查。',
  '（一）在全市开展为期一个月的安全生产大检查（牵头单位：市应急管理局；协办单位：市住房城乡建设局、市交通运输局；完成时限：2026年12月31日前）。',
  '会议要求：各区县一周内完成自查，重点检查𠀀𠀁类危化企业。',
  '三、研究部署今冬明春供暖保障工作',
  '（一）做好今冬明春煤炭储备和供暖设施检修（牵头单位：市发展改革委；协办单位：市城管局；完成时限：2026年12月10日前）。',
];
// The follow-up annex (附件：议定事项督办表) on its own page before the 版记: one row per
// decision the reader may see, numbered by its place in the body, with 督办人 ("—" if none).
const annexRows = (secretRow) => [
  ['一（一）', '修改完善2027年财政预算草案，按程序提请市人大常委会审议', '市财政局', '—', '2026年12月15日', '钱进'],
  ['二（一）', '在全市开展为期一个月的安全生产大检查', '市应急管理局', '市住房城乡建设局、市交通运输局', '2026年12月31日', '郑丽'],
  ['三（一）', '做好今冬明春煤炭储备和供暖设施检修', '市发展改革委', '市城管局', '2026年12月10日', '—'],
  ...(secretRow.length ? [secretRow] : []),
];
const closing = (secretRow) => [
  '出席：王建国、李娜、刘洋、赵敏',
  '请假：张伟',
  '列席：陈刚（市应急管理局）、周杰（市财政局）',
  '记录人：吴芳',
  '附件：议定事项督办表',
  '附件', '议定事项督办表',
  '序号', '议定事项', '牵头单位', '协办单位', '完成时限', '督办人',
  ...annexRows(secretRow).flat(),
  '分送：市委办公室，市人大常委会办公室，各区县人民政府，市政府各部门。',
  '市人民政府办公室', '2026年11月25日印发',
];
const secretRow = ['四（一）', 'SENTINEL-DECISION', 'SENTINEL-UNIT', '—', '2026年12月1日', '程督查'];
const secret = [...common.slice(0, 5), '研究了机密议题SENTINEL-TITLE有关事项', ...common.slice(5),
  '四、机密议题SENTINEL-TITLE', 'SENTINEL-DECISION（责任单位：SENTINEL-UNIT；完成时限：2026年12月1日前）',
  ...closing(secretRow)];
const internal = [...common, '四、（略）', '本议题内容按密级规定不予显示。', ...closing([])];

test('the sample 纪要 is written', () => {
  assert.ok(sample, 'HUIWU_JIYAO_SAMPLE must name huiwu_jiyao_sample');
  run(sample, [out]);
});

// The annex's cells as pdftotext reads a table: the cells of a row whose text wraps come
// interleaved line by line, so the PDF is checked for the passages around the table in
// order and for every row's number and 督办人 somewhere in the annex.
const isCell = new Set(annexRows(secretRow).flat().concat(['序号', '议定事项', '牵头单位', '协办单位', '完成时限', '督办人']));
for (const [name, passages, marking] of [['jiyao-secret', secret, '机密'], ['jiyao-internal', internal, '内部']]) {
  test(`${name}: the DOCX names its fonts and page numbers`, () => {
    const docx = join(out, `${name}.docx`);
    run('unzip', ['-tq', docx]);
    const styles = run('unzip', ['-p', docx, 'word/styles.xml']);
    for (const face of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312']) {
      assert.ok(styles.includes(`w:eastAsia="${face}"`), face);
    }
    const footer = run('unzip', ['-p', docx, 'word/footer1.xml']);
    assert.ok(footer.includes('PAGE'));
  });

  test(`${name}: LibreOffice reads every part in order`, () => {
    soffice(join(out, `${name}.docx`), 'txt:Text (encoded):UTF8');
    const text = readFileSync(join(out, `${name}.txt`), 'utf8');
    writeFileSync(join(out, `${name}.lo.txt`), text);
    assert.ok(squeeze(text).startsWith(marking), text.slice(0, 40));
    inOrder(text, passages, 'LibreOffice text');
    if (name === 'jiyao-internal') {
      assert.ok(!text.includes('SENTINEL'), 'a withheld section leaves nothing');
      assert.ok(!text.includes('程督查'), 'nor its row in the annex');
      assert.ok(!text.includes('人事任免'), 'a deferred item has no section');
    }
  });

  test(`${name}: the PDF LibreOffice renders has pages, page numbers and the text`, () => {
    soffice(join(out, `${name}.docx`), 'pdf');
    const pdf = join(out, `${name}.pdf`);
    const info = run('pdfinfo', [pdf]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
    assert.ok(pages > 0, info);
    assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    inOrder(text, passages.filter((p) => !isCell.has(p)), 'pdftotext');
    const annex = squeeze(text.slice(text.lastIndexOf('议定事项督办表')));
    for (const row of annexRows(name === 'jiyao-secret' ? secretRow : [])) {
      for (const cell of [row[0], row[5]]) assert.ok(annex.includes(squeeze(cell)), `annex cell ${cell}\n${annex}`);
    }
    // "— 1 —" on the first page's foot, and every page numbered.
    for (let p = 1; p <= pages; ++p) {
      const page = run('pdftotext', ['-enc', 'UTF-8', '-f', String(p), '-l', String(p), pdf, '-']);
      assert.ok(squeeze(page).includes(`—${p}—`), `page ${p} has no "— ${p} —"\n${page}`);
    }
    if (name === 'jiyao-internal') assert.ok(!text.includes('SENTINEL'));
  });
}

test('docs/export.md shows the sample as this run produced it', () => {
  // LibreOffice's text, without its byte-order mark, the tab between issuer and date shown
  // as four ideographic spaces (Markdown keeps no tabs).
  const produced = readFileSync(join(out, 'jiyao-internal.lo.txt'), 'utf8')
    .replace(/^\uFEFF/, '').replace(/\r\n/g, '\n').replace(/\t/g, '\u3000'.repeat(4)).trimEnd();
  writeFileSync(join(out, 'jiyao-internal.sample.txt'), `${produced}\n`);
  const docs = readFileSync(join(here, '../../docs/export.md'), 'utf8');
  const block = /<!-- jiyao-sample:begin -->\n```text\n([\s\S]*?)\n```\n<!-- jiyao-sample:end -->/.exec(docs);
  assert.ok(block, 'docs/export.md has no jiyao-sample block');
  assert.equal(block[1].trimEnd(), produced, `update docs/export.md from ${join(out, 'jiyao-internal.sample.txt')}`);
});
