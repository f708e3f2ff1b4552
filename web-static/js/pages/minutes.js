// Minutes page (会议记录): the live record of each agenda item, typed by several
// secretaries at once. The agenda is on the side (who is in which item, who is typing);
// the selected item's minutes are in a textarea bound to a MinutesSync (OT, resume,
// local persistence: ../minutes-sync.js, ../minutes-hub.js); others' carets are drawn
// over it; speakers are tagged as "姓名：" at the start of a paragraph, in the text.

import './minutes-strings.js';
import {
  $, createClient, mountHeader, mountBanner, toast, isTyping, meetingIdFromUrl, t, applyI18n, onLangChange,
  userName, setUserName,
} from '../ui.js';
import { currentItem } from '../meeting-state.js';
import { MinutesHub } from '../minutes-hub.js';
import { PresenceBoard, PresenceSender, isTyping as isTypingNow } from '../minutes-presence.js';
import { MinutesEditor } from './minutes-editor.js';
import { canEdit } from '../access.js';
import { pageRole, accountOf, withdrawn } from '../access-ui.js';
import { HistoryPanel } from './minutes-history.js';
import { mountDecisionTool } from './decision-form.js';
import { mountExportMenu } from './minutes-export.js';
import {
  speakerNames, awayCount, renderAgenda, renderSpeakers, renderPresence, renderSyncState, renderRecovery, charCount,
} from './minutes-view.js';

const meetingId = meetingIdFromUrl();
const client = createClient('秘书');
const session = meetingId ? client.join(meetingId) : null;
const header = mountHeader($('#topbar'), { active: 'minutes', meetingId, client, session });
mountBanner($('#banner'), client);

const hub = session ? new MinutesHub(client, session) : null;
const board = new PresenceBoard(client, meetingId);
const sender = new PresenceSender(client, meetingId);
const ta = $('#mn-text');
const editor = new MinutesEditor(ta, $('#mn-layer'), {
  onSelection: () => { announce(); renderSoon(); },
  onLocalEdit: () => { lastTyped = Date.now(); announce(); renderSoon(); clearTimeout(typingOff); typingOff = setTimeout(announce, 2600); },
  onRefused: () => toast(t('mn.too_large'), 'error', 7000),
});
const audit = new HistoryPanel($('#mn-history'), { client, session });
window.huiwuMinutes = { hub, editor, board }; // for debugging and the browser tests
if (session) mountDecisionTool({ client, session, editor, itemId: () => selected, toolbar: $('.mn-item-tools') });
if (session) mountExportMenu($('.mn-item-tools'), meetingId);

let selected = '';      // the item in the editor
let started = false;    // saved edits adopted; editors may open
let lastTyped = 0;
let typingOff = null;
let syncOff = null;
const m = () => session.meeting;

// ------------------------------------------------------------------ selecting an item

function itemFromUrl() {
  return new URLSearchParams(location.search).get('item') || '';
}

function pickInitial() {
  const ag = m().agenda;
  const want = itemFromUrl();
  const cur = currentItem(m());
  const id = (ag.find((x) => x.id === want) || cur || ag[0] || {}).id || '';
  selectItem(id);
}

function selectItem(id, { focus = false } = {}) {
  if (!started) return;
  if (id !== selected) {
    if (syncOff) { syncOff(); syncOff = null; }
    selected = id;
    const sync = id ? hub.editor(id) : null;
    editor.attach(sync);
    if (sync) syncOff = sync.on(() => renderSoon());
    const url = new URL(location.href);
    if (id) url.searchParams.set('item', id); else url.searchParams.delete('item');
    history.replaceState(null, '', url);
    audit.show(id);
    if (document.activeElement === ta) announce();
  }
  renderAll();
  if (focus && id) ta.focus();
}

function step(delta) {
  const ag = m().agenda;
  const i = ag.findIndex((x) => x.id === selected);
  const next = ag[Math.min(ag.length - 1, Math.max(0, i + delta))];
  if (next) selectItem(next.id, { focus: true });
}

// ------------------------------------------------------------------ presence

function announce() {
  const sync = editor.sync;
  if (!selected || !sync || document.activeElement !== ta) return;
  const sel = editor.selection();
  if (!sel) return;
  const typing = Date.now() - lastTyped < 2500;
  // A caret moved only by others' edits needs no news: they move it the same way.
  const last = sender.want;
  if (last && last.item_id === selected && last.typing === typing) {
    const there = sync.toLocal(last);
    if (there && there.anchor === sel.anchor && there.head === sel.head) return;
  }
  const s = sync.toServer(sel);
  sender.update({ item_id: selected, anchor: s.anchor, head: s.head, version: s.version, typing });
}

