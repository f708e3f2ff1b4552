// Shared page furniture: DOM helpers, the header (navigation, connection state,
// version, language), banners, toasts, formatting. Every page (meeting list,
// secretary, leader, and later minutes / seating / follow-up) builds on these.

import { errorMessage } from './field-errors.js';
import { msToText, textToMs, watchDateInputs, wallClock, getOfficeZone, zoneDiffers } from './date-input.js';
import { HuiwuClient, ConnState, pageConnTiming } from './client.js';
import { t, getLang, setLang, onLangChange, applyI18n } from './i18n.js';
import { LEVELS, ROLES } from './access.js';
import {
  mountUserBox, mountNoAccess, watchAuth, rememberedAccount, levelChip, isForbidden,
} from './access-ui.js';

// ------------------------------------------------------------------ DOM

/**
 * h('div', {class: 'x', onclick: fn, dataset: {id: 1}}, child, 'text', [more])
 * Attributes starting with "on" become listeners; false/null attributes are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected') el[k] = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);

/** Replaces el's children; null/false/undefined children are skipped, arrays flattened. */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}


/**
 * Keyed list rendering: keeps the DOM node of each key (so focus and open editors
 * survive an update) and reorders nodes to match items.
 * create(item) -> Node; update(node, item) (optional).
 */
export function renderList(container, items, key, create, update) {
  // Moving a node (insertBefore) blurs it: a row the keyboard is on must keep the focus
  // when an event reorders the list (Alt+↑ then E, at once).
  const focused = globalThis.document && container.contains(document.activeElement) ? document.activeElement : null;
  const old = new Map();
  for (const n of [...container.children]) if (n.dataset.key !== undefined) old.set(n.dataset.key, n);
  let prev = null;
  for (const it of items) {
    const k = String(key(it));
    let n = old.get(k);
    if (n) {
      old.delete(k);
      if (update) update(n, it);
    } else {
      n = create(it);
      n.dataset.key = k;
    }
    const want = prev ? prev.nextSibling : container.firstChild;
    if (n !== want) container.insertBefore(n, want);
    prev = n;
  }
  for (const n of old.values()) n.remove();
  if (focused && focused !== document.activeElement && container.contains(focused)) focused.focus({ preventScroll: true });
}

/** True when a key press belongs to a text field and must not trigger page shortcuts. */
export function isTyping(ev) {
  const el = ev.target;
  if (!el || !el.tagName) return false;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || el.isContentEditable;
}

// ------------------------------------------------------------------ formatting

/** 754000 -> "12:34"; 3723000 -> "1:02:03". Negative values are formatted by magnitude. */
export function formatDuration(ms) {
  const total = Math.floor(Math.abs(ms) / 1000);
  const hh = Math.floor(total / 3600);
  const mm = Math.floor((total % 3600) / 60);
  const ss = total % 60;
  const p = (n) => String(n).padStart(2, '0');
  return hh ? `${hh}:${p(mm)}:${p(ss)}` : `${p(mm)}:${p(ss)}`;
}

/** 2026-12-25 09:30 in both languages (date-input.js): one way to read a date everywhere. */
export function formatDateTime(ms) {
  return msToText(ms, 'datetime');
}

/** 09:30: the office's wall clock (date-input.js), 24-hour in both languages. */
export function formatTime(ms) {
  if (!ms) return '';
  const w = wallClock(Number(ms));
  return `${String(w.h).padStart(2, '0')}:${String(w.mi).padStart(2, '0')}`;
}

/** 09:30:05 in the office's zone. */
export function formatClock(ms) {
  const w = wallClock(Number(ms));
  return [w.h, w.mi, w.s].map((x) => String(x).padStart(2, '0')).join(':');
}

/** True when two instants fall on one day of the office's calendar. */
export function sameOfficeDay(a, b) {
  return msToText(a, 'date') === msToText(b, 'date');
}

/**
 * Which clock the times on screen are, said only when the browser's own clock reads
 * otherwise (issue 13): '北京时间' / 'Beijing time' for Asia/Shanghai, else '(IANA name)'.
 */
