// Admin page (账号与审计), for organisation administrators: the accounts (create, with
// the one-time password shown once; clearance, admin, disabled; reset password) and the
// audit log (admin-audit.js). Everyone else gets a polite "not permitted". Being an
// admin gives no right in any meeting; this page shows no meeting content.

import './admin-strings.js';
import { h, $, setChildren, mountHeader, toast, t, applyI18n, onLangChange } from '../ui.js';
import { LEVELS } from '../access.js';
import { fetchMe } from '../access-ui.js';
import { api } from './admin-api.js';
import { checkForm, reportError, errorMessage } from '../field-errors.js';
import { mountAudit } from './admin-audit.js';
import { mountUnits } from './admin-units.js';
import { HttpLink } from '../http-link.js';

// No socket here: the header's connection state comes from a /healthz probe.
const link = new HttpLink();
const header = mountHeader($('#topbar'), { active: 'admin', client: link });
link.start();
header.setTitle(t('adm.title'));

const ID_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;
let me = null;
let accounts = [];
let audit = null;
let unitCard = null;
// An account change is itself on record: show it.
const auditAgain = () => { if (audit) audit.load(); };

// ------------------------------------------------------------------ one-time passwords

// Shown once, in the page only (never stored): the admin hands it over and closes it.
function showPassword(kind, account, password) {
  const box = $('#otp-box');
  const code = h('code', { class: 'adm-otp', id: 'otp-value' }, password);
  const copy = h('button', { class: 'btn btn-sm', type: 'button', onclick: async (ev) => {
    try { await navigator.clipboard.writeText(password); ev.target.textContent = t('adm.otp_copied'); } catch { /* select instead */ }
    getSelection().selectAllChildren(code);
  } }, t('adm.otp_copy'));
  setChildren(box,
    h('p', { class: 'adm-otp-head' }, t(kind === 'created' ? 'adm.created' : 'adm.reset_done', { id: account.id, name: account.name || account.id })),
    h('div', { class: 'adm-otp-row' }, h('span', { class: 'muted' }, t('adm.otp')), code, copy),
    h('p', { class: 'hint muted' }, t('adm.otp_hint')),
    h('button', { class: 'btn btn-sm btn-primary', type: 'button', id: 'otp-done', onclick: () => { setChildren(box); box.hidden = true; } }, t('adm.otp_done')));
  box.hidden = false;
  box.dataset.account = account.id;
  box.scrollIntoView({ block: 'nearest' });
  $('#otp-done').focus();
}

// ------------------------------------------------------------------ accounts

function levelSelect(a) {
  const s = h('select', { 'aria-label': `${t('adm.col_clearance')} ${a.id}`, dataset: { field: 'clearance' } },
    LEVELS.map((l) => h('option', { value: l, selected: l === a.clearance }, t('enum.' + l))));
  s.addEventListener('change', () => {
    const level = s.value;
    if (!confirm(t('adm.confirm_clearance', { id: a.id, name: a.name, level: t('enum.' + level) }))) { s.value = a.clearance; return; }
    update(a, { clearance: level });
  });
  return s;
}

function flag(a, field) {
  const box = h('input', { type: 'checkbox', checked: !!a[field], 'aria-label': `${t(field === 'admin' ? 'adm.col_admin' : 'adm.col_disabled')} ${a.id}`, dataset: { field } });
  box.addEventListener('change', () => {
    const on = box.checked;
    const key = field === 'admin' ? (on ? 'adm.confirm_admin_on' : 'adm.confirm_admin_off') : (on ? 'adm.confirm_disable' : 'adm.confirm_enable');
    if (!confirm(t(key, { id: a.id, name: a.name }))) { box.checked = !on; return; }
    update(a, { [field]: on });
  });
  return box;
}

function stateChips(a) {
  const chips = [];
  if (a.disabled) chips.push(h('span', { class: 'chip chip-absent' }, t('adm.state_disabled')));
  if (a.must_change_password) chips.push(h('span', { class: 'chip chip-late' }, t('adm.state_must_change')));
  if (!chips.length) chips.push(h('span', { class: 'chip chip-present' }, t('adm.state_ok')));
  return chips;
}

