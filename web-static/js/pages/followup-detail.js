// A decision's detail on the follow-up board: what was decided and where, its history (who,
// when, what, why), its reminders, and the actions the logged-in person may take in each of
// their roles. A report is one step: type a line, press the button ("first report now,
// details later": more reports can follow at any time).
import { h, t, toast, formatDateTime, setChildren } from '../ui.js';
import { api, requestId, loadDirectory, loadUnits, unitChoices, unitOfAccount } from '../followup-live.js';
import { lightChip, dueText, people, priorityChip } from './followup-view.js';
import { fuState, fuAction, fuRole } from './followup-strings.js';
import { reportError, errorMessage } from '../field-errors.js';

const NEEDS_DATE = new Set(['request_extension', 'approve_extension']);
// The two returns are named apart in both languages (fu.action.*): 退回交办 (the lead
// returns the assignment) and 退回重办 (the supervisor sends a completion report back).
// A reason is required.
const NEEDS_REASON = new Set(['return_assignment', 'send_back', 'refuse_extension', 'cancel']);

export class DecisionDetail {
  constructor(card, box, onClose) {
    this.card = card;
    this.box = box;
    this.onClose = onClose;
    this.key = null;  // {meeting, id}
    this.draft = '';
  }

  async show(meeting, id) {
    this.key = { meeting, id };
    this.card.hidden = false;
    await this.reload();
  }

  hide() {
    this.key = null;
    this.card.hidden = true;
    this.box.replaceChildren();
  }

  async reload() {
    if (!this.key) return;
    const { meeting, id } = this.key;
    try {
      const { decision } = await api(`/api/followup/decision?meeting=${encodeURIComponent(meeting)}&id=${encodeURIComponent(id)}`);
      if (this.key && this.key.id === id) this.render(decision);
    } catch (e) {
      if (e.status === 404) this.hide();
    }
  }

  render(d) {
    const ta = this.box.querySelector('#fu-action-text');
    if (ta) this.draft = ta.value;
    const history = h('ol', { class: 'fu-history', id: 'fu-history' }, d.history.map((e) => h('li', { dataset: { action: e.action } },
      h('div', { class: 'fu-h-head' }, h('strong', {}, fuAction(e.action)), ' ', h('span', {}, e.actor_name || e.actor),
        h('span', { class: 'muted num' }, formatDateTime(e.at_ms)), h('span', { class: 'chip' }, fuState(e.to_state))),
      e.text ? h('div', { class: 'fu-h-text' }, e.text) : null,
      e.lead_account ? h('div', { class: 'fu-h-lead' }, t('fu.handed_to', { name: e.lead_name || e.lead_account, unit: e.lead_unit })) : null,
      e.deadline ? h('div', { class: 'muted' }, e.previous_deadline ? `${e.previous_deadline} → ${e.deadline}` : e.deadline) : null)));
    const reminders = (d.reminders || []).length ? h('div', { class: 'fu-reminders', id: 'fu-reminders' },
      h('h3', {}, t('fu.reminders')),
      d.reminders.map((r) => h('div', { class: `fu-reminder fu-reminder-${r.kind}`, dataset: { kind: r.kind } },
        t('fu.reminder.' + r.kind), ' · ', h('span', { class: 'num' }, formatDateTime(r.at_ms))))) : null;
    setChildren(this.box,
      h('div', { class: 'card-head' },
        h('h2', { id: 'fu-detail-title' }, lightChip(d), ' ', priorityChip(d), ' ', d.text),
        h('button', { class: 'btn btn-sm btn-quiet', type: 'button', id: 'fu-detail-close', onclick: () => { this.hide(); if (this.onClose) this.onClose(); } }, t('fu.close_detail'))),
      h('div', { class: 'fu-d-meta' },
        h('div', {}, h('span', { class: 'chip fu-state', id: 'fu-detail-state', dataset: { state: d.state } }, fuState(d.state)), ' ', h('span', { class: 'num' }, dueText(d))),
        h('div', {}, people(d)),
        h('div', {}, t('ui.colon', { a: t('fu.supervisor'), b: d.supervisor_name || d.supervisor_account })),
        h('div', { class: 'muted' }, t('fu.from_meeting', { meeting: d.meeting_title, item: d.item_title }), ' · ',
          // The 纪要 section this 议定事项 is in (the draft page selects and marks it).
          h('a', { id: 'fu-jiyao-link', href: `jiyao-draft.html?m=${encodeURIComponent(d.meeting_id)}&d=${encodeURIComponent(d.id)}` }, t('fu.open_jiyao')))),
      d.source ? h('blockquote', { class: 'fu-source', id: 'fu-source' }, h('span', { class: 'muted' }, t('fu.source'), '：'), d.source.quote) : null,
      d.pending_extension ? h('p', { class: 'fu-pending' }, t('fu.pending_ext', { date: d.pending_extension.proposed, reason: d.pending_extension.reason })) : null,
      returnedNote(d),
      this.actions(d),
      h('h3', {}, t('fu.history')),
      history,
      reminders);
  }

