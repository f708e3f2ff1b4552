// Secretary page (秘书台): meeting info, agenda building, running the current item and
// its timer, attendees and check-in. Every action is a command through the client;
// the page never changes its state itself: it re-renders from the events the server
// broadcasts (the author receives its own events too), so what the secretary sees is
// what the leader sees.
//
// What the page offers follows the account's role in the meeting (access.js): convener
// and secretaries everything; the chair runs the agenda (current item, status, timers)
// and checks people in; a participant checks themselves in; an observer reads. Levels
// are offered up to the account's clearance. The server refuses the rest anyway.

import {
  h, $, setChildren, createClient, mountHeader, mountBanner, toast, renderList, isTyping,
  formatDuration, toLocalInput, fromLocalInput, fillSelect, meetingIdFromUrl,
  ITEM_STATUSES, t, applyI18n, onLangChange, getLang,
} from '../ui.js';
import {
  currentItem, nextItem, timeUsedMs, isTimerRunning, plannedTotalMinutes, timerFigures, phaseOf,
} from '../meeting-state.js';
import { canEdit, canRun } from '../access.js';
import { pageRole, accountOf, levelChip, fillLevelSelect, withdrawn } from '../access-ui.js';
import { mountAttendees } from './secretary-attendees.js';
import { applyRole } from './secretary-access.js';
import { mountExportMenu } from './minutes-export.js';
import { mountLifecycle, beforeStart } from './secretary-lifecycle.js';
import { mountInviteButton } from './calendar-links.js';
import { checkForm, sendFrom } from '../field-errors.js';
import { mountNotice } from './secretary-notice.js';
import { mountMaterials } from './materials.js';

const meetingId = meetingIdFromUrl();
const client = createClient('secretary');
const session = meetingId ? client.join(meetingId) : null;
const header = mountHeader($('#topbar'), { active: 'secretary', meetingId, client, session });
mountBanner($('#banner'), client);

const m = () => session.meeting;
/** What this account may do here now: {role, edit, run, accountId, account}. */
function perm() {
  const role = pageRole(client, session);
  const account = accountOf(client);
  return { role, edit: canEdit(role), run: canRun(role), accountId: account ? account.id : '', account };
}
const send = (change) => session.send(change).catch(() => { /* rejections are toasted by createClient */ });
const materials = session
  ? mountMaterials({ root: $('#materials'), session, canUpload: () => perm().edit && !m().archived })
  : null;
const lifecycle = mountLifecycle({ session, send, perm, markDone: () => $('#mark-done').checked });
const notice = mountNotice({ session, send, perm });

// ------------------------------------------------------------------ current item

function renderCurrent() {
  const meeting = m();
  const cur = currentItem(meeting);
  const body = $('#current-body');
  const idx = cur ? meeting.agenda.indexOf(cur) + 1 : 0;
  const over = { PHASE_ENDED: 'ld.ended', PHASE_CANCELLED: 'ld.cancelled' }[phaseOf(meeting)];
  if (!cur && over) {
    setChildren(body, h('div', { class: 'current-none' }, h('p', {}, t(over))));
  } else if (!cur) {
    const nxt = nextItem(meeting);
    setChildren(body, h('div', { class: 'current-none' },
      h('p', {}, t('sec.no_current')),
      nxt ? h('p', { class: 'muted' }, t(perm().run ? 'sec.next_will_be' : 'sec.next_is', { title: nxt.title })) : null));
  } else {
    setChildren(body, 
      h('div', { class: 'current-title-row' },
        h('span', { class: 'current-index num' }, t('item.nth', { n: idx })),
        h('h3', { class: 'current-title', id: 'current-title' }, cur.title)),
      h('div', { class: 'current-meta' },
        cur.presenter ? h('span', {}, t('item.presenter', { name: cur.presenter })) : null,
        h('span', {}, t('item.planned', { n: cur.planned_minutes })),
        cur.decision_expected ? h('span', { class: 'chip chip-decision' }, t('item.decision')) : null),
      h('div', { class: 'timer-row' },
        h('span', { class: 'timer-used num', id: 'timer-used' }),
        h('span', { class: 'timer-left num', id: 'timer-left' }),
        h('span', { class: 'timer-state', id: 'timer-state' })),
      h('div', { class: 'progress', 'aria-hidden': 'true' }, h('div', { class: 'progress-bar', id: 'timer-bar' })));
  }
  renderCurrentButtons();
  tick();
}

