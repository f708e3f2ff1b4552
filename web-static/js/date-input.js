// Dates and times typed and shown one way in both languages: 2026-12-25 and
// 2026-12-25 09:30 (the browser's own date inputs follow the machine's locale:
// "12/25/2026, 09:30 AM" on an English system, whatever the page's language).
//
// An <input type="text" data-date="date|datetime"> gets: a placeholder in that form,
// numeric keyboards on tablets, lenient reading on blur (2026/12/5 9:00, 2026年12月5日,
// 2026-12-05T09:00 all become 2026-12-05 09:00; a day that does not exist is said at the
// field), and a calendar button that opens the browser's picker. Inputs added later (a
// dialog) are found by a MutationObserver. Values stay strings: fromLocalInput() in ui.js
// reads them, as the office's wall clock (below); when the browser's zone differs, the
// field says which clock it is (a small label after the button).

const DATE = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:(?:[T\s]|\s*)(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?)?\s*$/;
const pad = (n) => String(n).padStart(2, '0');

/**
 * Reads a typed date (kind 'date') or date and time ('datetime', the time optional: 00:00).
 * -> {y, mo, d, h, mi} or null when it is not a real day and time.
 */
export function parseDateText(s) {
  const m = DATE.exec(String(s ?? ''));
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x)));
  const hh = h ?? 0;
  const mm = mi ?? 0;
  if (mo < 1 || mo > 12 || d < 1 || hh > 23 || mm > 59) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null; // 2026-02-30
  return { y, mo, d, h: hh, mi: mm, hasTime: m[4] !== undefined };
}

