// Local meeting state and the application of server events to it.
//
// The server resolves every change before broadcasting it (ids assigned, positions
// clamped, whole objects after an edit), so applying an event here never needs a
// decision: each case only copies what the event says. Later features (minutes,
// seating, follow-up) register their own change kinds with registerChange().
//
// Numbers: the protobuf JSON mapping prints 64-bit integers as strings. normalize*()
// turns the ones we compute with (versions, times) into JS numbers once, on the way in,
// so the rest of the UI never meets "123" where it expects 123.

import { opFromWire } from './ot-wire.js';
import { transformIndex, Assoc } from './ot.js';
import { followDecision } from './jiyao-link.js';

const INT64_MEETING = ['created_at_ms', 'version', 'next_id'];
const INT64_INFO = ['starts_at_ms', 'ends_at_ms'];
const INT64_TIMER = ['elapsed_ms', 'running_since_ms'];
const INT64_ATTENDEE = ['checked_in_at_ms'];

/** Converts a JSON int64 (string or number, maybe absent) to a Number. */
export function num(x) {
  if (x === undefined || x === null || x === '') return 0;
  const n = typeof x === 'number' ? x : Number(x);
  return Number.isFinite(n) ? n : 0;
}

function fixInts(obj, keys) {
  if (!obj) return obj;
  for (const k of keys) obj[k] = num(obj[k]);
  return obj;
}

export function normalizeInfo(info) {
  const i = Object.assign({ title: '', place: '', convener: '', description: '', level: 'LEVEL_PUBLIC' }, info || {});
  return fixInts(i, INT64_INFO);
}

export function normalizeItem(item) {
  const it = Object.assign({
    id: '', title: '', presenter: '', planned_minutes: 0, notes: '',
    decision_expected: false, level: 'LEVEL_PUBLIC', status: 'ITEM_PENDING', minutes: '',
  }, item || {});
  it.materials = Array.isArray(it.materials) ? it.materials : [];
  it.timer = fixInts(Object.assign({}, it.timer || {}), INT64_TIMER);
  it.planned_minutes = num(it.planned_minutes);
  return it;
}

export function normalizeAttendee(a) {
  const at = Object.assign({
    id: '', name: '', unit: '', title: '', rank: 0, role: 'ROLE_PARTICIPANT',
    attendance: 'ATTENDANCE_EXPECTED', leave_reason: '', account_id: '',
  }, a || {});
  at.rank = num(at.rank);
  return fixInts(at, INT64_ATTENDEE);
}

/** A deep, normalized copy of a Meeting message (a snapshot or a created meeting). */
export function normalizeMeeting(m) {
  const out = Object.assign({ id: '', current_item_id: '', archived: false, created_by: '' }, m || {});
  fixInts(out, INT64_MEETING);
  out.info = normalizeInfo(out.info);
  out.agenda = (out.agenda || []).map(normalizeItem);
  out.attendees = (out.attendees || []).map(normalizeAttendee);
  out.charts = (out.charts || []).map(normalizeChart);
  out.lifecycle = normalizeLifecycle(out.lifecycle);
  out.quorum = normalizeQuorum(out.quorum);
  out.jiyao = (out.jiyao || []).map(normalizeJiyao);
  return out;
}

/** One version of the 纪要 (docs/protocol.md §6.5), with every list present. */
export function normalizeJiyao(j) {
  const out = Object.assign({ number: 1, state: 'JIYAO_DRAFTING', heading: '', issuer: '', opening: '',
    date: '', issue_number: '', signed_by: '', signed_by_name: '', correction_reason: '' }, j || {});
  fixInts(out, ['signed_at_ms', 'issued_at_ms', 'meeting_version']);
  out.number = num(out.number) || 1;
  out.issue_seq = num(out.issue_seq);
  for (const k of ['attended', 'on_leave', 'sat_in', 'recorders', 'distribution', 'recipients']) out[k] = out[k] || [];
  out.sections = (out.sections || []).map((s) => Object.assign({ id: '', item_id: '', title: '', text: '', level: 'LEVEL_PUBLIC', withheld: false, decisions: [] }, s));
  out.comments = (out.comments || []).map((c) => fixInts(Object.assign({ section_id: '', quote: '', text: '', by: '', offset: 0 }, c), ['at_ms']));
  out.steps = (out.steps || []).map((s) => fixInts(Object.assign({ action: '', by: '', by_name: '', note: '' }, s), ['at_ms']));
  return out;
}