export function zoneLabel() {
  const zone = getOfficeZone();
  if (!zoneDiffers(zone)) return '';
  return zone === 'Asia/Shanghai' ? t('date.zone_beijing') : `(${zone})`;
}

/** The label as a small inline element, or null when none is needed. */
export function zoneTag() {
  const text = zoneLabel();
  return text ? h('span', { class: 'tz-label' }, text) : null;
}

/** A time with its zone label when needed: [text, ' ', tag]. */
export function whenNode(ms, text = formatDateTime(ms)) {
  const tag = zoneTag();
  return tag ? h('span', { class: 'when' }, text, ' ', tag) : text;
}

/** unix ms -> value for an <input data-date="datetime"> (local time): 2026-12-25 09:30. */
export function toLocalInput(ms) {
  return msToText(ms, 'datetime');
}

/** An input's date text (2026-12-25 09:30, or as typed leniently) -> unix ms; 0 = none. */
export function fromLocalInput(s) {
  return textToMs(s);
}

/**
 * A sentence for a RequestError / ApiError / ConnectionError in the UI language (never
 * the server's English): field-errors.js. A form shows it at the field with reportError().
 */
export function errorText(err, ctx) {
  if (!err) return '';
  return errorMessage(err, ctx);
}

// ------------------------------------------------------------------ toasts

let toastBox = null;
export function toast(message, kind = 'info', ms = 4500) {
  if (!toastBox) {
    toastBox = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.append(toastBox);
  }
  const el = h('div', { class: `toast toast-${kind}` }, message);
  toastBox.append(el);
  setTimeout(() => el.classList.add('toast-out'), ms);
  setTimeout(() => el.remove(), ms + 400);
}

// ------------------------------------------------------------------ client and header

const KEY_NAME = 'huiwu.client_name';

/** The name the user gave (this tab's first, then this browser's), or ''. */
export function userName() {
  for (const s of ['sessionStorage', 'localStorage']) {
    try {
      const v = globalThis[s].getItem(KEY_NAME);
      if (v) return v;
    } catch { /* private mode */ }
  }
  return '';
}

/** Remembers the user's name for this tab and as this browser's default. */
export function setUserName(name) {
  for (const s of ['sessionStorage', 'localStorage']) {
    try { globalThis[s].setItem(KEY_NAME, name); } catch { /* private mode */ }
  }
}

/**
 * The page's connection (one per page). role names the page ('secretary', 'leader',
 * 'list'); it is the client_name others see until accounts exist, unless the user set
 * a name (sessionStorage, then localStorage 'huiwu.client_name').
 */
export function createClient(role = '') {
  const acct = rememberedAccount();
  const name = (acct && acct.name) || userName();
  // Ping timing: the defaults, unless the page asks (?ping_ms=, tests: huiwuConnTiming).
  const client = new HuiwuClient({ clientName: (name || role || 'browser').slice(0, 64), ...pageConnTiming() });
  // A form that shows the refusal at its field (field-errors.js reportError) marks it
  // shown before this runs; everything else is said here, in words.
  client.onReject(({ error }) => setTimeout(() => {
    if (!error || !error.shown) toast(t('toast.rejected', { reason: errorText(error) }), 'error', 7000);
  }, 0));
  watchAuth(client);
  window.huiwuClient = client; // for debugging and the browser tests
  return client;
}

/**
 * The views of a meeting, in navigation order. A later page (minutes, seating,
 * follow-up) adds itself here and appears in every header.
 */
export const MEETING_VIEWS = [
  { key: 'secretary', href: 'secretary.html', label: 'nav.secretary' },
  { key: 'minutes', href: 'minutes.html', label: 'nav.minutes' },
  { key: 'seating', href: 'seating.html', label: 'nav.seating' },
  { key: 'leader', href: 'leader.html', label: 'nav.leader' },
  { key: 'jiyao', href: 'jiyao-draft.html', label: 'nav.jiyao' },
];

