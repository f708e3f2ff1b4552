// Reads the follow-up export sample back with independent readers: exceljs (a maintained
// XLSX library, pinned in package-lock.json) for every cell, `unzip -t` for the container,
// xmllint for every part, and a strict UTF-8 decode of the CSV. The sample is written by the C++ generator
// huiwu_followup_export_sample (path in HUIWU_FOLLOWUP_EXPORT_SAMPLE, else the default
// build directory). Run: (cd tests/followup && npm ci) && node --test tests/followup/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const here = path.dirname(fileURLToPath(import.meta.url));
const generator =
  process.env.HUIWU_FOLLOWUP_EXPORT_SAMPLE ??
  path.join(here, '../../build/tests/followup/huiwu_followup_export_sample');

function writeSample() {
  assert.ok(existsSync(generator), `build huiwu_followup_export_sample first (${generator})`);
  const dir = mkdtempSync(path.join(tmpdir(), 'huiwu-followup-export-'));
  execFileSync(generator, [dir]);
  return {
    dir,
    xlsx: path.join(dir, 'sample.xlsx'),
    csv: path.join(dir, 'sample.csv'),
    expected: JSON.parse(readFileSync(path.join(dir, 'sample-expected.json'), 'utf8')),
  };
}

const sample = writeSample();
process.on('exit', () => rmSync(sample.dir, { recursive: true, force: true }));

async function loadSheet() {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(sample.xlsx));
  assert.equal(workbook.worksheets.length, 1);
  return workbook.worksheets[0];
}

test('every cell of the XLSX reads back exactly with exceljs', async () => {
  const sheet = await loadSheet();
  const { expected } = sample;
  assert.equal(sheet.name, expected.sheet_name);
  assert.equal(sheet.actualRowCount, expected.rows.length + 1);

  expected.header.forEach((text, i) => {
    const cell = sheet.getRow(1).getCell(i + 1);
    assert.equal(cell.value, text, `header ${i + 1}`);
    assert.equal(cell.font?.bold, true, `header ${i + 1} is bold`);
  });

  expected.rows.forEach((cells, r) => {
    const row = sheet.getRow(r + 2);
    cells.forEach((want, c) => {
      const got = row.getCell(c + 1).value;
      const where = `row ${r + 2} column ${c + 1}`;
      switch (want.t) {
        case 's':
          if (want.v === '') {
            assert.equal(got, null, `${where}: an empty text is a blank cell`);
            break;
          }
          assert.equal(typeof got, 'string', where);
          assert.equal(got, want.v, where);
          break;
        case 'n':
          assert.equal(typeof got, 'number', where);
          assert.equal(got, want.v, where);
          break;
        case 'd':
          assert.ok(got instanceof Date, `${where}: a date, got ${JSON.stringify(got)}`);
          assert.equal(got.toISOString(), `${want.v}T00:00:00.000Z`, where);
          break;
        case 'e':
          assert.equal(got, null, where);
          break;
        default:
          assert.fail(`unknown expected type ${want.t}`);
      }
    });
  });
});

test('the sample covers the cells that break exports', () => {
  const texts = sample.expected.rows.flat().filter((c) => c.t === 's').map((c) => c.v);
  for (const needle of ['𠮷', '👍🏽', '"', ',', '\n', '\r\n', '\t', '&', '<', '  前后空格  ']) {
    assert.ok(texts.some((t) => t.includes(needle)), `sample lacks ${JSON.stringify(needle)}`);
  }
});

test('header row is frozen and columns are sized to their text', async () => {
  const sheet = await loadSheet();
  assert.equal(sheet.views[0]?.state, 'frozen');
  assert.equal(sheet.views[0]?.ySplit, 1);
  assert.ok(sheet.getColumn(2).width > 40, `column B width ${sheet.getColumn(2).width}`);
  assert.ok(sheet.getColumn(1).width >= 8);
});

// deploy/install-deps.sh --test installs unzip and xmllint (libxml2-utils): a missing tool
// is a broken install, not a reason to skip.
const need = (tool, args) => assert.ok(!spawnSync(tool, args).error, `${tool} is missing: run deploy/install-deps.sh --test`);

test('the container passes unzip -t', () => {
  need('unzip', ['-v']);
  const check = spawnSync('unzip', ['-tq', sample.xlsx], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /No errors detected/);
});

test('every part is well-formed XML (xmllint)', () => {
  need('unzip', ['-v']);
  need('xmllint', ['--version']);
  const parts = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml',
    'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml'];
  for (const part of parts) {
    // unzip reads names as patterns: escape the brackets.
    const xml = execFileSync('unzip', ['-p', sample.xlsx, part.replace(/[[\]]/g, '\\$&')]);
    assert.ok(xml.length > 0, `${part} is missing`);
    const lint = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
    assert.equal(lint.status, 0, `${part}: ${lint.stderr}`);
  }
});

test('the CSV is UTF-8 with a byte order mark and CRLF records', () => {
  const bytes = readFileSync(sample.csv);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3));
  assert.ok(text.startsWith(sample.expected.header.join(',') + '\r\n'));
  assert.ok(text.includes('𠮷野家'));
  assert.ok(text.endsWith('\r\n'));
});