function renderCurrentButtons() {
  const meeting = m();
  const cur = currentItem(meeting);
  const running = isTimerRunning(cur);
  const bt = $('#btn-timer');
  setChildren(bt, h('span', {}, t(running ? 'sec.timer_pause' : 'sec.timer_start')), ' ', h('kbd', {}, 'T'));
  bt.disabled = !cur;
  $('#btn-reset').disabled = !cur;
  $('#btn-finish').disabled = !cur;
  $('#btn-next').disabled = !nextItem(meeting);
}

// Runs every 250 ms: only the numbers move, nothing else is rebuilt.
function tick() {
  if (!session || !m()) return;
  const cur = currentItem(m());
  if (cur) {
    // Whole seconds that add up: used + left = planned (meeting-state.js timerFigures).
    const f = timerFigures(cur, client.serverNow());
    const usedEl = $('#timer-used');
    if (!usedEl) return;
    usedEl.textContent = t('timer.used_of', { used: formatDuration(f.usedS * 1000), planned: formatDuration(f.plannedS * 1000) });
    const left = $('#timer-left');
    if (f.plannedS > 0) {
      const over = f.over;
      left.textContent = over ? t('timer.over', { d: formatDuration(f.overS * 1000) }) : t('timer.left', { d: formatDuration(f.leftS * 1000) });
      left.classList.toggle('over', over);
      $('#timer-bar').style.width = `${f.fraction * 100}%`;
      $('#timer-bar').classList.toggle('over', over);
    } else {
      left.textContent = '';
      $('#timer-bar').style.width = '0';
    }
    $('#timer-state').textContent = isTimerRunning(cur) ? t('timer.running') : t('timer.paused');
    $('#timer-state').className = 'timer-state ' + (isTimerRunning(cur) ? 'running' : 'paused');
  }
  for (const el of document.querySelectorAll('[data-used-of]')) {
    const it = m().agenda.find((x) => x.id === el.dataset.usedOf);
    if (it) el.textContent = t('item.used', { d: formatDuration(timeUsedMs(it, client.serverNow())) });
  }
}

// "Next" pressed twice in quick succession must advance twice: the first set_current may
// still be on its way, so count unacknowledged set_current commands as done.
function meetingAfterPending() {
  const pend = session.pending.filter((c) => c.change && c.change.set_current).map((c) => c.change.set_current);
  if (!pend.length) return m();
  const last = pend[pend.length - 1];
  const passed = new Set([m().current_item_id, ...pend.map((p) => p.item_id)]);
  passed.delete(last.item_id);
  return {
    ...m(),
    current_item_id: last.item_id,
    agenda: m().agenda.map((it) => (passed.has(it.id) && last.mark_previous_done ? { ...it, status: 'ITEM_DONE' } : it)),
  };
}

function goNext() {
  if (!perm().run || phaseOf(m()) === 'PHASE_ENDED' || phaseOf(m()) === 'PHASE_CANCELLED') return;
  const nxt = nextItem(meetingAfterPending());
  if (!nxt) { toast(t('sec.no_next')); return; }
  // Before the start no item runs: offer to start the meeting at this item (decision 0022).
  if (beforeStart(m())) { lifecycle.offerStart(nxt.id, true); return; }
  send({ set_current: { item_id: nxt.id, mark_previous_done: $('#mark-done').checked } });
}

function toggleTimer() {
  const cur = currentItem(m());
  if (!cur || !perm().run) return;
  send({ control_timer: { item_id: cur.id, action: isTimerRunning(cur) ? 'TIMER_PAUSE' : 'TIMER_START' } });
}

function resetTimer() {
  const cur = currentItem(m());
  if (!cur || !perm().run) return;
  if (!confirm(t('sec.confirm_reset', { title: cur.title }))) return;
  send({ control_timer: { item_id: cur.id, action: 'TIMER_RESET' } });
}

$('#btn-next').addEventListener('click', goNext);
$('#btn-timer').addEventListener('click', toggleTimer);
$('#btn-reset').addEventListener('click', resetTimer);
$('#btn-finish').addEventListener('click', () => send({ set_current: { item_id: '', mark_previous_done: $('#mark-done').checked } }));

// ------------------------------------------------------------------ agenda