export function meetingIdFromUrl() {
  return new URLSearchParams(location.search).get('m') || '';
}

/**
 * Fills <header class="topbar"> with brand, navigation, the meeting's level, version,
 * connection state, language switch, and the logged-in person with their role in the
 * meeting and logout. opts: {active, meetingId, client, session}; a page without a
 * connection (admin) passes no client. Returns {setTitle(text)}.
 */
export function mountHeader(header, opts) {
  const { active, meetingId, client } = opts;
  const titleText = h('span', { class: 'topbar-title-text' });
  const levelBox = h('span', { class: 'topbar-level', id: 'meeting-level' });
  const title = h('span', { class: 'topbar-title', id: 'meeting-title' }, levelBox, titleText);
  const userBox = h('span', {});
  const nav = h('nav', { class: 'topbar-nav', 'aria-label': 'views' });
  const conn = h('span', { class: 'conn', id: 'conn-state', role: 'status', 'aria-live': 'polite' });
  // Version, meeting id and server id are for whoever diagnoses a problem, not for the
  // flow: they live in a folded panel (#meeting-version keeps data-version for tests).
  const version = h('span', { class: 'version', id: 'meeting-version' });
  const diagBody = h('span', { class: 'diag-body' });
  const diagSummary = h('summary', { class: 'diag-summary' }, 'ⓘ');
  const diag = h('details', { class: 'diag', id: 'diagnostics' }, diagSummary, diagBody);
  const pending = h('span', { class: 'pending', id: 'pending-count', hidden: true });
  const langBtn = h('button', { class: 'btn btn-quiet lang', type: 'button', id: 'lang-toggle', onclick: () => setLang(getLang() === 'zh' ? 'en' : 'zh') });

  header.replaceChildren(
    h('a', { class: 'brand', href: 'index.html' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '会'), h('span', { 'data-i18n': 'app.name' })),
    title,
    nav,
    h('span', { class: 'topbar-status' }, pending, client ? conn : null, langBtn, userBox, diag),
  );

  function renderNav() {
    const links = [h('a', { href: 'index.html', class: active === 'list' ? 'active' : '', 'data-i18n': 'nav.list' })];
    links.push(h('a', { href: 'followup.html', id: 'nav-followup', class: active === 'followup' ? 'active' : '', 'data-i18n': 'nav.followup' }));
    if (meetingId) {
      for (const v of MEETING_VIEWS) {
        links.push(h('a', {
          href: `${v.href}?m=${encodeURIComponent(meetingId)}`,
          class: v.key === active ? 'active' : '',
          'aria-current': v.key === active ? 'page' : false,
          'data-i18n': v.label,
        }));
      }
    }
    nav.replaceChildren(...links);
    applyI18n(header);
  }

  function renderStatus() {
    const s = opts.session;
    if (isForbidden(s) && titleText.textContent !== t('access.forbidden_title')) {
      titleText.textContent = t('access.forbidden_title');
      document.title = `${t('access.forbidden_title')} · ${t('app.name')}`;
    }
    const lv = s && s.meeting ? s.meeting.info.level : '';
    if (levelBox.dataset.level !== lv + getLang()) {
      levelBox.dataset.level = lv + getLang();
      levelBox.replaceChildren(...(lv ? [levelChip(lv)] : []));
    }
    if (!client) { diag.hidden = true; langBtn.textContent = getLang() === 'zh' ? 'EN' : '中文'; return; }
    // The badge says what is true now (decision 0017): 'connected' only when the link
    // answers, every meeting is resumed and nothing waits; unsent work is its own chip.
    const st = client.state;
    const n = client.unsentCount ?? client.pendingCount ?? 0;
    const label = st === ConnState.SYNCING && n ? 'sending' : st;
    const look = `${label}|${getLang()}`;
    if (conn.dataset.look !== look) {
      conn.dataset.look = look;
      conn.className = `conn conn-${st}`;
      conn.dataset.state = st;
      conn.title = t('conn.title.' + label);
      conn.replaceChildren(h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), t('conn.' + label));
      if (st === ConnState.OFFLINE) {
        conn.append(' ', h('button', { class: 'link', type: 'button', onclick: () => client.reconnectNow() }, t('conn.retry')));
      }
    }
    conn.dataset.unsent = String(n);
    if (s && s.meeting) {
      version.textContent = t('meeting.version', { v: s.version });
      version.dataset.version = String(s.version);
    } else {
      version.textContent = '';
    }
    const diagLines = [
      s && s.meeting ? version : null,
      meetingId ? h('span', {}, t('diag.meeting', { id: meetingId })) : null,
      client.serverId ? h('span', {}, t('diag.server', { id: client.serverId })) : null,
    ].filter(Boolean);
    diagBody.replaceChildren(...diagLines);
    diag.hidden = diagLines.length === 0;
    diagSummary.title = t('diag.title');
    diagSummary.setAttribute('aria-label', t('diag.title'));
    // In 'connected' an edit is acknowledged within the grace time: no chip for that.
    pending.hidden = n === 0 || st === ConnState.CONNECTED;
    pending.textContent = t('pending.count', { n });
    langBtn.textContent = getLang() === 'zh' ? 'EN' : '中文';
    langBtn.setAttribute('aria-label', t('lang.switch'));
  }

  renderNav();
  renderStatus();
  mountUserBox(userBox, { client, session: opts.session });
  mountNoAccess(opts.session);
  if (client) client.onState(renderStatus);
  if (opts.session) opts.session.on(renderStatus);
  onLangChange(() => { renderNav(); renderStatus(); });
  return {
    setTitle(text) {
      // Refused: the page's own "not found" title gives way to the calmer "no access".
      if (isForbidden(opts.session)) text = t('access.forbidden_title');
      titleText.textContent = text;
      document.title = text ? `${text} · ${t('app.name')}` : t('app.name');
    },
    refresh: renderStatus,
  };
}

