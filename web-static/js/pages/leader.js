// Leader page (领导视图): read-only, large and calm. The current item, the time used
// against the time planned, the agenda with its progress, and attendance. Nothing on
// this page changes the meeting.

import {
  h, $, setChildren, createClient, mountHeader, mountBanner, renderList, formatDuration, formatDateTime,
  formatTime, zoneLabel, meetingIdFromUrl, t, applyI18n, onLangChange, getLang,
} from '../ui.js';
import {
  currentItem, timeUsedMs, isTimerRunning, attendanceCounts, plannedTotalMinutes, timerFigures, phaseOf,
} from '../meeting-state.js';
import { phaseLine, quorumLine } from './lifecycle-ui.js';
import { replyCounts, replyText } from './notice-view.js';
import './notice-strings.js';
import { renderMinutesView, minutesTick, noteMinutesEdit } from './leader-minutes.js';
import { renderLeaderSeating } from './seating-leader.js';
import { levelChip, withdrawn } from '../access-ui.js';
import { mountMaterials } from './materials.js';
import './room-strings.js';
import { renderLeaderDecisions } from './leader-decisions.js';

const meetingId = meetingIdFromUrl();
const client = createClient('leader');
const session = meetingId ? client.join(meetingId) : null;
const header = mountHeader($('#topbar'), { active: 'leader', meetingId, client, session });
mountBanner($('#banner'), client);
const m = () => session.meeting;
// Read-only here: the leader downloads what the items it may see carry.
const materials = session ? mountMaterials({ root: $('#materials'), session, canUpload: () => false }) : null;

function renderHead() {
  const info = m().info;
  header.setTitle(info.title || t('meeting.untitled'));
  $('#ld-title').textContent = info.title || t('meeting.untitled');
  const when = info.starts_at_ms
    ? formatDateTime(info.starts_at_ms) + (info.ends_at_ms ? ' – ' + formatTime(info.ends_at_ms) : '') : '';
  const parts = [when && [when, zoneLabel()].filter(Boolean).join(' '), info.place, info.convener ? t('list.convener', { name: info.convener }) : ''].filter(Boolean);
  $('#ld-sub').textContent = parts.join(t('ui.sep'));
  setChildren($('#ld-phase'), phaseLine(m(), 'ld-phase-badge'));
}

function renderCurrent() {
  const meeting = m();
  const cur = currentItem(meeting);
  const box = $('#ld-current');
  box.classList.toggle('none', !cur);
  if (!cur) {
    const done = meeting.agenda.length && meeting.agenda.every((x) => x.status === 'ITEM_DONE' || x.status === 'ITEM_DEFERRED');
    const phase = phaseOf(meeting);
    const key = { PHASE_ENDED: 'ld.ended', PHASE_CANCELLED: 'ld.cancelled', PHASE_IN_SESSION: done ? 'ld.all_done' : 'ld.in_session_no_item' }[phase] || 'ld.not_started';
    setChildren(box, h('p', { class: 'ld-none', id: 'ld-current-label' }, t(key)));
    return;
  }
  const idx = meeting.agenda.indexOf(cur) + 1;
  setChildren(box, 
    h('div', { class: 'ld-cur-main' },
      h('div', { class: 'ld-cur-label', id: 'ld-current-label' }, t('ld.current'), h('span', { class: 'num' }, t('item.nth_of', { n: idx, total: meeting.agenda.length }))),
      h('div', { class: 'ld-cur-title', id: 'ld-current-title' }, cur.title),
      h('div', { class: 'ld-cur-meta' },
        levelChip(cur.level, { big: true }),
        cur.presenter ? h('span', {}, t('item.presenter', { name: cur.presenter })) : null,
        cur.decision_expected ? h('span', { class: 'chip chip-decision' }, t('item.decision')) : null)),
    h('div', { class: 'ld-clock' },
      h('div', { class: 'ld-clock-row' },
        h('div', { class: 'ld-clock-cell' }, h('div', { class: 'ld-clock-l' }, t('ld.used')), h('div', { class: 'ld-clock-n num', id: 'ld-used' })),
        h('div', { class: 'ld-clock-cell' }, h('div', { class: 'ld-clock-l', id: 'ld-left-label' }), h('div', { class: 'ld-clock-n num', id: 'ld-left' }))),
      h('div', { class: 'ld-bar', 'aria-hidden': 'true' }, h('div', { class: 'ld-bar-fill', id: 'ld-bar' })),
      h('div', { class: 'ld-clock-foot num', id: 'ld-planned' })));
  tick();
}