const editing = new Set(); // item ids whose row shows the editor

function statusChip(it) {
  const cls = { ITEM_ACTIVE: 'chip-active', ITEM_DONE: 'chip-done', ITEM_DEFERRED: 'chip-deferred' }[it.status] || '';
  return h('span', { class: `chip ${cls}` }, t('enum.' + it.status));
}

function itemRow(it) {
  const li = h('li', { class: 'agenda-row', tabindex: '0' });
  fillItemRow(li, it);
  li.addEventListener('keydown', (ev) => onRowKey(ev, li));
  return li;
}

function fillItemRow(li, it) {
  const meeting = m();
  const idx = meeting.agenda.indexOf(it);
  const isCur = meeting.current_item_id === it.id;
  li.classList.toggle('is-current', isCur);
  li.classList.toggle('is-done', it.status === 'ITEM_DONE');
  li.classList.toggle('is-editing', editing.has(it.id));
  li.dataset.id = it.id;
  li.setAttribute('aria-current', isCur ? 'true' : 'false');
  // Rebuild only what changed: a row rebuilt under the secretary's pointer would swallow
  // the click that was in progress.
  const p = perm();
  const sig = JSON.stringify([it, idx, meeting.agenda.length, isCur, editing.has(it.id), getLang(), p.role], (k, v) => (k === 'minutes' ? undefined : v));
  if (li.dataset.sig === sig) return;
  li.dataset.sig = sig;
  if (editing.has(it.id)) {
    if (!li.querySelector('form')) keepFocus(li, () => setChildren(li, itemEditor(it)));
    return;
  }
  const used = timeUsedMs(it, client.serverNow());
  keepFocus(li, () => setChildren(li, 
    h('span', { class: 'agenda-no num' }, String(idx + 1)),
    h('div', { class: 'agenda-main' },
      h('div', { class: 'agenda-title' }, it.title),
      h('div', { class: 'agenda-meta' },
        it.presenter ? h('span', {}, t('item.presenter', { name: it.presenter })) : null,
        h('span', { class: 'num' }, t('item.planned', { n: it.planned_minutes })),
        used > 0 ? h('span', { class: 'num', dataset: { usedOf: it.id } }, t('item.used', { d: formatDuration(used) })) : null,
        it.notes ? h('span', { class: 'agenda-notes' }, it.notes) : null)),
    h('div', { class: 'agenda-chips' },
      statusChip(it),
      it.decision_expected ? h('span', { class: 'chip chip-decision' }, t('item.decision')) : null,
      levelChip(it.level)),
    p.run ? h('div', { class: 'agenda-actions' },
      h('button', { class: 'btn btn-sm', type: 'button', dataset: { action: 'current' }, disabled: isCur, title: t('sec.set_current') + ' (C)', onclick: () => setCurrent(it.id) }, t('sec.set_current')),
      p.edit ? h('button', { class: 'btn btn-sm btn-icon', type: 'button', dataset: { action: 'up' }, disabled: idx === 0, 'aria-label': t('sec.move_up'), title: t('sec.move_up') + ' (Alt+↑)', onclick: () => moveItem(it.id, -1) }, '↑') : null,
      p.edit ? h('button', { class: 'btn btn-sm btn-icon', type: 'button', dataset: { action: 'down' }, disabled: idx === meeting.agenda.length - 1, 'aria-label': t('sec.move_down'), title: t('sec.move_down') + ' (Alt+↓)', onclick: () => moveItem(it.id, +1) }, '↓') : null,
      h('button', { class: 'btn btn-sm', type: 'button', dataset: { action: 'edit' }, title: t(p.edit ? 'sec.edit' : 'field.status') + ' (E)', onclick: () => startEdit(it.id) }, t(p.edit ? 'sec.edit' : 'field.status')),
      p.edit ? h('button', { class: 'btn btn-sm btn-danger btn-icon', type: 'button', dataset: { action: 'remove' }, 'aria-label': t('sec.remove'), title: t('sec.remove') + ' (Delete)', onclick: () => removeItem(it.id) }, '✕') : null) : null));
}

// Rebuilding a row must not steal the secretary's focus: refocus the same control.
function keepFocus(node, rebuild) {
  const a = document.activeElement;
  const inside = a && node.contains(a) && a !== node;
  const action = inside ? a.dataset.action || a.name : null;
  rebuild();
  if (inside) {
    const again = action && (node.querySelector(`[data-action="${action}"]`) || node.querySelector(`[name="${action}"]`));
    const target = again && !again.disabled ? again : node;
    target.focus();
  }
}

