// What the logged-in account may do in a meeting, as the pages see it (docs/security.md).
// Pure functions, no DOM: unit-tested in Node (tests/browser/unit/access.test.mjs).
//
// Hiding a control is comfort, not protection: the server refuses anything a role may
// not do, whatever the page shows. These rules only keep the page from offering it.

export const LEVELS = ['LEVEL_PUBLIC', 'LEVEL_INTERNAL', 'LEVEL_CONFIDENTIAL', 'LEVEL_SECRET'];

/** Every role a meeting knows, in the order a secretary picks from (the list people see). */
export const ROLES = ['ROLE_PARTICIPANT', 'ROLE_CHAIR', 'ROLE_OBSERVER', 'ROLE_SECRETARY', 'ROLE_CONVENER'];

/** Not invited, or the role is not known (yet): read nothing, do nothing. */
export const ROLE_NONE = 'ROLE_NONE';

const EDITORS = new Set(['ROLE_CONVENER', 'ROLE_SECRETARY']);
const RUNNERS = new Set(['ROLE_CONVENER', 'ROLE_SECRETARY', 'ROLE_CHAIR']);
const READERS = new Set(['ROLE_CONVENER', 'ROLE_SECRETARY', 'ROLE_CHAIR', 'ROLE_PARTICIPANT', 'ROLE_OBSERVER']);

/** 0..3 for a level name; an unknown name counts as the highest (never offer more than known). */
export function levelRank(level) {
  const i = LEVELS.indexOf(level);
  return i < 0 ? LEVELS.length - 1 : i;
}

/** The levels someone with this clearance may set: those up to it. Unknown clearance: public only. */
export function levelsUpTo(clearance) {
  const i = LEVELS.indexOf(clearance);
  return LEVELS.slice(0, Math.max(0, i) + 1);
}

export function clearedFor(clearance, level) {
  const c = LEVELS.indexOf(clearance);
  return c >= 0 && c >= levelRank(level || 'LEVEL_PUBLIC');
}

/** A role name from the wire; anything unknown (a newer server, "ROLE_NONE", absent) is none. */
export function normalizeRole(role) {
  return READERS.has(role) ? role : ROLE_NONE;
}

/**
 * The account's role in the meeting as the server decides it: the creator is the
 * convener; otherwise the role of the attendee linked to the account. The meeting state
 * is followed live (a secretary may change a role while the page is open); `joinedRole`
 * (Joined.my_role) fills in when the state does not say, e.g. before the first snapshot.
 */
export function roleIn(meeting, accountId, joinedRole = '') {
  if (meeting && accountId) {
    if (meeting.created_by && meeting.created_by === accountId) return 'ROLE_CONVENER';
    const linked = (meeting.attendees || []).filter((a) => a.account_id === accountId);
    if (linked.length) return strongest(linked.map((a) => normalizeRole(a.role || 'ROLE_PARTICIPANT')));
  }
  return normalizeRole(joinedRole);
}

const STRENGTH = ['ROLE_NONE', 'ROLE_OBSERVER', 'ROLE_PARTICIPANT', 'ROLE_CHAIR', 'ROLE_SECRETARY', 'ROLE_CONVENER'];
function strongest(roles) {
  return roles.reduce((a, b) => (STRENGTH.indexOf(b) > STRENGTH.indexOf(a) ? b : a), ROLE_NONE);
}

/** Edit everything in the meeting: info, agenda, attendees, minutes, seating, archive. */
export const canEdit = (role) => EDITORS.has(role);

/** Run the agenda: current item, item status, timers. */
export const canRun = (role) => RUNNERS.has(role);

/** Read the meeting at all. */
export const canRead = (role) => READERS.has(role);

/**
 * Check in (or mark late/leave/absent) this attendee: secretaries and the chair anyone;
 * a participant only the attendee linked to their own account; an observer nobody.
 */
export function canCheckIn(role, attendee, accountId) {
  if (RUNNERS.has(role)) return true;
  return role === 'ROLE_PARTICIPANT' && !!accountId && !!attendee && attendee.account_id === accountId;
}

/**
 * Where login sends the user afterwards: only a path on this site ("/x?y#z"), never
 * another origin ("//evil", "/\\evil", "https://…", "javascript:") and never the login
 * page itself. Anything else: "/".
 */
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  let u;
  try { u = new URL(next, 'http://same.invalid'); } catch { return '/'; }
  if (u.origin !== 'http://same.invalid') return '/';
  if (u.pathname === '/login.html') return '/';
  return u.pathname + u.search + u.hash;
}

/** The login page, with a way back to where the user was. */
export function loginUrl(here) {
  const back = safeNext(here || '/');
  return back === '/' ? '/login.html' : `/login.html?next=${encodeURIComponent(back)}`;
}
