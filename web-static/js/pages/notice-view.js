// The notice (会议通知) as a reader sees it — composed from the meeting and its notice
// fields in the official-document order (一、二、…), on the secretary page (preview) and
// the start page (the invitee's copy) — and the reply as words. docs/protocol.md §6.5.
import { h, t, formatDateTime, zoneLabel } from '../ui.js';
import { num } from '../meeting-state.js';
import './notice-strings.js';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A reply to the notice is "to confirm again" when given to an earlier issue. */
export function toConfirm(meeting, a) {
  const r = a.reply;
  if (!r || !r.kind || r.kind === 'REPLY_NONE') return false;
  return (r.notice_issue || 0) < (meeting.lifecycle?.notice_issues || 0);
}

export function replyText(r) {
  if (!r || !r.kind || r.kind === 'REPLY_NONE') return t('nt.r_none');
  if (r.kind === 'REPLY_ATTEND') return t('nt.r_attend');
  if (r.kind === 'REPLY_DEPUTY') return t('nt.r_deputy', { name: r.deputy_name, title: r.deputy_title });
  return t('nt.r_leave', { reason: r.reason });
}

/** Counts as the server's count_replies: {n, attend, deputy, leave, none, confirm}. */
export function replyCounts(meeting) {
  const c = { n: 0, attend: 0, deputy: 0, leave: 0, none: 0, confirm: 0 };
  for (const a of meeting.attendees) {
    c.n += 1;
    const k = a.reply?.kind || 'REPLY_NONE';
    if (k === 'REPLY_ATTEND') c.attend += 1;
    else if (k === 'REPLY_DEPUTY') c.deputy += 1;
    else if (k === 'REPLY_LEAVE') c.leave += 1;
    else c.none += 1;
    if (toConfirm(meeting, a)) c.confirm += 1;
  }
  return c;
}

function sortedPeople(meeting) {
  return meeting.attendees.map((a, i) => [a, i])
    .sort(([a, i], [b, j]) => (a.rank || 1e9) - (b.rank || 1e9) || i - j).map(([a]) => a);
}

/** The notice as a document; `notice` is {reply_by, contact, phone, bring, materials, issuer}. */
export function noticeDocument(meeting, notice) {
  const info = meeting.info;
  const start = num(info.starts_at_ms);
  const end = num(info.ends_at_ms);
  const when = start ? formatDateTime(start) + (end ? ' — ' + formatDateTime(end) : '') : t('nt.tbd');
  const people = sortedPeople(meeting).map((a) => [a.unit, a.title, a.name].filter(Boolean).join(' '));
  const materials = (notice.materials || []).filter((s) => s.trim());
  const notes = [];
  if (notice.bring) notes.push(t('nt.bring_line', { what: notice.bring }));
  if (notice.reply_by) notes.push(t('nt.reply_line', { date: notice.reply_by }));
  const sections = [
    [t('nt.s_time'), [when, zoneLabel() ? ' ' + zoneLabel() : '']],
    [t('nt.s_place'), [info.place || t('nt.tbd')]],
    [t('nt.s_people'), [people.join('、') || t('nt.none')]],
    [t('nt.s_agenda'), meeting.agenda.length ? meeting.agenda.map((it, i) => `${i + 1}. ${it.title}`) : [t('nt.none')]],
  ];
  if (materials.length) sections.push([t('nt.s_materials'), materials.map((s, i) => `${i + 1}. ${s}`)]);
  if (notes.length) sections.push([t('nt.s_notes'), notes]);
  const issuer = notice.issuer || info.convener || '';
  const issuedAt = num(meeting.lifecycle?.notice_issued_at_ms);
  return h('article', { class: 'notice-doc', lang: 'zh-CN' },
    h('h3', { class: 'notice-doc-title' }, t('nt.heading', { title: info.title || '' })),
    h('p', { class: 'notice-doc-to' }, t('nt.to')),
    h('p', {}, t('nt.lead', { when, title: info.title || '' })),
    sections.map(([head, lines], i) => h('section', { class: 'notice-doc-sec' },
      h('h4', {}, `${NUMERALS[i]}、${head}`), lines.map((l) => h('p', {}, l)))),
    notice.contact || notice.phone ? h('p', { class: 'notice-doc-contact' }, t('nt.contact_line', { name: notice.contact || '', phone: notice.phone || '' })) : null,
    h('p', { class: 'notice-doc-sign' }, issuer),
    h('p', { class: 'notice-doc-sign' }, issuedAt ? formatDateTime(issuedAt).slice(0, 10) : formatDateTime(Date.now()).slice(0, 10)));
}
