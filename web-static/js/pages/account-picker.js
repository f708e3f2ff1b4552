// The organisation's directory (GET /api/accounts: id, name, unit, title for everyone
// logged in) as a <select> for linking an attendee to an account ("invite"). Loaded once
// per page; a select built before it arrives fills itself in when it does.

import { h, t } from '../ui.js';
import { addStrings } from '../i18n.js';

addStrings({
  zh: {
    'acct.none': '（不关联账号）',
    'acct.loading': '正在加载账号…',
    'acct.unavailable': '账号目录暂不可用',
    'acct.unknown': '账号 {id}（目录中没有）',
    'field.account_id': '关联账号',
  },
  en: {
    'acct.none': '(no account)',
    'acct.loading': 'Loading accounts…',
    'acct.unavailable': 'Account directory unavailable',
    'acct.unknown': 'Account {id} (not in the directory)',
    'field.account_id': 'Linked account',
  },
});

let directory = null;   // [{id, name, unit, title}] once loaded
let loading = null;
const waiting = new Set(); // selects to fill when the directory arrives

export function loadDirectory() {
  if (!loading) {
    loading = fetch('/api/accounts', { cache: 'no-store', credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((body) => {
        directory = (body.accounts || []).slice().sort((a, b) => String(a.unit).localeCompare(String(b.unit), 'zh-CN') || String(a.name).localeCompare(String(b.name), 'zh-CN'));
      })
      .catch(() => { directory = directory || []; loading = null; })
      .finally(() => { for (const s of waiting) fillAccountSelect(s, s.dataset.want || ''); waiting.clear(); });
  }
  return loading;
}

/** The directory entry of an account id, or null. */
export function accountById(id) {
  return (directory || []).find((a) => a.id === id) || null;
}

/** "张伟 · 办公厅 · 秘书（zhang）" */
export function accountLabel(a) {
  return t('ui.paren', { a: [a.name, a.unit, a.title].filter(Boolean).join(' · '), b: a.id });
}

/** Fills (or refills) a select with "no account" + the directory, selecting `current`. */
export function fillAccountSelect(select, current) {
  select.dataset.want = current || '';
  const opts = [h('option', { value: '' }, t('acct.none'))];
  if (!directory) {
    opts.push(h('option', { value: '', disabled: true }, t('acct.loading')));
    waiting.add(select);
    loadDirectory();
  }
  for (const a of directory || []) opts.push(h('option', { value: a.id }, accountLabel(a)));
  if (current && directory && !accountById(current)) opts.push(h('option', { value: current }, t('acct.unknown', { id: current })));
  select.replaceChildren(...opts);
  select.value = current || '';
}

/** A select named "account_id" for a form. */
export function accountSelect(current, attrs = {}) {
  const s = h('select', { name: 'account_id', ...attrs });
  fillAccountSelect(s, current);
  return s;
}
