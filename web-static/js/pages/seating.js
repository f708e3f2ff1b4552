// Seating page (座次): the meeting's seating charts. The secretary creates and edits a
// chart (seating-form.js), sees it computed in both views, swaps and pins by drag and
// drop or keyboard (seating-dnd.js), recomputes after the attendee list changed and sees
// who moved, and prints the chart or the name cards. Like every page it changes nothing
// itself: it sends commands and draws what the events say, so a change by another
// secretary appears here as it happens.

import {
  h, $, setChildren, createClient, mountHeader, mountBanner, meetingIdFromUrl, toast, t, applyI18n, onLangChange, formatDateTime,
} from '../ui.js';
import { chartData, drawing, memberInfo, seatText } from './seating-model.js';
import { chartSvg } from './seating-svg.js';
import { mountForm } from './seating-form.js';
import { attachSeatInteraction } from './seating-dnd.js';
import { seatPanel, orderTable, messages, notes, changesBox, staleBox, leftOffBox, detailsBody } from './seating-parts.js';
import { ruleInWords } from './seating-explain.js';
import { errorMessage } from '../field-errors.js';
import { canEdit } from '../access.js';
import { pageRole, withdrawn } from '../access-ui.js';

const meetingId = meetingIdFromUrl();
const client = createClient('seating');
const session = meetingId ? client.join(meetingId) : null;
const header = mountHeader($('#topbar'), { active: 'seating', meetingId, client, session });
mountBanner($('#banner'), client);
const m = () => session.meeting;

const KEY_VIEW = 'huiwu.seating.views'; // the view chosen per kind of chart
const ui = {
  chartId: new URLSearchParams(location.search).get('chart') || '',
  views: (() => { try { return JSON.parse(localStorage.getItem(KEY_VIEW) || '{}') || {}; } catch { return {}; } })(),
  showRank: true, editing: null, form: null, selected: '', picked: '', waitVersion: 0, dismissed: new Set(),
};

const chart = () => (m().charts || []).find((c) => c.id === ui.chartId) || null;
// Archived, or not a secretary of this meeting (the chair and participants look, print).
const mayEdit = () => canEdit(pageRole(client, session));
const readOnly = () => !!m().archived || !mayEdit();
// The view of the shown chart: as chosen for its kind; by default the audience's (a
// photo's) for a podium, the host side's for 会谈.
const view = () => {
  const kind = chart() ? chartData(chart()).kind : 'podium';
  return ui.views[kind] || (kind === 'talks' ? 'seat' : 'other');
};

/** The engine's refusal in words a secretary can act on (ids become names). */
function refusal(e) {
  const nameOf = (id) => {
    const a = m().attendees.find((x) => x.id === id);
    const r = chart() && chart().members.find((x) => x.id === id && !x.attendee_id);
    return a ? a.name : r ? r.label || t('seat.reserved') : id;
  };
  const msg = ((e && e.message) || '').replace(/"([\w-]+)"/g, (all, id) => `“${nameOf(id)}”`);
  let x = /(\d+) people for (\d+) (?:\w+ )?seats.*?(\d+) more seat/.exec(msg);
  if (x) return t('seat.err.too_many', { p: x[1], s: x[2], d: x[3] });
  x = /(\d+) people (?:at|on) one side of .* for (\d+) seats per side/.exec(msg);
  if (x) return t('seat.err.side_full', { p: x[1], s: x[2] });
  x = /“(.+)” and “(.+)” have the same rank (\d+)/.exec(msg);
  if (x) return t('seat.err.same_rank', { a: x[1], b: x[2], r: x[3] });
  x = /pin of “(.+)”.*is not (?:on the podium|in the block)/.exec(msg);
  if (x) return t('seat.err.pin_off', { name: x[1] });
  // Nothing more precise: the words for the code and field, never the engine's English.
  return errorMessage(e);
}

async function send(change, what) {
  try {
    return await session.send(change);
  } catch (e) {
    if (e) e.shown = true; // said here, not twice
    toast(refusal(e), 'error', 9000);
    if (what) throw e;
    return null;
  }
}

// ------------------------------------------------------------------ chart list

