// Dates and times typed and shown one way in both languages: 2026-12-25 and
// 2026-12-25 09:30 (the browser's own date inputs follow the machine's locale:
// "12/25/2026, 09:30 AM" on an English system, whatever the page's language).
//
// An <input type="text" data-date="date|datetime"> gets: a placeholder in that form,
// numeric keyboards on tablets, lenient reading on blur (2026/12/5 9:00, 2026年12月5日,
// 2026-12-05T09:00 all become 2026-12-05 09:00; a day that does not exist is said at the
// field), and a calendar button that opens the browser's picker. Inputs added later (a
// dialog) are found by a MutationObserver. Values stay strings: fromLocalInput() in ui.js
// reads them.

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

/** unix ms (local time of the browser) -> canonical text; '' for 0. */
export function msToText(ms, kind = 'datetime') {
  if (!ms) return '';
  const d = new Date(ms);
  return formatDateText({ y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes() }, kind);
}

/** canonical or lenient text -> unix ms (local time); 0 for empty or not a date. */
export function textToMs(s) {
  const p = parseDateText(s);
  return p ? new Date(p.y, p.mo - 1, p.d, p.h, p.mi).getTime() : 0;
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

function enhance(input, labelFor) {
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
export function watchDateInputs(root, labelFor) {
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches('input[data-date]')) enhance(node, labelFor);
    for (const el of node.querySelectorAll('input[data-date]')) enhance(el, labelFor);
  };
  scan(root);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) scan(n);
  }).observe(root, { childList: true, subtree: true });
}