  actions(d) {
    if (!d.actions.length) return h('p', { class: 'muted', id: 'fu-no-actions' }, t('fu.no_actions'));
    const text = h('textarea', { id: 'fu-action-text', rows: 2, maxlength: 4000, placeholder: t('fu.text_ph') });
    text.value = this.draft;
    const date = h('input', { type: 'text', 'data-date': 'date', id: 'fu-action-date', 'aria-label': t('fu.date') });
    const wantsDate = d.actions.some((a) => NEEDS_DATE.has(a.action));
    const several = new Set(d.actions.map((a) => a.role)).size > 1;
    const buttons = d.actions.map((a) => h('button', {
      class: 'btn btn-sm' + (a.action === 'report_progress' || a.action === 'close' || a.action === 'accept' || a.action === 'assign' ? ' btn-primary' : ''),
      type: 'button', dataset: { action: a.action, role: a.role },
      onclick: (ev) => this.act(d, a, text.value, date.value, ev.currentTarget),
    }, fuAction(a.action), several ? ` ${t('fu.as_role', { role: fuRole(a.role) })}` : ''));
    // 交办 from 立项: to the same lead or another (after 退回交办), from the directory.
    const assigning = d.actions.some((a) => a.action === 'assign');
    this.leadPick = assigning ? this.leadPicker(d) : null;
    return h('div', { class: 'fu-actions', id: 'fu-actions' }, h('h3', {}, t('fu.actions')),
      this.leadPick ? this.leadPick.el : null, text,
      wantsDate ? h('label', { class: 'fu-date' }, t('fu.date'), ' ', date) : null,
      h('div', { class: 'fu-buttons' }, buttons));
  }

  /** The lead and unit an assign hands the decision to; filled once the directory is loaded. */
  leadPicker(d) {
    const lead = h('select', { id: 'fu-assign-lead' }, h('option', { value: d.lead_account }, t('ui.paren', { a: d.lead_name || d.lead_account, b: d.lead_unit || '—' })));
    const unit = h('select', { id: 'fu-assign-unit' }, h('option', { value: d.lead_unit }, d.lead_unit));
    Promise.all([loadDirectory(), loadUnits()]).then(([accounts, units]) => {
      const choices = unitChoices(units, accounts);
      if (!choices.some((c) => c.value === d.lead_unit)) choices.unshift({ value: d.lead_unit, label: d.lead_unit });
      lead.replaceChildren(...accounts.filter((a) => a.id !== d.supervisor_account && !(d.co_accounts || []).includes(a.id))
        .map((a) => h('option', { value: a.id, selected: a.id === d.lead_account }, t('ui.paren', { a: a.name || a.id, b: a.unit || '—' }))));
      unit.replaceChildren(...choices.map((c) => h('option', { value: c.value, selected: c.value === d.lead_unit }, c.label)));
      lead.onchange = () => {
        const u = unitOfAccount(units, accounts.find((a) => a.id === lead.value));
        const a = accounts.find((x) => x.id === lead.value);
        const name = u ? u.name : a && a.unit;
        if (name && choices.some((c) => c.value === name)) unit.value = name;
      };
    });
    const el = h('div', { class: 'fu-assign-to form-grid' },
      h('div', { class: 'field' }, h('label', { for: 'fu-assign-lead' }, t('fu.form.lead')), lead),
      h('div', { class: 'field' }, h('label', { for: 'fu-assign-unit' }, t('fu.form.lead_unit')), unit));
    return { el, lead, unit };
  }

  async act(d, a, text, date, btn) {
    const ta = this.box.querySelector('#fu-action-text');
    if (ta) { ta.removeAttribute('aria-invalid'); this.box.querySelector('#fu-action-error')?.remove(); }
    if (NEEDS_REASON.has(a.action) && !text.trim()) {
      // Said at the field before anything is sent.
      ta.setAttribute('aria-invalid', 'true');
      ta.after(h('p', { class: 'field-error', id: 'fu-action-error', role: 'alert' }, errorMessage({ code: 'invalid_field', field: 'text' }, `fu.${a.action}`)));
      ta.focus();
      return;
    }
    btn.disabled = true;
    const to = a.action === 'assign' && this.leadPick
      && (this.leadPick.lead.value !== d.lead_account || this.leadPick.unit.value !== d.lead_unit)
      ? { lead_account: this.leadPick.lead.value, lead_unit: this.leadPick.unit.value } : {};
    try {
      await api('/api/followup/action', {
        meeting_id: d.meeting_id, decision_id: d.id, action: a.action, role: a.role,
        text: text.trim(), date: NEEDS_DATE.has(a.action) ? date : '', client_id: requestId(), client_seq: 1, ...to,
      });
      this.draft = '';
      const ta = this.box.querySelector('#fu-action-text');
      if (ta) ta.value = '';
      toast(t('fu.done', { action: fuAction(a.action) }), 'info');
      await this.reload();
    } catch (e) {
      // The sentence at the text or the date the refusal is about (else above the buttons).
      const box = this.box.querySelector('#fu-actions');
      if (box) reportError(box, e, { ctx: `fu.${a.action}`, fields: { text: '#fu-action-text', date: '#fu-action-date', 'decision.deadline': '#fu-action-date' } });
      else toast(errorMessage(e, `fu.${a.action}`), 'error', 7000);
      btn.disabled = false;
    }
  }
}

/** After 退回交办, while the decision waits to be assigned again: who returned it and why. */
function returnedNote(d) {
  const last = d.history[d.history.length - 1];
  if (d.state !== 'opened' || !last || last.action !== 'return_assignment') return null;
  return h('p', { class: 'fu-returned', id: 'fu-returned' },
    t('fu.returned_by', { name: last.actor_name || last.actor, reason: last.text }));
}
