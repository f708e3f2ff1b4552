// The logged-in person on every page: who they are and their role in this meeting in
// the header, logout, the level (密级) badges and level choices, the "no access" state,
// and the way back to the login page when the login session ends.
// The rules themselves are in access.js (pure, unit-tested).

import { t, addStrings, applyI18n, onLangChange } from './i18n.js';
import { setOfficeZone } from './date-input.js';
import {
  LEVELS, ROLE_NONE, levelsUpTo, roleIn, loginUrl,
} from './access.js';

addStrings({
  zh: {
    'user.logout': '退出登录',
    'user.admin': '账号与审计',
    'user.unknown': '未登录',
    'user.role_in_meeting': '本会议中的角色',
    'user.clearance': '可阅密级：{level}',
    'myrole.ROLE_CONVENER': '会议召集人',
    'myrole.ROLE_SECRETARY': '秘书',
    'myrole.ROLE_CHAIR': '主持人',
    'myrole.ROLE_PARTICIPANT': '参会人员',
    'myrole.ROLE_OBSERVER': '列席',
    'myrole.ROLE_NONE': '无权限',
    'enum.ROLE_CONVENER': '召集人',
    'level.badge': '密级：{level}',
    'access.forbidden_title': '你没有查看这个会议的权限',
    'access.forbidden_body': '可能未被邀请参加，或会议密级高于你的可阅密级。如需查看，请联系会议召集人或秘书。',
    'access.read_only': '你在本会议中的角色是“{role}”，本页只读。',
    'access.logging_out': '正在退出…',
  },
  en: {
    'user.logout': 'Log out',
    'user.admin': 'Admin',
    'user.unknown': 'Not logged in',
    'user.role_in_meeting': 'Your role in this meeting',
    'user.clearance': 'Cleared for: {level}',
    'myrole.ROLE_CONVENER': 'Convener',
    'myrole.ROLE_SECRETARY': 'Secretary',
    'myrole.ROLE_CHAIR': 'Chair',
    'myrole.ROLE_PARTICIPANT': 'Participant',
    'myrole.ROLE_OBSERVER': 'Observer',
    'myrole.ROLE_NONE': 'No access',
    'enum.ROLE_CONVENER': 'Convener',
    'level.badge': 'Classification: {level}',
    'access.forbidden_title': 'You do not have access to this meeting',
    'access.forbidden_body': 'You may not be invited, or the meeting is classified above your clearance. Ask the convener or a secretary if you need to see it.',
    'access.read_only': 'Your role in this meeting is “{role}”: this page is read-only.',
    'access.logging_out': 'Logging out…',
  },
});

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

// ------------------------------------------------------------------ account

let mePromise = null;

/** GET /api/me once per page: the account, or null (not logged in, or unreachable). */
export function fetchMe() {
  if (!mePromise) {
    mePromise = fetch('/api/me', { cache: 'no-store', credentials: 'same-origin' })
      .then(async (r) => {
        if (r.status === 401) { goLogin(); return null; }
        if (!r.ok) return null;
        const body = await r.json();
        if (body.time_zone) setOfficeZone(body.time_zone);
        if (body.account && body.account.must_change_password) { goLogin(); return null; }
        return body.account || null;
      })
      .catch(() => null);
  }
  return mePromise;
}

/** To the login page, coming back here afterwards. */
export function goLogin() {
  location.assign(loginUrl(location.pathname + location.search + location.hash));
}

