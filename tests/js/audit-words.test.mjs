// The admin page's audit log in words (web-static/js/pages/audit-words.js): the server's
// record ("meeting m1 i2", "version 12, sees up to LEVEL_INTERNAL", "zhao as ROLE_… -> -")
// becomes who did what to which in the UI language, with people by name.
import test from 'node:test';
import assert from 'node:assert/strict';
import { setLang } from '../../web-static/js/i18n.js';
import { auditWords } from '../../web-static/js/pages/audit-words.js';
import '../../web-static/js/pages/admin-strings.js';

const names = { zhao: '赵参会', wang: '王秘书' };
const nameOf = (id) => names[id] || id;
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

test('a join: the person by name, the level in words, no version or enum names', () => {
  setLang('zh');
  const w = auditWords({ actor: 'zhao', action: 'join', target: 'meeting m1', detail: 'version 12, sees up to LEVEL_INTERNAL' }, nameOf);
  assert.equal(w.who, '赵参会');
  assert.equal(w.what, '进入会议');
  assert.equal(w.detail, '可见至“内部”');
  assert.doesNotMatch(Object.values(w).join(' '), /LEVEL_|version/);
  const titled = auditWords({ actor: 'zhao', action: 'join', target: 'meeting m1', meeting_title: '局长办公会', detail: '' }, nameOf);
  assert.equal(titled.which, '会议“局长办公会”');
  assert.doesNotMatch(titled.which, /m1/);
});

test('a role change and a level change in words, in both languages', () => {
  setLang('zh');
  const r = auditWords({ actor: 'wang', action: 'role_changed', target: 'meeting m1 a3', detail: '- -> zhao as ROLE_PARTICIPANT (version 7)' }, nameOf);
  assert.equal(r.detail, '关联由 无 改为 赵参会（参会）');
  assert.match(r.which, /参会人员 a3/);
  const l = auditWords({ actor: 'wang', action: 'level_changed', target: 'meeting m1 meeting', detail: 'LEVEL_INTERNAL -> LEVEL_SECRET (version 9)' }, nameOf);
  assert.equal(l.detail, '密级由“内部”改为“机密”');
  setLang('en');
  const e = auditWords({ actor: 'wang', action: 'export', target: 'meeting m1', detail: 'docx by speaker, version 3, sees up to LEVEL_PUBLIC' }, nameOf);
  assert.equal(e.detail, 'exported DOCX (by speaker), sees up to "Public"');
  const x = auditWords({ actor: 'zhao', action: 'role_changed', target: 'meeting m1 a3', detail: 'zhao as ROLE_PARTICIPANT -> - (removed) (version 8)' }, (id) => id);
  assert.equal(x.detail, 'link from zhao (Participant) to removed');
  assert.doesNotMatch(Object.values(x).join(' '), CJK);
  const a = auditWords({ actor: 'admin', action: 'account_changed', target: 'account zhao', detail: 'password reset' }, (id) => id);
  assert.equal(a.which, 'account zhao');
  assert.equal(a.detail, 'password reset');
  setLang('zh');
});

test('an item and an attendee by title and name when the server gives them, in both languages', () => {
  setLang('zh');
  const item = { actor: 'wang', action: 'level_changed', target: 'meeting m1 i2', meeting_title: '局长办公会', item_title: '预算调整', detail: 'LEVEL_PUBLIC -> LEVEL_SECRET (version 4)' };
  assert.equal(auditWords(item, nameOf).which, '会议“局长办公会”中的 议程项“预算调整”');
  const person = { actor: 'wang', action: 'role_changed', target: 'meeting m1 a3', meeting_title: '局长办公会', attendee_name: '赵参会', detail: '- -> zhao as ROLE_PARTICIPANT (version 7)' };
  assert.equal(auditWords(person, nameOf).which, '会议“局长办公会”中的 参会人员 赵参会');
  setLang('en');
  assert.equal(auditWords(item, nameOf).which, 'agenda item "预算调整" in meeting "局长办公会"');
  const plain = { ...item, meeting_title: 'Weekly', item_title: 'Budget' };
  assert.doesNotMatch(Object.values(auditWords(plain, nameOf)).join(' '), /i2|m1|LEVEL_/);
  setLang('zh');
});

test('every kind the server records has words in both languages', async () => {
  const { AUDIT_ACTIONS } = await import('../../web-static/js/pages/admin-strings.js');
  const fs = await import('node:fs');
  const path = await import('node:path');
  // The actions the server passes to its audit calls ({who, "action", ...} and record(…, "action", …)).
  const root = new URL('../../service/', import.meta.url).pathname;
  const found = new Set();
  const walk = (dir) => {
    for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (/\.cpp$/.test(f.name)) {
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/(?:audit\(\s*\{[^,]+,|record\([^,]+,)\s*"([a-z_]+)"/g)) found.add(m[1]);
        for (const m of src.matchAll(/\{"(level_changed|role_changed)"/g)) found.add(m[1]);
      }
    }
  };
  walk(root);
  assert.ok(found.size >= 10, `found only ${[...found]}`);
  for (const lang of ['zh', 'en']) {
    setLang(lang);
    for (const a of found) {
      assert.ok(AUDIT_ACTIONS.includes(a), `${a} is not offered in the kind filter`);
      assert.notEqual(auditWords({ action: a, target: '' }).what, a, `${a} has no ${lang} words`);
    }
  }
  setLang('zh');
});
