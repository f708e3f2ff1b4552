// Name cards (桌签) of one seating chart: namecards.html?m=MEETING&chart=CHART. One A4
// landscape page per person, the name as large as the half page allows, the upper half
// upside down so that the folded tent card reads from both sides. The secretary prints
// from the browser (打印 → A4, 100%); the page also follows the chart live.

import { h, $, setChildren, createClient, mountHeader, mountBanner, meetingIdFromUrl, t, applyI18n, onLangChange } from '../ui.js';
import { withdrawn } from '../access-ui.js';
import { chartData, orderedPeople } from './seating-model.js';
import { textEm } from './seating-svg.js';
import { orderRuleInWords } from './seating-explain.js';

const meetingId = meetingIdFromUrl();
const chartId = new URLSearchParams(location.search).get('chart') || '';
const client = createClient('namecards');
const session = meetingId ? client.join(meetingId) : null;
const header = mountHeader($('#topbar'), { active: 'seating', meetingId, client, session });
mountBanner($('#banner'), client);
const m = () => session.meeting;

const KEY = 'huiwu.namecards';
const opts = (() => {
  const d = { font: 'serif', sort: 'rank', sub: false, hint: true, reserved: false };
  try { return { ...d, ...JSON.parse(localStorage.getItem(KEY) || '{}') }; } catch { return d; }
})();

const MM = 96 / 25.4; // CSS px per mm
const NAME_MAX_MM = 60;  // cap height of the name: most of a 105 mm half page
const NAME_WIDTH_MM = 297 - 2 * 18;

function people(chart) {
  const view = chartData(chart).kind === 'audience' ? 'seat' : 'other';
  let list = orderedPeople(m(), chart, view).filter((p) => !p.gone && (opts.reserved || !p.reserved));
  if (opts.sort === 'seat') {
    const sideRank = { host: 0, '': 0, guest: 1 };
    list = [...list].sort((a, b) => (sideRank[a.side] - sideRank[b.side]) || (a.seat.row - b.seat.row)
      || ((a.seat.seat_from_audience || 0) - (b.seat.seat_from_audience || 0)));
  }
  return list;
}

function nameSize(name) {
  const chars = [...name.replace(/\s+/g, ' ')];
  const em = chars.length === 2 && textEm(name) === 2 ? 2 * 1.6 : textEm(name) * 1.04;
  return Math.min(NAME_MAX_MM, NAME_WIDTH_MM / Math.max(em, 1));
}

function face(p, where, hint) {
  const two = [...p.name].length === 2 && textEm(p.name) === 2;
  const sub = opts.sub ? [p.unit, p.title].filter(Boolean).join('　') : '';
  return [
    h('div', { class: 'nc-name' + (two ? ' two' : ''), style: { fontSize: `${nameSize(p.name).toFixed(1)}mm` } }, p.name),
    sub ? h('div', { class: 'nc-sub' }, sub) : null,
    hint && opts.hint ? h('div', { class: 'nc-hint' }, where) : null,
  ];
}

function card(chart, p) {
  const where = `${chart.name}${t('ui.gap')}${p.where}${t(`nc.where.${chartData(chart).kind}`)}`;
  return h('section', { class: `nc-page font-${opts.font}`, dataset: { id: p.id }, 'aria-label': p.name },
    h('div', { class: 'nc-half nc-top', 'aria-hidden': 'true' }, face(p, where, false)),
    h('div', { class: 'nc-fold', 'aria-hidden': 'true' }, h('span', {}, t('nc.fold'))),
    h('div', { class: 'nc-half nc-bottom' }, face(p, where, true)));
}

/** Shrinks any name the estimate let overflow its half page (Latin widths vary). */
function fit() {
  for (const el of document.querySelectorAll('.nc-name')) {
    const box = el.parentElement.clientWidth - 2 * 16 * MM;
    let size = parseFloat(el.style.fontSize);
    while (el.scrollWidth > box && size > 10) {
      size *= 0.94;
      el.style.fontSize = `${size.toFixed(1)}mm`;
    }
  }
}

let lastSig = '';
function render() {
  const chart = (m().charts || []).find((c) => c.id === chartId);
  $('#loading').hidden = true;
  $('#nc-back').href = `seating.html?m=${encodeURIComponent(meetingId)}&chart=${encodeURIComponent(chartId)}`;
  $('#nf-back').href = $('#nc-back').href;
  if (!chart) { $('#main').hidden = true; $('#not-found').hidden = false; return; }
  $('#not-found').hidden = true;
  $('#main').hidden = false;
  const list = people(chart);
  header.setTitle(`${m().info.title || t('meeting.untitled')} · ${t('nc.title')}`);
  $('#nc-head').textContent = `${t('nc.title')} · ${chart.name}`;
  $('#nc-count').textContent = `${t('nc.count', { n: list.length })} · ${orderRuleInWords(chart)}`;
  const sig = JSON.stringify([opts, chart.computed_at_version, list.map((p) => [p.id, p.name, p.unit, p.title, p.where])]);
  if (sig === lastSig) return;
  lastSig = sig;
  setChildren($('#nc-pages'), list.map((p) => card(chart, p)));
  document.fonts.ready.then(fit);
}

function bind(id, key, prop = 'value') {
  const el = $(id);
  el[prop] = opts[key];
  el.addEventListener('change', () => {
    opts[key] = el[prop];
    try { localStorage.setItem(KEY, JSON.stringify(opts)); } catch { /* private mode */ }
    if (m()) render();
  });
}
bind('#nc-font', 'font');
bind('#nc-sort', 'sort');
bind('#nc-sub', 'sub', 'checked');
bind('#nc-hint', 'hint', 'checked');
bind('#nc-reserved', 'reserved', 'checked');
$('#nc-print').addEventListener('click', () => window.print());

applyI18n(document.body);
onLangChange(() => { lastSig = ''; if (session && session.meeting) render(); });

if (!meetingId) {
  $('#loading').hidden = true;
  $('#not-found').hidden = false;
} else {
  session.on((s, detail) => {
    if (withdrawn()) return;
    if (s.status === 'not_found' || s.status === 'failed') { $('#loading').hidden = true; $('#not-found').hidden = false; return; }
    if (!s.meeting || (detail && detail.kind && detail.kind.startsWith('unknown:'))) return;
    render();
  });
  client.start();
}
