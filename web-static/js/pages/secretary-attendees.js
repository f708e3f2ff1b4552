// Secretary page, attendance section: counts, the list in rank order with check-in,
// the attendee editor (name, unit, title, rank 排序, role, linked account) and the add
// form. What the buttons offer follows the account's role in the meeting (access.js):
// secretaries and the chair check anyone in, a participant only themselves, an observer
// nobody; only secretaries (and the convener) add, edit and remove people.

import {
  h, $, setChildren, renderList, fillSelect, ROLES, t, getLang,
} from '../ui.js';
import { addStrings } from '../i18n.js';
import { attendanceCounts } from '../meeting-state.js';
import { canCheckIn } from '../access.js';
import { fillAccountSelect, accountSelect, accountById } from './account-picker.js';
import { checkForm, reportError, sendFrom } from '../field-errors.js';
import './notice-strings.js';

addStrings({
  zh: {
    'att.me': '本人', 'att.linked': '账号：{name}', 'att.linked_any': '已关联账号', 'att.edit': '编辑人员信息', 'att.rank_hint': '数字越小越靠前，0 = 不排序',
    'att.same_name': '已有同名同单位的人员：{who}。如果是另一个人，请再按一次“{action}”确认。',
  },
  en: {
    'att.me': 'You', 'att.linked': 'Account: {name}', 'att.linked_any': 'Has an account', 'att.edit': 'Edit person', 'att.rank_hint': 'Smaller first; 0 = unranked',
    'att.same_name': '{who} is already on the list with this name and unit. If this is another person, press “{action}” again to confirm.',
  },
});

// The linked account by the person's name (the directory's), never its login id.
function linkedText(id) {
  const acct = accountById(id);
  return acct && acct.name ? t('att.linked', { name: acct.name }) : t('att.linked_any');
}

const ATT_BUTTONS = [
  ['ATTENDANCE_PRESENT', 'att.present', '1'],
  ['ATTENDANCE_LATE', 'att.late', '2'],
  ['ATTENDANCE_LEAVE', 'att.leave', '3'],
  ['ATTENDANCE_ABSENT', 'att.absent', '4'],
];

/**
 * ctx: {session, send(change), keepFocus(node, rebuild), clampInt, perm() -> {role, edit, run, accountId}}.
 * Returns {render()}.
 */
// The same person twice is usually a slip: the server refuses a second attendee with the
// same name and unit (spaces do not count) unless allow_same_name confirms another person.
// The form says so at the name before sending, and a second press confirms.
const personKey = (name, unit) => `${(name || '').replace(/[\s\u3000]/g, '')}\u0000${(unit || '').replace(/[\s\u3000]/g, '')}`;

export function sameNameAs(attendees, { id = '', name, unit }) {
  const k = personKey(name, unit);
  return attendees.find((x) => x.id !== id && personKey(x.name, x.unit) === k) || null;
}

/**
 * Before sending: null to go on (with allow = whether a duplicate was confirmed), or
 * 'stop' after showing the warning at the name field (the next press with the same name
 * and unit confirms).
 */
function confirmSameName(form, attendees, person, actionLabel) {
  const dup = sameNameAs(attendees, person);
  const warn = form.querySelector('.field-warn');
  const key = personKey(person.name, person.unit);
  if (!dup) {
    if (warn) warn.remove();
    form.name.removeAttribute('aria-invalid');
    delete form.dataset.sameName;
    return { allow: false };
  }
  if (form.dataset.sameName === key) {
    if (warn) warn.remove();
    form.name.removeAttribute('aria-invalid');
    delete form.dataset.sameName;
    return { allow: true };
  }
  form.dataset.sameName = key;
  const who = dup.unit ? t('ui.paren', { a: dup.name, b: dup.unit }) : dup.name;
  const text = t('att.same_name', { who, action: actionLabel });
  const p = warn || h('p', { class: 'field-warn', role: 'alert' });
  p.textContent = text;
  if (!warn) form.name.closest('.field').after(p); // a row of its own in the form's grid
  form.name.setAttribute('aria-invalid', 'true');
  form.name.focus();
  return null;
}