function renderList() {
  const charts = m().charts || [];
  setChildren($('#st-charts'), charts.map((c) => h('li', {},
    h('button', {
      type: 'button', class: 'st-chart-link' + (c.id === ui.chartId && ui.editing !== 'new' ? ' active' : ''), dataset: { chart: c.id },
      'aria-current': c.id === ui.chartId ? 'true' : false,
      onclick: () => { closeForm(); select(c.id); },
    }, h('span', { class: 'st-chart-name' }, c.name), h('span', { class: 'chip' }, t(`seat.kind.${chartData(c).kind}`))))));
  $('#st-new').disabled = readOnly();
}

function select(id) {
  if (ui.chartId !== id) { ui.selected = ''; ui.picked = ''; }
  ui.chartId = id;
  const u = new URL(location.href);
  if (id) u.searchParams.set('chart', id); else u.searchParams.delete('chart');
  history.replaceState(null, '', u);
  render();
}

// ------------------------------------------------------------------ form

function openForm(which) {
  ui.editing = which;
  const box = $('#st-form-box');
  ui.form = mountForm(box, {
    meeting: m(),
    chart: which === 'new' ? null : chart(),
    onCancel: closeForm,
    onSubmit: async (c) => {
      let ack;
      try {
        ack = await session.send({ set_chart: { chart: c } });
      } catch (e) {
        if (e) e.shown = true; // said in the form
        throw new Error(refusal(e));
      }
      ui.waitVersion = Number(ack.version) || 0;
      if (c.id) ui.dismissed.delete(c.id);
      closeForm();
      adoptCreated();
    },
  });
  render();
}

function closeForm() {
  ui.editing = null;
  ui.form = null;
  setChildren($('#st-form-box'));
  render();
}

// A new chart's id is the server's: select it once its event is here.
function adoptCreated() {
  if (!ui.waitVersion) return;
  const c = (m().charts || []).find((x) => x.computed_at_version === ui.waitVersion);
  if (c) { ui.waitVersion = 0; select(c.id); }
}

// ------------------------------------------------------------------ actions

function cellOf(key) {
  const c = chart();
  if (!c) return null;
  return drawing(m(), c, view()).bands.filter((b) => b.type === 'row').flatMap((b) => b.cells).find((x) => x.key === key) || null;
}

function live(text) { $('#st-live').textContent = text; }

const act = {
  swap(a, b) {
    const c = chart();
    live(t('seat.swapping', { a: memberInfo(m(), c, a).name, b: memberInfo(m(), c, b).name }));
    send({ swap_seats: { chart_id: c.id, member_a: a, member_b: b } });
  },
  pinTo(id, cell) {
    const c = chart();
    if (!cell) return;
    live(t('seat.pinning', { name: memberInfo(m(), c, id).name, where: seatText(c, view(), { row: cell.row, side: cell.side, seat_from_seat: cell.seat }) }));
    ui.selected = ''; // the person moves away from the selected seat
    send({ pin_seat: { chart_id: c.id, member_id: id, row: cell.row, seat: cell.seat } });
  },
  pinToggle(cell) {
    if (!cell || !cell.id || readOnly()) return;
    const c = chart();
    const pinned = memberInfo(m(), c, cell.id).seat?.pinned;
    send({ pin_seat: { chart_id: c.id, member_id: cell.id, row: pinned ? 0 : cell.row, seat: pinned ? 0 : cell.seat } });
  },
  unpin(id) { if (!readOnly()) send({ pin_seat: { chart_id: chart().id, member_id: id, row: 0, seat: 0 } }); },
  block(cell, on) {
    const c = chart();
    const config = JSON.parse(JSON.stringify(chartData(c).config));
    const empty = (config.layout.empty || []).filter((e) => !(e.row === cell.row && (e.seat_from_seat ?? e.seat) === cell.seat));
    if (on) empty.push({ row: cell.row, seat_from_seat: cell.seat });
    config.layout.empty = empty;
    resend(c, config, c.members);
  },
  recompute() {
    const c = chart();
    ui.dismissed.delete(c.id);
    const { config } = chartData(c);
    // A published unit list is made from the attendees: make it again.
    if (config.layout && config.layout.units) return ui.editing ? null : openForm(c.id);
    send({ recompute_chart: { chart_id: c.id } });
    return null;
  },
  // The chart's config says whether people on leave / staff are seated (issue 13).
  include(which) {
    const c = chart();
    const config = JSON.parse(JSON.stringify(chartData(c).config));
    config[which] = true;
    resend(c, config, c.members);
  },
  addMissing(people) {
    const c = chart();
    const { kind, config } = chartData(c);
    if (kind === 'talks' || kind === 'meeting' || (config.layout && config.layout.units)) { openForm(c.id); return; }
    resend(c, config, [...c.members, ...people.map((a) => ({ id: a.id, attendee_id: a.id, label: '', side: '', role: '', pin_row: 0, pin_seat: 0 }))]);
  },
};

