// Rendering pieces of the minutes page: the agenda with who is where, the speaker
// picker, the "also recording" strip, the sync state, the recovery box.

import { h, setChildren, renderList, t } from '../ui.js';
import { cpIndexToUtf16, cpLength } from '../ot.js';
import { levelChip } from '../access-ui.js';

const ROW_SIG = (k, v) => (k === 'minutes' ? undefined : v);

const AWAY = new Set(['ATTENDANCE_LEAVE', 'ATTENDANCE_ABSENT']);

/**
 * Attendee names in protocol order (rank 1 first, unranked last). For the speaker picker
 * those on leave or absent are left off unless asked for ({includeAway: true}): they are
 * not in the room to speak. Recognising a tag already written ("孙丽：") uses everyone.
 */
export function speakerNames(meeting, { includeAway = true } = {}) {
  const people = [...meeting.attendees].sort((a, b) => (a.rank || 1e9) - (b.rank || 1e9));
  const names = [];
  for (const p of people) {
    if (!includeAway && AWAY.has(p.attendance)) continue;
    if (p.name && !names.includes(p.name)) names.push(p.name);
  }
  return names;
}

/** How many speakers the picker leaves off (on leave or absent, not also present by name). */
export function awayCount(meeting) {
  return speakerNames(meeting).length - speakerNames(meeting, { includeAway: false }).length;
}

/** The agenda in the side bar: number, title, current, others in it (typing or not), unsent edits here. */
export function renderAgenda(list, meeting, { selected, board, pending, onPick }) {
  renderList(list, meeting.agenda, (it) => it.id, (it) => {
    const li = h('li', { class: 'mn-ag-row' });
    const btn = h('button', { type: 'button', class: 'mn-ag-btn', onclick: () => onPick(it.id) });
    li.append(btn);
    return li;
  }, () => {});
  meeting.agenda.forEach((it, i) => {
    const li = list.children[i];
    const people = board.list(it.id);
    const isCur = meeting.current_item_id === it.id;
    const sig = JSON.stringify([it, i, isCur, selected === it.id, pending.get(it.id) || 0,
      people.map((p) => [p.clientId, p.name, p.shownTyping]), t('mn.current')], ROW_SIG);
    li.classList.toggle('is-selected', selected === it.id);
    li.classList.toggle('is-current', isCur);
    li.dataset.id = it.id;
    if (li.dataset.sig === sig) return;
    li.dataset.sig = sig;
    const btn = li.firstChild;
    btn.setAttribute('aria-current', selected === it.id ? 'true' : 'false');
    setChildren(btn,
      h('span', { class: 'mn-ag-no num' }, String(i + 1)),
      h('span', { class: 'mn-ag-main' },
        h('span', { class: 'mn-ag-title' }, it.title),
        h('span', { class: 'mn-ag-meta' },
          levelChip(it.level),
          isCur ? h('span', { class: 'chip chip-active' }, t('mn.current')) : null,
          it.status === 'ITEM_DONE' ? h('span', { class: 'chip chip-done' }, t('enum.ITEM_DONE')) : null,
          pending.get(it.id) ? h('span', { class: 'mn-ag-unsent' }, t('mn.unsent')) : null,
          people.map((p) => h('span', { class: 'mn-who' + (p.shownTyping ? ' typing' : ''), style: { '--c': p.color }, dataset: { client: p.clientId } },
            h('span', { class: 'mn-dot', 'aria-hidden': 'true' }), p.name, p.shownTyping ? h('span', { class: 'mn-pen', title: t('mn.typing') }, '✎') : null)))));
  });
}