export function mountAttendees(ctx) {
  const { session, send, keepFocus, clampInt, perm } = ctx;
  const m = () => session.meeting;
  const leaveOpen = new Set(); // attendee ids whose row shows the leave-reason input
  const editing = new Set();   // attendee ids whose row shows the editor

  function sortedAttendees() {
    return m().attendees
      .map((a, i) => [a, i])
      .sort(([a, i], [b, j]) => (a.rank || 1e9) - (b.rank || 1e9) || i - j)
      .map(([a]) => a);
  }

  function attRow(a) {
    const li = h('li', { class: 'att-row', tabindex: '0' });
    fillAttRow(li, a);
    li.addEventListener('keydown', (ev) => onAttKey(ev, li));
    return li;
  }

  function attChip(a) {
    const cls = { ATTENDANCE_PRESENT: 'chip-present', ATTENDANCE_LATE: 'chip-late', ATTENDANCE_LEAVE: 'chip-leave', ATTENDANCE_ABSENT: 'chip-absent' }[a.attendance] || '';
    return h('span', { class: `chip ${cls}` }, t('enum.' + a.attendance));
  }

  function fillAttRow(li, a) {
    li.dataset.id = a.id;
    li.dataset.attendance = a.attendance;
    const sub = [a.unit, a.title].filter(Boolean).join(' · ');
    const focusName = li.contains(document.activeElement) ? document.activeElement.name : '';
    if (focusName === 'reason') return; // the secretary is typing a reason: do not rebuild under them
    if (editing.has(a.id) && li.querySelector('form.att-editor')) return; // nor while editing the person
    // A check-in not yet acknowledged (offline, storage down) shows as a dashed button.
    const pend = session.pending.filter((c) => c.change && c.change.check_in && c.change.check_in.attendee_id === a.id).pop();
    const pendingAtt = pend ? pend.change.check_in.attendance : '';
    const p = perm();
    const mayCheckIn = canCheckIn(p.role, a, p.accountId);
    const sig = JSON.stringify([a, leaveOpen.has(a.id), editing.has(a.id), pendingAtt, getLang(), p.role, p.accountId]);
    if (li.dataset.sig === sig) return;
    li.dataset.sig = sig;
    li.classList.toggle('is-me', !!p.accountId && a.account_id === p.accountId);
    if (editing.has(a.id)) { keepFocus(li, () => setChildren(li, attEditor(a))); return; }
    keepFocus(li, () => setChildren(li,
      h('span', { class: 'att-rank num', title: t('field.rank') }, a.rank ? String(a.rank) : '–'),
      h('div', { class: 'att-main' },
        h('div', { class: 'att-name' }, a.name,
          a.role !== 'ROLE_PARTICIPANT' ? h('span', { class: 'chip' }, t('enum.' + a.role)) : null,
          p.accountId && a.account_id === p.accountId ? h('span', { class: 'chip chip-role' }, t('att.me')) : null,
          a.account_id && p.edit ? h('span', { class: 'chip chip-acct', dataset: { account: a.account_id } }, linkedText(a.account_id)) : null),
        sub ? h('div', { class: 'att-sub' }, sub) : null,
        // 代参 (from the reply to the notice): the stand-in who will come instead.
        a.reply && a.reply.kind === 'REPLY_DEPUTY' ? h('div', { class: 'att-sub att-deputy', dataset: { deputy: a.reply.deputy_name } },
          h('span', { class: 'chip chip-deputy' }, t('nt.deputy_tag')), ' ', a.reply.deputy_name, a.reply.deputy_title ? ` · ${a.reply.deputy_title}` : '') : null,
        a.attendance === 'ATTENDANCE_LEAVE' && a.leave_reason ? h('div', { class: 'att-sub' }, t('att.reason', { r: a.leave_reason })) : null),
      h('div', { class: 'att-status' }, attChip(a)),
      mayCheckIn || p.edit ? h('div', { class: 'att-actions', role: 'group', 'aria-label': t('sec.check_in') },
        mayCheckIn ? ATT_BUTTONS.map(([v, key, k]) => h('button', {
          class: 'btn btn-sm' + (a.attendance === v ? ' on' : '') + (pendingAtt === v ? ' is-pending' : ''), type: 'button', dataset: { action: v },
          'aria-pressed': a.attendance === v ? 'true' : 'false', title: `${t(key)} (${k})`,
          onclick: () => checkIn(a.id, v),
        }, t(key))) : null,
        p.edit ? [
          h('button', { class: 'btn btn-sm btn-quiet', type: 'button', dataset: { action: 'edit' }, title: t('att.edit') + ' (E)', onclick: () => startEdit(a.id) }, t('sec.edit')),
          h('button', { class: 'btn btn-sm btn-quiet btn-danger btn-icon', type: 'button', dataset: { action: 'remove' }, 'aria-label': t('sec.remove'), title: t('sec.remove'), onclick: () => removeAttendee(a.id) }, '✕'),
        ] : null) : null,
      leaveOpen.has(a.id) && mayCheckIn ? leaveForm(a) : null));
  }

  // Name, unit, title, rank (排序), role and the linked account, saved with edit_attendee
  // (the server keeps the attendance as it is).
  function attEditor(a) {
    const f = h('form', { class: 'att-editor form-grid att-grid', autocomplete: 'off', novalidate: true },
      h('div', { class: 'field' }, h('label', {}, t('field.name')), h('input', { type: 'text', name: 'name', value: a.name, maxlength: 64, required: true })),
      h('div', { class: 'field' }, h('label', {}, t('field.unit')), h('input', { type: 'text', name: 'unit', value: a.unit, maxlength: 100 })),
      h('div', { class: 'field' }, h('label', {}, t('field.position_title')), h('input', { type: 'text', name: 'title', value: a.title, maxlength: 100 })),
      h('div', { class: 'field' }, h('label', {}, t('field.rank')), h('input', { type: 'number', name: 'rank', value: a.rank, min: 0, max: 1000000, step: 1, title: t('att.rank_hint') })),
      h('div', { class: 'field' }, h('label', {}, t('field.role')), h('select', { name: 'role' })),
      h('div', { class: 'field' }, h('label', {}, t('field.account_id')), accountSelect(a.account_id)),
      h('div', { class: 'form-actions wide' },
        h('button', { class: 'btn btn-sm btn-primary', type: 'submit', dataset: { action: 'save' } }, t('sec.save')),
        h('button', { class: 'btn btn-sm', type: 'button', dataset: { action: 'cancel' }, onclick: () => stopEdit(a.id) }, t('sec.cancel')),
        h('span', { class: 'hint muted' }, t('sec.edit_hint'))));
    fillSelect(f.role, ROLES, a.role);
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (f.dataset.pending) return;
      const name = f.name.value.trim();
      if (!checkAttendee(f, a.id)) return;
      const unit = f.unit.value.trim();
      const renamed = personKey(name, unit) !== personKey(a.name, a.unit);
      const ok = renamed ? confirmSameName(f, session.meeting.attendees, { id: a.id, name, unit }, t('sec.save')) : { allow: false };
      if (!ok) return;
      // Open until the server answers: accepted, it closes; refused (a name or account
      // the server alone knows to be taken, a value it refuses), the sentence is at the
      // field in the page's language and what was typed stays.
      const save = f.querySelector('[data-action="save"]');
      f.dataset.pending = '1';
      save.disabled = true;
      save.textContent = t('sec.info_saving');
      sendFrom(session, f, { edit_attendee: { attendee: {
        id: a.id, name, unit, title: f.title.value.trim(),
        rank: clampInt(f.rank.value, 0, 1000000), role: f.role.value, account_id: f.account_id.value,
      }, allow_same_name: ok.allow } }, { fields: { 'attendee.account_id': 'select[name=account_id]' } }).then((ack) => {
        delete f.dataset.pending;
        if (ack) { if (editing.has(a.id)) stopEdit(a.id); return; }
        save.disabled = false;
        save.textContent = t('sec.save');
      });
    });
    f.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); stopEdit(a.id); }
      else if (ev.key === 'Enter' && ev.target.tagName === 'SELECT') { ev.preventDefault(); f.requestSubmit(); }
    });
    return f;
  }

  function startEdit(id) {
    if (!perm().edit) return;
    editing.add(id);
    const li = attRowOf(id);
    const a = m().attendees.find((x) => x.id === id);
    if (li && a) { fillAttRow(li, a); li.querySelector('input[name=name]')?.focus(); }
  }

  function stopEdit(id) {
    editing.delete(id);
    const li = attRowOf(id);
    const a = m().attendees.find((x) => x.id === id);
    if (li && a) { li.querySelector('form.att-editor')?.remove(); fillAttRow(li, a); li.focus(); }
  }

  function leaveForm(a) {
    const f = h('form', { class: 'leave-form', autocomplete: 'off' },
      h('input', { type: 'text', name: 'reason', maxlength: 200, required: true, placeholder: t('att.reason_ph'), 'aria-label': t('att.reason_ph'), value: a.leave_reason || '' }),
      h('button', { class: 'btn btn-sm btn-primary', type: 'submit' }, t('sec.ok')),
      h('button', { class: 'btn btn-sm', type: 'button', onclick: () => closeLeave(a.id) }, t('sec.cancel')));
    f.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const reason = f.reason.value.trim();
      if (!reason) { f.reason.focus(); return; }
      send({ check_in: { attendee_id: a.id, attendance: 'ATTENDANCE_LEAVE', leave_reason: reason } });
      closeLeave(a.id);
    });
    f.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); closeLeave(a.id); }
    });
    return f;
  }

  function closeLeave(id) {
    leaveOpen.delete(id);
    const li = attRowOf(id);
    if (li) { const a = m().attendees.find((x) => x.id === id); if (a) { li.querySelector('.leave-form')?.remove(); fillAttRow(li, a); } li.focus(); }
  }

  // The server's rules for a person, at the field before sending: the name, lengths, the
  // order number, and one account linked to one attendee only.
  function checkAttendee(f, selfId) {
    if (!checkForm(f, [
      { field: 'attendee.name', required: true, max: 64 },
      { field: 'attendee.unit', max: 100 },
      { field: 'attendee.title', max: 100 },
      { field: 'attendee.rank', maxValue: 1000000 },
    ])) return false;
    const acct = f.account_id.value;
    if (acct && m().attendees.some((x) => x.id !== selfId && x.account_id === acct)) {
      reportError(f, { code: 'conflict', field: 'attendee.account_id' });
      return false;
    }
    return true;
  }

  const attRowOf = (id) => document.querySelector(`#att-list li[data-id="${CSS.escape(id)}"]`);

  function checkIn(id, attendance) {
    const p = perm();
    const a = m().attendees.find((x) => x.id === id);
    if (!a || !canCheckIn(p.role, a, p.accountId)) return;
    if (attendance === 'ATTENDANCE_LEAVE') {
      leaveOpen.add(id);
      const li = attRowOf(id);
      if (li) { fillAttRow(li, a); li.querySelector('input[name=reason]')?.focus(); }
      return;
    }
    send({ check_in: { attendee_id: id, attendance, leave_reason: '' } });
  }

  function removeAttendee(id) {
    const a = m().attendees.find((x) => x.id === id);
    if (!a || !perm().edit || !confirm(t('sec.confirm_remove_att', { name: a.name }))) return;
    const row = attRowOf(id);
    const neighbour = row?.nextElementSibling || row?.previousElementSibling;
    send({ remove_attendee: { attendee_id: id } });
    neighbour?.focus();
  }

  function onAttKey(ev, li) {
    if (ev.target !== li) return;
    const id = li.dataset.id;
    const b = ATT_BUTTONS.find(([, , k]) => k === ev.key);
    if (b) checkIn(id, b[0]);
    else if (ev.key === 'ArrowUp') li.previousElementSibling?.focus();
    else if (ev.key === 'ArrowDown') li.nextElementSibling?.focus();
    else if (ev.key === 'e' || ev.key === 'E') startEdit(id);
    else if (ev.key === 'Delete' || ev.key === 'Backspace') removeAttendee(id);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
  }

  function render() {
    const c = attendanceCounts(m());
    const tiles = [
      ['att.total', c.total, ''], ['att.arrived', c.arrived, 'ok'], ['att.late', c.late, 'warn'],
      ['att.leave', c.leave, 'leave'], ['att.absent', c.absent, 'danger'], ['att.expected', c.expected, ''],
    ];
    setChildren($('#att-counts'), ...tiles.map(([k, n, cls]) =>
      h('div', { class: `count ${n ? cls : 'zero'}`, dataset: { count: k.split('.')[1] } }, h('span', { class: 'count-n num' }, String(n)), h('span', { class: 'count-l' }, t(k)))));
    for (const id of [...editing]) if (!m().attendees.some((x) => x.id === id) || !perm().edit) editing.delete(id);
    const q = $('#att-filter').value.trim().toLowerCase();
    const list = sortedAttendees().filter((a) => !q || [a.name, a.unit, a.title].some((s) => s.toLowerCase().includes(q)));
    renderList($('#att-list'), list, (a) => a.id, attRow, fillAttRow);
    $('#att-empty').hidden = m().attendees.length > 0;
  }

  $('#att-filter').addEventListener('input', render);
  $('#att-filter').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') { ev.preventDefault(); $('#att-list li')?.focus(); }
    if (ev.key === 'Escape') { ev.target.value = ''; render(); }
  });

  const addForm = $('#add-att-form');
  fillSelect($('#aa-role'), ROLES, 'ROLE_PARTICIPANT');
  fillAccountSelect($('#aa-account'), '');
  // Picking an account fills in what the directory knows, where nothing was typed yet.
  $('#aa-account').addEventListener('change', () => {
    const a = accountById($('#aa-account').value);
    if (!a) return;
    for (const [field, v] of [['name', a.name], ['unit', a.unit], ['title', a.title]]) {
      if (!addForm[field].value.trim() && v) addForm[field].value = v;
    }
  });
  addForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = ev.target;
    const name = f.name.value.trim();
    if (!checkAttendee(f, '')) return;
    const unit = f.unit.value.trim();
    const ok = confirmSameName(f, session.meeting.attendees, { name, unit }, t('sec.add'));
    if (!ok) return;
    const typed = { name: f.name.value, title: f.title.value, role: f.role.value, account_id: f.account_id.value, rank: f.rank.value };
    sendFrom(session, f, { add_attendee: { attendee: {
      name, unit, title: f.title.value.trim(), rank: clampInt(f.rank.value, 0, 1000000), role: f.role.value,
      account_id: f.account_id.value,
    }, allow_same_name: ok.allow } }).then((ack) => {
      // Refused (the sentence is at the field): the person typed comes back to be
      // corrected, unless the next one is already being typed.
      if (ack || f.name.value || f.title.value) return;
      for (const [k, v] of Object.entries(typed)) f[k].value = v;
    });
    f.name.value = '';
    f.title.value = '';
    f.role.value = 'ROLE_PARTICIPANT';
    f.account_id.value = '';
    f.rank.value = String(clampInt(f.rank.value, 0, 1000000) ? clampInt(f.rank.value, 0, 1000000) + 1 : 0);
    f.name.focus(); // the unit often repeats: keep it
  });

  return {
    render,
    relabel() {
      fillSelect($('#aa-role'), ROLES);
      fillAccountSelect($('#aa-account'), $('#aa-account').value);
      setChildren($('#att-list'));
    },
  };
}