function resend(c, config, members) {
  const live = members.filter((x) => !x.attendee_id || m().attendees.some((a) => a.id === x.attendee_id));
  ui.dismissed.delete(c.id);
  send({ set_chart: { chart: { id: c.id, name: c.name, config_json: JSON.stringify(config), members: live } } });
}

function onDrop(fromKey, toKey) {
  const a = cellOf(fromKey);
  const b = cellOf(toKey);
  if (!a || !a.id || !b || b.blocked || readOnly()) return;
  ui.selected = toKey;
  if (b.id) act.swap(a.id, b.id);
  else act.pinTo(a.id, b);
}

const seatsBox = $('#st-svg');
const interaction = attachSeatInteraction(seatsBox, {
  canDrag: () => !readOnly() && !!chart() && drawing(m(), chart(), view()).draggable,
  onDrop,
  onSelect: (key) => { ui.selected = key; renderPanel(); },
  onFocus: (key) => { if (key !== ui.selected) { ui.selected = key; renderPanel(); } },
  onPinToggle: (key) => act.pinToggle(cellOf(key)),
  onUnpin: (id) => act.unpin(id),
  onPick: (key) => {
    ui.picked = key || '';
    const c = key ? cellOf(key) : null;
    live(c ? t('seat.picked', { name: c.name }) : '');
    for (const el of seatsBox.querySelectorAll('.is-picked')) el.classList.remove('is-picked');
    if (key) seatsBox.querySelector(`g.seat[data-key="${CSS.escape(key)}"]`)?.classList.add('is-picked');
  },
  picked: () => ui.picked,
});

// ------------------------------------------------------------------ rendering

function svgFor(c, frame) {
  const d = drawing(m(), c, view());
  const moved = new Set(((chartData(c).result.changes || {}).moved || []).map((x) => x.id));
  return chartSvg(d, {
    showRank: ui.showRank, interactive: !frame, frame, chart: c, selected: frame ? '' : ui.selected, picked: frame ? '' : ui.picked,
    tabKey: ui.selected || firstKey(d), moved: frame || ui.dismissed.has(c.id) ? null : moved,
    title: `${m().info.title || ''}　${t('seat.chart_title', { name: c.name })}`, subtitle: [m().info.place, m().info.starts_at_ms ? formatDateTime(m().info.starts_at_ms) : ''].filter(Boolean).join('　'),
    footer: t('seat.footer', { at: formatDateTime(Date.now()) }),
  });
}

function firstKey(d) {
  const cells = d.bands.filter((b) => b.type === 'row').flatMap((b) => b.cells);
  return (cells.find((x) => x.id) || cells[0] || {}).key;
}

function renderPanel() {
  const c = chart();
  if (!c) return;
  const d = drawing(m(), c, view());
  $('#st-panel').replaceWith(seatPanel(m(), c, d, ui.selected, view(), act, readOnly()));
  for (const el of seatsBox.querySelectorAll('.is-selected')) el.classList.remove('is-selected');
  if (ui.selected) seatsBox.querySelector(`g.seat[data-key="${CSS.escape(ui.selected)}"]`)?.classList.add('is-selected');
}