/**
 * A banner under the header for connection trouble and storage outages. The
 * secretary must know at once that a change has not been saved yet, and that it will
 * be sent by itself.
 */
export function mountBanner(el, client) {
  function render() {
    const n = client.unsentCount ?? client.pendingCount ?? 0;
    let msg = '';
    let kind = '';
    if (client.storageUnavailable) {
      msg = t('banner.storage', { n });
      kind = 'warn';
    } else if (client.state === ConnState.RECONNECTING || client.state === ConnState.OFFLINE) {
      const network = globalThis.navigator && navigator.onLine === false; // the browser says why
      const key = network ? 'banner.network' : 'banner.disconnected';
      msg = n ? t(key + '_pending', { n }) : t(key);
      kind = client.state === ConnState.OFFLINE ? 'error' : 'warn';
    }
    el.hidden = !msg;
    el.className = `banner banner-${kind}`;
    el.textContent = msg;
    el.dataset.kind = msg ? (client.storageUnavailable ? 'storage' : client.state) : '';
  }
  render();
  client.onState(render);
  onLangChange(render);
}

export { t, applyI18n, onLangChange, getLang, setLang };

// ------------------------------------------------------------------ enums

export { LEVELS, ROLES };
export const ITEM_STATUSES = ['ITEM_PENDING', 'ITEM_ACTIVE', 'ITEM_DONE', 'ITEM_DEFERRED'];

/** Fills a <select> with translated enum options (label key 'enum.<VALUE>'). */
export function fillSelect(select, values, current) {
  const cur = current ?? select.value;
  select.replaceChildren(...values.map((v) => h('option', { value: v, selected: v === cur }, t('enum.' + v))));
}

// Every date field of every page (and of dialogs opened later) reads and shows dates one
// way in both languages, with the browser's picker a button away (date-input.js).
if (globalThis.document && document.body) {
  watchDateInputs(document.body, (kind) => t(kind === 'date' ? 'date.pick_day' : 'date.pick_time'), zoneLabel);
  onLangChange(() => { for (const el of document.querySelectorAll('.tz-label')) el.textContent = zoneLabel(); });
}