function itemEditor(it) {
  const f = h('form', { class: 'item-editor form-grid item-grid', autocomplete: 'off', novalidate: true },
    h('div', { class: 'field span-title' }, h('label', {}, t('field.title')), h('input', { type: 'text', name: 'title', value: it.title, maxlength: 200, required: true })),
    h('div', { class: 'field' }, h('label', {}, t('field.presenter')), h('input', { type: 'text', name: 'presenter', value: it.presenter, maxlength: 100 })),
    h('div', { class: 'field' }, h('label', {}, t('field.planned_minutes')), h('input', { type: 'number', name: 'planned_minutes', value: it.planned_minutes, min: 0, max: 1440 })),
    h('div', { class: 'field' }, h('label', {}, t('field.level')), h('select', { name: 'level' })),
    h('div', { class: 'field' }, h('label', {}, t('field.status')), h('select', { name: 'status' })),
    h('div', { class: 'field wide' }, h('label', {}, t('field.notes')), h('input', { type: 'text', name: 'notes', value: it.notes, maxlength: 4000 })),
    h('div', { class: 'form-actions wide' },
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'decision_expected', checked: it.decision_expected }), t('field.decision_expected')),
      h('button', { class: 'btn btn-primary', type: 'submit', dataset: { action: 'save' } }, t('sec.save')),
      h('button', { class: 'btn', type: 'button', dataset: { action: 'cancel' }, onclick: () => stopEdit(it.id) }, t('sec.cancel')),
      h('span', { class: 'hint muted' }, t('sec.edit_hint'))));
  const p = perm();
  fillLevelSelect(f.level, p.account, it.level);
  // The chair changes an item's status only; the rest of the item is the secretaries'.
  if (!p.edit) for (const el of f.querySelectorAll('input, select:not([name=status])')) el.disabled = true;
  fillSelect(f.status, ITEM_STATUSES.filter((s) => s !== 'ITEM_ACTIVE' || it.status === 'ITEM_ACTIVE'), it.status);
  // The current item's status follows set_current (the server refuses other changes).
  if (m().current_item_id === it.id) { f.status.disabled = true; f.status.title = t('sec.status_current'); }
  // The editor stays open until the server answers: accepted, it closes; refused, the
  // sentence is at the field (field-errors.js) in the page's language and what was typed
  // stays to be corrected.
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (f.dataset.pending) return;
    const cur = m().agenda.find((x) => x.id === it.id) || it;
    const title = f.title.value.trim();
    if (perm().edit && !checkForm(f, ITEM_RULES)) return;
    const status = !f.status.disabled && f.status.value !== cur.status ? f.status.value : '';
    const save = f.querySelector('[data-action="save"]');
    f.dataset.pending = '1';
    save.disabled = true;
    save.textContent = t('sec.info_saving');
    let ok = true;
    if (perm().edit) {
      ok = !!await sendFrom(session, f, { edit_item: { item: {
        id: it.id, title, presenter: f.presenter.value.trim(), planned_minutes: clampInt(f.planned_minutes.value, 0, 1440),
        notes: f.notes.value.trim(), decision_expected: f.decision_expected.checked, level: f.level.value,
      } } });
    }
    if (ok && status) ok = !!await sendFrom(session, f, { set_item_status: { item_id: it.id, status } });
    delete f.dataset.pending;
    if (ok) { if (editing.has(it.id)) stopEdit(it.id); return; }
    save.disabled = false;
    save.textContent = t('sec.save');
  });
  f.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); stopEdit(it.id); }
  });
  return f;
}

function startEdit(id) {
  if (!perm().run) return;
  editing.add(id);
  renderAgenda();
  const row = rowOf(id);
  row?.querySelector(perm().edit ? 'input[name=title]' : 'select[name=status]')?.focus();
}

function stopEdit(id) {
  editing.delete(id);
  renderAgenda();
  rowOf(id)?.focus();
}

const rowOf = (id) => document.querySelector(`#agenda-list li[data-id="${CSS.escape(id)}"]`);

function setCurrent(id) {
  if (!perm().run) return;
  if (beforeStart(m())) { lifecycle.offerStart(id, true); return; }
  send({ set_current: { item_id: id, mark_previous_done: $('#mark-done').checked } });
}