/** The canonical text: 2026-12-05 (date) or 2026-12-05 09:00 (datetime). */
export function formatDateText(p, kind) {
  const day = `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
  return kind === 'date' ? day : `${day} ${pad(p.h)}:${pad(p.mi)}`;
}

// ------------------------------------------------------------------ the office's zone
// Meetings happen in the office (issue 13): a time is shown and typed as the office's wall
// clock (the server's --time-zone, sent in the welcome and by GET /api/me; default
// Asia/Shanghai), whatever zone the browser runs in. 09:30 in Beijing is 09:30 on a laptop
// in New York, labelled; the last zone heard is remembered for pages that have not asked yet.

const ZONE_KEY = 'huiwu.time_zone';
const DEFAULT_ZONE = 'Asia/Shanghai';
const formatters = new Map();

function validZone(name) {
  try { new Intl.DateTimeFormat('en-US', { timeZone: name }); return true; } catch { return false; }
}

let officeZone = (() => {
  try {
    const z = globalThis.localStorage && localStorage.getItem(ZONE_KEY);
    if (z && validZone(z)) return z;
  } catch { /* private mode */ }
  return DEFAULT_ZONE;
})();
const zoneListeners = new Set();

/** The office's IANA zone, in which every time is shown and typed. */
export function getOfficeZone() { return officeZone; }

/** From the welcome or /api/me. An unknown name (an old browser's tz data) is ignored. */
export function setOfficeZone(name) {
  if (!name || name === officeZone || !validZone(name)) return;
  officeZone = name;
  try { globalThis.localStorage && localStorage.setItem(ZONE_KEY, name); } catch { /* private mode */ }
  for (const fn of zoneListeners) fn(name);
}

/** fn(zone) after the office's zone became known as a different one. */
export function onOfficeZoneChange(fn) { zoneListeners.add(fn); }

/** The browser's own zone ('' when it does not say). */
export function browserZone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { return ''; }
}

/** The wall clock of `ms` in `zone`: {y, mo, d, h, mi, s}. */
export function wallClock(ms, zone = officeZone) {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, mi: Number(p.minute), s: Number(p.second) };
}

const offsetAt = (ms, zone) => {
  const w = wallClock(ms, zone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
};

/**
 * The instant a wall-clock time names in `zone`. A time skipped by a DST change is read
 * with the offset before it; a repeated one as its first occurrence.
 */
export function wallToMs(p, zone = officeZone) {
  const utc = Date.UTC(p.y, p.mo - 1, p.d, p.h || 0, p.mi || 0);
  const first = utc - offsetAt(utc, zone);
  const second = utc - offsetAt(first, zone);
  const names = (ms) => { const w = wallClock(ms, zone); return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) === utc; };
  const fits = [first, second].filter(names);
  return fits.length ? Math.min(...fits) : first; // none fits: the hour the clocks skipped
}

/**
 * True when the browser's clock reads differently from the office's: then times carry a
 * label. Compared by offset now and half a year on (two names for one clock need none).
 */
export function zoneDiffers(zone = officeZone, local = browserZone()) {
  if (!local || local === zone) return false;
  const now = Date.now();
  return [now, now + 182 * 86400000].some((t) => offsetAt(t, zone) !== offsetAt(t, local));
}

/** unix ms -> canonical text in the office's zone; '' for 0. */
export function msToText(ms, kind = 'datetime') {
  if (!ms) return '';
  return formatDateText(wallClock(Number(ms)), kind);
}

/** canonical or lenient text, read in the office's zone -> unix ms; 0 for empty or not a date. */
export function textToMs(s) {
  const p = parseDateText(s);
  return p ? wallToMs(p) : 0;
}

// ------------------------------------------------------------------ the inputs

const CAL_SVG = '<svg viewBox="0 0 24 24" aria-hidden="true" width="16" height="16" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"><rect x="3.5" y="5" width="17" height="15" rx="2"/><path d="M3.5 10h17M8 3v4M16 3v4"/></svg>';

function normalise(input) {
  const kind = input.dataset.date;
  const v = input.value.trim();
  if (!v) { input.removeAttribute('aria-invalid'); return; }
  const p = parseDateText(v);
  if (!p) {
    input.setAttribute('aria-invalid', 'true');
    input.dataset.dateInvalid = '1';
    return;
  }
  delete input.dataset.dateInvalid;
  input.removeAttribute('aria-invalid');
  const text = formatDateText(p, kind);
  if (text !== input.value) {
    input.value = text;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

function enhance(input, labelFor, zoneLabel) {
  if (input.dataset.dateReady) return;
  input.dataset.dateReady = '1';
  const kind = input.dataset.date === 'date' ? 'date' : 'datetime';
  input.type = 'text';
  input.autocomplete = 'off';
  input.inputMode = 'numeric';
  input.spellcheck = false;
  if (!input.placeholder) input.placeholder = kind === 'date' ? '2026-12-25' : '2026-12-25 09:30';
  input.addEventListener('blur', () => normalise(input));
  normalise(input);
  // The picker: the browser's own, opened from a button, its answer written back in our form.
  const wrap = document.createElement('span');
  wrap.className = 'date-field';
  input.replaceWith(wrap);
  wrap.append(input);
  const btn = document.createElement('button');
  btn.type = 'button';
  btn.className = 'date-pick';
  btn.tabIndex = -1; // typing is the keyboard way; the button is for pointers and tablets
  btn.innerHTML = CAL_SVG;
  btn.setAttribute('aria-label', labelFor(kind));
  btn.title = labelFor(kind);
  const native = document.createElement('input');
  native.type = kind === 'date' ? 'date' : 'datetime-local';
  native.className = 'date-native';
  native.tabIndex = -1;
  native.setAttribute('aria-hidden', 'true');
  wrap.append(btn, native);
  // A time typed here is the office's clock: say so when the browser's reads otherwise.
  const zone = kind === 'datetime' && zoneLabel ? zoneLabel() : '';
  if (zone) {
    const tag = Object.assign(document.createElement('span'), { className: 'tz-label', textContent: zone });
    wrap.classList.add('has-tz');
    wrap.append(tag);
    // The label sits inside the field, left of the button: the text must not run under it.
    requestAnimationFrame(() => { if (tag.offsetWidth) input.style.paddingRight = `${tag.offsetWidth + 40}px`; });
  }
  btn.addEventListener('click', () => {
    const p = parseDateText(input.value);
    native.value = p ? formatDateText(p, kind).replace(' ', 'T') : '';
    try { native.showPicker(); } catch { input.focus(); }
  });
  native.addEventListener('change', () => {
    const p = parseDateText(native.value.replace('T', ' '));
    if (!p) return;
    input.value = formatDateText(p, kind);
    input.removeAttribute('aria-invalid');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.focus();
  });
}

/** Enhances every input[data-date] under root now and whenever one is added later. */
export function watchDateInputs(root, labelFor, zoneLabel) {
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches('input[data-date]')) enhance(node, labelFor, zoneLabel);
    for (const el of node.querySelectorAll('input[data-date]')) enhance(el, labelFor, zoneLabel);
  };
  scan(root);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) scan(n);
  }).observe(root, { childList: true, subtree: true });
}
