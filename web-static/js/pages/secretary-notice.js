// Secretary page: the notice card — compose the notice's own fields, preview it as the
// invitees will read it, issue it (issue_notice with the fields), and the replies table,
// live from the meeting's events (reply_notice, remind_replies): counts, who has not
// replied, replies to confirm again after a re-issue, and the reminder (催报) button.
// docs/protocol.md §6.5.
import { h, $, setChildren, t, formatDateTime } from '../ui.js';
import { phaseOf, num } from '../meeting-state.js';
import { noticeDocument, replyText, replyCounts, toConfirm } from './notice-view.js';
import { recordForm, recordedBy } from './secretary-reply-form.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** ctx: {session, send, perm}. Returns {render()}. */
export function mountNotice(ctx) {
  const m = () => ctx.session.meeting;
  let formSig = '';
  let previewOpen = false;

  function fields(form) {
    return {
      reply_by: form.reply_by.value.trim(),
      contact: form.contact.value.trim(),
      phone: form.phone.value.trim(),
      issuer: form.issuer.value.trim(),
      bring: form.bring.value.trim(),
      materials: form.materials.value.split('\n').map((s) => s.trim()).filter(Boolean),
    };
  }

  function composeForm() {
    const n = m().notice || {};
    const input = (name, label, attrs = {}) => h('div', { class: 'field' },
      h('label', { for: 'nt-' + name }, label),
      h('input', { type: 'text', id: 'nt-' + name, name, value: n[name] || '', maxlength: 100, ...attrs }));
    const error = h('p', { class: 'lc-error', id: 'nt-error', role: 'alert' });
    const issued = (m().lifecycle?.notice_issues || 0) > 0;
    const form = h('form', { id: 'nt-form', class: 'nt-form', autocomplete: 'off' },
      h('div', { class: 'nt-grid' },
        input('reply_by', t('nt.reply_by'), { type: 'text', 'data-date': 'date' }),
        input('contact', t('nt.contact')),
        input('phone', t('nt.phone')),
        input('issuer', t('nt.issuer'), { placeholder: m().info.convener || '' })),
      h('div', { class: 'field' }, h('label', { for: 'nt-bring' }, t('nt.bring')),
        h('input', { type: 'text', id: 'nt-bring', name: 'bring', value: n.bring || '', maxlength: 500 })),
      h('div', { class: 'field' }, h('label', { for: 'nt-materials' }, t('nt.materials')),
        h('textarea', { id: 'nt-materials', name: 'materials', rows: 2 }, (n.materials || []).join('\n'))),
      error,
      h('div', { class: 'form-actions' },
        h('button', { class: 'btn', type: 'button', id: 'nt-preview-btn', onclick: () => { previewOpen = true; renderPreview(); } }, t('nt.preview')),
        h('button', { class: 'btn btn-primary', type: 'submit', id: 'nt-issue' }, t(issued ? 'nt.reissue' : 'nt.issue')),
        issued ? h('a', { class: 'btn', id: 'nt-docx', href: `/api/meetings/notice.docx?m=${encodeURIComponent(m().id)}` }, t('nt.docx')) : null));
    form.addEventListener('input', () => { if (previewOpen) renderPreview(); });
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const notice = fields(form);
      if (notice.reply_by && !DATE.test(notice.reply_by)) { error.textContent = t('nt.need_date'); return; }
      error.textContent = '';
      ctx.send({ issue_notice: { notice } });
    });
    return form;
  }

  function renderPreview() {
    const form = $('#nt-form');
    const box = $('#nt-preview');
    if (!previewOpen || !form) { box.hidden = true; return; }
    box.hidden = false;
    setChildren(box, noticeDocument(m(), fields(form)));
  }

  function remind() {
    ctx.send({ remind_replies: {} });
  }

  function repliesTable() {
    const meeting = m();
    const c = replyCounts(meeting);
    const recording = ctx.perm().edit && phaseOf(meeting) === 'PHASE_NOTIFIED';
    const row = (a) => {
      const r = a.reply || {};
      const confirm = toConfirm(meeting, a);
      const replied = r.kind && r.kind !== 'REPLY_NONE';
      return h('tr', { dataset: { id: a.id, reply: r.kind || 'REPLY_NONE', confirm: confirm ? '1' : '' }, class: replied ? '' : 'nt-missing' },
        h('td', {}, a.name),
        h('td', {}, [a.unit, a.title].filter(Boolean).join(' ')),
        h('td', {}, h('span', { class: 'nt-reply' }, replyText(r)),
          confirm ? h('span', { class: 'chip chip-late nt-confirm' }, t('nt.to_confirm')) : null,
          !a.account_id ? h('span', { class: 'muted nt-noacct' }, ' ', t('nt.no_account')) : null,
          replied && recordedBy(meeting, a) ? h('div', { class: 'muted nt-recorded-by' }, recordedBy(meeting, a)) : null,
          recording ? recordForm(a, ctx.send) : null),
        h('td', { class: 'num muted' }, replied ? formatDateTime(num(r.at_ms)) : '',
          num(r.reminded_at_ms) && (!replied || confirm) ? h('div', {}, t('nt.reminded', { t: formatDateTime(num(r.reminded_at_ms)) })) : null));
    };
    const missing = meeting.attendees.some((a) => a.account_id && (!a.reply?.kind || a.reply.kind === 'REPLY_NONE' || toConfirm(meeting, a)));
    const p = ctx.perm();
    return [
      h('div', { class: 'nt-counts', id: 'nt-counts', 'aria-live': 'polite' }, t('nt.counts', c),
        c.confirm ? h('span', { class: 'chip chip-late' }, t('nt.to_confirm_n', { n: c.confirm })) : null),
      h('table', { class: 'nt-table', id: 'nt-table' },
        h('thead', {}, h('tr', {}, ['nt.col_name', 'nt.col_post', 'nt.col_reply', 'nt.col_at'].map((k) => h('th', {}, t(k))))),
        h('tbody', {}, meeting.attendees.map(row))),
      p.edit && phaseOf(meeting) === 'PHASE_NOTIFIED' && missing
        ? h('div', { class: 'form-actions' }, h('button', { class: 'btn', type: 'button', id: 'nt-remind', onclick: remind }, t('nt.remind')))
        : null,
    ];
  }

  function render() {
    const meeting = m();
    const phase = phaseOf(meeting);
    const p = ctx.perm();
    const composable = p.edit && (phase === 'PHASE_DRAFTING' || phase === 'PHASE_NOTIFIED') && !meeting.archived;
    const issues = meeting.lifecycle?.notice_issues || 0;
    setChildren($('#nt-status'), issues ? h('span', { class: 'chip chip-phase phase-notified' }, t('nt.issued', { n: issues })) : '');
    // The form is rebuilt only when what it shows changes, so typing is not lost.
    const sig = JSON.stringify([composable, issues, meeting.notice || {}]);
    if (sig !== formSig) {
      formSig = sig;
      setChildren($('#nt-compose'), composable ? composeForm() : '');
    }
    renderPreview();
    const showReplies = issues > 0 || phase !== 'PHASE_DRAFTING';
    setChildren($('#nt-replies'), showReplies ? [h('h3', {}, t('nt.replies')), ...repliesTable()] : '');
  }

  return { render, relabel: () => { formSig = ''; } };
}
