// The protocol half of the UI-development mock (mock-server.mjs), also used in-process
// by the client unit tests: an in-memory meeting store that speaks the JSON protocol of
// docs/protocol.md. Not the reference implementation: the C++ server is.

import crypto from 'node:crypto';

export class MockHub {
  constructor() {
    this.storageDown = false;
    this.rooms = new Map(); // id -> {meeting, events, epoch, conns:Set, seqs: Map(client_id -> last seq)}
    this.creates = new Map(); // client_id:seq -> meeting id
    this.nextMeeting = 1;
    this.received = []; // every request envelope, for tests
  }

  /** A new connection; send(obj) delivers a server frame. Returns {handle(text), close()}. */
  /** account (optional): the logged-in account of the connection (mock-auth.mjs). */
  connect(send, account = null) {
    const conn = { joined: new Set(), send, account };
    return {
      handle: (text) => this.handle(conn, text),
      close: () => { for (const r of this.rooms.values()) r.conns.delete(conn); },
    };
  }

  /** Rewinds a meeting to a new epoch (as if Redis lost writes) and tells its clients. */
  newEpoch(meetingId) {
    const r = this.rooms.get(meetingId);
    r.epoch = crypto.randomUUID().slice(0, 8);
    for (const c of r.conns) c.send({ id: '0', resync: { meeting_id: meetingId, reason: 'rewound' } });
  }


  handle(conn, text) {
  const { rooms, creates } = this;
  const storageDown = this.storageDown;
  let env;
  try { env = JSON.parse(text); this.received.push(env); } catch { conn.send({ id: '0', error: err('ERROR_BAD_REQUEST', 'malformed JSON') }); return; }
  const id = s(env.id || 0);
  const reply = (body) => conn.send({ id, ...body });
  try {
    if (env.hello) return reply({ welcome: { server_id: 'mock', server_time_ms: s(Date.now()), protocol: 'huiwu.v1', ...(conn.account ? { account: conn.account } : {}) } });
    if (env.ping) return reply({ pong: { client_time_ms: s(env.ping.client_time_ms), server_time_ms: s(Date.now()) } });
    if (env.list_meetings) {
      return reply({ meeting_list: { meetings: [...rooms.values()].filter((r) => env.list_meetings.include_archived || !r.meeting.archived).map((r) => ({ id: r.meeting.id, info: r.meeting.info, archived: r.meeting.archived, version: r.meeting.version, created_at_ms: r.meeting.created_at_ms, my_role: roleOf(r.meeting, conn.account) })).filter((x) => !conn.account || x.my_role !== 'ROLE_NONE') } });
    }
    if (env.create_meeting) {
      const c = env.create_meeting;
      const key = `${c.client_id}:${c.client_seq}`;
      if (storageDown) return reply({ error: err('ERROR_STORAGE_UNAVAILABLE', 'storage unavailable') });
      if (!c.info || !c.info.title) return reply({ error: err('ERROR_INVALID_FIELD', 'title required', 'info.title') });
      let r = creates.get(key) && rooms.get(creates.get(key));
      if (!r) {
        const mid = 'm' + this.nextMeeting++;
        r = { meeting: { id: mid, info: { title: '', starts_at_ms: '0', ends_at_ms: '0', place: '', convener: '', description: '', level: 'LEVEL_PUBLIC', ...c.info }, agenda: [], attendees: [], current_item_id: '', archived: false, created_at_ms: s(Date.now()), version: '0', next_id: '1', created_by: conn.account ? conn.account.id : '' }, events: [], epoch: crypto.randomUUID().slice(0, 8), conns: new Set(), seqs: new Map() };
        rooms.set(mid, r); creates.set(key, mid);
      }
      return reply({ created: { meeting: meetingJson(r.meeting), epoch: r.epoch } });
    }
    if (env.join) {
      const r = rooms.get(env.join.meeting_id);
      if (!r) return reply({ error: err('ERROR_NOT_FOUND', 'no such meeting', 'meeting_id') });
      const myRole = roleOf(r.meeting, conn.account);
      if (conn.account && myRole === 'ROLE_NONE') return reply({ error: err('ERROR_FORBIDDEN', 'not invited') });
      r.conns.add(conn);
      const kv = Number(env.join.known_version || 0);
      const v = Number(r.meeting.version);
      const full = !kv || env.join.known_epoch !== r.epoch || kv > v || v - kv > 100;
      return reply({ joined: { meeting_id: r.meeting.id, epoch: r.epoch, version: s(v), snapshot: full ? meetingJson(r.meeting) : null, events: full ? [] : r.events.slice(kv), server_time_ms: s(Date.now()), my_role: myRole } });
    }
    if (env.leave) { rooms.get(env.leave.meeting_id)?.conns.delete(conn); return reply({ ack: { meeting_id: env.leave.meeting_id, version: '0', duplicate: false, client_seq: '0' } }); }
    if (env.command) return this.command(conn, env.command, reply);
    return reply({ error: err('ERROR_BAD_REQUEST', 'unknown message') });
  } catch (e) {
    if (e.code) return reply({ error: e });
    console.error(e);
    return reply({ error: err('ERROR_INTERNAL', String(e)) });
  }
}