export async function logout() {
  try {
    await fetch('/api/logout', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  } catch { /* the cookie goes with the session on the server; the login page shows the rest */ }
  try { sessionStorage.removeItem('huiwu.account'); } catch { /* private mode */ }
  location.assign('/login.html');
}

/** The account as best known now: the connection's welcome, else /api/me's answer. */
export function accountOf(client) {
  return (client && client.account) || known.account || null;
}
const known = { account: null };

/** This account's role in the session's meeting ('ROLE_NONE' when unknown or not invited). */
export function pageRole(client, session) {
  const acct = accountOf(client);
  if (!session) return ROLE_NONE;
  return roleIn(session.meeting, acct && acct.id, session.myRole);
}

// ------------------------------------------------------------------ levels

/** A badge for a confidentiality level; public is quiet, the others stand out more the higher they are. */
export function levelChip(level, { big = false } = {}) {
  const lv = LEVELS.includes(level) ? level : 'LEVEL_PUBLIC';
  const name = t('enum.' + lv);
  return el('span', {
    class: `chip chip-lv lv-${lv.slice(6).toLowerCase()}${big ? ' chip-lv-big' : ''}`,
    title: t('level.badge', { level: name }), 'data-level': lv,
  }, name);
}

/**
 * Fills a level <select> with the levels this account may set (up to its clearance).
 * A current value above that (shown, not chosen) is kept as a disabled option.
 */
export function fillLevelSelect(select, account, current) {
  if (!select) return; // the page's content is gone (no access)
  const cur = current ?? select.value ?? 'LEVEL_PUBLIC';
  const allowed = levelsUpTo(account ? account.clearance : '');
  const values = allowed.includes(cur) || !cur ? allowed : [...allowed, cur];
  select.replaceChildren(...values.map((v) => {
    const o = el('option', { value: v }, t('enum.' + v));
    o.disabled = !allowed.includes(v);
    o.selected = v === cur;
    return o;
  }));
  if (!values.includes(select.value)) select.value = allowed[0];
}

// ------------------------------------------------------------------ header user box

/**
 * The right end of the header: name · unit, the role in this meeting (when on a
 * meeting's page), an admin link for admins, and logout. opts: {client, session}.
 */
export function mountUserBox(box, opts = {}) {
  const { client, session } = opts;
  box.className = 'user-box';
  box.id = 'user-box';
  function render() {
    const acct = accountOf(client);
    const parts = [];
    if (acct) {
      parts.push(el('span', { class: 'user-who', title: acct.clearance ? t('user.clearance', { level: t('enum.' + acct.clearance) }) : false },
        el('span', { class: 'user-name', id: 'user-name' }, acct.name || acct.id),
        acct.unit ? el('span', { class: 'user-unit', id: 'user-unit' }, acct.unit) : null));
    }
    if (session) {
      const role = pageRole(client, session);
      parts.push(el('span', {
        class: `chip chip-role role-${role.slice(5).toLowerCase()}`, id: 'my-role', 'data-role': role,
        title: t('user.role_in_meeting'),
      }, t('myrole.' + role)));
    }
    if (acct && acct.admin && !/\/admin\.html$/.test(location.pathname)) parts.push(el('a', { class: 'btn btn-sm btn-quiet', href: 'admin.html', id: 'admin-link' }, t('user.admin')));
    parts.push(el('button', {
      class: 'btn btn-sm', type: 'button', id: 'logout',
      onclick: (ev) => { ev.currentTarget.disabled = true; ev.currentTarget.textContent = t('access.logging_out'); logout(); },
    }, t('user.logout')));
    const sig = JSON.stringify([acct, session ? pageRole(client, session) : '', t('user.logout')]);
    if (box.dataset.sig === sig) return;
    box.dataset.sig = sig;
    box.replaceChildren(...parts);
  }
  fetchMe().then((a) => {
    if (a) {
      known.account = a;
      try { sessionStorage.setItem('huiwu.account', JSON.stringify(a)); } catch { /* private mode */ }
    }
    render();
  });
  if (client) client.onState(render);
  if (session) session.on(render);
  onLangChange(render);
  render();
  return { refresh: render };
}

/** The account remembered from an earlier page of this tab (for the name others see at hello). */
export function rememberedAccount() {
  try { return JSON.parse(sessionStorage.getItem('huiwu.account') || 'null'); } catch { return null; }
}

// ------------------------------------------------------------------ no access

export function isForbidden(session) {
  return !!(session && session.status === 'failed' && session.error && session.error.code === 'ERROR_FORBIDDEN');
}

/**
 * When the server refuses the meeting (never invited, invitation removed, level raised
 * above the clearance), every page shows the same calm notice instead of the meeting,
 * and the client does not keep asking.
 */
let withdrawnFromPage = false;

/**
 * True once the page has withdrawn the meeting (refused): it shows only the notice until
 * it reloads, so page renders must not run (their elements are gone). Access may come
 * back (a re-join succeeds) in the moment before the reload takes effect; a render queued
 * then would find no elements.
 */
export function withdrawn() { return withdrawnFromPage; }

export function mountNoAccess(session) {
  if (!session) return;
  let refused = false;
  function render() {
    const off = isForbidden(session);
    document.body.classList.toggle('no-access', off);
    if (!off) {
      // Access came back (a later re-join succeeded): start the page afresh.
      if (refused && session.status === 'joined') location.reload();
      return;
    }
    refused = true;
    withdrawnFromPage = true;
    // What the page showed of the meeting goes, not just out of sight.
    const main = document.getElementById('main');
    if (main) { main.hidden = true; main.replaceChildren(); }
    for (const id of ['st-print', 'archived-banner', 'role-note']) document.getElementById(id)?.remove();
    const loading = document.getElementById('loading');
    if (loading) loading.hidden = true;
    const box = document.getElementById('not-found');
    if (!box) return;
    box.hidden = false;
    box.dataset.reason = 'forbidden';
    box.replaceChildren(
      lockIcon(),
      el('h1', { 'data-i18n': 'access.forbidden_title' }),
      el('p', { class: 'muted', 'data-i18n': 'access.forbidden_body' }),
      el('p', {}, el('a', { href: 'index.html', 'data-i18n': 'meeting.back_to_list' })));
    applyI18n(box);
  }
  session.on(render);
  onLangChange(render);
}

// A padlock drawn in SVG (the machines this runs on may have no emoji font).
function lockIcon() {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'no-access-mark');
  svg.setAttribute('aria-hidden', 'true');
  for (const [tag, attrs] of [
    ['rect', { x: 5, y: 10.5, width: 14, height: 10, rx: 2 }],
    ['path', { d: 'M8 10.5V7.5a4 4 0 0 1 8 0v3' }],
    ['circle', { cx: 12, cy: 15.5, r: 1.3 }],
  ]) {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    svg.append(e);
  }
  return svg;
}

/** When the login session ends (the server keeps refusing the connection), go to login. */
export function watchAuth(client) {
  client.onAuthLost(() => goLogin());
}