function tick() {
  if (!session || !m()) return;
  const nowText = formatTime(client.serverNow()); // the office's clock, as every time on the page
  if ($('#ld-now').textContent !== nowText) $('#ld-now').textContent = nowText;
  const cur = currentItem(m());
  if (!cur || !$('#ld-used')) return;
  // Whole seconds that add up: used + left = planned (meeting-state.js timerFigures).
  const f = timerFigures(cur, client.serverNow());
  const planned = f.plannedS;
  const over = f.over;
  $('#ld-used').textContent = formatDuration(f.usedS * 1000);
  $('#ld-left-label').textContent = planned ? t(over ? 'ld.over' : 'ld.left') : t('ld.left');
  $('#ld-left').textContent = planned ? formatDuration((over ? f.overS : f.leftS) * 1000) : '—';
  $('#ld-left').classList.toggle('over', over);
  $('#ld-bar').style.width = planned ? `${f.fraction * 100}%` : '0';
  $('#ld-bar').classList.toggle('over', over);
  $('#ld-planned').textContent = t('ld.planned', { n: cur.planned_minutes }) + t('ui.gap') + (isTimerRunning(cur) ? t('timer.running') : t('timer.paused'));
}

function agendaRow(it) {
  const li = h('li', {});
  fillAgendaRow(li, it);
  return li;
}

function fillAgendaRow(li, it) {
  const meeting = m();
  const idx = meeting.agenda.indexOf(it) + 1;
  const isCur = meeting.current_item_id === it.id;
  li.className = 'ld-item' + (isCur ? ' is-current' : '') + ` st-${it.status.toLowerCase()}`;
  li.dataset.id = it.id;
  const sig = JSON.stringify([it, idx, isCur, getLang()], (k, v) => (k === 'minutes' ? undefined : v));
  if (li.dataset.sig === sig) return;
  li.dataset.sig = sig;
  const used = timeUsedMs(it, client.serverNow());
  const mark = it.status === 'ITEM_DONE' ? '✓' : String(idx);
  setChildren(li, 
    h('span', { class: 'ld-no num', 'aria-hidden': 'true' }, mark),
    h('div', { class: 'ld-item-main' },
      h('div', { class: 'ld-item-title' }, it.title),
      h('div', { class: 'ld-item-meta' },
        levelChip(it.level),
        it.presenter ? h('span', {}, it.presenter) : null,
        it.status === 'ITEM_DEFERRED' ? h('span', { class: 'chip chip-deferred' }, t('enum.ITEM_DEFERRED')) : null,
        it.decision_expected ? h('span', { class: 'chip chip-decision' }, t('item.decision')) : null)),
    h('span', { class: 'ld-item-time num' },
      it.status === 'ITEM_DONE' && used ? t('ld.took', { d: formatDuration(used) }) : t('item.planned', { n: it.planned_minutes })),
    isCur ? h('span', { class: 'sr-only' }, t('ld.current')) : null);
}

function renderAgenda() {
  const meeting = m();
  renderList($('#ld-agenda'), meeting.agenda, (it) => it.id, agendaRow, fillAgendaRow);
  $('#ld-agenda-empty').hidden = meeting.agenda.length > 0;
  const done = meeting.agenda.filter((x) => x.status === 'ITEM_DONE').length;
  $('#ld-agenda-summary').textContent = meeting.agenda.length
    ? t('ld.agenda_summary', { done, n: meeting.agenda.length, minutes: plannedTotalMinutes(meeting) }) : '';
}