  command(conn, c, reply) {
  const r = this.rooms.get(c.meeting_id);
  const storageDown = this.storageDown;
  if (!r) return reply({ error: err('ERROR_NOT_FOUND', 'no such meeting', 'meeting_id') });
  if (!r.conns.has(conn)) return reply({ error: err('ERROR_NOT_JOINED', 'join first') });
  const seq = Number(c.client_seq);
  const last = r.seqs.get(c.client_id) || 0;
  if (seq <= last) return reply({ ack: { meeting_id: r.meeting.id, version: r.meeting.version, duplicate: true, client_seq: s(seq) } });
  if (storageDown) return reply({ error: err('ERROR_STORAGE_UNAVAILABLE', 'storage unavailable') });
  const ev = Number(c.expected_version || 0);
  if (ev && ev !== Number(r.meeting.version)) return reply({ error: { ...err('ERROR_STALE_VERSION', 'stale'), current_version: r.meeting.version } });
  const m = r.meeting;
  const kind = Object.keys(c.change || {})[0];
  if (m.archived && kind !== 'archive') fail('ERROR_ARCHIVED', 'archived');
  const p = c.change[kind];
  const newId = (pfx) => { const n = Number(m.next_id); m.next_id = s(n + 1); return pfx + n; };
  const item = (id) => m.agenda.find((x) => x.id === id) || fail('ERROR_NOT_FOUND', 'no such item', 'item_id');
  const att = (id) => m.attendees.find((x) => x.id === id) || fail('ERROR_NOT_FOUND', 'no such attendee', 'attendee_id');
  const title = (t, f) => { if (!t || !t.trim()) fail('ERROR_INVALID_FIELD', 'empty', f); if (t.length > 200) fail('ERROR_INVALID_FIELD', 'too long', f); return t; };
  const now = Date.now();
  const pause = (it) => { if (Number(it.timer.running_since_ms)) { it.timer.elapsed_ms = s(Number(it.timer.elapsed_ms) + now - Number(it.timer.running_since_ms)); it.timer.running_since_ms = '0'; } };
  let resolved;
  switch (kind) {
    case 'update_info': title(p.info.title, 'info.title'); m.info = { ...m.info, ...p.info }; resolved = { info: m.info }; break;
    case 'archive': m.archived = !!p.archived; resolved = { archived: m.archived }; break;
    case 'add_item': {
      title(p.item.title, 'item.title');
      const it = { id: newId('i'), title: p.item.title, presenter: p.item.presenter || '', planned_minutes: p.item.planned_minutes || 0, notes: p.item.notes || '', decision_expected: !!p.item.decision_expected, level: p.item.level || 'LEVEL_PUBLIC', status: 'ITEM_PENDING', timer: { elapsed_ms: '0', running_since_ms: '0' } };
      let pos = p.position ?? -1; if (pos < 0 || pos > m.agenda.length) pos = m.agenda.length;
      m.agenda.splice(pos, 0, it); resolved = { item: it, position: pos }; break;
    }
    case 'edit_item': { const it = item(p.item.id); title(p.item.title, 'item.title'); Object.assign(it, { title: p.item.title, presenter: p.item.presenter || '', planned_minutes: p.item.planned_minutes || 0, notes: p.item.notes || '', decision_expected: !!p.item.decision_expected, level: p.item.level || 'LEVEL_PUBLIC' }); resolved = { item: it }; break; }
    case 'remove_item': { item(p.item_id); m.agenda = m.agenda.filter((x) => x.id !== p.item_id); if (m.current_item_id === p.item_id) m.current_item_id = ''; resolved = { item_id: p.item_id }; break; }
    case 'move_item': { const it = item(p.item_id); m.agenda = m.agenda.filter((x) => x !== it); let pos = Math.max(0, Math.min(p.position ?? 0, m.agenda.length)); m.agenda.splice(pos, 0, it); resolved = { item_id: it.id, position: pos, resulting_order: m.agenda.map((x) => x.id) }; break; }
    case 'set_current': {
      const touched = [];
      const prev = m.current_item_id && m.agenda.find((x) => x.id === m.current_item_id);
      const next = p.item_id ? item(p.item_id) : null;
      if (prev && prev !== next) { pause(prev); prev.status = p.mark_previous_done ? 'ITEM_DONE' : 'ITEM_PENDING'; touched.push(prev); }
      if (next) { next.status = 'ITEM_ACTIVE'; if (!Number(next.timer.running_since_ms)) next.timer.running_since_ms = s(now); touched.push(next); }
      m.current_item_id = next ? next.id : '';
      resolved = { item_id: m.current_item_id, mark_previous_done: !!p.mark_previous_done, touched }; break;
    }
    case 'set_item_status': { const it = item(p.item_id); it.status = p.status; resolved = { item_id: it.id, status: it.status, item: it }; break; }
    case 'control_timer': {
      const it = item(p.item_id);
      if (p.action === 'TIMER_PAUSE') pause(it); else if (p.action === 'TIMER_RESET') { it.timer = { elapsed_ms: '0', running_since_ms: Number(it.timer.running_since_ms) ? s(now) : '0' }; } else if (!Number(it.timer.running_since_ms)) it.timer.running_since_ms = s(now);
      resolved = { item_id: it.id, action: p.action || 'TIMER_START', item: it }; break;
    }
    case 'add_attendee': { if (!p.attendee.name) fail('ERROR_INVALID_FIELD', 'name', 'attendee.name'); const a = { id: newId('p'), name: p.attendee.name, unit: p.attendee.unit || '', title: p.attendee.title || '', rank: p.attendee.rank || 0, role: p.attendee.role || 'ROLE_PARTICIPANT', attendance: 'ATTENDANCE_EXPECTED', leave_reason: '', checked_in_at_ms: '0', account_id: p.attendee.account_id || '' }; m.attendees.push(a); resolved = { attendee: a }; break; }
    case 'edit_attendee': { const a = att(p.attendee.id); Object.assign(a, { name: p.attendee.name, unit: p.attendee.unit, title: p.attendee.title, rank: p.attendee.rank, role: p.attendee.role, account_id: p.attendee.account_id || '' }); resolved = { attendee: a }; break; }
    case 'remove_attendee': { att(p.attendee_id); m.attendees = m.attendees.filter((x) => x.id !== p.attendee_id); resolved = { attendee_id: p.attendee_id }; break; }
    case 'check_in': { const a = att(p.attendee_id); if (p.attendance === 'ATTENDANCE_LEAVE' && !p.leave_reason) fail('ERROR_INVALID_FIELD', 'reason required', 'leave_reason'); a.attendance = p.attendance; a.leave_reason = p.attendance === 'ATTENDANCE_LEAVE' ? p.leave_reason : ''; a.checked_in_at_ms = s(now); resolved = { attendee_id: a.id, attendance: a.attendance, leave_reason: a.leave_reason, attendee: a }; break; }
    default: return reply({ error: err('ERROR_BAD_REQUEST', 'unknown change') });
  }
  m.version = s(Number(m.version) + 1);
  r.seqs.set(c.client_id, seq);
  const event = JSON.parse(JSON.stringify({ meeting_id: m.id, version: m.version, at_ms: s(now), client_id: c.client_id, client_seq: s(seq), client_name: '', change: { [kind]: resolved } }));
  r.events.push(event);
  reply({ ack: { meeting_id: m.id, version: m.version, duplicate: false, client_seq: s(seq) } });
  for (const cn of r.conns) cn.send({ id: '0', event });
}
}

const s = (n) => String(n);
// The account's role (docs/security.md): creator = convener, else the linked attendee's
// role. No account (the mock without logins): secretary, as before accounts existed.
function roleOf(m, account) {
  if (!account) return 'ROLE_SECRETARY';
  if (m.created_by === account.id) return 'ROLE_CONVENER';
  const a = m.attendees.find((x) => x.account_id === account.id);
  return a ? a.role || 'ROLE_PARTICIPANT' : 'ROLE_NONE';
}
function meetingJson(m) { return JSON.parse(JSON.stringify(m)); }
function err(code, message, field = '', current_version = '0') { return { code, message, field, current_version }; }
function fail(code, message, field) { throw err(code, message, field); }