/** The text an edit_minutes names: an item's record, or a section ("j:…") of the 纪要's last version. */
export function editedText(m, id) {
  if (String(id).startsWith('j:')) {
    const last = (m.jiyao || [])[(m.jiyao || []).length - 1];
    // The opening paragraph is edited like a section (service/domain/jiyao_logic.hpp).
    if (last && id === 'j:_opening') return { get: () => last.opening || '', set: (t) => { last.opening = t; } };
    const s = last && last.sections.find((x) => x.id === id);
    return s ? { get: () => s.text || '', set: (t) => { s.text = t; } } : null;
  }
  const it = m.agenda.find((x) => x.id === id);
  return it ? { get: () => it.minutes || '', set: (t) => { it.minutes = t; } } : null;
}

const INT64_LIFECYCLE = ['started_at_ms', 'ended_at_ms', 'notice_issued_at_ms', 'cancelled_at_ms'];
const INT64_POSTPONEMENT = ['from_starts_at_ms', 'from_ends_at_ms', 'to_starts_at_ms', 'to_ends_at_ms', 'at_ms'];

/** The meeting's lifecycle (docs/protocol.md §6.4); an absent one reads as 筹备. */
export function normalizeLifecycle(l) {
  const out = Object.assign({
    phase: 'PHASE_DRAFTING', started_by: '', ended_by: '', notice_issued_by: '', notice_issues: 0,
    cancelled_by: '', cancel_reason: '', postponements: [],
  }, l || {});
  fixInts(out, INT64_LIFECYCLE);
  out.notice_issues = num(out.notice_issues);
  out.postponements = (out.postponements || []).map((p) => fixInts(Object.assign({ reason: '', by: '' }, p), INT64_POSTPONEMENT));
  return out;
}

export function normalizeQuorum(q) {
  const out = Object.assign({ count: 0, numerator: 0, denominator: 0, more_than: false }, q || {});
  for (const k of ['count', 'numerator', 'denominator']) out[k] = num(out[k]);
  return out;
}

// Item clocks carried by start_meeting / end_meeting: status and timer, nothing else.
function applyClocks(m, items) {
  for (const c of items || []) {
    const it = m.agenda.find((x) => x.id === c.item_id);
    if (!it) continue;
    it.status = c.status || 'ITEM_PENDING';
    it.timer = fixInts(Object.assign({}, c.timer || {}), INT64_TIMER);
  }
}

/** A seating chart (座次图); result_json stays a string (js/pages/seating-model.js parses it). */
export function normalizeChart(c) {
  const ch = Object.assign({ id: '', name: '', config_json: '', members: [], result_json: '', computed_at_version: 0 }, c || {});
  ch.members = (ch.members || []).map((x) => Object.assign({ id: '', attendee_id: '', label: '', side: '', role: '', pin_row: 0, pin_seat: 0 }, x));
  ch.computed_at_version = num(ch.computed_at_version);
  return ch;
}

function putChart(m, chart) {
  if (!chart) return;
  if (!m.charts) m.charts = [];
  const c = normalizeChart(chart);
  if (!replaceById(m.charts, c)) m.charts.push(c);
}

export function emptyMeeting(id) {
  return normalizeMeeting({ id });
}

function replaceById(list, obj) {
  const i = list.findIndex((x) => x.id === obj.id);
  if (i >= 0) list[i] = obj;
  return i >= 0;
}

// Events that carry a whole agenda item (edit, status, timer, current) leave its minutes
// out: the minutes change only through edit_minutes, and a timer click must not resend a
// long record. Keep the minutes we have.
function replaceItem(list, item) {
  const i = list.findIndex((x) => x.id === item.id);
  if (i >= 0) list[i] = { ...item, minutes: list[i].minutes, materials: list[i].materials };
  return i >= 0;
}

