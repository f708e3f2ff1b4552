// Every word a person may be shown exists in both languages:
// - every error code the server can send (proto ErrorCode and the HTTP-only codes) has
//   err.code.<code>; every field path the server names in an error has err.field.<path>
//   (read from the server's sources: tests/js/server-error-vocab.mjs);
// - every state, action and role of the 督办 workflow (service/followup/decision_item.cpp)
//   has fu.state/fu.action/fu.role text;
// - every i18n key the pages use literally (t('…'), data-i18n*="…", label: '…') exists.
// A new code, field or key without text in zh or en fails here, naming it.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serverErrorVocabulary } from './server-error-vocab.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = path.join(root, 'web-static');

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(js|html)$/.test(e.name)) out.push(p);
  }
  return out;
}

const files = walk(web);
const i18n = await import(pathToFileURL(path.join(web, 'js/i18n.js')));
// Every module that adds strings, found by what it says (a new page's strings count too).
for (const f of files) {
  if (f.endsWith('.js') && /addStrings\(/.test(fs.readFileSync(f, 'utf8'))) await import(pathToFileURL(f));
}
await import(pathToFileURL(path.join(web, 'js/error-strings.js')));

function missing(keys) {
  const out = [];
  for (const k of keys) for (const l of ['zh', 'en']) {
    const s = i18n.stringIn(l, k);
    if (typeof s !== 'string' || s === '') out.push(`${l} ${k}`);
  }
  return out;
}

const vocab = serverErrorVocabulary(root);

test('the vocabulary reader finds the server\'s codes and fields', () => {
  for (const c of ['invalid_field', 'conflict', 'weak_password', 'bad_credentials']) assert.ok(vocab.codes.has(c), c);
  for (const f of ['info.ends_at_ms', 'attendee.account_id', 'decision.supervisor_account', 'quorum.denominator', 'chart.name', 'text']) {
    assert.ok(vocab.fields.has(f), f);
  }
  assert.ok(vocab.fields.size > 60, `only ${vocab.fields.size} fields found`);
});

test('every error code has words in zh and en', () => {
  assert.deepEqual(missing([...vocab.codes].map((c) => `err.code.${c}`)), []);
});

test('every field the server names in an error has words in zh and en', () => {
  const gaps = missing([...vocab.fields.keys()].map((f) => `err.field.${f}`));
  assert.deepEqual(gaps, [], gaps.map((g) => `${g} (${[...vocab.fields.get(g.split(' ')[1].slice(10))].join(', ')})`).join('\n'));
});

test('every 督办 state, action and role has words in zh and en', () => {
  const src = fs.readFileSync(path.join(root, 'service/followup/decision_item.cpp'), 'utf8');
  const table = (name) => [...src.match(new RegExp(`${name}\\{\\{([\\s\\S]*?)\\}\\};`))[1].matchAll(/\{"([a-z_]+)",/g)].map((m) => m[1]);
  const states = table('state_names'), actions = table('action_names'), roles = table('role_names');
  assert.ok(states.includes('closed') && actions.includes('close') && roles.includes('supervisor'));
  assert.deepEqual(missing([
    ...states.map((s) => `fu.state.${s}`), ...actions.map((a) => `fu.action.${a}`), ...roles.map((r) => `fu.role.${r}`),
  ]), []);
});

test('every i18n key the pages use has text in zh and en', () => {
  const used = new Map();
  const res = [
    /\bt\(\s*['"]([a-z][\w-]*(?:\.[\w-]+)+)['"]\s*[,)]/g,
    /data-i18n(?:-[a-z-]+)?['"]?\s*[:=]\s*['"]([a-z][\w-]*(?:\.[\w-]+)+)['"]/g,
    /\blabel:\s*['"]([a-z][\w-]*(?:\.[\w-]+)+)['"]/g,
  ];
  for (const f of files) {
    const s = fs.readFileSync(f, 'utf8');
    for (const re of res) for (const m of s.matchAll(re)) if (!used.has(m[1])) used.set(m[1], path.relative(web, f));
  }
  assert.ok(used.size > 300, `only ${used.size} keys found`);
  const gaps = missing([...used.keys()]);
  assert.deepEqual(gaps, [], gaps.map((g) => `${g} (${used.get(g.split(' ')[1])})`).join('\n'));
});

test('no English string holds a CJK character (the language switch names both languages)', () => {
  const keys = new Set();
  for (const f of files) {
    if (!f.endsWith('.js')) continue;
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/['"]([a-z][\w-]*(?:\.[\w-]+)+)['"]\s*:/g)) keys.add(m[1]);
  }
  const cjk = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
  const bad = [...keys].filter((k) => k !== 'lang.switch' && cjk.test(i18n.stringIn('en', k) || ''));
  assert.deepEqual(bad.map((k) => `${k}: ${i18n.stringIn('en', k)}`), []);
});

test('errorMessage: field words first, then the code; never the server\'s English', async () => {
  const { errorMessage, codeName } = await import(pathToFileURL(path.join(web, 'js/field-errors.js')));
  assert.equal(codeName('ERROR_INVALID_FIELD'), 'invalid_field');
  assert.equal(codeName('invalid_field'), 'invalid_field');
  i18n.setLang('zh');
  const ends = errorMessage({ code: 'ERROR_INVALID_FIELD', field: 'info.ends_at_ms', message: 'the meeting ends before it starts' });
  assert.equal(ends, '结束时间须晚于开始时间，请修改结束时间。');
  assert.equal(errorMessage({ code: 'conflict', message: 'an account with this id exists' }, 'account.create'), '这个账号已存在，请换一个账号名。');
  // An unknown field falls back to the code's sentence; an unknown code to the generic one.
  assert.equal(errorMessage({ code: 'not_found', field: 'no.such.field' }), i18n.stringIn('zh', 'err.code.not_found'));
  assert.equal(errorMessage({ code: 'ERROR_SOMETHING_NEW', message: 'English' }), i18n.stringIn('zh', 'err.code.unspecified'));
  i18n.setLang('en');
  assert.equal(errorMessage({ code: 'ERROR_INVALID_FIELD', field: 'info.ends_at_ms' }), 'The end must be after the start; change the end time.');
  i18n.setLang('zh');
});
