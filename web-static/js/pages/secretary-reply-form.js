// Secretary page, replies table: 代为登记 — a reply taken by phone, recorded by the secretary
// for an attendee (reply_notice for their attendee id; the server allows the meeting's
// secretaries this for anyone, docs/security.md), and who recorded a reply when it was not
// the invitee themself. docs/protocol.md §6.5.
import { h, t } from '../ui.js';
import './notice-strings.js';
import { accountById } from './account-picker.js';

/** "由 王秘书 代为登记" when the reply was recorded by someone else than the invitee, else null. */
export function recordedBy(meeting, attendee) {
  const by = attendee.reply?.by;
  if (!by || by === attendee.account_id) return null;
  // The name: an attendee's, else the organisation's directory's (loaded by the page), else the id.
  const who = (meeting.attendees || []).find((a) => a.account_id === by);
  return t('nt.recorded_by', { who: who ? who.name : accountById(by)?.name || by });
}

/** The 代为登记 control of one row; send(change) submits a meeting change. */
export function recordForm(attendee, send) {
  const kind = h('select', { name: 'kind', class: 'nt-record-kind', 'aria-label': t('nt.col_reply') },
    h('option', { value: 'REPLY_ATTEND' }, t('inbox.attend')),
    h('option', { value: 'REPLY_DEPUTY' }, t('inbox.deputy')),
    h('option', { value: 'REPLY_LEAVE' }, t('inbox.leave')));
  const dname = h('input', { type: 'text', name: 'deputy_name', maxlength: 50, placeholder: t('inbox.deputy_name') });
  const dtitle = h('input', { type: 'text', name: 'deputy_title', maxlength: 50, placeholder: t('inbox.deputy_title') });
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 200, placeholder: t('inbox.reason') });
  const error = h('span', { class: 'lc-error', role: 'alert' });
  const sync = () => {
    dname.hidden = dtitle.hidden = kind.value !== 'REPLY_DEPUTY';
    reason.hidden = kind.value !== 'REPLY_LEAVE';
  };
  kind.addEventListener('change', sync);
  sync();
  const form = h('form', { class: 'nt-record-form', autocomplete: 'off' }, kind, dname, dtitle, reason,
    h('button', { type: 'submit', class: 'btn btn-small' }, t('nt.record_send')), error);
  const box = h('details', { class: 'nt-record' }, h('summary', {}, t('nt.record')), form);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const reply = { attendee_id: attendee.id, kind: kind.value };
    if (kind.value === 'REPLY_DEPUTY') {
      reply.deputy_name = dname.value.trim();
      reply.deputy_title = dtitle.value.trim();
      if (!reply.deputy_name || !reply.deputy_title) { error.textContent = t('inbox.need_deputy'); return; }
    }
    if (kind.value === 'REPLY_LEAVE') {
      reply.reason = reason.value.trim();
      if (!reply.reason) { error.textContent = t('inbox.need_reason'); return; }
    }
    error.textContent = '';
    Promise.resolve(send({ reply_notice: reply })).then(() => { box.open = false; }).catch(() => {});
  });
  return box;
}