function removeById(list, id) {
  const i = list.findIndex((x) => x.id === id);
  if (i >= 0) list.splice(i, 1);
}

// One handler per Change kind: (meeting, payload) => void, mutating meeting.
const handlers = {
  update_info(m, c, e) {
    const info = normalizeInfo(c.info);
    // A new time or place while the notice is out re-issues it, as the server applies it
    // (docs/protocol.md §6.5): replies given before read as "to confirm again".
    const l = m.lifecycle;
    if (l && l.phase === 'PHASE_NOTIFIED' && (info.starts_at_ms !== m.info.starts_at_ms || info.ends_at_ms !== m.info.ends_at_ms || info.place !== m.info.place)) {
      l.notice_issues = num(l.notice_issues) + 1;
      l.notice_issued_at_ms = num(e && e.at_ms);
      l.notice_issued_by = (e && e.account_id) || '';
      m.header_reissues = num(m.header_reissues) + 1;
    }
    m.info = info;
  },
  archive(m, c) { m.archived = !!c.archived; },
  add_item(m, c) {
    const item = normalizeItem(c.item);
    let pos = num(c.position);
    if (pos < 0 || pos > m.agenda.length) pos = m.agenda.length;
    m.agenda.splice(pos, 0, item);
  },
  edit_item(m, c) { replaceItem(m.agenda, normalizeItem(c.item)); },
  remove_item(m, c) {
    removeById(m.agenda, c.item_id);
    if (m.current_item_id === c.item_id) m.current_item_id = '';
  },
  move_item(m, c) {
    const order = c.resulting_order || [];
    const byId = new Map(m.agenda.map((it) => [it.id, it]));
    const next = order.map((id) => byId.get(id)).filter(Boolean);
    // Defensive: keep anything the order did not mention (never drop an item locally).
    for (const it of m.agenda) if (!order.includes(it.id)) next.push(it);
    m.agenda = next;
  },
  set_current(m, c) {
    m.current_item_id = c.item_id || '';
    for (const t of c.touched || []) replaceItem(m.agenda, normalizeItem(t));
  },
  set_item_status(m, c) { if (c.item) replaceItem(m.agenda, normalizeItem(c.item)); },
  control_timer(m, c) { if (c.item) replaceItem(m.agenda, normalizeItem(c.item)); },
  add_attendee(m, c) { m.attendees.push(normalizeAttendee(c.attendee)); },
  edit_attendee(m, c) { replaceById(m.attendees, normalizeAttendee(c.attendee)); },
  remove_attendee(m, c) { removeById(m.attendees, c.attendee_id); },
  check_in(m, c) { if (c.attendee) replaceById(m.attendees, normalizeAttendee(c.attendee)); },
  // The live minutes: the event's op applies to the item's minutes as they were at
  // event.version - 1 (the server transformed it already). Code points, see ot.js.
  edit_minutes(m, c) {
    const t = editedText(m, c.item_id);
    if (!t) return;
    const op = opFromWire(c.op);
    t.set(op.apply(t.get()));
    // The chair's comments on a 纪要 section move with its text, as carets do (the server's
    // domain::move_comment_anchors).
    const versions = m.jiyao || [];
    const last = versions[versions.length - 1];
    if (!String(c.item_id).startsWith('j:') || !last) return;
    for (const k of last.comments) if (k.section_id === c.item_id) k.offset = transformIndex(op, k.offset || 0, Assoc.RIGHT);
  },
  // The 纪要: every event carries the whole version after its step (a new one for
  // create and correct).
  // Decisions (督办): the whole decision after each event; the 纪要's working version
  // follows its 督办 items (jiyao-link.js, the server's rule).
  create_decision(m, c) { putDecision(m, c.decision); followDecision(m, c.decision); },
  decision_action(m, c) { putDecision(m, c.decision); followDecision(m, c.decision); },
  remind_decision(m, c) { putDecision(m, c.decision); },
  jiyao_action(m, c) {
    if (!c.jiyao) return;
    const j = normalizeJiyao(c.jiyao);
    m.jiyao = m.jiyao || [];
    if (c.step === 'JIYAO_CREATE' || c.step === 'JIYAO_CORRECT' || !m.jiyao.length) m.jiyao.push(j);
    else m.jiyao[m.jiyao.length - 1] = j;
  },
  // Seating charts: every event carries the whole chart as the server computed it.
  set_chart(m, c) { putChart(m, c.chart); },
  remove_chart(m, c) { if (m.charts) removeById(m.charts, c.chart_id); },
  pin_seat(m, c) { putChart(m, c.chart); },
  swap_seats(m, c) { putChart(m, c.chart); },
  recompute_chart(m, c) { putChart(m, c.chart); },
  // The lifecycle: every event carries the whole Lifecycle after it.
  issue_notice(m, c) {
    m.lifecycle = normalizeLifecycle(c.lifecycle);
    m.notice = c.notice || {};
  },
  // The notice's replies (§6.5): the whole attendee after a reply; the time of a reminder.
  reply_notice(m, c) { if (c.attendee) replaceById(m.attendees, normalizeAttendee(c.attendee)); },
  remind_replies(m, c) {
    for (const a of m.attendees) {
      if ((c.attendee_ids || []).includes(a.id)) a.reply = { ...(a.reply || {}), reminded_at_ms: num(c.at_ms) };
    }
  },
  start_meeting(m, c) {
    m.lifecycle = normalizeLifecycle(c.lifecycle);
    applyClocks(m, c.items);
    if (c.current_item_id) m.current_item_id = c.current_item_id;
  },
  end_meeting(m, c) {
    m.lifecycle = normalizeLifecycle(c.lifecycle);
    applyClocks(m, c.items);
    m.current_item_id = '';
  },
  cancel_meeting(m, c) { m.lifecycle = normalizeLifecycle(c.lifecycle); },
  postpone_meeting(m, c) {
    m.lifecycle = normalizeLifecycle(c.lifecycle);
    if (c.info) m.info = normalizeInfo(c.info);
  },
  set_quorum(m, c) { m.quorum = normalizeQuorum(c.quorum); },
  // Materials (decision 0027): every event carries the whole material after it.
  add_material(m, c) { putMaterial(m, c.item_id, c.material); },
  remove_material(m, c) { putMaterial(m, c.item_id, c.material); },
  set_material_view_only(m, c) { putMaterial(m, c.item_id, c.material); },
};