// 回执 at a glance once the notice is out: the counts, and who sends a deputy or is on leave.
function repliesSummary(meeting) {
  if (!(meeting.lifecycle?.notice_issues > 0)) return '';
  const away = meeting.attendees.filter((a) => ['REPLY_DEPUTY', 'REPLY_LEAVE'].includes(a.reply?.kind));
  return h('div', { class: 'ld-replies-box' },
    h('div', { class: 'ld-replies-counts' }, t('nt.counts', replyCounts(meeting))),
    away.length ? h('ul', { class: 'ld-replies-away' }, away.map((a) => h('li', { dataset: { id: a.id } },
      h('strong', {}, a.name), ' ', h('span', { class: 'muted' }, replyText(a.reply))))) : null);
}

function renderAttendance() {
  const c = attendanceCounts(m());
  const cell = (k, n, cls) => h('div', { class: `ld-count ${n ? cls : 'zero'}`, dataset: { count: k } }, h('span', { class: 'ld-count-n num' }, String(n)), h('span', { class: 'ld-count-l' }, t('att.' + k)));
  setChildren($('#ld-counts'), 
    cell('total', c.total, ''), cell('arrived', c.arrived, 'ok'),
    cell('leave', c.leave, 'leave'), cell('absent', c.absent, 'danger'),
    cell('late', c.late, 'warn'), cell('expected', c.expected, 'muted'));
  setChildren($('#ld-quorum'), quorumLine(m(), 'ld-quorum-line'));
  setChildren($('#ld-replies'), repliesSummary(m()));
  const onLeave = m().attendees.filter((a) => a.attendance === 'ATTENDANCE_LEAVE');
  setChildren($('#ld-leave'), onLeave.length
    ? h('div', { class: 'ld-leave' }, h('h3', {}, t('ld.on_leave')),
      h('ul', {}, onLeave.map((a) => h('li', {}, h('strong', {}, a.name), a.leave_reason ? h('span', { class: 'muted' }, t('ui.paren', { a: '', b: a.leave_reason }).trim()) : null))))
    : '');
}

function renderAll() {
  if (withdrawn()) return; // the meeting was withdrawn from this page (access-ui)
  renderHead();
  renderCurrent();
  renderMinutes();
  renderAgenda();
  renderAttendance();
  renderLeaderDecisions(m());
  renderLeaderSeating(m());
  materials.render();
}

function renderMinutes() {
  renderMinutesView(currentItem(m()));
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
  if (detail && detail.kind && detail.kind.startsWith('unknown:')) return;
  $('#loading').hidden = true;
  $('#main').hidden = false;
  if (detail && detail.kind === 'edit_minutes') {
    // A keystroke of a secretary: only the record moves.
    noteMinutesEdit(detail.event, currentItem(m()));
    renderMinutesSoon();
    return;
  }
  renderAll();
}

// Keystrokes arrive many times a second: render the record at most every 80 ms (a timer,
// not an animation frame, so a leader screen that is not in front still keeps up).
let minutesQueued = false;
function renderMinutesSoon() {
  if (minutesQueued) return;
  minutesQueued = true;
  setTimeout(() => { minutesQueued = false; if (m()) renderMinutes(); }, 80);
}

applyI18n(document.body);
onLangChange(() => { if (session && session.meeting) renderAll(); });

if (!meetingId) {
  $('#loading').hidden = true;
  $('#not-found').hidden = false;
} else {
  // The room display (会场显示): the same meeting in presentation mode, for a projector.
  $('#ld-room').href = `room.html?m=${encodeURIComponent(meetingId)}`;
  session.on(onSession);
  setInterval(() => { tick(); minutesTick(); }, 250);
  client.start();
}