/** The speaker chips; the current paragraph's speaker is highlighted. */
export function renderSpeakers(box, names, current, onTag, away = { n: 0, shown: false, toggle: null }) {
  const sig = JSON.stringify([names, current, t('mn.speakers'), away.n, away.shown]);
  if (box.dataset.sig === sig) return;
  box.dataset.sig = sig;
  setChildren(box,
    h('span', { class: 'mn-sp-label' }, t('mn.speakers'), h('span', { class: 'hint' }, t('mn.speaker_hint'))),
    names.map((n, i) => h('button', {
      type: 'button', class: 'btn btn-sm mn-sp' + (n === current ? ' on' : ''), dataset: { speaker: n },
      title: i < 9 ? `Alt+${i + 1}` : '', onmousedown: (ev) => ev.preventDefault(), onclick: () => onTag(n),
    }, n, i < 9 ? h('kbd', {}, String(i + 1)) : null)),
    current ? h('button', { type: 'button', class: 'btn btn-sm btn-quiet', title: 'Alt+0', onmousedown: (ev) => ev.preventDefault(), onclick: () => onTag('') }, t('mn.untag')) : null,
    away.n ? h('button', {
      type: 'button', class: 'btn btn-sm btn-quiet mn-sp-away', 'aria-pressed': away.shown ? 'true' : 'false',
      onmousedown: (ev) => ev.preventDefault(), onclick: away.toggle,
    }, away.shown ? t('mn.hide_away') : t('mn.show_away', { n: away.n })) : null);
}

/** "Also recording: ● 李秘书 · paragraph 3 · typing…" under the editor. */
export function renderPresence(box, people, text) {
  if (!people.length) {
    setChildren(box, h('span', { class: 'muted' }, t('mn.nobody')));
    return;
  }
  setChildren(box, h('span', { class: 'muted' }, t('mn.others')), people.map((p) => {
    const para = text === null || p.head === undefined ? 0
      : (text.slice(0, cpIndexToUtf16(text, p.head)).match(/\n/g) || []).length + 1;
    return h('span', { class: 'mn-who' + (p.shownTyping ? ' typing' : ''), style: { '--c': p.color }, dataset: { client: p.clientId } },
      h('span', { class: 'mn-dot', 'aria-hidden': 'true' }), h('strong', {}, p.name),
      para ? h('span', { class: 'muted' }, ' · ' + t('mn.para', { n: para })) : null,
      p.shownTyping ? h('span', { class: 'mn-typing' }, ' · ' + t('mn.typing')) : null);
  }));
}

/**
 * The sync state next to the title: saved / saving / offline / restoring. data-state is
 * always the truth; the words say "saving" only once an edit has waited a moment, so the
 * chip does not flicker with every keystroke acknowledged in a few milliseconds.
 */
export function renderSyncState(el, sync, client) {
  let state = '';
  let text = '';
  if (!sync) state = '';
  else if (sync.dead) { state = 'gone'; text = t('mn.item_gone'); }
  else if (!sync.ready) { state = 'restoring'; text = t('mn.restoring'); }
  else if (!sync.pendingCount && !sync.catching) { state = 'saved'; text = '✓ ' + t('mn.saved'); }
  else if (client.storageUnavailable) { state = 'storage'; text = t('mn.storage_pending'); }
  else if (!client.linkUp) { state = 'offline'; text = t('mn.offline_pending'); }
  else { state = 'saving'; text = t('mn.saving'); }
  let look = state;
  if (state === 'saving' && Date.now() - (sync.pendingSince || 0) < 1200 && el.dataset.look === 'saved') {
    look = 'saved';
    text = '✓ ' + t('mn.saved');
  }
  if (el.dataset.state === state && el.dataset.look === look && el.textContent === text) return;
  el.dataset.state = state;
  el.dataset.look = look;
  el.className = `mn-sync mn-sync-${look}`;
  el.textContent = text;
}

/** Text that could not be delivered, with what to do about it. */
export function renderRecovery(box, recoveries, { onInsert, onCopy, onDrop }) {
  box.hidden = !recoveries.length;
  if (!recoveries.length) { box.replaceChildren(); return; }
  const r = recoveries[0];
  const reasonKey = `mn.reason.${r.reason}`;
  const reason = t(reasonKey) === reasonKey ? t('mn.reason.other') : t(reasonKey);
  setChildren(box,
    h('p', {}, t('mn.recovery', { reason })),
    h('pre', { class: 'mn-recovery-text' }, r.text),
    h('div', { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn btn-sm btn-primary', onclick: () => onInsert(r) }, t('mn.recovery_insert')),
      h('button', { type: 'button', class: 'btn btn-sm', onclick: () => onCopy(r) }, t('mn.recovery_copy')),
      h('button', { type: 'button', class: 'btn btn-sm btn-quiet', onclick: () => onDrop(r) }, t('mn.recovery_drop'))));
}

export function charCount(text) {
  return text === null ? '' : t('mn.chars', { n: cpLength(text).toLocaleString() });
}
