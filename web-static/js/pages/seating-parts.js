// Pieces of the seating page around the drawn chart: the selected-seat panel (the
// keyboard and form alternative to drag and drop), the ordered list with its rule, the
// warnings and notes, what moved in the last computation, and the "out of date" notice.

import { h, t } from '../ui.js';
import { chartData, memberInfo, seatText, staleness, changeList, orderedPeople, rankLabels } from './seating-model.js';
import { notesInWords, orderRuleInWords } from './seating-explain.js';

/** The panel for the selected cell. act: {pinToggle(cell), swap(a, b), pinTo(id, cell), block(cell, on)}. */
export function seatPanel(meeting, chart, d, key, view, act, readOnly) {
  const cells = d.bands.filter((b) => b.type === 'row').flatMap((b) => b.cells);
  const c = cells.find((x) => x.key === key);
  const box = h('section', { class: 'st-panel', id: 'st-panel', 'aria-labelledby': 'st-panel-head' },
    h('h3', { id: 'st-panel-head' }, t('seat.panel_title')));
  if (!c) { box.append(h('p', { class: 'hint' }, t('seat.panel_hint'))); return box; }
  const where = c.id ? seatText(chart, view, memberInfo(meeting, chart, c.id).seat) : seatText(chart, view, { row: c.row, side: c.side, seat_from_seat: c.seat });
  if (!c.id) {
    box.append(h('p', { class: 'st-panel-who' }, h('strong', {}, c.blocked ? t('seat.blocked') : t('seat.empty')), '　', where));
    if (!readOnly && d.draggable) {
      box.append(h('button', { class: 'btn btn-sm', type: 'button', id: 'st-block', onclick: () => act.block(c, !c.blocked) }, t(c.blocked ? 'seat.unblock_seat' : 'seat.block_seat')));
    }
    return box;
  }
  const p = memberInfo(meeting, chart, c.id);
  const seat = p.seat || {};
  box.append(
    h('p', { class: 'st-panel-who' }, h('strong', { class: 'st-panel-name' }, p.name), '　', where),
    h('p', { class: 'hint' }, [
      p.attendee ? [p.attendee.unit, p.attendee.title].filter(Boolean).join(' · ') : '',
      seat.position ? t('seat.position', { n: seat.position }) : '',
      seat.pinned ? t('seat.pinned') : '',
    ].filter(Boolean).join('　')));
  if (readOnly || !d.draggable) {
    if (!d.draggable) box.append(h('p', { class: 'hint' }, t('seat.dnd_tables')));
    return box;
  }
  box.append(h('div', { class: 'form-actions' },
    h('button', { class: 'btn btn-sm', type: 'button', id: 'st-pin-toggle', onclick: () => act.pinToggle(c) }, t(seat.pinned ? 'seat.unpin' : 'seat.pin_here'))));
  const others = cells.filter((x) => x.id && x.id !== c.id);
  if (others.length) {
    const sel = h('select', { id: 'st-swap-with', 'aria-label': t('seat.swap_with') }, others.map((x) => h('option', { value: x.id }, t('ui.paren', { a: x.name, b: seatText(chart, view, memberInfo(meeting, chart, x.id).seat) }))));
    box.append(h('div', { class: 'st-panel-row' }, h('label', { for: 'st-swap-with' }, t('seat.swap_with')), sel,
      h('button', { class: 'btn btn-sm', type: 'button', id: 'st-do-swap', onclick: () => act.swap(c.id, sel.value) }, t('seat.do_swap'))));
  }
  const free = cells.filter((x) => !x.id && !x.blocked);
  if (free.length) {
    const sel = h('select', { id: 'st-move-to', 'aria-label': t('seat.move_to') }, free.map((x) => h('option', { value: x.key }, seatText(chart, view, { row: x.row, side: x.side, seat_from_seat: x.seat }))));
    box.append(h('div', { class: 'st-panel-row' }, h('label', { for: 'st-move-to' }, t('seat.move_to')), sel,
      h('button', { class: 'btn btn-sm', type: 'button', id: 'st-do-move', onclick: () => act.pinTo(c.id, free.find((x) => x.key === sel.value)) }, t('seat.do_move'))));
  }
  return box;
}

/** The people in the engine's order, with the rule on the list. */
export function orderTable(meeting, chart, view) {
  const { kind, result } = chartData(chart);
  const people = orderedPeople(meeting, chart, view);
  const tables = kind === 'talks' || kind === 'meeting';
  const keyed = people.some((p) => p.strokes || p.pinyin);
  const label = orderRuleInWords(chart);
  // 会见/会谈: each side numbered on its own, interpreters and note takers take no number
  // (占位不占数), as on the chart.
  const numbers = tables ? rankLabels(chart) : null;
  return h('table', { class: 'st-order', id: 'st-order' },
    h('caption', { id: 'st-order-rule' }, t('seat.order_caption', { label }),
      kind === 'audience' && result.units ? `　${result.units.label}：${result.units.list.map((u) => u.name).join('、')}` : ''),
    h('thead', {}, h('tr', {},
      h('th', { class: 'num' }, t('seat.col_no')), h('th', {}, t('seat.col_name')), h('th', {}, t('seat.col_unit')),
      tables ? h('th', {}, t('seat.col_side')) : null, h('th', {}, t(tables ? 'seat.col_seat_own' : 'seat.col_seat')), keyed ? h('th', {}, t('seat.col_key')) : null)),
    h('tbody', {}, people.map((p) => h('tr', { class: p.gone ? 'is-gone' : p.reserved ? 'is-reserved' : '', dataset: { id: p.id } },
      h('td', { class: 'num' }, numbers ? numbers.get(p.id) || '' : p.position || ''),
      h('td', { class: 'st-order-name' }, p.name),
      h('td', { class: 'muted' }, [p.unit, p.title].filter(Boolean).join(' · ')),
      tables ? h('td', {}, [p.side ? t(`seat.side.${p.side}`) : '', p.role && p.role !== 'member' ? t(`seat.role.${p.role}`) : ''].filter(Boolean).join(' · ')) : null,
      h('td', { class: 'num' }, p.where, p.pinned ? h('span', { class: 'st-pin-chip', title: t('seat.pinned') }, ' ● ', t('seat.pinned')) : ''),
      keyed ? h('td', { class: 'muted num' }, p.pinyin || (p.strokes ? p.strokes.join('-') : '')) : null))));
}