function putMaterial(m, itemId, material) {
  const it = m.agenda.find((x) => x.id === itemId);
  if (!it || !material) return;
  it.materials = it.materials || [];
  if (!replaceById(it.materials, material)) it.materials.push(material);
}

function putDecision(m, d) {
  if (!d) return;
  if (!m.decisions) m.decisions = [];
  const i = m.decisions.findIndex((x) => x.id === d.id);
  if (i >= 0) m.decisions[i] = d; else m.decisions.push(d);
}

/**
 * Registers the application of a new Change kind (e.g. 'minutes_edit' for the live
 * minutes). fn(meeting, payload, event) mutates meeting.
 */
export function registerChange(kind, fn) {
  handlers[kind] = fn;
}

/** The name of the oneof field set in a Change ({add_item: {...}} -> 'add_item'). */
export function changeKind(change) {
  if (!change) return '';
  for (const k of Object.keys(change)) if (change[k] !== null && change[k] !== undefined) return k;
  return '';
}

/**
 * Applies one Event to meeting (mutating it) and sets meeting.version.
 * The caller has checked that event.version === meeting.version + 1.
 * Returns the change kind; unknown kinds only move the version (a newer server may
 * send kinds this page does not show yet) and are reported as 'unknown:<kind>'.
 */
export function applyEvent(meeting, event) {
  const kind = changeKind(event.change);
  const fn = handlers[kind];
  if (fn) fn(meeting, event.change[kind], event);
  meeting.version = num(event.version);
  return fn ? kind : `unknown:${kind}`;
}

