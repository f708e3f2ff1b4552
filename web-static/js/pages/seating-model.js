// Seating charts (座次图) as the pages see them: parsing a chart's config and the engine's
// answer (docs/seating.md), the two views of each layout, the drawing model the SVG is
// made from, who sits where, and whether a chart is older than the attendee list.
// No DOM here: seating-svg.js draws, the pages wire.

import { t } from '../ui.js';
import './seating-strings.js';

export const KINDS = ['podium', 'meeting', 'talks', 'audience'];
export const ORDERS = ['rank', 'stroke', 'stroke_full', 'pinyin'];

const parsed = new WeakMap(); // chart object -> {config, result}; charts are replaced, never mutated
const nameCache = new Map();  // member id -> last name seen on a chart (for "removed" lists)

function parseJson(s) {
  try { const v = JSON.parse(s || '{}'); return v && typeof v === 'object' ? v : {}; } catch { return {}; }
}

/** {config, result, kind}: the chart's JSON fields, parsed once. */
export function chartData(chart) {
  let d = parsed.get(chart);
  if (!d) {
    const config = parseJson(chart.config_json);
    const result = parseJson(chart.result_json);
    for (const s of result.seats || []) if (s.name) nameCache.set(s.id, s.name);
    d = { config, result, kind: (config.layout && config.layout.kind) || 'podium' };
    parsed.set(chart, d);
  }
  return d;
}

/** The two views of a layout: [seat view, the other one]. */
export function viewLabel(kind, view) { return t(`seat.view.${kind}.${view}`); }
export function viewHint(kind, view) { return t(`seat.viewhint.${kind}.${view}`); }

/** What a member is: name (now), the attendee, reserved or not. */
export function memberInfo(meeting, chart, id) {
  const member = chart.members.find((x) => x.id === id);
  const seat = (chartData(chart).result.seats || []).find((s) => s.id === id);
  if (member && !member.attendee_id) {
    return { id, reserved: true, name: member.label || t('seat.reserved'), member, seat, attendee: null };
  }
  const attendee = meeting.attendees.find((a) => a.id === (member ? member.attendee_id : id)) || null;
  const name = attendee ? attendee.name : (seat && seat.name) || nameCache.get(id) || id;
  return { id, reserved: false, name, member, seat, attendee, gone: !attendee };
}

/** Rank label shown on a seat: position in its side's list; 译/记 for interpreters and note takers. */
export function rankLabels(chart) {
  const { result } = chartData(chart);
  const out = new Map();
  const perSide = new Map();
  const people = [...(result.seats || [])].sort((a, b) => (a.position || 0) - (b.position || 0));
  for (const s of people) {
    if (s.reserved) continue;
    if (s.role === 'interpreter') { out.set(s.id, t('seat.role_short.interpreter')); continue; }
    if (s.role === 'note_taker') { out.set(s.id, t('seat.role_short.note_taker')); continue; }
    const k = s.side || '';
    perSide.set(k, (perSide.get(k) || 0) + 1);
    out.set(s.id, String(perSide.get(k)));
  }
  return out;
}

function rowOf(result, row, side) {
  return (result.rows || []).find((r) => r.row === row && (r.side || '') === (side || ''));
}

/** Seat numbers as the current view counts them ("第1排 第3座"), or the seat's own for tables. */
export function seatText(chart, view, at) {
  if (!at || !at.row) return t('seat.no_seat');
  const { kind, result } = chartData(chart);
  const r = rowOf(result, at.row, at.side);
  const n = r ? r.seats : 0;
  const s = at.seat_from_seat;
  if (kind === 'talks' || kind === 'meeting') {
    const side = at.side ? t(`seat.side.${at.side}`) + ' ' : '';
    return t('seat.at_own', { side, row: at.row, seat: s });
  }
  return t('seat.at', { row: at.row, seat: view === 'seat' ? s : n + 1 - s });
}

/**
 * The drawing model of a chart in a view ('seat' or 'other'): bands top to bottom, each
 * a row of cells (or the 会谈 table, or a marker: what the people face / where the
 * viewer stands). Every cell knows its seat from the seat (what pin_seat takes).
 */