function renderChart() {
  const c = chart();
  $('#st-chart').hidden = !c || !!ui.editing;
  if (!c || ui.editing) return;
  const { kind } = chartData(c);
  $('#st-name').textContent = c.name;
  $('#st-kind').textContent = t(`seat.kind.${kind}`);
  $('#st-rule-text').textContent = ruleInWords(c);
  $('#st-view-seat').textContent = t(`seat.view.${kind}.seat`);
  $('#st-view-other').textContent = t(`seat.view.${kind}.other`);
  for (const v of ['seat', 'other']) {
    const b = $(`#st-view-${v}`);
    b.classList.toggle('on', view() === v);
    b.setAttribute('aria-pressed', view() === v ? 'true' : 'false');
  }
  for (const id of ['#st-edit', '#st-recompute', '#st-remove']) $(id).disabled = readOnly();
  $('#st-namecards').href = `namecards.html?m=${encodeURIComponent(meetingId)}&chart=${encodeURIComponent(c.id)}`;
  setChildren($('#st-alerts'), leftOffBox(c, act, readOnly()), staleBox(m(), c, act, readOnly()),
    ui.dismissed.has(c.id) ? null : changesBox(m(), c, view(), () => { ui.dismissed.add(c.id); renderChart(); }), messages(c));

  // Redraw, keeping the keyboard focus on the same seat.
  const focused = seatsBox.contains(document.activeElement) ? document.activeElement.closest('g.seat')?.dataset.key : '';
  setChildren(seatsBox, svgFor(c, false));
  if (focused) interaction.focusKey(focused);
  if (ui.picked) seatsBox.querySelector(`g.seat[data-key="${CSS.escape(ui.picked)}"]`)?.classList.add('is-picked');
  $('#st-help').textContent = drawing(m(), c, view()).draggable ? t('seat.dnd_help') : t('seat.dnd_tables');
  renderPanel();
  setChildren($('#st-order-box'), orderTable(m(), c, view()), notes(c));
  setChildren($('#st-details-body'), detailsBody(c));
  setChildren($('#st-print'), svgFor(c, true));
}

function render() {
  if (!session || !m()) return;
  document.body.classList.toggle('st-reader', !mayEdit());
  if (!mayEdit() && ui.editing) closeForm();
  header.setTitle(`${m().info.title || t('meeting.untitled')} · ${t('seat.page_title')}`);
  if (ui.chartId && !chart() && !ui.waitVersion) ui.chartId = '';
  if (!ui.chartId && (m().charts || []).length) ui.chartId = m().charts[0].id;
  renderList();
  $('#st-empty').hidden = !!(m().charts || []).length || !!ui.editing;
  $('#st-form-box').hidden = !ui.editing;
  renderChart();
}

// ------------------------------------------------------------------ wiring

$('#st-new').addEventListener('click', () => openForm('new'));
$('#st-empty-new').addEventListener('click', () => openForm('new'));
$('#st-edit').addEventListener('click', () => openForm(ui.chartId));
$('#st-recompute').addEventListener('click', () => act.recompute());
$('#st-remove').addEventListener('click', () => {
  const c = chart();
  if (c && confirm(t('seat.confirm_remove', { name: c.name }))) send({ remove_chart: { chart_id: c.id } });
});
$('#st-print-btn').addEventListener('click', () => window.print());
$('#st-svg-btn').addEventListener('click', () => {
  const c = chart();
  const svg = svgFor(c, true);
  const blob = new Blob(['<?xml version="1.0" encoding="UTF-8"?>\n', new XMLSerializer().serializeToString(svg)], { type: 'image/svg+xml' });
  const a = h('a', { href: URL.createObjectURL(blob), download: `${m().info.title || 'seating'}-${c.name}.svg` });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
});
for (const v of ['seat', 'other']) {
  $(`#st-view-${v}`).addEventListener('click', () => {
    if (chart()) ui.views[chartData(chart()).kind] = v;
    ui.picked = '';
    try { localStorage.setItem(KEY_VIEW, JSON.stringify(ui.views)); } catch { /* private mode */ }
    renderChart();
  });
}
$('#st-show-rank').addEventListener('change', (e) => { ui.showRank = e.target.checked; renderChart(); });

function onSession(s, detail) {
  if (withdrawn()) return; // the meeting was withdrawn from this page (access-ui)
  if (s.status === 'not_found' || s.status === 'failed') {
    $('#loading').hidden = true;
    $('#not-found').hidden = false;
    $('#main').hidden = true;
    return;
  }
  if (!s.meeting) return;
  $('#loading').hidden = true;
  $('#main').hidden = false;
  if (detail && detail.kind && detail.kind.startsWith('unknown:')) return;
  adoptCreated();
  if (ui.form) ui.form.update(m(), ui.editing === 'new' ? null : chart());
  render();
}

applyI18n(document.body);
onLangChange(() => { if (session && session.meeting) render(); });

if (!meetingId) {
  $('#loading').hidden = true;
  $('#not-found').hidden = false;
} else {
  session.on(onSession);
  client.start();
}
