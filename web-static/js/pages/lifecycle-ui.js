// The meeting's phase and quorum as every page shows them: a calm badge with the start
// time, and "出席 n / 应到 m" with a warning below quorum. Pure DOM builders; the pages
// decide where they go.
import { h, t, formatDateTime, formatTime, sameOfficeDay } from '../ui.js';
import { phaseOf, quorumStatus, num } from '../meeting-state.js';
import './lifecycle-strings.js';

/** A badge for a phase ('PHASE_IN_SESSION'); `id` for the page's own badge. */
export function phaseBadge(phase, id) {
  const p = phase || 'PHASE_DRAFTING';
  return h('span', { class: `chip chip-phase ${p.toLowerCase().replace(/_/g, '-')}`, id, dataset: { phase: p } }, t('phase.' + p));
}

/** The time beside the badge: when it started (and ended), or why it was cancelled. */
export function phaseDetail(meeting) {
  const l = meeting.lifecycle || {};
  const p = phaseOf(meeting);
  const startedAt = num(l.started_at_ms);
  const sameDay = sameOfficeDay;
  if (p === 'PHASE_IN_SESSION') return startedAt ? t('phase.started_at', { t: formatDateTime(startedAt) }) : t('phase.started_unknown');
  if (p === 'PHASE_ENDED') {
    const end = num(l.ended_at_ms);
    const from = startedAt ? t('phase.started_at', { t: formatDateTime(startedAt) }) : t('phase.started_unknown');
    return `${from}，${t('phase.ended_at', { t: sameDay(startedAt, end) ? formatTime(end) : formatDateTime(end) })}`;
  }
  if (p === 'PHASE_CANCELLED') return t('phase.cancelled_because', { reason: l.cancel_reason });
  const parts = [];
  if (p === 'PHASE_NOTIFIED' && num(l.notice_issued_at_ms)) parts.push(t('phase.notice_at', { t: formatDateTime(num(l.notice_issued_at_ms)) }));
  const pp = l.postponements || [];
  if (pp.length) parts.push(t('phase.postponed_from', { t: formatDateTime(num(pp[0].from_starts_at_ms)) }));
  return parts.join('　');
}

/** Badge and detail in one line. */
export function phaseLine(meeting, id = 'phase-badge') {
  return h('span', { class: 'phase-line' }, phaseBadge(phaseOf(meeting), id),
    h('span', { class: 'phase-detail num', id: id + '-detail' }, phaseDetail(meeting)));
}

/** "出席 n / 应到 m", the quorum, and a warning below it. */
export function quorumLine(meeting, id = 'quorum') {
  const q = quorumStatus(meeting);
  const observers = meeting.attendees.filter((a) => a.role === 'ROLE_OBSERVER').length;
  return h('div', { class: 'quorum-line' + (q.below ? ' below' : ''), id, dataset: { present: q.present, expected: q.expected, required: q.required, below: q.below ? '1' : '0' } },
    h('span', { class: 'quorum-count num' }, t('quorum.line', { present: q.present, expected: q.expected })),
    // The attendance tiles count everyone as 应到; quorum leaves those sitting in (列席) out.
    observers ? h('span', { class: 'quorum-req' }, t('quorum.observers', { n: observers })) : null,
    q.required ? h('span', { class: 'quorum-req num' }, t('quorum.required', { n: q.required })) : null,
    q.required ? h('span', { class: 'quorum-state', role: q.below ? 'alert' : null },
      q.below ? t('quorum.below', { n: q.required - q.present }) : t('quorum.reached')) : null);
}
