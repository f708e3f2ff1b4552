// The follow-up board (督办台账): every decision the account may see, across meetings,
// filtered and sorted by urgency (overdue first, then due soon, then by deadline), the unit
// league table beside it, and a decision's detail with its history and actions. Live: the
// page re-reads the board whenever the server reports a change (followup-live.js).
import { h, $, setChildren, mountHeader, t, applyI18n, onLangChange, toast } from '../ui.js';
import { FollowupFeed, api, loadDirectory, loadUnits } from '../followup-live.js';
import { decisionLine } from './followup-view.js';
import { DecisionDetail } from './followup-detail.js';

const feed = new FollowupFeed();
const header = mountHeader($('#topbar'), { active: 'followup', client: feed });
header.setTitle(t('fu.title'));
const detail = new DecisionDetail($('#fu-detail-card'), $('#fu-detail'), () => syncUrl());
window.huiwuFollowup = { feed, detail };

const STATES = ['', 'open', 'opened', 'assigned', 'accepted', 'in_progress', 'completion_reported', 'closed', 'cancelled'];
let rows = [];
let loaded = false;

function filters() {
  const f = new FormData($('#fu-filters'));
  const q = new URLSearchParams();
  for (const [k, v] of f.entries()) if (v) q.set(k, v);
  return q;
}

function syncUrl() {
  const q = filters();
  if (detail.key) { q.set('m', detail.key.meeting); q.set('d', detail.key.id); }
  const s = q.toString();
  history.replaceState(null, '', s ? `?${s}` : location.pathname);
  const plain = filters().toString();
  $('#fu-export-csv').href = `/api/followup/export.csv${plain ? '?' + plain : ''}`;
  $('#fu-export-xlsx').href = `/api/followup/export.xlsx${plain ? '?' + plain : ''}`;
}

function option(value, label, current) {
  return h('option', { value, selected: value === current }, label);
}

async function fillFilters() {
  const url = new URLSearchParams(location.search);
  const cur = (name) => $(`#f-${name}`).value || url.get(name) || '';
  $('#f-state').replaceChildren(...STATES.map((s) => option(s, s === '' ? t('fu.filter.all') : s === 'open' ? t('fu.filter.open') : t(`fu.state.${s}`), cur('state'))));
  const [accounts, directory] = await Promise.all([loadDirectory(), loadUnits()]);
  // The directory's units, and the units on the decisions shown (typed before the directory).
  const units = [...new Set([...directory.map((u) => u.name), ...rows.map((r) => r.lead_unit).filter(Boolean),
    ...(directory.length ? [] : accounts.map((a) => a.unit).filter(Boolean))])];
  const unit = cur('unit'), person = cur('person'), meeting = cur('meeting');
  $('#f-unit').replaceChildren(option('', t('fu.filter.all'), unit), ...units.map((u) => option(u, u, unit)));
  $('#f-person').replaceChildren(option('', t('fu.filter.all'), person), ...accounts.map((a) => option(a.id, t('ui.paren', { a: a.name || a.id, b: a.unit || '—' }), person)));
  const meetings = new Map(rows.map((r) => [r.meeting_id, r.meeting_title]));
  if (meeting && !meetings.has(meeting)) meetings.set(meeting, meeting);
  $('#f-meeting').replaceChildren(option('', t('fu.filter.all'), meeting), ...[...meetings].map(([id, title]) => option(id, title, meeting)));
  for (const k of ['from', 'to']) if (!$(`#f-${k}`).value && url.get(k)) $(`#f-${k}`).value = url.get(k);
}

function renderBoard() {
  const box = $('#fu-board');
  if (!loaded) { setChildren(box, h('div', { class: 'empty' }, '…')); return; }
  if (!rows.length) { setChildren(box, h('div', { class: 'empty', id: 'fu-empty' }, t('fu.empty'))); return; }
  setChildren(box, ...rows.map((d) => decisionLine(d, (x) => { detail.show(x.meeting_id, x.id); syncUrl(); })));
}

function renderLeague(units) {
  const rate = (u) => `${Math.round(u.on_time_rate * 100)}%`;
  // A unit's colour is its own record (server: standing), not its place in the table: a
  // unit at 100 % on time with nothing overdue is never "需要关注".
  const standing = (u) => u.standing || 'good';
  const table = h('table', { class: 'fu-league', id: 'fu-league-table' },
    h('thead', {}, h('tr', {}, ['fu.col.unit', 'fu.col.total', 'fu.col.rate', 'fu.col.overdue', 'fu.col.late'].map((k) => h('th', {}, t(k))))),
    h('tbody', {}, units.map((u) => h('tr', {
      dataset: { unit: u.unit, standing: standing(u) }, class: `standing-${standing(u)}`, title: t(`fu.standing.${standing(u)}`),
    }, h('td', {}, u.unit), h('td', { class: 'num' }, u.total), h('td', { class: 'num fu-rate' }, rate(u)),
    h('td', { class: 'num fu-overdue' + (u.overdue ? ' bad' : '') }, u.overdue), h('td', { class: 'num' }, u.average_days_late.toFixed(1))))));
  const attention = units.filter((u) => standing(u) === 'attention');
  const best = units.length > 1 && standing(units[0]) === 'good' ? units[0] : null;
  const callout = best || attention.length ? h('div', { class: 'fu-callout' },
    best ? h('span', { class: 'fu-best' }, t('ui.colon', { a: t('fu.best'), b: t('ui.paren', { a: best.unit, b: rate(best) }) })) : null,
    attention.length ? h('span', { class: 'fu-worst', id: 'fu-attention' }, t('ui.colon', { a: t('fu.worst'), b: attention.map((u) => t('ui.paren', { a: u.unit, b: rate(u) })).join(t('ui.list_sep')) })) : null) : null;
  setChildren($('#fu-league'), callout, units.length ? table : h('div', { class: 'empty' }, t('fu.empty')));
}

// A reminder (催办) the server recorded since the last look is said out loud, once.
function announceReminders(next) {
  if (!loaded) return;
  const before = new Map(rows.map((r) => [`${r.meeting_id}/${r.id}`, r.reminder_count]));
  for (const d of next) {
    const was = before.get(`${d.meeting_id}/${d.id}`);
    if (was !== undefined && d.reminder_count > was && d.last_reminder) {
      toast(`${t('fu.reminder.' + d.last_reminder.kind)}：${d.text}`, d.last_reminder.kind === 'overdue' ? 'error' : 'warn', 10000);
    }
  }
}

let loading = null;
let again = false;
async function reload() {
  if (loading) { again = true; return loading; }
  loading = (async () => {
    do {
      again = false;
      const q = filters().toString();
      try {
        const [board, league] = await Promise.all([api(`/api/followup/board?${q}`), api(`/api/followup/league?${q}`)]);
        announceReminders(board.decisions);
        rows = board.decisions;
        loaded = true;
        renderBoard();
        renderLeague(league.units);
        await fillFilters();
        await detail.reload();
      } catch { /* the header shows the connection; the next change retries */ }
    } while (again);
    loading = null;
  })();
  return loading;
}

$('#fu-filters').addEventListener('change', () => { syncUrl(); reload(); });
feed.onChange(reload);
onLangChange(() => { renderBoard(); reload(); });
applyI18n(document.body);
fillFilters().then(syncUrl);
const start = new URLSearchParams(location.search);
if (start.get('m') && start.get('d')) detail.show(start.get('m'), start.get('d'));
renderBoard();
feed.start();