ta.addEventListener('blur', () => sender.leave());
ta.addEventListener('focus', () => announce());

function othersHere() {
  const sync = editor.sync;
  if (!sync || !sync.ready) return [];
  const now = Date.now();
  const out = [];
  for (const p of board.list(selected)) {
    const at = sync.toLocal(p);
    out.push({ ...p, ...(at || { anchor: undefined, head: undefined }), placed: !!at, flag: isTypingNow(p, now) || now - p.movedAt < 4000 });
  }
  return out;
}

// ------------------------------------------------------------------ rendering

function renderSoon() {
  if (renderSoon.queued) return;
  renderSoon.queued = true;
  requestAnimationFrame(() => { renderSoon.queued = false; renderAll(); });
}

function renderAll() {
  if (withdrawn()) return; // the meeting was withdrawn from this page (access-ui)
  if (!session || !m()) return;
  const meeting = m();
  header.setTitle(meeting.info.title || t('meeting.untitled'));
  renderAgenda($('#mn-agenda'), meeting, { selected, board, pending: hub.pendingByItem(), onPick: (id) => selectItem(id, { focus: true }) });
  $('#mn-agenda-empty').hidden = meeting.agenda.length > 0;
  const item = meeting.agenda.find((x) => x.id === selected);
  $('#mn-editor-card').hidden = !item;
  $('#mn-none').hidden = !!item;
  if (!item) {
    // Nothing of an item that went away (removed, or raised above the clearance) stays
    // in the page, not even hidden.
    $('#mn-item-title').textContent = '';
    $('#mn-item-meta').textContent = '';
    $('#mn-none').textContent = started ? t(meeting.agenda.length ? 'mn.pick_item' : 'mn.no_items') : t('mn.restoring');
    return;
  }
  const idx = meeting.agenda.indexOf(item) + 1;
  $('#mn-item-no').textContent = t('mn.nth', { n: idx });
  $('#mn-item-current').hidden = meeting.current_item_id !== item.id;
  $('#mn-item-title').textContent = item.title;
  $('#mn-item-meta').textContent = item.presenter ? t('mn.presenter', { name: item.presenter }) : '';
  const cur = currentItem(meeting);
  const follow = $('#mn-follow');
  follow.hidden = !cur || cur.id === item.id;
  if (cur && cur.id !== item.id) {
    const n = meeting.agenda.indexOf(cur) + 1;
    if (follow.dataset.id !== cur.id || follow.dataset.lang !== t('mn.follow_go')) {
      follow.dataset.id = cur.id;
      follow.dataset.lang = t('mn.follow_go');
      follow.replaceChildren(t('mn.follow', { n, title: cur.title }), ' ');
      const go = document.createElement('button');
      go.type = 'button';
      go.className = 'btn btn-sm';
      go.textContent = t('mn.follow_go');
      go.addEventListener('click', () => selectItem(cur.id, { focus: true }));
      follow.append(go);
    }
  }
  const sync = editor.sync;
  // Only the convener and secretaries write the record; everyone else reads it live.
  const writer = canEdit(pageRole(client, session));
  document.body.classList.toggle('mn-reader', !writer);
  editor.setLocked(!!meeting.archived || !writer);
  editor.setSpeakers(speakerNames(meeting)); // a tag already written is recognised for anyone
  renderSpeakers($('#mn-speakers'), offeredSpeakers(), editor.ready ? editor.currentSpeaker() : '', tag,
    { n: awayCount(meeting), shown: showAway, toggle: () => { showAway = !showAway; renderAll(); } });
  renderSyncState($('#mn-sync'), sync, client);
  const others = othersHere();
  editor.setOthers(others.filter((p) => p.placed));
  renderPresence($('#mn-presence'), others, sync && sync.ready ? sync.text : null);
  if (!writer) {
    if (!others.length) $('#mn-presence').textContent = t('mn.nobody_reader');
    ta.placeholder = t('mn.reader_placeholder');
  } else if (ta.placeholder !== t('mn.placeholder')) ta.placeholder = t('mn.placeholder');
  $('#mn-count').textContent = sync && sync.ready ? charCount(sync.text) : '';
  renderRecovery($('#mn-recovery'), hub.recoveries().filter((r) => r.itemId === selected), {
    onInsert: (r) => { r.sync.clearRecovery(); if (editor.insertAtCaret(r.text)) ta.focus(); renderAll(); },
    onCopy: (r) => navigator.clipboard.writeText(r.text).then(() => toast(t('mn.copied'), 'ok'), () => {}),
    onDrop: (r) => { r.sync.clearRecovery(); renderAll(); },
  });
}

