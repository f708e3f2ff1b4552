// "设为决定事项" on the minutes page: a passage selected in the record becomes a decision
// (决定事项) to follow up, linked to the passage (the quoted text and its code-point range
// at the meeting's version). The form asks only what an office writes on a 督办单: who
// leads, who helps, who supervises, by when.
import { h, t, toast } from '../ui.js';
import { pageRole, accountOf } from '../access-ui.js';
import { api, loadDirectory, loadUnits, unitChoices, unitOfAccount, requestId, shanghaiDate } from '../followup-live.js';
import './admin-units-strings.js';
import './followup-strings.js';
import { checkForm, reportError } from '../field-errors.js';

// The server's field paths (and the core's) → this dialog's controls.
const FORM_FIELDS = {
  'decision.text': '#fu-f-text', text: '#fu-f-text',
  'decision.lead_account': '#fu-f-lead', 'decision.lead_name': '#fu-f-lead',
  'decision.lead_unit': '#fu-f-unit', lead_unit: '#fu-f-unit',
  'decision.co_accounts': '#fu-f-co', 'decision.co_units': '#fu-f-co', co_units: '#fu-f-co',
  'decision.supervisor_account': '#fu-f-sup', 'decision.supervisor_name': '#fu-f-sup',
  'decision.deadline': '#fu-f-deadline', deadline: '#fu-f-deadline', date: '#fu-f-deadline',
  'decision.priority': '#fu-f-priority',
};

/** The decision's text as a toast can hold it (the first 40 characters). */
function shortText(s) {
  const cs = Array.from(s);
  return cs.length > 40 ? cs.slice(0, 40).join('') + '…' : s;
}

// Decision events keep session.meeting.decisions current: meeting-state.js applies them.

const STATE_ZH = {
  opened: '立项', assigned: '已交办', accepted: '已签收', in_progress: '办理中', completion_reported: '已报办结', closed: '已销号', cancelled: '已撤销',
};

/**
 * The decisions taken from this item's minutes, under the editor: each with its state and
 * a link to the follow-up page. The link to the passage is its quote: when the passage was
 * edited since, the list says so (the decision keeps the words it was made from).
 */
function mountDecisionList({ session, editor, itemId, after }) {
  const box = h('div', { class: 'mn-decisions', id: 'mn-decisions', hidden: true });
  after.after(box);
  let sig = '';
  function render() {
    const m = session.meeting;
    const id = itemId();
    const list = ((m && m.decisions) || []).filter((d) => d.item_id === id);
    const text = (editor.sync && editor.sync.text) || '';
    const next = JSON.stringify([id, list.map((d) => [d.id, d.state, d.text]), list.map((d) => d.source && text.includes(d.source.quote))]);
    if (next === sig) return;
    sig = next;
    box.hidden = !list.length;
    box.replaceChildren(h('h3', {}, t('fu.item_decisions', { n: list.length })), ...list.map((d) => h('div', { class: 'mn-decision', dataset: { id: d.id } },
      h('a', { href: `followup.html?m=${encodeURIComponent(m.id)}&d=${encodeURIComponent(d.id)}` }, d.text),
      ' ', h('span', { class: 'chip' }, STATE_ZH[d.state] || d.state), ' ', h('span', { class: 'muted num' }, d.deadline),
      d.source && !text.includes(d.source.quote) ? h('span', { class: 'muted' }, ' · ', t('fu.source_edited')) : null)));
  }
  // Not before the page's module has finished loading (itemId reads its state).
  setTimeout(() => {
    session.on(render);
    setInterval(render, 1000);  // the item shown and its text change without a session event
    render();
  }, 0);
}