function moveItem(id, delta) {
  const ag = m().agenda;
  const i = ag.findIndex((x) => x.id === id);
  const to = i + delta;
  if (i < 0 || to < 0 || to >= ag.length || !perm().edit) return;
  send({ move_item: { item_id: id, position: to } });
}

function removeItem(id) {
  const it = m().agenda.find((x) => x.id === id);
  if (!it || !perm().edit || !confirm(t('sec.confirm_remove_item', { title: it.title }))) return;
  // Keep keyboard focus in the list: move it to the neighbour before the row goes.
  const row = rowOf(id);
  const neighbour = row?.nextElementSibling || row?.previousElementSibling;
  send({ remove_item: { item_id: id } });
  neighbour?.focus();
}

function onRowKey(ev, li) {
  if (ev.target !== li) return; // keys inside the row's buttons/editor keep their meaning
  const id = li.dataset.id;
  if (ev.altKey && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown')) {
    ev.preventDefault();
    moveItem(id, ev.key === 'ArrowUp' ? -1 : 1);
  } else if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') {
    ev.preventDefault();
    (ev.key === 'ArrowUp' ? li.previousElementSibling : li.nextElementSibling)?.focus();
  } else if (ev.key === 'Enter' || ev.key === 'e' || ev.key === 'E') {
    ev.preventDefault();
    startEdit(id);
  } else if (ev.key === 'c' || ev.key === 'C') {
    ev.preventDefault();
    setCurrent(id);
  } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
    ev.preventDefault();
    removeItem(id);
  } else {
    return;
  }
  ev.stopPropagation();
}

function renderAgenda() {
  const meeting = m();
  for (const id of [...editing]) if (!meeting.agenda.some((x) => x.id === id) || !perm().run) editing.delete(id);
  renderList($('#agenda-list'), meeting.agenda, (it) => it.id, itemRow, fillItemRow);
  // Items typed but not yet acknowledged (offline, storage down): shown greyed, so the
  // secretary sees that they are kept and will be sent.
  const ghosts = session.pending.filter((c) => c.change && c.change.add_item).map((c) => c.change.add_item.item);
  setChildren($('#agenda-pending'), ghosts.map((it) => h('li', { class: 'agenda-row is-pending' },
    h('span', { class: 'agenda-no' }, '…'),
    h('div', { class: 'agenda-main' }, h('div', { class: 'agenda-title' }, it.title),
      h('div', { class: 'agenda-meta' }, it.presenter ? h('span', {}, t('item.presenter', { name: it.presenter })) : null)),
    h('div', { class: 'agenda-chips' }, h('span', { class: 'chip chip-deferred' }, t('sec.unsent'))))));
  $('#agenda-empty').hidden = meeting.agenda.length > 0 || ghosts.length > 0;
  const done = meeting.agenda.filter((x) => x.status === 'ITEM_DONE').length;
  $('#agenda-summary').textContent = meeting.agenda.length
    ? t('sec.agenda_summary', { n: meeting.agenda.length, done, minutes: plannedTotalMinutes(meeting) }) : '';
  // Position choices for a new item: end, after the current item, at the start.
  const pos = $('#ai-position');
  const prev = pos.value || 'end';
  const cur = currentItem(meeting);
  const opts = [h('option', { value: 'end' }, t('sec.pos_end'))];
  if (cur) opts.push(h('option', { value: 'after_current' }, t('sec.pos_after_current')));
  opts.push(h('option', { value: 'start' }, t('sec.pos_start')));
  setChildren(pos, ...opts);
  pos.value = [...pos.options].some((o) => o.value === prev) ? prev : 'end';
}