export function messages(chart) {
  const { result } = chartData(chart);
  const out = [];
  if ((result.warnings || []).length) {
    out.push(h('div', { class: 'st-warnings', id: 'st-warnings', role: 'status' }, h('strong', {}, t('seat.warnings')),
      h('ul', {}, result.warnings.map((w) => h('li', {}, w)))));
  }
  return out;
}

/** 排座说明: the rule, who was left off, where the interpreters sit and why — in words. */
export function notes(chart) {
  return h('details', { class: 'st-notes', id: 'st-notes', open: true }, h('summary', {}, t('seat.notes')),
    h('ul', {}, notesInWords(chart).map((n) => h('li', {}, n))));
}

/** Versions, ids and the engine's own notes: for whoever needs to trace a chart, not in the flow. */
export function detailsBody(chart) {
  const { result } = chartData(chart);
  return [
    h('p', { class: 'hint' }, t('seat.details_version', { v: chart.computed_at_version }), '　', t('seat.details_id', { id: chart.id })),
    (result.notes || []).length ? h('div', {}, h('p', { class: 'hint' }, t('seat.details_engine')), h('ul', { class: 'hint' }, result.notes.map((n) => h('li', {}, n)))) : null,
  ];
}

/** Who is on the chart's list but has no seat (on leave, staff off the podium), with a way to seat them. */
export function leftOffBox(chart, act, readOnly) {
  const { result } = chartData(chart);
  const off = result.left_off || [];
  if (!off.length) return null;
  const reasons = [...new Set(off.map((x) => x.reason))];
  return h('div', { class: 'st-left-off', id: 'st-left-off', role: 'status' },
    h('strong', {}, t('seat.left_off_title')), ' ',
    off.map((x) => t('seat.left_off_item', { name: x.name || x.id, reason: t(`seat.left_off.${x.reason}`) })).join(t('seat.list_sep')), ' ',
    readOnly ? null : reasons.map((r) => h('button', {
      class: 'btn btn-sm', type: 'button', dataset: { include: r },
      onclick: () => act.include(r === 'staff' ? 'include_staff' : 'include_on_leave'),
    }, t(r === 'staff' ? 'seat.include_staff_btn' : 'seat.include_on_leave_btn'))));
}

/** What moved in the last computation (after a recompute, an edit, a pin or a swap). */
export function changesBox(meeting, chart, view, onDismiss) {
  const ch = changeList(meeting, chart);
  if (!ch) return null;
  return h('section', { class: 'st-changes', id: 'st-changes', role: 'status', 'aria-live': 'polite' },
    h('div', { class: 'st-changes-head' }, h('strong', {}, t('seat.changes_title')),
      h('span', { class: 'hint' }, t('seat.changes_numbering')),
      h('button', { class: 'btn btn-sm btn-quiet', type: 'button', onclick: onDismiss }, t('seat.dismiss'))),
    ch.moved.length || ch.added.length || ch.removed.length
      ? h('ul', { id: 'st-moved' },
        ch.moved.map((x) => h('li', { dataset: { id: x.id } }, t('seat.moved', x))),
        ch.added.map((x) => h('li', { dataset: { id: x.id } }, t('seat.added', x))),
        ch.removed.map((x) => h('li', { dataset: { id: x.id } }, t('seat.removed_one', x))))
      : h('p', {}, t('seat.changes_none')),
    ch.unchanged ? h('p', { class: 'hint' }, t(ch.unchanged === 1 ? 'seat.unchanged_one' : 'seat.unchanged', { n: ch.unchanged })) : null);
}

/** The "out of date" notice: attendees changed since the chart was computed. */
export function staleBox(meeting, chart, act, readOnly) {
  const s = staleness(meeting, chart);
  const out = [];
  if (s.reasons.length) {
    out.push(h('div', { class: 'st-stale banner banner-warn', id: 'st-stale', role: 'status' },
      h('strong', {}, t('seat.stale_title')),
      h('ul', {}, s.reasons.map((r) => h('li', {}, t(`seat.stale.${r.kind}`, { names: r.names.join('、') })))),
      readOnly ? null : h('button', { class: 'btn btn-sm btn-primary', type: 'button', onclick: act.recompute }, t('seat.recompute'))));
  }
  if (s.missing.length) {
    out.push(h('p', { class: 'st-missing hint', id: 'st-missing' }, t('seat.missing', { n: s.missing.length, names: s.missing.map((a) => a.name).join('、') }), ' ',
      readOnly ? null : h('button', { class: 'btn btn-sm', type: 'button', onclick: () => act.addMissing(s.missing) }, t('seat.add_missing'))));
  }
  return out;
}
