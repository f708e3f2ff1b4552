// Room display (会场显示): the leader's presentation mode, for a projector or a screen on
// the wall. Full screen, no navigation, type readable from the back of the room: the
// meeting, a labelled clock, the current item and its presenter, the time used and left
// (they add up to the time planned), the next item, and optionally the live record of
// the current item. Read-only, like the leader page. Calm: the figures change once a
// second, the record at most every 80 ms, nothing else moves unless the meeting does.
// Open as room.html?m=<meeting>; &record=1 shows the record from the start.

import './room-strings.js';
import './lifecycle-strings.js';
import {
  h, $, setChildren, createClient, formatDuration, formatDateTime, formatTime, zoneLabel, meetingIdFromUrl,
  t, applyI18n, onLangChange, getLang, setLang,
} from '../ui.js';
import { currentItem, nextItem, isTimerRunning, timerFigures, phaseOf } from '../meeting-state.js';
import { renderMinutesView, minutesTick, noteMinutesEdit } from './leader-minutes.js';
import { levelChip, withdrawn, mountNoAccess, isForbidden } from '../access-ui.js';

const RECORD_KEY = 'huiwu.room.record';
const meetingId = meetingIdFromUrl();
const client = createClient('room');
const session = meetingId ? client.join(meetingId) : null;
const m = () => session.meeting;
const params = new URLSearchParams(location.search);
let showRecord = params.has('record') ? params.get('record') === '1' : localStorage.getItem(RECORD_KEY) === '1';

/** Writes text only when it differs: a projector shows no flicker for an unchanged figure. */
function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

function renderHead() {
  const info = m().info;
  const title = info.title || t('meeting.untitled');
  setText($('#rm-title'), title);
  document.title = `${title} · ${t('room.page_title')}`;
  const when = info.starts_at_ms
    ? formatDateTime(info.starts_at_ms) + (info.ends_at_ms ? ' – ' + formatTime(info.ends_at_ms) : '') : '';
  setText($('#rm-sub'), [when && [when, zoneLabel()].filter(Boolean).join(' '), info.place].filter(Boolean).join('　·　'));
}

function noItemKey(meeting) {
  const done = meeting.agenda.length && meeting.agenda.every((x) => x.status === 'ITEM_DONE' || x.status === 'ITEM_DEFERRED');
  const phase = phaseOf(meeting);
  return { PHASE_ENDED: 'ld.ended', PHASE_CANCELLED: 'ld.cancelled', PHASE_IN_SESSION: done ? 'ld.all_done' : 'ld.in_session_no_item' }[phase] || 'ld.not_started';
}

// The current item's block is rebuilt only when what it shows changes (not per tick).
function renderCurrent() {
  const meeting = m();
  const cur = currentItem(meeting);
  const box = $('#rm-current');
  const sig = JSON.stringify(cur
    ? [cur.id, cur.title, cur.presenter, cur.level, cur.planned_minutes, meeting.agenda.indexOf(cur), meeting.agenda.length, getLang()]
    : [noItemKey(meeting), getLang()]);
  if (box.dataset.sig === sig) { tick(); return; }
  box.dataset.sig = sig;
  box.classList.toggle('none', !cur);
  if (!cur) {
    setChildren(box, h('p', { class: 'rm-none', id: 'rm-none' }, t(noItemKey(meeting))));
    return;
  }
  const idx = meeting.agenda.indexOf(cur) + 1;
  const cell = (id, label) => h('div', { class: `rm-fig rm-fig-${id}` },
    h('div', { class: 'rm-fig-l', id: `rm-${id}-label` }, t(label)),
    h('div', { class: 'rm-fig-n num', id: `rm-${id}` }));
  setChildren(box,
    h('div', { class: 'rm-cur-label' },
      h('span', {}, t('room.current')),
      h('span', { class: 'num rm-cur-nth' }, t('item.nth_of', { n: idx, total: meeting.agenda.length })),
      cur.level && cur.level !== 'LEVEL_PUBLIC' ? levelChip(cur.level, { big: true }) : null),
    h('div', { class: 'rm-cur-title', id: 'rm-current-title' }, cur.title),
    cur.presenter
      ? h('div', { class: 'rm-presenter' }, h('span', { class: 'rm-presenter-l' }, t('room.presenter')), h('span', { id: 'rm-presenter' }, cur.presenter))
      : null,
    h('div', { class: 'rm-figs' }, cell('used', 'room.used'), cell('left', 'room.left'), cell('planned', 'room.planned')),
    h('div', { class: 'rm-bar', 'aria-hidden': 'true' }, h('div', { class: 'rm-bar-fill', id: 'rm-bar' })),
    h('div', { class: 'rm-paused', id: 'rm-paused', hidden: true }, t('room.paused')));
  tick();
}

function renderNext() {
  const meeting = m();
  const cur = currentItem(meeting);
  const nx = nextItem(meeting);
  const box = $('#rm-next');
  const sig = JSON.stringify([nx && nx.id, nx && nx.title, nx && nx.presenter, !!cur, meeting.agenda.length, getLang()]);
  if (box.dataset.sig === sig) return;
  box.dataset.sig = sig;
  box.hidden = !meeting.agenda.length;
  setChildren(box,
    h('span', { class: 'rm-next-l' }, t('room.next')),
    nx
      ? h('span', { class: 'rm-next-title', id: 'rm-next-title' }, nx.title, nx.presenter ? h('span', { class: 'rm-next-who' }, t('ui.paren', { a: '', b: nx.presenter }).trim()) : null)
      : h('span', { class: 'rm-next-title muted', id: 'rm-next-title' }, t('room.next_none')));
}