$('#add-item-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const title = f.title.value.trim();
  if (!checkForm(f, ITEM_RULES)) return;
  const meeting = m();
  let position = -1;
  if (f.position.value === 'start') position = 0;
  if (f.position.value === 'after_current') {
    const i = meeting.agenda.findIndex((x) => x.id === meeting.current_item_id);
    position = i >= 0 ? i + 1 : -1;
  }
  const typed = { title: f.title.value, presenter: f.presenter.value, notes: f.notes.value, decision_expected: f.decision_expected.checked };
  sendFrom(session, f, { add_item: { item: {
    title, presenter: f.presenter.value.trim(), planned_minutes: clampInt(f.planned_minutes.value, 0, 1440),
    notes: f.notes.value.trim(), decision_expected: f.decision_expected.checked, level: f.level.value,
  }, position } }).then((ack) => {
    // Refused (the sentence is at the field): what was typed comes back to be corrected,
    // unless the next item is already being typed.
    if (!ack && !f.title.value && !f.presenter.value && !f.notes.value) restoreForm(f, typed);
  });
  // Ready for the next item at once: a secretary types agendas in one go.
  f.title.value = '';
  f.presenter.value = '';
  f.notes.value = '';
  f.decision_expected.checked = false;
  f.title.focus();
});

/** Puts typed values back into a form's fields (name -> value or checked). */
function restoreForm(f, typed) {
  for (const [name, v] of Object.entries(typed)) {
    if (typeof v === 'boolean') f[name].checked = v;
    else f[name].value = v;
  }
}

// The server's rules for an agenda item that are cheap to check before sending.
const ITEM_RULES = [
  { field: 'item.title', required: true, max: 200 },
  { field: 'item.presenter', max: 100 },
  { field: 'item.planned_minutes', maxValue: 1440 },
];

function clampInt(v, lo, hi) {
  const n = Math.round(Number(v));
  if (!Number.isFinite(n)) return lo;
  return Math.max(lo, Math.min(hi, n));
}

// ------------------------------------------------------------------ attendees

const attendees = mountAttendees({ session, send, keepFocus, clampInt, perm });
if (session) mountExportMenu($('#agenda .card-head'), meetingId);
// Next to the meeting's time and place, before 归档会议.
if (session) mountInviteButton($('#info .card-head'), meetingId, $('#btn-archive'));
const renderAttendance = () => attendees.render();

// ------------------------------------------------------------------ meeting info

let infoDirty = false;
const infoForm = $('#info-form');
infoForm.addEventListener('input', () => { infoDirty = true; $('#info-state').textContent = t('sec.info_unsaved'); });
infoForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = infoForm;
  const title = f.title.value.trim();
  if (!checkForm(f, [
    { field: 'info.title', required: true, max: 200 },
    { field: 'info.starts_at_ms' },  // a typed date that is not a day is said at the field
    { field: 'info.ends_at_ms', after: f.starts_at },
    { field: 'info.place', max: 200 },
    { field: 'info.convener', max: 100 },
  ])) return;
  sendFrom(session, f, { update_info: { info: {
    title, starts_at_ms: fromLocalInput(f.starts_at.value), ends_at_ms: fromLocalInput(f.ends_at.value),
    place: f.place.value.trim(), convener: f.convener.value.trim(), description: f.description.value.trim(), level: f.level.value,
  } } }).then((ack) => {
    // Refused: the sentence is at the field; the form keeps what was typed.
    if (!ack) { infoDirty = true; $('#info-state').textContent = t('sec.info_unsaved'); }
  });
  infoDirty = false;
  $('#info-state').textContent = t('sec.info_saving');
});
// Enter in the description adds a line; Ctrl/Cmd+Enter saves from anywhere in the form.
infoForm.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); infoForm.requestSubmit(); }
});

function renderInfo(fromEvent) {
  const info = m().info;
  header.setTitle(info.title || t('meeting.untitled'));
  if (!infoDirty) {
    const f = infoForm;
    f.title.value = info.title;
    f.starts_at.value = toLocalInput(info.starts_at_ms);
    f.ends_at.value = toLocalInput(info.ends_at_ms);
    f.place.value = info.place;
    f.convener.value = info.convener;
    f.description.value = info.description;
    fillLevelSelect(f.level, accountOf(client), info.level);
    if (fromEvent === 'update_info') $('#info-state').textContent = t('sec.info_saved');
  }
}

// Archived: read-only, except the button that un-archives. Runs after every render, so
// rebuilt rows are covered too; what it disabled it enables again when un-archived.
function applyArchived() {
  // A cancelled meeting is as read-only as an archived one (archiving stays possible).
  const arch = m().archived || phaseOf(m()) === 'PHASE_CANCELLED';
  $('#btn-archive').textContent = m().archived ? t('sec.unarchive') : t('sec.archive');
  $('#archived-banner').hidden = !m().archived;
  document.body.classList.toggle('is-archived', arch);
  for (const el of $('#main').querySelectorAll('input, select, textarea, button')) {
    if (el.id === 'btn-archive') continue;
    if (arch && !el.disabled) { el.disabled = true; el.dataset.arch = '1'; }
    if (!arch && el.dataset.arch === '1') { delete el.dataset.arch; if (!el.dataset.roleOff) el.disabled = false; }
  }
  if (!arch) renderCurrentButtons();
}