export function mountDecisionTool({ client, session, editor, itemId, toolbar }) {
  mountDecisionList({ session, editor, itemId, after: document.querySelector('#mn-editor') });
  const btn = h('button', {
    class: 'btn btn-sm', type: 'button', id: 'mn-make-decision', title: t('fu.make_hint'),
    onclick: () => open(),
  }, t('fu.make'));
  toolbar.prepend(btn);

  const role = () => pageRole(client, session);
  const allowed = () => ['ROLE_CONVENER', 'ROLE_SECRETARY', 'ROLE_CHAIR'].includes(role());
  function picked() {
    const sel = editor.selection();
    const text = editor.sync && editor.sync.text;
    if (!sel || !text) return null;
    const start = Math.min(sel.anchor, sel.head), end = Math.max(sel.anchor, sel.head);
    const quote = Array.from(text).slice(start, end).join('').trim();
    return quote ? { quote, start, end } : null;
  }
  function refresh() {
    btn.hidden = !allowed();
    btn.disabled = !picked();
  }
  for (const ev of ['select', 'keyup', 'mouseup']) editor.ta.addEventListener(ev, refresh);
  document.addEventListener('selectionchange', refresh);
  session.on(refresh);
  refresh();

  async function open() {
    const source = picked();
    if (!source) return;
    const [accounts, directory] = await Promise.all([loadDirectory(), loadUnits()]);
    // 牵头单位 and 协办单位 come from the unit directory (the accounts' typed units only while
    // the directory is empty); the decision stores the unit's name (decision 0029).
    const units = unitChoices(directory, accounts);
    const unitOption = (u) => h('option', { value: u.value }, u.label);
    const opt = (a) => h('option', { value: a.id }, t('ui.paren', { a: a.name || a.id, b: a.unit || '—' }));
    const pick = h('option', { value: '' }, t('fu.pick'));
    const f = {
      text: h('textarea', { name: 'text', id: 'fu-f-text', rows: 3, required: true, maxlength: 2000 }),
      lead: h('select', { name: 'lead', id: 'fu-f-lead', required: true }, pick.cloneNode(true), accounts.map(opt)),
      unit: h('select', { name: 'unit', id: 'fu-f-unit', required: true, title: directory.length ? t('unit.picker_from_directory') : '' }, pick.cloneNode(true), units.map(unitOption)),
      co_units: h('select', { name: 'co_units', id: 'fu-f-co-units', multiple: true, size: 4 }, units.map(unitOption)),
      co: h('select', { name: 'co', id: 'fu-f-co', multiple: true, size: 4 }, accounts.map(opt)),
      sup: h('select', { name: 'sup', id: 'fu-f-sup', required: true }, pick.cloneNode(true), accounts.map(opt)),
      deadline: h('input', { type: 'text', 'data-date': 'date', name: 'deadline', id: 'fu-f-deadline', required: true, min: shanghaiDate(0) }),
      priority: h('select', { name: 'priority', id: 'fu-f-priority' },
        h('option', { value: '0' }, t('fu.priority.0')), h('option', { value: '1' }, t('fu.priority.1')), h('option', { value: '2' }, t('fu.priority.2'))),
    };
    f.text.value = source.quote;
    // 督办人 defaults to the person creating the item (they can pick another).
    const me = accountOf(client);
    if (me && accounts.some((a) => a.id === me.id)) f.sup.value = me.id;
    f.deadline.value = shanghaiDate(20);
    f.lead.addEventListener('change', () => {
      const a = accounts.find((x) => x.id === f.lead.value);
      const u = unitOfAccount(directory, a);
      if (u) f.unit.value = u.name;
      else if (a && a.unit && units.some((x) => x.value === a.unit)) f.unit.value = a.unit;
    });
    // 协办单位: those picked; none picked = the units of the co-operating people, as before.
    const coUnits = () => {
      const picked = [...f.co_units.selectedOptions].map((o) => o.value);
      const fromPeople = [...f.co.selectedOptions].map((o) => {
        const a = accounts.find((x) => x.id === o.value);
        const u = unitOfAccount(directory, a);
        return u ? u.name : (a || {}).unit;
      });
      return [...new Set(picked.length ? picked : fromPeople)].filter((u) => u && u !== f.unit.value);
    };
    const field = (key, ctl, wide) => h('div', { class: 'field' + (wide ? ' wide' : '') }, h('label', { for: ctl.id }, t(key)), ctl);
    const submit = h('button', { class: 'btn btn-primary', type: 'submit', id: 'fu-f-submit' }, t('fu.form.submit'));
    const dialog = h('dialog', { class: 'fu-dialog', id: 'fu-dialog' },
      h('form', { method: 'dialog', class: 'form-grid', novalidate: true },
        h('h2', { class: 'wide' }, t('fu.form.title')),
        h('div', { class: 'wide' }, h('div', { class: 'muted' }, t('fu.form.quote')), h('blockquote', {}, source.quote)),
        field('fu.form.text', f.text, true),
        field('fu.form.lead', f.lead), field('fu.form.lead_unit', f.unit),
        field('fu.form.co_units', f.co_units), field('fu.form.co', f.co),
        field('fu.form.supervisor', f.sup),
        h('div', { class: 'field' }, h('label', { for: 'fu-f-deadline' }, t('fu.form.deadline')), f.deadline, h('span', { class: 'hint muted' }, t('fu.form.deadline_hint'))),
        field('fu.form.priority', f.priority),
        h('div', { class: 'form-actions wide' }, submit,
          h('button', { class: 'btn', type: 'button', onclick: () => dialog.close() }, t('fu.form.cancel')))));
    document.body.append(dialog);
    dialog.addEventListener('close', () => dialog.remove());
    const client_id = requestId();
    dialog.querySelector('form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const form = ev.target;
      if (!checkForm(form, [
        { field: 'decision.text', el: f.text, required: true, max: 2000 },
        { field: 'decision.lead_account', el: f.lead, required: true },
        { field: 'decision.lead_unit', el: f.unit, required: true },
        { field: 'decision.supervisor_account', el: f.sup, required: true },
        { field: 'decision.deadline', el: f.deadline, required: true },
      ])) return;
      if (f.sup.value === f.lead.value || [...f.co.selectedOptions].some((o) => o.value === f.sup.value)) {
        reportError(form, { code: 'invalid_field', field: 'decision.supervisor_account' }, { fields: FORM_FIELDS });
        return;
      }
      submit.disabled = true;
      const meeting = session.meeting;
      try {
        const r = await api('/api/followup/decisions', {
          meeting_id: meeting.id, item_id: itemId(), text: f.text.value.trim(),
          source: { ...source, version: session.version },
          lead_account: f.lead.value, lead_unit: f.unit.value,
          co_accounts: [...f.co.selectedOptions].map((o) => o.value),
          co_units: coUnits(),
          supervisor_account: f.sup.value, deadline: f.deadline.value, priority: Number(f.priority.value),
          role: role() === 'ROLE_CHAIR' ? 'chair' : 'supervisor', client_id, client_seq: 1,
        });
        dialog.close();
        const link = `followup.html?m=${encodeURIComponent(meeting.id)}&d=${encodeURIComponent(r.decision_id)}`;
        toast(t('fu.form.created', { text: shortText(f.text.value.trim()) }), 'info', 7000);
        const last = document.querySelector('.toast:last-child');
        if (last) last.append(' ', h('a', { href: link, id: 'fu-created-link' }, t('fu.form.open')));
      } catch (e) {
        reportError(form, e, { fields: FORM_FIELDS });
        submit.disabled = false;
      }
    });
    dialog.showModal();
    f.lead.focus();
  }
}