function accountRow(a) {
  const isMe = me && me.id === a.id;
  return h('tr', { dataset: { id: a.id }, class: a.disabled ? 'is-disabled' : '' },
    h('td', { class: 'adm-id' }, h('code', {}, a.id), isMe ? h('span', { class: 'muted' }, t('adm.you')) : null),
    h('td', {}, h('strong', {}, a.name || ''), [a.unit, a.title].filter(Boolean).length ? h('div', { class: 'muted adm-sub' }, [a.unit, a.title].filter(Boolean).join(' · ')) : null),
    h('td', {}, levelSelect(a)),
    h('td', { class: 'center' }, flag(a, 'admin')),
    h('td', { class: 'center' }, flag(a, 'disabled')),
    h('td', {}, stateChips(a)),
    h('td', {}, h('button', { class: 'btn btn-sm', type: 'button', dataset: { action: 'reset' }, onclick: () => resetPassword(a) }, t('adm.reset'))));
}

function render() {
  setChildren($('#acc-rows'), accounts.map(accountRow));
  $('#acc-summary').textContent = t('adm.summary', {
    n: accounts.length, admins: accounts.filter((a) => a.admin).length, disabled: accounts.filter((a) => a.disabled).length,
  });
}

async function loadAccounts() {
  try {
    const r = await api('/api/accounts');
    accounts = (Array.isArray(r) ? r : r.accounts || []).slice().sort((a, b) => a.id.localeCompare(b.id));
    render();
    if (unitCard) unitCard.render(); // contact pickers name the accounts
  } catch (e) {
    toast(t('adm.failed', { reason: errorMessage(e) }), 'error', 7000);
  }
}

async function update(a, change) {
  try {
    const r = await api('/api/accounts/update', { method: 'POST', body: { id: a.id, ...change } });
    const got = r.account || { ...a, ...change };
    accounts = accounts.map((x) => (x.id === a.id ? { ...x, ...got } : x));
    toast(t('adm.updated', { id: a.id }), 'ok');
    auditAgain();
  } catch (e) {
    toast(t('adm.failed', { reason: errorMessage(e, 'account.update') }), 'error', 7000);
  }
  render();
}

async function resetPassword(a) {
  if (!confirm(t('adm.confirm_reset', { id: a.id, name: a.name }))) return;
  try {
    const r = await api('/api/accounts/reset-password', { method: 'POST', body: { id: a.id } });
    showPassword('reset', r.account || a, r.password);
    await loadAccounts();
    auditAgain();
  } catch (e) {
    toast(t('adm.failed', { reason: errorMessage(e) }), 'error', 7000);
  }
}

$('#acc-create').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const id = f.id.value.trim();
  if (!checkForm(f, [
    { field: 'id', required: true, pattern: ID_RE, patternKey: 'adm.bad_id' },
    { field: 'name', required: true, max: 64 },
    { field: 'unit', max: 100 },
    { field: 'title', max: 100 },
  ])) return;
  const body = {
    id, name: f.name.value.trim(), unit: f.unit.value.trim(), title: f.title.value.trim(),
    clearance: f.clearance.value, admin: f.admin.checked,
  };
  $('#ac-submit').disabled = true;
  try {
    const r = await api('/api/accounts', { method: 'POST', body });
    showPassword('created', r.account || body, r.password);
    f.reset();
    fillClearance();
    await loadAccounts();
    auditAgain();
  } catch (e) {
    // The server names no field for a taken id: the id is what to change.
    reportError(f, e.code === 'conflict' && !e.field ? { code: e.code, field: 'id' } : e, { ctx: 'account.create' });
  }
  $('#ac-submit').disabled = false;
});
$('#acc-refresh').addEventListener('click', loadAccounts);

function fillClearance() {
  const s = $('#ac-clearance');
  const cur = s.value || 'LEVEL_INTERNAL';
  setChildren(s, LEVELS.map((l) => h('option', { value: l }, t('enum.' + l))));
  s.value = cur;
}

// ------------------------------------------------------------------ start

applyI18n(document.body);
fillClearance();
onLangChange(() => { header.setTitle(t('adm.title')); fillClearance(); render(); if (unitCard) unitCard.render(); });
audit = mountAudit({ nameOf: (id) => (accounts.find((a) => a.id === id) || {}).name || id, accounts: () => accounts });
unitCard = mountUnits({ accounts: () => accounts, onChange: auditAgain });

fetchMe().then((acct) => {
  me = acct;
  $('#loading').hidden = true;
  if (!acct) return; // on the way to the login page
  if (!acct.admin) { $('#not-permitted').hidden = false; return; }
  $('#main').hidden = false;
  // The log names people: load it once the accounts (their names) are known.
  loadAccounts().finally(() => audit.load());
  unitCard.load();
});