$('#btn-archive').addEventListener('click', () => {
  const arch = m().archived;
  if (!arch && !confirm(t('sec.confirm_archive'))) return;
  send({ archive: { archived: !arch } });
});

// ------------------------------------------------------------------ shortcuts

const SHORTCUTS = [
  ['N', 'sc.next'], ['T', 'sc.timer'], ['R', 'sc.reset'], ['A', 'sc.add_item'], ['P', 'sc.add_attendee'],
  ['/', 'sc.filter'], ['?', 'sc.help'], ['Enter', 'sc.enter'], ['Esc', 'sc.esc'],
  ['↑ ↓', 'sc.rows'], ['Alt + ↑ ↓', 'sc.move'], ['E', 'sc.edit'], ['C', 'sc.set_current'], ['Delete', 'sc.delete'],
  ['1 2 3 4', 'sc.checkin'],
];

function renderShortcuts() {
  setChildren($('#sc-list'), ...SHORTCUTS.flatMap(([k, d]) => [
    h('dt', {}, k.split(' + ').map((p, i) => [i ? ' + ' : '', h('kbd', {}, p)])), h('dd', {}, t(d))]));
}

document.addEventListener('keydown', (ev) => {
  if (!session || !m() || isTyping(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (m().archived) return;
  const k = ev.key;
  if (k === 'n' || k === 'N') goNext();
  else if (k === 't' || k === 'T') toggleTimer();
  else if (k === 'r' || k === 'R') resetTimer();
  else if ((k === 'a' || k === 'A') && perm().edit) { $('#ai-title').focus(); $('#add-item-form').scrollIntoView({ block: 'nearest' }); }
  else if ((k === 'p' || k === 'P') && perm().edit) { $('#aa-name').focus(); $('#add-att-form').scrollIntoView({ block: 'nearest' }); }
  else if (k === '/') $('#att-filter').focus();
  else if (k === '?') { $('#shortcuts').focus(); $('#shortcuts').scrollIntoView({ block: 'nearest' }); }
  else return;
  ev.preventDefault();
});

// ------------------------------------------------------------------ wiring

function renderAll(fromEvent) {
  if (withdrawn()) return; // the meeting was withdrawn from this page (access-ui)
  renderInfo(fromEvent);
  lifecycle.render();
  notice.render();
  renderCurrent();
  renderAgenda();
  renderAttendance();
  applyRole(perm());
  applyArchived();
}

function onSession(s, detail) {
  if (withdrawn()) return; // the meeting was withdrawn from this page (access-ui)
  if (s.status === 'not_found' || s.status === 'failed') {
    $('#loading').hidden = true;
    $('#not-found').hidden = false;
    $('#main').hidden = true;
    header.setTitle(t('meeting.not_found'));
    return;
  }
  if (!s.meeting) return;
  $('#loading').hidden = true;
  $('#main').hidden = false;
  const kind = detail && detail.kind;
  if (kind && (kind.startsWith('unknown:') || kind === 'edit_minutes')) return; // the record is on the minutes page
  renderAll(kind);
  materials.render();
}

// Levels offered: up to the account's clearance (known after the welcome).
const fillAddLevel = () => fillLevelSelect($('#ai-level'), accountOf(client));
fillAddLevel();
renderShortcuts();
applyI18n(document.body);
onLangChange(() => {
  fillAddLevel();
  attendees.relabel();
  lifecycle.relabel();
  notice.relabel();
  renderShortcuts();
  if (session && session.meeting) {
    // Rows cache translated text: rebuild them.
    setChildren($('#agenda-list'));
    setChildren($('#att-list'));
    renderAll();
    materials.render();
  }
});

if (!meetingId) {
  $('#loading').hidden = true;
  $('#not-found').hidden = false;
} else {
  session.on(onSession);
  client.onState(() => { fillAddLevel(); if (session.meeting) { renderAgenda(); renderAttendance(); } });
  setInterval(tick, 250);
  client.start();
}