// Those on leave or absent are not offered as speakers unless the secretary asks (the
// button at the end of the strip): the Alt+digit keys follow what is shown.
let showAway = false;
const offeredSpeakers = () => speakerNames(m(), { includeAway: showAway });

function tag(name) {
  if (editor.tagParagraph(name, speakerNames(m()))) renderAll();
  ta.focus();
}

// ------------------------------------------------------------------ name

function renderName() {
  // Logged in: the name others see is the account's (in the header), not typed here.
  const me = $('#main .mn-me');
  if (!me) return; // the page's content is gone (no access)
  me.hidden = !!accountOf(client);
  const input = $('#mn-name');
  const name = userName();
  if (document.activeElement !== input) input.value = name;
  input.classList.toggle('missing', !name);
  $('#mn-name-hint').textContent = name ? t('mn.me_hint') : t('mn.me_missing');
}

function saveName() {
  const v = $('#mn-name').value.trim().slice(0, 32);
  if (!v || v === userName()) { renderName(); return; }
  setUserName(v);
  client.setName(v);
  renderName();
}
$('#mn-name').addEventListener('change', saveName);
$('#mn-name').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); saveName(); ta.focus(); } });

// ------------------------------------------------------------------ keyboard

document.addEventListener('keydown', (ev) => {
  if (!session || !m() || ev.isComposing) return;
  if (ev.altKey && !ev.ctrlKey && !ev.metaKey) {
    const d = /^Digit(\d)$/.exec(ev.code);
    if (d) {
      const names = offeredSpeakers();
      const n = Number(d[1]);
      if (n === 0) tag('');
      else if (names[n - 1]) tag(names[n - 1]);
      ev.preventDefault();
      return;
    }
    if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') { step(ev.key === 'ArrowUp' ? -1 : 1); ev.preventDefault(); return; }
  }
  if (isTyping(ev) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.key === 'h' || ev.key === 'H') { toggleHistory(); ev.preventDefault(); }
  else if (ev.key === 'Escape' && audit.isOpen) { toggleHistory(false); ev.preventDefault(); }
});

function toggleHistory(open = !audit.isOpen) {
  if (open && selected) audit.open(selected);
  else audit.close();
  $('#mn-history-btn').setAttribute('aria-expanded', String(audit.isOpen));
  $('#main').classList.toggle('with-history', audit.isOpen);
}
$('#mn-history-btn').addEventListener('click', () => toggleHistory());
$('#mn-history-close').addEventListener('click', () => toggleHistory(false));

// ------------------------------------------------------------------ wiring

function onSession(s, detail) {
  if (withdrawn()) return; // the meeting was withdrawn from this page (access-ui)
  if (s.status === 'not_found' || s.status === 'failed') {
    $('#loading').hidden = true;
    $('#not-found').hidden = false;
    $('#main').hidden = true;
    header.setTitle(t('meeting.not_found'));
    return;
  }
  if (!s.meeting) return;
  $('#loading').hidden = true;
  $('#main').hidden = false;
  if (detail && detail.type === 'event') audit.onEvent(detail.event);
  if (detail && detail.type === 'joined') sender.refresh();
  if (started && selected && !m().agenda.some((x) => x.id === selected)) {
    toast(t('mn.item_gone'), 'error');
    selectItem('');
  }
  renderSoon();
}

applyI18n(document.body);
renderName();
onLangChange(() => { renderName(); if (session && session.meeting) renderAll(); });

if (!meetingId) {
  $('#loading').hidden = true;
  $('#not-found').hidden = false;
} else {
  session.on(onSession);
  board.on(renderSoon);
  hub.on(renderSoon);
  client.onState(renderSoon);
  client.onState(renderName);
  client.start()
    .then(() => hub.start())
    .then(() => { started = true; pickInitial(); })
    .catch((e) => console.error('minutes: start failed', e));
  setInterval(renderSoon, 1000); // typing indicators fade
}
