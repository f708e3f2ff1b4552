// The leader's view of the current item's minutes: read-only, large, calm. No carets,
// no names of who typed; a quiet "recording…" while the secretaries are typing. The
// text follows the end as it grows, unless the leader scrolled up to read.

import './minutes-strings.js';
import { $, h, t } from '../ui.js';
import { cpLength } from '../ot.js';

const TAG = /^([^\s：:，。,.!?！？\n]{1,16})([：:])/;
const RECORDING_MS = 3000;

let shownItem = '';
let paras = [];        // the paragraphs shown, one <p> each
let lastEditAt = 0;

function paragraph(text) {
  const m = TAG.exec(text);
  if (!m) return h('p', {}, text || '\u200b');
  return h('p', { class: 'tagged' }, h('span', { class: 'ld-speaker' }, m[1] + m[2]), text.slice(m[0].length));
}

/** An edit_minutes event arrived (for the "recording…" indicator). */
export function noteMinutesEdit(ev, cur) {
  const em = ev && ev.change && ev.change.edit_minutes;
  if (cur && em && em.item_id === cur.id) lastEditAt = Date.now();
}

/** Every 250 ms: shows "recording…" while edits keep coming. */
export function minutesTick() {
  const el = $('#ld-recording');
  if (el) el.hidden = Date.now() - lastEditAt > RECORDING_MS;
}

/** Renders the minutes of item (the current one), changing only the paragraphs that changed. */
export function renderMinutesView(item) {
  const card = $('#ld-minutes');
  const box = $('#ld-minutes-text');
  card.hidden = !item;
  if (!item) { shownItem = ''; return; }
  const text = item.minutes || '';
  const atEnd = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  if (shownItem !== item.id) {
    shownItem = item.id;
    paras = [];
    box.replaceChildren();
    lastEditAt = 0;
  }
  const next = text ? text.split('\n') : [];
  for (let i = 0; i < next.length; i++) {
    if (paras[i] === next[i] && box.children[i]) continue;
    const p = paragraph(next[i]);
    if (box.children[i]) box.replaceChild(p, box.children[i]);
    else box.append(p);
  }
  while (box.children.length > next.length) box.lastChild.remove();
  paras = next;
  $('#ld-minutes-empty').hidden = !!text;
  $('#ld-minutes-count').textContent = text ? t('mn.chars', { n: cpLength(text).toLocaleString() }) : '';
  if (atEnd) box.scrollTop = box.scrollHeight;
}
