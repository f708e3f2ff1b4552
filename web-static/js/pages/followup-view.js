// Pieces shared by the follow-up pages: the light, the deadline text, a decision's line.
import { h, t } from '../ui.js';
import { fuState } from './followup-strings.js';

/** The traffic light (红灯/黄灯/绿灯), computed by the server from the deadline and the clock. */
export function lightChip(d) {
  return h('span', { class: `fu-light fu-light-${d.light}`, dataset: { light: d.light } },
    h('span', { class: 'fu-dot', 'aria-hidden': 'true' }), t('fu.light.' + d.light));
}

export function dueText(d) {
  if (d.state === 'closed' || d.state === 'cancelled') return d.deadline;
  if (d.days_late > 0) return `${d.deadline} · ${t('fu.days_late', { n: d.days_late })}`;
  if (d.days_left === 0) return `${d.deadline} · ${t('fu.due_today')}`;
  return `${d.deadline} · ${t('fu.days_left', { n: d.days_left })}`;
}

export function priorityChip(d) {
  return d.priority > 0 ? h('span', { class: `chip fu-prio fu-prio-${d.priority}` }, t('fu.priority.' + d.priority)) : null;
}

export function people(d) {
  const lead = `${d.lead_unit} · ${d.lead_name || d.lead_account}`;
  const co = (d.co_units || []).length ? ` ${t('fu.co')}：${d.co_units.join('、')}` : '';
  return lead + co;
}

/** One decision as a compact line: light, text, unit, deadline, state. */
export function decisionLine(d, onOpen) {
  return h('article', {
    class: `fu-row fu-row-${d.light}`, tabindex: 0, dataset: { id: d.id, meeting: d.meeting_id, state: d.state },
    onclick: () => onOpen && onOpen(d),
    onkeydown: (ev) => { if (ev.key === 'Enter' && onOpen) onOpen(d); },
  },
  h('div', { class: 'fu-row-light' }, lightChip(d)),
  h('div', { class: 'fu-row-main' },
    h('div', { class: 'fu-row-text' }, priorityChip(d), ' ', d.text),
    h('div', { class: 'fu-row-meta' }, h('span', {}, people(d)), h('span', { class: 'num' }, dueText(d)),
      h('span', { class: 'muted' }, t('fu.from_meeting', { meeting: d.meeting_title, item: d.item_title })))),
  h('div', { class: 'fu-row-state' }, h('span', { class: `chip fu-state fu-state-${d.state}`, dataset: { state: d.state } }, fuState(d.state)),
    d.returned && d.returned.pending ? h('span', { class: 'chip fu-returned', title: d.returned.reason }, t('fu.returned_chip')) : null,
    d.returned && d.returned.pending ? h('div', { class: 'fu-row-latest fu-returned-reason', title: d.returned.reason }, t('fu.returned_line', { reason: d.returned.reason })) : null,
    d.last_report ? h('div', { class: 'fu-row-latest', title: d.last_report }, d.last_report) : null,
    d.last_reminder && d.light !== 'none' ? h('span', { class: `chip fu-reminded fu-reminded-${d.last_reminder.kind}` }, t('fu.reminded')) : null));
}
