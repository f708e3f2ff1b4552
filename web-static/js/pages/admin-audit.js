// Admin page, audit log: filters by person (the accounts, by name), meeting (by title, from
// GET /api/audit/meetings), kind (in words) and time range; newest first, "older" paging by
// next_before, and the chain check (GET /api/audit/verify). Entries read as who did what to
// which meeting and item (by title), when (the office's clock), from where.

import { h, $, setChildren, t, fromLocalInput, onLangChange, formatClock, formatDateTime } from '../ui.js';
import { api } from './admin-api.js';
import { AUDIT_ACTIONS } from './admin-strings.js';
import { auditWords } from './audit-words.js';
import { errorMessage } from '../field-errors.js';

const PAGE = 50;

/** 2026-12-25 09:30:05 on the office's clock. */
function fmtTime(ms) {
  if (!ms) return '';
  return `${formatDateTime(Number(ms)).slice(0, 10)} ${formatClock(Number(ms))}`;
}

const actionLabel = (a) => (t('audit.' + a) === 'audit.' + a ? a : t('audit.' + a));

/**
 * opts.nameOf(accountId): the person's name for the log; opts.accounts(): the accounts
 * ({id, name, unit}) the person filter offers.
 */
export function mountAudit(opts = {}) {
  const nameOf = opts.nameOf || ((id) => id);
  const accounts = opts.accounts || (() => []);
  const state = { entries: [], next: '', query: {}, loading: false, verify: null, meetings: [] };

  // Pickers, not ids: a person by name (and unit), a meeting by title (and day).
  function fillPeople() {
    const sel = $('#af-actor');
    const cur = sel.value;
    const people = accounts().slice().sort((a, b) => String(a.name).localeCompare(String(b.name), 'zh-CN'));
    setChildren(sel, h('option', { value: '' }, t('adm.f_anyone')),
      people.map((a) => h('option', { value: a.id }, [a.name || a.id, a.unit].filter(Boolean).join(' · '))));
    sel.value = cur;
  }

  function fillMeetings() {
    const sel = $('#af-meeting');
    const cur = sel.value;
    const list = state.meetings.slice().sort((a, b) => (Number(b.starts_at_ms) || 0) - (Number(a.starts_at_ms) || 0));
    setChildren(sel, h('option', { value: '' }, t('adm.f_any_meeting')),
      list.map((m) => h('option', { value: m.id }, [m.title || t('meeting.untitled'), Number(m.starts_at_ms) ? formatDateTime(Number(m.starts_at_ms)).slice(0, 10) : ''].filter(Boolean).join(' · '))));
    sel.value = cur;
  }

  async function loadMeetings() {
    try {
      const r = await api('/api/audit/meetings');
      state.meetings = r.meetings || [];
    } catch { state.meetings = []; }
    fillMeetings();
  }

  function fillActions() {
    const sel = $('#af-action');
    const cur = sel.value;
    setChildren(sel, h('option', { value: '' }, t('adm.f_any')), AUDIT_ACTIONS.map((a) => h('option', { value: a }, actionLabel(a))));
    sel.value = cur;
  }

  function row(e) {
    const flagged = e.action === 'login_failed' || e.action === 'view_confidential';
    // In words (audit-words.js); the record as stored is the row's tooltip.
    const w = auditWords(e, nameOf);
    return h('tr', { class: flagged ? 'is-flagged' : '', dataset: { seq: String(e.seq), action: e.action }, title: [e.actor, e.action, e.target, e.detail].filter(Boolean).join(' | ') },
      h('td', { class: 'num' }, String(e.seq)),
      h('td', { class: 'num nowrap' }, fmtTime(e.at_ms)),
      h('td', {}, w.who || '-'),
      h('td', {}, h('span', { class: `chip adm-act act-${e.action}` }, w.what)),
      h('td', { class: 'adm-target' }, w.which),
      h('td', { class: 'num' }, e.from || ''),
      h('td', { class: 'adm-detail' }, w.detail));
  }

  function render() {
    setChildren($('#aud-rows'), state.entries.map(row));
    $('#aud-empty').hidden = state.loading || state.entries.length > 0;
    $('#aud-more').hidden = !state.next;
    $('#aud-more').disabled = state.loading;
    $('#aud-count').textContent = state.entries.length ? t(state.next ? 'adm.a_count' : 'adm.a_count_all', { n: state.entries.length }) : '';
    const v = state.verify;
    const box = $('#aud-verify-result');
    box.className = 'adm-verify' + (v ? (v.pending ? '' : v.ok ? ' ok' : ' bad') : '');
    box.dataset.ok = v && !v.pending ? String(!!v.ok) : '';
    box.textContent = !v ? '' : v.pending ? t('adm.verifying')
      : v.error ? t('adm.verify_failed', { reason: v.error })
        : v.ok ? t('adm.verify_ok', { n: v.entries }) : t('adm.verify_bad', { seq: v.broken_at, reason: v.reason || '', n: v.entries });
  }

  async function load({ more = false } = {}) {
    if (state.loading) return;
    state.loading = true;
    render();
    try {
      const r = await api('/api/audit', { query: { ...state.query, limit: PAGE, before: more ? state.next : '' } });
      const got = r.entries || [];
      state.entries = more ? state.entries.concat(got) : got;
      state.next = r.next_before || '';
    } catch (e) {
      if (!more) state.entries = [];
      state.next = '';
      setChildren($('#aud-rows'));
      $('#aud-count').textContent = t('adm.failed', { reason: errorMessage(e) });
      state.loading = false;
      $('#aud-empty').hidden = true;
      return;
    }
    state.loading = false;
    render();
  }

  $('#aud-filter').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = ev.target;
    state.query = {
      actor: f.actor.value, action: f.action.value, target: f.meeting.value ? `meeting ${f.meeting.value}` : '',
      from_ms: fromLocalInput(f.from.value), to_ms: fromLocalInput(f.to.value),
    };
    load();
  });
  $('#af-clear').addEventListener('click', () => {
    $('#aud-filter').reset();
    state.query = {};
    load();
  });
  $('#aud-more').addEventListener('click', () => load({ more: true }));
  $('#aud-verify').addEventListener('click', async () => {
    state.verify = { pending: true };
    $('#aud-verify').disabled = true;
    render();
    try {
      const v = await api('/api/audit/verify');
      state.verify = { ok: !!v.ok, entries: Number(v.entries) || 0, broken_at: v.broken_at, reason: v.reason };
    } catch (e) {
      state.verify = { error: errorMessage(e) };
    }
    $('#aud-verify').disabled = false;
    render();
  });

  fillActions();
  fillPeople();
  fillMeetings();
  onLangChange(() => { fillActions(); fillPeople(); fillMeetings(); render(); });
  // load(): the entries; the pickers are filled as accounts and meetings arrive.
  return { load: (o) => { fillPeople(); if (!o || !o.more) loadMeetings(); return load(o); } };
}