// ---------------------------------------------------------------------------
// Derived views, shared by every page.

/** Milliseconds used by an item's timer at server time nowMs. */
export function timeUsedMs(item, nowMs) {
  const t = (item && item.timer) || {};
  let used = num(t.elapsed_ms);
  const since = num(t.running_since_ms);
  if (since) used += Math.max(0, nowMs - since);
  return used;
}

/**
 * What an item's clock shows, in whole seconds that add up: used + left = planned while
 * within the plan, used - over = planned past it. (Flooring used and left separately made
 * a fresh clock read "已用 00:00 / 剩余 29:59": 0.4 s used floors to 0, 29:59.6 left to 29:59.)
 */
export function timerFigures(item, nowMs) {
  const usedS = Math.floor(timeUsedMs(item, nowMs) / 1000);
  const plannedS = Math.max(0, num(item && item.planned_minutes)) * 60;
  const over = plannedS > 0 && usedS > plannedS;
  return {
    usedS, plannedS, over,
    leftS: plannedS > 0 && !over ? plannedS - usedS : 0,
    overS: over ? usedS - plannedS : 0,
    fraction: plannedS > 0 ? Math.min(1, usedS / plannedS) : 0,
  };
}

export function isTimerRunning(item) {
  return !!(item && item.timer && num(item.timer.running_since_ms));
}

export function currentItem(meeting) {
  if (!meeting || !meeting.current_item_id) return null;
  return meeting.agenda.find((it) => it.id === meeting.current_item_id) || null;
}

/** The item "next" (N) should make current: the first pending item after the current one, else the first pending item. */
export function nextItem(meeting) {
  const ag = meeting.agenda;
  const ci = ag.findIndex((it) => it.id === meeting.current_item_id);
  for (let i = ci + 1; i < ag.length; i++) if (ag[i].status === 'ITEM_PENDING') return ag[i];
  for (let i = 0; i < ci; i++) if (ag[i].status === 'ITEM_PENDING') return ag[i];
  return null;
}

/** Attendance counts: total (应到), present, late, leave, absent, expected (not checked in), arrived (present + late). */
export function attendanceCounts(meeting) {
  const c = { total: 0, present: 0, late: 0, leave: 0, absent: 0, expected: 0, arrived: 0 };
  for (const a of meeting.attendees) {
    c.total++;
    switch (a.attendance) {
      case 'ATTENDANCE_PRESENT': c.present++; break;
      case 'ATTENDANCE_LATE': c.late++; break;
      case 'ATTENDANCE_LEAVE': c.leave++; break;
      case 'ATTENDANCE_ABSENT': c.absent++; break;
      default: c.expected++;
    }
  }
  c.arrived = c.present + c.late;
  return c;
}

/** Planned minutes of the whole agenda. */
export function plannedTotalMinutes(meeting) {
  return meeting.agenda.reduce((s, it) => s + num(it.planned_minutes), 0);
}

/** The meeting's phase ('PHASE_DRAFTING', ...). */
export function phaseOf(meeting) {
  return (meeting && meeting.lifecycle && meeting.lifecycle.phase) || 'PHASE_DRAFTING';
}

/**
 * Quorum (法定人数), as the server counts it (domain/lifecycle_logic.cpp): expected (应到)
 * are the attendees who are not observers, present (出席) those of them present or late;
 * required is 0 when no quorum is set.
 */
export function quorumStatus(meeting) {
  let expected = 0;
  let present = 0;
  for (const a of meeting.attendees) {
    if (a.role === 'ROLE_OBSERVER') continue;
    expected++;
    if (a.attendance === 'ATTENDANCE_PRESENT' || a.attendance === 'ATTENDANCE_LATE') present++;
  }
  const q = normalizeQuorum(meeting.quorum);
  let required = 0;
  if (q.count > 0) required = q.count;
  else if (q.denominator > 0) {
    const scaled = expected * q.numerator;
    required = q.more_than ? Math.floor(scaled / q.denominator) + 1 : Math.ceil(scaled / q.denominator);
  }
  return { expected, present, required, below: required > 0 && present < required };
}
