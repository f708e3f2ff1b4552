// Secretary page: the meeting's lifecycle card (phase badge, start/end/cancel/postpone,
// "notice issued", quorum) and the dialogs behind its buttons. Everything is a command;
// the card re-renders from the events (docs/protocol.md §6.4).
//
//   secretaries and the convener: every transition and the quorum
//   the chair: start and end (宣布开会 / 散会)
//   everyone: the phase and "出席 n / 应到 m"
//
// "N" (next item) before the start does not start anything by itself: it offers the start
// dialog with that item and its timer ticked, so the meeting starts only when asked.

import { h, $, setChildren, t, toLocalInput, fromLocalInput } from '../ui.js';
import { phaseOf, nextItem, normalizeQuorum } from '../meeting-state.js';
import { phaseLine, quorumLine } from './lifecycle-ui.js';
import { errorMessage, checkForm, sendFrom } from '../field-errors.js';

const BEFORE_START = new Set(['PHASE_DRAFTING', 'PHASE_NOTIFIED']);

export function beforeStart(meeting) { return BEFORE_START.has(phaseOf(meeting)); }

/** ctx: {session, send, perm, markDone: () => bool}. */
export function mountLifecycle(ctx) {
  const m = () => ctx.session.meeting;

  // One dialog at a time: a form with the given fields; `submit` returns an error text, or
  // sends the command and returns ''. The focus starts on the first text field, or on the
  // confirming button when there is none (Enter confirms, Esc closes).
  function openDialog(id, title, fields, confirmLabel, submit) {
    document.getElementById(id)?.remove();
    const error = h('p', { class: 'lc-error', role: 'alert', id: id + '-error' });
    const ok = h('button', { class: 'btn btn-primary', type: 'submit', id: id + '-ok' }, confirmLabel);
    const form = h('form', { method: 'dialog', novalidate: true }, h('h2', {}, title), ...fields, error,
      h('div', { class: 'form-actions' }, ok,
        h('button', { class: 'btn', type: 'button', onclick: () => dialog.close() }, t('lc.back'))));
    const dialog = h('dialog', { class: 'lc-dialog', id, 'aria-label': title }, form);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      // `submit` answers '' (sent), a sentence, or [input, sentence]: the sentence at that
      // input (aria-invalid, described by the dialog's error line, focused).
      const why = submit(form);
      for (const el of form.querySelectorAll('[aria-invalid]')) { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); }
      if (Array.isArray(why)) {
        const [el, text] = why;
        error.textContent = text;
        el.setAttribute('aria-invalid', 'true');
        el.setAttribute('aria-describedby', error.id);
        el.focus();
        return;
      }
      if (why) { error.textContent = why; return; }
      dialog.close();
    });
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    (form.querySelector('input:not([type=checkbox])') || ok).focus();
    return dialog;
  }

  const field = (label, control) => h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  const check = (label, control) => h('label', { class: 'check' }, control, ' ', h('span', {}, label));

  /** The start dialog; `itemId` preselected, `timer` ticked or not. */
  function offerStart(itemId, timer) {
    const meeting = m();
    const items = meeting.agenda.filter((it) => it.status !== 'ITEM_DONE');
    const select = h('select', { id: 'lc-start-item', name: 'item' },
      h('option', { value: '' }, t('lc.start_no_item')),
      items.map((it) => h('option', { value: it.id, selected: it.id === itemId }, `${meeting.agenda.indexOf(it) + 1}. ${it.title}`)));
    const timerBox = h('input', { type: 'checkbox', id: 'lc-start-timer', name: 'timer', checked: !!timer && !!itemId });
    const sync = () => { timerBox.disabled = !select.value; if (!select.value) timerBox.checked = false; };
    select.addEventListener('change', sync);
    sync();
    const lead = itemId ? h('p', {}, t('lc.not_started_next', { title: (meeting.agenda.find((x) => x.id === itemId) || {}).title || '' })) : null;
    openDialog('lc-start-dialog', t('lc.start_title'), [lead, field(t('lc.start_item'), select), check(t('lc.start_timer'), timerBox)],
      t('lc.start_confirm'), () => {
        ctx.send({ start_meeting: { current_item_id: select.value, start_timer: timerBox.checked } });
        return '';
      });
  }

  function offerEnd() {
    const done = h('input', { type: 'checkbox', id: 'lc-end-done', checked: ctx.markDone() });
    openDialog('lc-end-dialog', t('lc.end_title'), [h('p', {}, t('lc.end_text')), m().current_item_id ? check(t('lc.end_mark_done'), done) : null],
      t('lc.end_confirm'), () => {
        ctx.send({ end_meeting: { mark_current_done: !!m().current_item_id && done.checked } });
        return '';
      });
  }

  function offerCancel() {
    const reason = h('input', { type: 'text', id: 'lc-cancel-reason', maxlength: 200, required: true });
    openDialog('lc-cancel-dialog', t('lc.cancel_title'), [h('p', {}, t('lc.cancel_text')), field(t('lc.cancel_reason'), reason)],
      t('lc.cancel_confirm'), () => {
        if (!reason.value.trim()) return [reason, t('lc.need_reason')];
        ctx.send({ cancel_meeting: { reason: reason.value.trim() } });
        return '';
      });
  }

  function offerPostpone() {
    const info = m().info;
    const start = h('input', { type: 'text', 'data-date': 'datetime', id: 'lc-postpone-start', value: toLocalInput(info.starts_at_ms), required: true });
    const end = h('input', { type: 'text', 'data-date': 'datetime', id: 'lc-postpone-end', value: toLocalInput(info.ends_at_ms) });
    const reason = h('input', { type: 'text', id: 'lc-postpone-reason', maxlength: 200, required: true });
    const reissue = phaseOf(m()) === 'PHASE_NOTIFIED' ? h('p', { class: 'hint' }, t('lc.postpone_reissue')) : null;
    openDialog('lc-postpone-dialog', t('lc.postpone_title'),
      [reissue, field(t('lc.postpone_start'), start), field(t('lc.postpone_end'), end), field(t('lc.postpone_reason'), reason)],
      t('lc.postpone_confirm'), () => {
        if (!fromLocalInput(start.value)) return [start, t('lc.need_start')];
        if (end.value && fromLocalInput(end.value) < fromLocalInput(start.value)) return [end, errorMessage({ code: 'invalid_field', field: 'ends_at_ms' })];
        if (!reason.value.trim()) return [reason, t('lc.need_reason')];
        ctx.send({ postpone_meeting: { starts_at_ms: fromLocalInput(start.value), ends_at_ms: fromLocalInput(end.value), reason: reason.value.trim() } });
        return '';
      });
  }

  // The notice as composed on the notice card (secretary-notice.js), else as stored.
  function issueNotice() {
    const form = document.getElementById('nt-form');
    if (form) form.requestSubmit();
    else ctx.send({ issue_notice: {} });
  }

  const button = (id, label, onclick, cls = '') => h('button', { class: `btn ${cls}`, type: 'button', id, onclick }, label);

  function actions() {
    const p = ctx.perm();
    const phase = phaseOf(m());
    const out = [];
    if (BEFORE_START.has(phase)) {
      if (p.run) out.push(button('lc-start', t('lc.start'), () => offerStart(nextItem(m())?.id || '', false), 'btn-primary'));
      if (p.edit && phase === 'PHASE_DRAFTING') out.push(h('button', { class: 'btn', type: 'button', id: 'lc-notice', title: t('lc.issue_notice_hint'), onclick: issueNotice }, t('lc.issue_notice')));
      if (p.edit) out.push(button('lc-postpone', t('lc.postpone'), offerPostpone));
      if (p.edit) out.push(button('lc-cancel', t('lc.cancel'), offerCancel, 'btn-danger'));
    } else if (phase === 'PHASE_IN_SESSION' && p.run) {
      out.push(button('lc-end', t('lc.end'), offerEnd));
    }
    return out;
  }

  // The quorum setting: none, a count, or one of the usual fractions.
  const KINDS = [
    ['none', null], ['count', null],
    ['two_thirds', { numerator: 2, denominator: 3, more_than: false }],
    ['half_more', { numerator: 1, denominator: 2, more_than: true }],
    ['half_least', { numerator: 1, denominator: 2, more_than: false }],
  ];
  function kindOf(q) {
    if (q.count > 0) return 'count';
    for (const [k, f] of KINDS) if (f && f.numerator === q.numerator && f.denominator === q.denominator && f.more_than === q.more_than) return k;
    return 'none';
  }
  function quorumForm() {
    const q = normalizeQuorum(m().quorum);
    const kind = h('select', { id: 'lc-quorum-kind', 'aria-label': t('quorum.set') },
      KINDS.map(([k]) => h('option', { value: k, selected: k === kindOf(q) }, t('quorum.kind_' + k))));
    const count = h('input', { type: 'number', id: 'lc-quorum-count', min: 1, max: 2000, value: q.count || '', 'aria-label': t('quorum.kind_count'), hidden: kindOf(q) !== 'count' });
    kind.addEventListener('change', () => { count.hidden = kind.value !== 'count'; if (!count.hidden) count.focus(); });
    const form = h('form', { class: 'lc-quorum', id: 'lc-quorum-form', autocomplete: 'off', novalidate: true },
      h('label', { for: 'lc-quorum-kind' }, t('quorum.set')), kind, count,
      h('button', { class: 'btn btn-sm', type: 'submit', id: 'lc-quorum-save' }, t('quorum.save')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const f = KINDS.find(([k]) => k === kind.value)[1];
      // A count outside 1..2000 is said at the count, not clamped behind the person's back.
      if (kind.value === 'count' && !checkForm(form, [{ field: 'quorum.count', el: count, required: true, min: 1, maxValue: 2000 }])) return;
      const quorum = kind.value === 'count' ? { count: Number(count.value) } : (f || {});
      sendFrom(ctx.session, form, { set_quorum: { quorum } }, { fields: { 'quorum.count': count, 'quorum.numerator': kind, 'quorum.denominator': kind, 'quorum.more_than': kind } });
    });
    return form;
  }

  let quorumSig = '';
  function render() {
    const meeting = m();
    setChildren($('#lc-phase'), phaseLine(meeting));
    setChildren($('#lc-quorum-line'), quorumLine(meeting));
    const p = ctx.perm();
    const keep = document.activeElement && $('#lc-actions').contains(document.activeElement) ? document.activeElement.id : '';
    setChildren($('#lc-actions'), ...actions());
    if (keep) document.getElementById(keep)?.focus();
    // The quorum form is rebuilt only when the setting changes, so typing is not lost.
    const editable = p.edit && phaseOf(meeting) !== 'PHASE_CANCELLED' && !meeting.archived;
    const sig = JSON.stringify([editable, meeting.quorum]);
    if (sig !== quorumSig) {
      quorumSig = sig;
      setChildren($('#lc-quorum-slot'), editable ? quorumForm() : '');
    }
    const phase = phaseOf(meeting);
    document.body.classList.toggle('is-ended', phase === 'PHASE_ENDED');
    document.body.classList.toggle('is-cancelled', phase === 'PHASE_CANCELLED');
    const note = $('#lc-note');
    note.hidden = phase !== 'PHASE_ENDED' && phase !== 'PHASE_CANCELLED';
    note.textContent = phase === 'PHASE_ENDED' ? t('lc.frozen') : t('lc.cancelled_banner', { reason: meeting.lifecycle.cancel_reason });
  }

  return { render, offerStart, relabel: () => { quorumSig = ''; } };
}