/** Every 250 ms: the clock and the figures, written only when they change. */
function tick() {
  if (!session || !m()) return;
  setText($('#rm-now'), formatTime(client.serverNow())); // the office's clock
  const cur = currentItem(m());
  if (!cur || !$('#rm-used')) return;
  // Whole seconds that add up: used + left = planned; over time, used = planned + over.
  const f = timerFigures(cur, client.serverNow());
  const fig = (id, s) => { const el = $(`#rm-${id}`); setText(el, s == null ? '—' : formatDuration(s * 1000)); if (el) el.dataset.s = s == null ? '' : String(s); };
  fig('used', f.usedS);
  fig('left', f.plannedS ? (f.over ? f.overS : f.leftS) : null);
  fig('planned', f.plannedS || null);
  setText($('#rm-left-label'), t(f.over ? 'room.over' : 'room.left'));
  setText($('#rm-planned-label'), t(f.plannedS ? 'room.planned' : 'room.no_plan'));
  $('#rm-current').classList.toggle('over', f.over);
  const width = f.plannedS ? `${(f.fraction * 100).toFixed(1)}%` : '0%';
  if ($('#rm-bar').style.width !== width) $('#rm-bar').style.width = width;
  const paused = !isTimerRunning(cur);
  if ($('#rm-paused').hidden !== !paused) $('#rm-paused').hidden = !paused;
}

function renderMinutes() {
  if (!showRecord) { $('#ld-minutes').hidden = true; return; }
  renderMinutesView(currentItem(m()));
}

function renderTools() {
  const rec = $('#rm-record');
  rec.textContent = t(showRecord ? 'room.hide_record' : 'room.show_record');
  rec.setAttribute('aria-pressed', String(showRecord));
  $('#rm-fullscreen').textContent = t(document.fullscreenElement ? 'room.leave_fullscreen' : 'room.fullscreen');
  $('#rm-lang').textContent = getLang() === 'zh' ? 'EN' : '中文';
  $('#rm-exit').href = `leader.html?m=${encodeURIComponent(meetingId)}`;
  document.body.classList.toggle('rm-with-record', showRecord);
}

function renderConn() {
  const el = $('#rm-conn');
  const st = client.state;
  const look = `${st}|${getLang()}`;
  if (el.dataset.look === look) return;
  el.dataset.look = look;
  el.dataset.state = st;
  el.className = `rm-conn rm-conn-${st}`;
  el.title = t('conn.title.' + st);
  el.replaceChildren(h('span', { class: 'rm-conn-dot', 'aria-hidden': 'true' }), t('conn.' + st));
}

function renderAll() {
  if (withdrawn()) return;
  renderHead();
  renderCurrent();
  renderNext();
  renderMinutes();
  renderTools();
}

function toggleRecord() {
  showRecord = !showRecord;
  localStorage.setItem(RECORD_KEY, showRecord ? '1' : '0');
  renderTools();
  if (session && m()) renderMinutes();
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else document.documentElement.requestFullscreen().catch(() => {});
}

function onSession(s, detail) {
  if (withdrawn() || isForbidden(s)) return;
  if (s.status === 'not_found' || s.status === 'failed') {
    $('#loading').hidden = true;
    $('#not-found').hidden = false;
    $('#main').hidden = true;
    return;
  }
  if (!s.meeting) return;
  if (detail && detail.kind && detail.kind.startsWith('unknown:')) return;
  $('#loading').hidden = true;
  $('#main').hidden = false;
  if (detail && detail.kind === 'edit_minutes') {
    // A secretary's keystroke: only the record moves.
    noteMinutesEdit(detail.event, currentItem(m()));
    renderMinutesSoon();
    return;
  }
  renderAll();
}

let minutesQueued = false;
function renderMinutesSoon() {
  if (minutesQueued) return;
  minutesQueued = true;
  setTimeout(() => { minutesQueued = false; if (m()) renderMinutes(); }, 80);
}

// The tools show while the mouse moves and fade after three seconds: the room sees the
// meeting, not buttons.
let toolsTimer = 0;
function wakeTools() {
  document.body.classList.add('rm-tools-on');
  clearTimeout(toolsTimer);
  toolsTimer = setTimeout(() => document.body.classList.remove('rm-tools-on'), 3000);
}

applyI18n(document.body);
$('#rm-record').addEventListener('click', toggleRecord);
$('#rm-fullscreen').addEventListener('click', toggleFullscreen);
$('#rm-lang').addEventListener('click', () => setLang(getLang() === 'zh' ? 'en' : 'zh'));
document.addEventListener('fullscreenchange', renderTools);
document.addEventListener('mousemove', wakeTools);
document.addEventListener('keydown', (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === 'f' || ev.key === 'F') toggleFullscreen();
  else if (ev.key === 'r' || ev.key === 'R') toggleRecord();
});
onLangChange(() => { renderConn(); if (session && session.meeting) renderAll(); else renderTools(); });
renderTools();

if (!meetingId) {
  $('#loading').hidden = true;
  $('#not-found').hidden = false;
} else {
  mountNoAccess(session);
  session.on(onSession);
  client.onState(renderConn);
  renderConn();
  setInterval(() => { tick(); if (showRecord) minutesTick(); }, 250);
  client.start();
}
