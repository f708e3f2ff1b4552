// A chart's rule and notes in words, in the UI language (issue 13): "以左为上，单数居中：…"
// for the chart's head line, and the 排座说明 list — who was left off and why, where each
// interpreter sits and why (占位不占数), where the door is. Built from the chart's config and
// the engine's structured answer (rows, interpreters, left_off), never from its Chinese
// notes, so that English screens read English and no JSON field name reaches a secretary.
// No DOM here.

import { t } from '../ui.js';
import { chartData } from './seating-model.js';
import './seating-strings.js';

const conventionOf = (kind, config) => config.convention || (kind === 'talks' ? 'right' : 'left');

/** Head counts of the podium rows as computed: 'odd', 'even' or both. */
function podiumParities(result) {
  const out = new Set();
  for (const r of result.rows || []) {
    const n = (r.from_seat || []).filter(Boolean).length;
    if (n) out.add(n % 2 ? 'odd' : 'even');
  }
  return out.size ? [...out].sort().reverse() : ['odd'];
}

/** The rule of the chart in one or two sentences. */
export function ruleInWords(chart) {
  const { kind, config, result } = chartData(chart);
  const conv = conventionOf(kind, config);
  const head = t(`seat.rule.conv.${conv}`);
  if (kind === 'podium') {
    const even = config.even_rule === 'B' ? 'B' : 'A';
    const parts = podiumParities(result).map((p) => t(p === 'odd' ? `seat.rule.podium_odd.${conv}` : `seat.rule.podium_even_${even}.${conv}`));
    return t('seat.rule.head', { conv: head, text: parts.join(t('seat.rule.join')) }) + t('seat.rule.podium_view');
  }
  if (kind === 'meeting') return t('seat.rule.meeting');
  if (kind === 'talks') {
    const interpreters = (result.interpreters || []).some((x) => x.place === 'principal_right');
    return t('seat.rule.head', { conv: head, text: t(`seat.rule.talks.${conv}`) + (interpreters ? t(`seat.rule.talks_interpreter.${conv}`) : '') });
  }
  const fill = (config.layout || {}).fill || 'rows';
  return t('seat.rule.head', { conv: head, text: t(`seat.rule.audience.${conv}`, { fill: t(`seat.fill.${fill}`) }) });
}

/** The ordered list's rule ("按排序（职务）为序"), in the UI language. */
export function orderRuleInWords(chart) {
  const { result } = chartData(chart);
  const rule = result.order && result.order.rule;
  return rule ? t(`seat.order_rule.${rule}`) : '';
}

function nameOf(result, id) {
  const s = (result.seats || []).find((x) => x.id === id);
  return (s && s.name) || t('seat.reserved');
}

function whereOf(result, id) {
  const s = (result.seats || []).find((x) => x.id === id);
  if (!s) return '';
  return t('seat.at_own', { side: s.side ? t(`seat.side.${s.side}`) + ' ' : '', row: s.row, seat: s.seat_from_seat });
}

/** The 排座说明: sentences in the UI language. */
export function notesInWords(chart) {
  const { kind, config, result } = chartData(chart);
  const conv = conventionOf(kind, config);
  const out = [ruleInWords(chart)];
  const off = { on_leave: [], staff: [] };
  for (const x of result.left_off || []) (off[x.reason] || off.on_leave).push(x.name || x.id);
  if (off.on_leave.length) out.push(t('seat.note.on_leave', { names: off.on_leave.join(t('seat.list_sep')) }));
  if (off.staff.length) out.push(t('seat.note.staff', { names: off.staff.join(t('seat.list_sep')) }));
  for (const x of result.interpreters || []) {
    const vars = {
      side: t(`seat.side.${x.side}`), name: nameOf(result, x.id), principal: nameOf(result, x.principal), where: whereOf(result, x.id),
    };
    if (x.place === 'principal_right') out.push(t(`seat.note.interpreter_right.${conv}`, vars));
    else if (x.place === 'nearest_free') out.push(t('seat.note.interpreter_moved', vars));
    else out.push(t(kind === 'meeting' ? 'seat.note.interpreter_behind_meeting' : 'seat.note.interpreter_behind', vars));
  }
  if (kind === 'talks') out.push(t(`seat.note.door.${(config.layout || {}).door === 'end' ? 'end' : 'side'}`));
  if (kind === 'podium' || kind === 'audience') out.push(t(`seat.note.numbers.${kind}`));
  return out;
}