export function drawing(meeting, chart, view) {
  const { kind, config, result } = chartData(chart);
  const layout = config.layout || {};
  const ranks = rankLabels(chart);
  const fill = kind === 'audience' ? layout.fill : '';
  const other = kind === 'audience' ? 'from_podium' : 'from_audience';
  const seatView = view === 'seat';

  // fromSeat: the row drawn as its own people see it (seat i+1 at index i), else as seen
  // from in front of it (the audience, the room, across the table): seat n-i at index i.
  const cellsOf = (r, fromSeat) => {
    const ids = (fromSeat ? r.from_seat : r[other] || r.from_audience) || [];
    const n = r.seats || ids.length;
    const blocked = new Set(r.blocked || []);
    return ids.map((id, i) => {
      const s = fromSeat ? i + 1 : n - i;
      const cell = { key: `${r.side || ''}|${r.row}|${s}`, row: r.row, side: r.side || '', seat: s, no: i + 1, id: id || null, blocked: blocked.has(s) };
      if (id) {
        const p = memberInfo(meeting, chart, id);
        const seat = p.seat || {};
        Object.assign(cell, {
          name: p.name, reserved: p.reserved, gone: !!p.gone, pinned: !!seat.pinned, rank: ranks.get(id) || '',
          sub: kind === 'audience' ? (seat.unit || '') : (p.attendee ? p.attendee.title : ''),
          side: seat.side || cell.side, role: seat.role || '',
        });
      }
      return cell;
    });
  };
  const aisleOf = (r) => {
    if (fill !== 'centre') return -1;
    const n = r.seats;
    const after = Number.isInteger(layout.aisle_after) ? layout.aisle_after : Math.floor(n / 2);
    return seatView ? after : n - after;
  };
  const band = (r, label, fromSeat = seatView) => ({ type: 'row', row: r.row, side: r.side || '', label, cells: cellsOf(r, fromSeat), aisle: aisleOf(r) });
  const rowLabel = (r) => t('seat.row_n', { n: r.row });
  const rows = [...(result.rows || [])];
  const bands = [];

  if (kind === 'talks') {
    // The viewer sits with the near side (drawn below the table, as its people see it)
    // and looks across at the far side.
    const side = (s) => rows.filter((r) => r.side === s).sort((a, b) => a.row - b.row);
    const [near, far] = seatView ? ['host', 'guest'] : ['guest', 'host'];
    const label = (s, r) => t(`seat.side.${s}`) + (r.row > 1 ? ' ' + rowLabel(r) : '');
    for (const r of side(far).reverse()) bands.push(band(r, label(far, r), false));
    const door = layout.door === 'end' ? (seatView ? 'right' : 'left') : (seatView ? 'bottom' : 'top');
    bands.push({ type: 'table', label: t('seat.table'), door });
    for (const r of side(near)) bands.push(band(r, label(near, r), true));
  } else {
    const marker = { type: 'marker', label: t(`seat.marker.${kind}`) };
    rows.sort((a, b) => a.row - b.row);
    if (seatView) {
      bands.push({ ...marker, faced: true });
      for (const r of rows) bands.push(band(r, rowLabel(r)));
    } else {
      for (const r of rows.reverse()) bands.push(band(r, rowLabel(r)));
      bands.push({ ...marker, viewer: true });
    }
  }
  return {
    kind, view, bands,
    caption: viewLabel(kind, view),
    hint: viewHint(kind, view),
    numbered: kind === 'podium' || kind === 'audience',
    draggable: kind === 'podium' || kind === 'audience',
  };
}

/** One line describing the rules a chart was computed with (for lists and the legend). */
export function rulesLine(chart) {
  const { kind, config, result } = chartData(chart);
  const parts = [];
  if (result.order && result.order.rule) parts.push(t(`seat.order_rule.${result.order.rule}`));
  if (kind === 'audience' && result.units && result.units.label) parts.push(result.units.label);
  if (kind !== 'meeting') parts.push(t(`seat.convention.${config.convention || (kind === 'talks' ? 'right' : 'left')}`));
  if (kind === 'podium') parts.push(t('seat.even_rule_short', { r: config.even_rule || 'A' }));
  if (kind === 'audience') parts.push(t(`seat.fill.${(config.layout || {}).fill || 'rows'}`));
  if (kind === 'talks') parts.push(t(`seat.door.${(config.layout || {}).door || 'side'}`));
  return parts.join(' · ');
}

