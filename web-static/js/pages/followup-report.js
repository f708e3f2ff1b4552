// The printable follow-up report (督办通报) for a period: the decisions whose deadline falls
// in it, by unit, with their state and light, and the unit league table. Print from the
// browser (the header and the period form are not printed).
import { h, $, setChildren, mountHeader, t, applyI18n } from '../ui.js';
import { FollowupFeed, api, shanghaiDate } from '../followup-live.js';
import { fuState } from './followup-strings.js';

const feed = new FollowupFeed();
const header = mountHeader($('#topbar'), { active: 'followup', client: feed });
header.setTitle(t('fu.report'));
const url = new URLSearchParams(location.search);
$('#r-from').value = url.get('from') || shanghaiDate(-30);
$('#r-to').value = url.get('to') || shanghaiDate(30);

const light = (l) => t(`fu.lamp.${l || 'none'}`);

// 最近进展, with 退回交办 and its reason: waiting for the supervisor, or returned earlier.
function lastWords(d) {
  const r = d.returned;
  if (r && r.pending) return [t('fu.returned_line', { reason: r.reason }), r.assign_by ? t('fu.assign_by', { date: r.assign_by }) : ''].filter(Boolean).join(t('ui.gap'));
  return [d.last_report || '', r ? t('fu.returned_again', { reason: r.reason }) : ''].filter(Boolean).join(t('ui.gap'));
}

async function reload() {
  const q = new URLSearchParams({ from: $('#r-from').value, to: $('#r-to').value });
  history.replaceState(null, '', `?${q}`);
  try {
    const [board, league] = await Promise.all([api(`/api/followup/board?${q}`), api(`/api/followup/league?${q}`)]);
    const ds = board.decisions;
    const closed = ds.filter((d) => d.state === 'closed').length;
    const overdue = ds.filter((d) => d.light === 'red').length;
    setChildren($('#fu-report'),
      h('h1', {}, t('fu.report.heading')),
      h('p', { class: 'sub' }, t('fu.report.period', { from: q.get('from'), to: q.get('to') })),
      h('p', { id: 'fu-report-summary' }, t('fu.report.summary', { total: ds.length, closed, overdue })),
      h('h3', {}, t('fu.report.items')),
      h('table', { id: 'fu-report-items' },
        h('thead', {}, h('tr', {}, ['no', 'text', 'lead_unit', 'deadline', 'state', 'light', 'last'].map((x) => h('th', {}, t(`fu.report.col.${x}`))))),
        h('tbody', {}, ds.map((d, i) => h('tr', { dataset: { id: d.id, returned: d.returned ? (d.returned.pending ? 'pending' : 'earlier') : '' } },
          h('td', {}, i + 1), h('td', { class: 'wrap' }, d.text), h('td', {}, d.lead_unit),
          h('td', {}, d.deadline), h('td', {}, d.returned && d.returned.pending ? t('fu.returned_chip') : fuState(d.state)), h('td', {}, light(d.light)),
          h('td', { class: 'wrap' }, lastWords(d)))))),
      h('h3', {}, t('fu.report.units')),
      h('table', { id: 'fu-report-units' },
        h('thead', {}, h('tr', {}, ['unit', 'total', 'on_time', 'overdue', 'days_late'].map((x) => h('th', {}, t(`fu.report.col.${x}`))))),
        h('tbody', {}, league.units.map((u) => h('tr', {}, h('td', {}, u.unit), h('td', {}, u.total),
          h('td', {}, `${Math.round(u.on_time_rate * 100)}%`), h('td', {}, u.overdue), h('td', {}, u.average_days_late.toFixed(1)))))));
  } catch { /* shown in the header */ }
}

$('#fu-period').addEventListener('change', reload);
$('#r-print').addEventListener('click', () => window.print());
feed.onChange(reload);
applyI18n(document.body);
feed.start();