function rankKey(a, index) { return a && a.rank > 0 ? a.rank : 1e6 + index; }

/**
 * Why the chart may no longer match the attendee list: [{kind, names}] with kind
 * 'removed' (on the chart, no longer an attendee), 'renamed', 'reranked', 'unit'; and
 * `missing`: attendees not on the chart (perhaps on purpose).
 */
export function staleness(meeting, chart) {
  const { kind, config, result } = chartData(chart);
  const seats = new Map((result.seats || []).map((s) => [s.id, s]));
  // Left off on purpose (on leave, staff off the podium): not out of date.
  const aside = new Set((result.left_off || []).map((x) => x.id));
  const out = { reasons: [], missing: [] };
  const add = (k, name) => {
    let r = out.reasons.find((x) => x.kind === k);
    if (!r) out.reasons.push(r = { kind: k, names: [] });
    r.names.push(name);
  };
  const groups = new Map();
  chart.members.forEach((mb, i) => {
    if (!mb.attendee_id) return;
    const a = meeting.attendees.find((x) => x.id === mb.attendee_id);
    const s = seats.get(mb.id);
    if (!a) { if (s) add('removed', s.name || mb.id); return; }
    if (!s) { if (!aside.has(mb.id)) add('added', a.name); return; }
    if (s.name !== a.name) add('renamed', `${s.name} → ${a.name}`);
    if (a.attendance === 'ATTENDANCE_LEAVE' && !config.include_on_leave) add('leave', a.name);
    if (kind === 'audience' && (s.unit || '') !== (a.unit || '未填单位')) add('unit', a.name);
    const g = kind === 'audience' ? (a.unit || '') : (s.side || '');
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push({ pos: s.position || 0, key: rankKey(a, i + 1), name: a.name, pinned: !!s.pinned });
  });
  if ((config.order || 'rank') === 'rank') {
    for (const list of groups.values()) {
      list.sort((x, y) => x.pos - y.pos);
      for (let i = 1; i < list.length; i++) if (list[i].key < list[i - 1].key) { add('reranked', list[i].name); }
    }
  }
  const on = new Set(chart.members.map((x) => x.attendee_id));
  out.missing = meeting.attendees.filter((a) => !on.has(a.id));
  return out;
}

/**
 * The result's changes (after a re-computation, a pin or a swap) in words. Seats are
 * numbered from the seat: the layout may have changed, and the old one is not known.
 */
export function changeList(meeting, chart) {
  const view = 'seat';
  const ch = chartData(chart).result.changes;
  if (!ch) return null;
  const name = (id) => memberInfo(meeting, chart, id).name;
  return {
    moved: (ch.moved || []).map((x) => ({ id: x.id, name: name(x.id), from: seatText(chart, view, x.from), to: seatText(chart, view, x.to) })),
    added: (ch.added || []).map((x) => ({ id: x.id, name: name(x.id), to: seatText(chart, view, x) })),
    removed: (ch.removed || []).map((x) => ({ id: x.id, name: nameCache.get(x.id) || name(x.id), from: seatText(chart, view, x) })),
    unchanged: ch.unchanged || 0,
  };
}

/** People in the engine's order, with where they sit: for lists and name cards. */
export function orderedPeople(meeting, chart, view) {
  const { result } = chartData(chart);
  const seats = new Map((result.seats || []).map((s) => [s.id, s]));
  const list = (result.order && result.order.people) || [...seats.values()];
  return list.map((o) => {
    const s = seats.get(o.id) || {};
    const p = memberInfo(meeting, chart, o.id);
    return {
      id: o.id, position: o.position || s.position, name: p.name, reserved: p.reserved, gone: !!p.gone,
      unit: p.attendee ? p.attendee.unit : (s.unit || ''), title: p.attendee ? p.attendee.title : '',
      side: s.side || '', role: s.role || '', pinned: !!s.pinned,
      strokes: o.strokes, pinyin: o.pinyin, where: seatText(chart, view, s), seat: s,
    };
  });
}
