// 纪要 drafting page: the stored 纪要 (docs/protocol.md §6.7), section by section, each
// section's text co-edited live by the secretaries with the record's engine (MinutesHub,
// MinutesSync, MinutesEditor: the section id "j:…" is the edited text's id), the item's
// record beside it; the workflow's buttons for the caller's role; the chair's comments
// marked where they point; the versions and their comparison; the downloads.

import './minutes-strings.js';
import './jiyao-strings.js';
import { $, h, createClient, mountHeader, mountBanner, toast, meetingIdFromUrl, t, applyI18n, onLangChange, errorText, formatDateTime } from '../ui.js';
import { MinutesHub } from '../minutes-hub.js';
import { PresenceBoard, PresenceSender } from '../minutes-presence.js';
import { MinutesEditor } from './minutes-editor.js';
import { pageRole, withdrawn } from '../access-ui.js';
import { renderSyncState, renderPresence } from './minutes-view.js';
import {
  offeredSteps, editable, renderComments, markedText, renderDiff, renderSteps,
} from './jiyao-workflow.js';
import { followsDecisions } from '../jiyao-link.js';
import { getLang } from '../i18n.js';
import { annexOf } from '../jiyao-annex.js';
import { getOfficeZone } from '../date-input.js';
import { downloadChecked } from '../jiyao-download.js';
import { RecipientPicker, initialPicks, issueDistribution } from '../recipient-picker.js';
import { loadDirectory, loadUnits } from '../followup-live.js';

const meetingId = meetingIdFromUrl();
const client = createClient('秘书');
const session = meetingId ? client.join(meetingId) : null;
const header = mountHeader($('#topbar'), { active: 'jiyao', meetingId, client, session });
mountBanner($('#banner'), client);

const hub = session ? new MinutesHub(client, session) : null;
const board = new PresenceBoard(client, meetingId);
const sender = new PresenceSender(client, meetingId);
const ta = $('#jy-text');
const editor = new MinutesEditor(ta, $('#jy-layer'), {
  onSelection: () => announce(),
  onLocalEdit: () => { announce(true); renderSoon(); },
  onRefused: () => toast(t('mn.too_large'), 'error', 7000),
});
window.huiwuJiyao = { hub, editor }; // for the browser tests

let selected = '';     // section id in the editor
let shownVersion = 0;  // 0 = the last
let started = false;
let pendingComments = [];
let formStep = '';
let diffShown = false;
let annexShown = false;  // the follow-up annex (附件：议定事项督办表) instead of a section
// Opened from a 督办 item (followup → "纪要中的该项"): its section is selected, it is marked.
const focusDecision = new URLSearchParams(location.search).get('d') || '';
const m = () => session.meeting;
const versions = () => (m() && m().jiyao) || [];
const last = () => versions()[versions().length - 1] || null;
const shown = () => versions().find((j) => j.number === shownVersion) || last();
const role = () => pageRole(client, session);
// A person named by account: the attendee linked to it, else the name the 纪要's history
// recorded for it, else the account id.
const nameOf = (account) => {
  const a = m().attendees.find((x) => x.account_id === account);
  if (a) return a.name;
  for (const j of versions()) for (const s of j.steps) if (s.by === account && s.by_name) return s.by_name;
  return account;
};

// ------------------------------------------------------------------ sections

// The opening paragraph, co-edited like a section under the id "j:_opening".
const OPENING = 'j:_opening';
const partsOf = (j) => (j ? [{ id: OPENING, item_id: '', title: t('jy.opening'), text: j.opening, decisions: [] }, ...j.sections] : []);

function selectSection(id) {
  if (!started) return;
  const j = shown();
  if (!j || !partsOf(j).some((s) => s.id === id)) id = j && j.sections[0] ? j.sections[0].id : (j ? OPENING : '');
  // Only the last version is live; older ones are shown as they were frozen.
  const want = id && j === last() && !sectionOf(j, id).withheld ? id : null;
  const have = editor.sync ? editor.sync.host.itemId : null;
  selected = id;
  if (want !== have) editor.attach(want ? hub.editor(want) : null);
  diffShown = false;
  annexShown = false;
  renderAll();
}

const sectionOf = (j, id) => partsOf(j).find((s) => s.id === id) || {};

function announce(typing = false) {
  const sync = editor.sync;
  if (!selected || !sync || document.activeElement !== ta) return;
  const sel = editor.selection();
  if (!sel) return;
  const s = sync.toServer(sel);
  sender.update({ item_id: selected, anchor: s.anchor, head: s.head, version: s.version, typing });
}
ta.addEventListener('blur', () => sender.leave());

// ------------------------------------------------------------------ steps

async function send(change, what) {
  try {
    await session.send(change);
    toast(t('jy.done', { what }), 'ok');
  } catch (e) {
    toast(errorText(e), 'error', 8000);
  }
}

// 印发: recipients picked from the unit directory and the accounts (recipient-picker.js);
// it opens with the meeting's accounts and the draft's 分送 lines.
let picker = null;
async function openPicker() {
  const box = $('#jy-picker');
  box.hidden = false;
  picker = null;
  const [directory, units] = await Promise.all([loadDirectory(), loadUnits()]);
  if (formStep !== 'JIYAO_ISSUE') return;
  const linked = m().attendees.filter((a) => a.account_id);
  const invited = linked.map((a) => a.account_id);
  // The meeting's people are offered even when the directory could not be read.
  const accounts = directory.concat(linked.filter((a) => !directory.some((d) => d.id === a.account_id))
    .map((a) => ({ id: a.account_id, name: a.name, unit: a.unit || '' })));
  picker = new RecipientPicker(box, {
    units, accounts, picks: initialPicks(invited, last().distribution || [], units, accounts),
    words: (k) => t(`jy.pick.${k}`),
  });
  $('#rp-input').focus();
}

function openForm(step) {
  formStep = step;
  const f = $('#jy-form');
  f.hidden = false;
  $('#jy-form-error').hidden = true;
  const issue = step === 'JIYAO_ISSUE';
  $('#jy-form-label').textContent = t(issue ? 'jy.recipients' : 'jy.correct_reason');
  $('#jy-form-label').htmlFor = issue ? 'rp-input' : 'jy-form-input';
  $('#jy-form-input').placeholder = t('jy.correct_reason_ph');
  $('#jy-form-input').value = '';
  $('#jy-form-input').hidden = issue;
  $('#jy-picker').hidden = !issue;
  $('#jy-form-ok').textContent = t(issue ? 'jy.issue' : 'jy.correct');
  if (issue) openPicker(); else $('#jy-form-input').focus();
}

$('#jy-form-cancel').addEventListener('click', () => { $('#jy-form').hidden = true; $('#jy-form-error').hidden = true; formStep = ''; });
$('#jy-form-ok').addEventListener('click', async () => {
  const a = { step: formStep };
  if (formStep === 'JIYAO_CORRECT') a.reason = $('#jy-form-input').value.trim();
  const what = t(formStep === 'JIYAO_CORRECT' ? 'jy.correct' : 'jy.issue');
  $('#jy-form-error').hidden = true;
  if (formStep === 'JIYAO_ISSUE') {
    if (!picker) return;
    // Units go by id: the server checks each one is there and prints the directory's name.
    Object.assign(a, picker.value(), { distribution: issueDistribution(picker.picks) });
    try {
      await session.send({ jiyao_action: a });
    } catch (e) {
      // A recipient or a 分送 unit the server does not know: said at the picker, the form
      // stays open to choose again; anything else as a toast.
      if (e && (e.field === 'recipients' || e.field === 'distribution')) {
        e.shown = true;  // said here; not again as the client's "not accepted" toast
        $('#jy-form-error').textContent = errorText(e);
        $('#jy-form-error').dataset.field = e.field;
        $('#jy-form-error').hidden = false;
        $('#rp-input').setAttribute('aria-invalid', 'true');
        $('#rp-input').focus();
      } else {
        toast(errorText(e), 'error', 8000);
      }
      return;
    }
    $('#jy-form').hidden = true;
    formStep = '';
    toast(t('jy.done', { what }), 'ok');
    return;
  }
  $('#jy-form').hidden = true;
  formStep = '';
  await send({ jiyao_action: a }, what);
});

function onStep(step, key) {
  if (step === 'JIYAO_ISSUE' || step === 'JIYAO_CORRECT') { openForm(step); return; }
  const a = { step };
  if (step === 'JIYAO_RETURN') {
    if (!pendingComments.length) { toast(t('jy.select_first'), 'error'); return; }
    a.comments = pendingComments;
  }
  send({ jiyao_action: a }, t(key)).then(() => { if (step === 'JIYAO_RETURN') pendingComments = []; renderAll(); });
}

// The chair selects a passage in the (read-only) text and writes a comment on it.
$('#jy-comment-add').addEventListener('click', () => {
  const text = $('#jy-comment-text').value.trim();
  const cps = [...ta.value];
  const start = [...ta.value.slice(0, ta.selectionStart)].length;
  const end = [...ta.value.slice(0, ta.selectionEnd)].length;
  if (end <= start || !text) { toast(t('jy.select_first'), 'error'); return; }
  pendingComments.push({ section_id: selected, quote: cps.slice(start, end).join(''), offset: start, text });
  $('#jy-comment-text').value = '';
  renderAll();
});

// ------------------------------------------------------------------ versions

function fillVersions(select, value) {
  const want = versions().map((j) => String(j.number));
  if ([...select.options].map((o) => o.value).join() !== want.join()) {
    select.replaceChildren(...versions().map((j) => h('option', { value: String(j.number) }, t('jy.version', { n: j.number }))));
  }
  if (value) select.value = String(value);
}
$('#jy-version').addEventListener('change', (ev) => {
  const n = Number(ev.target.value);
  shownVersion = last() && n === last().number ? 0 : n;
  selected = '';
  editor.attach(null);
  selectSection('');
});
$('#jy-compare-go').addEventListener('click', () => {
  const a = versions().find((j) => j.number === Number($('#jy-from').value));
  const b = versions().find((j) => j.number === Number($('#jy-to').value));
  if (!a || !b) return;
  renderDiff($('#jy-diff'), a, b);
  diffShown = true;
  annexShown = false;
  renderAll();
});

// ------------------------------------------------------------------ rendering

function renderSoon() {
  if (renderSoon.queued) return;
  renderSoon.queued = true;
  requestAnimationFrame(() => { renderSoon.queued = false; renderAll(); });
}

// Replaces el's children only when what they show has changed (`key`, with the language):
// the page draws itself again every second and on every caret and 督办 update, and a bar
// rebuilt under the pointer loses a click pressed across the rebuild, and a keyboard user's
// focus with it.
function setChildren(el, key, build) {
  const drawn = `${getLang()}\u0000${key}`;
  if (el.dataset.drawn === drawn) return;
  el.dataset.drawn = drawn;
  el.replaceChildren(...build());
}

function renderAll() {
  if (withdrawn() || !session || !m()) return;
  const meeting = m();
  header.setTitle(`${meeting.info.title || t('meeting.untitled')} · ${t('jy.title')}`);
  const j = shown();
  const r = role();
  const steps = offeredSteps(last(), r, meeting.lifecycle.phase);
  setChildren($('#jy-actions'), JSON.stringify(steps), () => steps.map(({ step, key }) =>
    h('button', { class: `btn btn-sm${step === 'JIYAO_APPROVE' || step === 'JIYAO_CREATE' || step === 'JIYAO_SUBMIT' ? ' btn-primary' : ''}`, type: 'button', dataset: { step }, onclick: () => onStep(step, key) }, t(key))));
  $('#jy-state').textContent = j ? `${t('jy.version', { n: j.number })} · ${t(`jy.state.${j.state}`)}` : '';
  $('#jy-state').hidden = !j;
  $('#jy-version').hidden = versions().length < 2;
  fillVersions($('#jy-version'), j && j.number);
  fillVersions($('#jy-from'));
  fillVersions($('#jy-to'));
  $('#jy-compare-box').hidden = versions().length < 2;
  const meta = [];
  if (j && j.signed_by) meta.push(t('jy.signed', { name: j.signed_by_name || j.signed_by, t: formatDateTime(j.signed_at_ms) }));
  if (j && j.issue_number) meta.push(t('jy.issued', { number: j.issue_number, t: formatDateTime(j.issued_at_ms) }));
  if (j && j.correction_reason) meta.push(t('jy.reason', { reason: j.correction_reason }));
  $('#jy-meta').textContent = meta.join('；');
  const writer = r === 'ROLE_SECRETARY' || r === 'ROLE_CONVENER';
  const live = j && j === last();
  $('#jy-hint').textContent = !j ? t(meeting.lifecycle.phase === 'PHASE_ENDED' ? 'jy.no_draft' : 'jy.not_ended')
    : !live || !editable(j) ? t(j.state === 'JIYAO_SUBMITTED' ? 'jy.in_review' : 'jy.frozen')
      : writer ? '' : t('jy.reader');
  renderSteps($('#jy-steps'), j);
  for (const f of ['pdf', 'docx', 'md', 'txt']) {
    $(`#jy-${f}`).href = `/api/meetings/jiyao?m=${encodeURIComponent(meetingId)}&format=${f}${j ? `&v=${j.number}` : ''}`;
  }
  $('#jy-print').href = `jiyao.html?m=${encodeURIComponent(meetingId)}${j ? `&v=${j.number}` : ''}`;
  const annex = annexOf(j, meeting.decisions, client.serverNow(), getOfficeZone());
  if (!annex.rows.length) annexShown = false;
  const parts = partsOf(j);
  const sectionsKey = JSON.stringify([parts.map((s) => [s.id, s.title, !!s.withheld]), selected, annexShown, annex.rows.length > 0]);
  setChildren($('#jy-sections'), sectionsKey, () => [...parts.map((s, i) => h('li', { class: s.id === selected && !annexShown ? 'selected' : '' },
    h('button', { type: 'button', class: 'jy-section-pick', dataset: { id: s.id }, onclick: () => selectSection(s.id) },
      s.id === OPENING ? s.title : `${i}. ${s.withheld ? t('jy.withheld') : s.title}`))),
  ...(annex.rows.length ? [h('li', { class: annexShown ? 'selected' : '' },
    h('button', { type: 'button', class: 'jy-section-pick', id: 'jy-annex-pick', dataset: { id: 'annex' }, onclick: showAnnex }, t('jy.annex')))] : [])]);
  renderAnnex(annex);
  $('#jy-diff').hidden = !diffShown;
  $('#jy-card').hidden = !j || !selected || diffShown || annexShown;
  $('#jy-empty').hidden = !!j;
  $('#jy-empty').textContent = $('#jy-hint').textContent;
  if (!j || !selected) { $('#jy-record').textContent = ''; return; }
  const sec = sectionOf(j, selected);
  $('#jy-section-title').textContent = sec.withheld ? t('jy.withheld') : sec.title;
  const canType = writer && live && editable(j) && !sec.withheld;
  editor.setLocked(!canType);
  if (!editor.sync) ta.value = sec.text || '';
  renderSyncState($('#jy-sync'), editor.sync, client);
  const others = editor.sync && editor.sync.ready ? board.list(selected).map((p) => ({ ...p, ...(editor.sync.toLocal(p) || {}), placed: !!editor.sync.toLocal(p) })) : [];
  editor.setOthers(others.filter((p) => p.placed));
  renderPresence($('#jy-presence'), others, editor.sync && editor.sync.ready ? editor.sync.text : null);
  // The chair's comments of the last return, and (to the chair) those she is writing now.
  const mine = live && j.state === 'JIYAO_SUBMITTED' ? pendingComments.filter((c) => c.section_id === selected) : [];
  const comments = (j.comments || []).filter((c) => c.section_id === selected).concat(mine.map((c) => ({ ...c, by: '' })));
  $('#jy-marked').hidden = !comments.length;
  // After a resubmission the last return's comments stay for reference, said as such.
  $('#jy-comments-when').textContent = comments.length && j.state !== 'JIYAO_RETURNED' && !mine.length ? t('jy.comments_last') : '';
  markedText($('#jy-marked'), editor.sync && editor.sync.ready ? editor.sync.text : sec.text, comments);
  renderComments($('#jy-comments'), comments, (by) => (by ? nameOf(by) : t('jy.pending_mine')));
  const signer = r === 'ROLE_CHAIR' || r === 'ROLE_CONVENER';
  $('#jy-comment-tool').hidden = !(signer && live && j.state === 'JIYAO_SUBMITTED');
  $('#jy-comment-pending').textContent = pendingComments.length ? t('jy.pending_comments', { n: pendingComments.length }) : '';
  $('#jy-decisions-head').hidden = !(sec.decisions || []).length;
  // The 议定事项 are the 督办 items: each opens its item; while the version is not signed
  // off they show the item as it is now (jiyao-link.js), after that what was signed.
  $('#jy-decisions-live').textContent = (sec.decisions || []).length ? t(followsDecisions(j) ? 'jy.decisions_live' : 'jy.decisions_signed') : '';
  const decisions = sec.decisions || [];
  setChildren($('#jy-decisions'), JSON.stringify([decisions, focusDecision]), () => decisions.map((d) => h('li', { dataset: { decision: d.decision_id }, class: d.decision_id === focusDecision ? 'jy-focus' : '' },
    h('a', { href: `followup.html?m=${encodeURIComponent(meetingId)}&d=${encodeURIComponent(d.decision_id)}`, class: 'jy-decision-link' }, d.text),
    h('span', { class: 'muted' }, ' ', [d.lead_unit && t('jy.d_lead', { unit: d.lead_unit }), (d.co_units || []).length && t('jy.d_co', { units: d.co_units.join('、') }),
      d.deadline && t('jy.d_deadline', { date: d.deadline }), d.supervisor_name && t('jy.d_supervisor', { name: d.supervisor_name })].filter(Boolean).join('；')))));
  const item = meeting.agenda.find((x) => x.id === sec.item_id);
  $('#jy-record').textContent = !sec.item_id ? t('jy.record_none') : item && item.minutes ? item.minutes : t('jy.record_empty');
}

// The follow-up annex as the documents have it; for a signed-off version with the 办理情况
// column, which follows the 督办 items live (jiyao-annex.js).
function showAnnex() {
  annexShown = true;
  diffShown = false;
  renderAll();
}

function renderAnnex(annex) {
  $('#jy-annex-box').hidden = !annexShown || diffShown;
  if (!annexShown) return;
  $('#jy-annex-asof').textContent = annex.asOf ? `督办情况截至${annex.asOf}` : '';
  $('#jy-annex-asof').hidden = !annex.asOf;
  $('#jy-annex-hint').textContent = t(annex.asOf ? 'jy.annex_live' : 'jy.annex_draft');
  const table = $('#jy-annex-table');
  setChildren(table.tHead, JSON.stringify(annex.head), () => [h('tr', {}, annex.head.map((c) => h('th', { scope: 'col' }, c)))]);
  setChildren(table.tBodies[0], JSON.stringify(annex.rows), () => annex.rows.map((r) => h('tr', { dataset: { decision: r.decision_id } }, r.cells.map((c, i) =>
    h('td', { class: i === 6 ? 'jy-annex-status' : '' }, i === 1 ? h('a', { href: `followup.html?m=${encodeURIComponent(meetingId)}&d=${encodeURIComponent(r.decision_id)}` }, c) : c)))));
}

// ------------------------------------------------------------------ wiring

// The section asked for in the address: ?s=j:… , or the one holding the decision ?d=….
function startSection() {
  const q = new URLSearchParams(location.search);
  const j = last();
  const holder = focusDecision && j ? j.sections.find((s) => (s.decisions || []).some((d) => d.decision_id === focusDecision)) : null;
  return holder ? holder.id : q.get('s') || '';
}

// The PDF is fetched first: a server without LibreOffice says so in words, not a broken file.
$('#jy-pdf').addEventListener('click', (ev) => {
  ev.preventDefault();
  downloadChecked(ev.currentTarget.href, $('#jy-download-error'), 'jiyao.pdf');
});

function onSession(s, detail) {
  if (withdrawn()) return;
  if (s.status === 'not_found' || s.status === 'failed') {
    $('#loading').hidden = true;
    $('#not-found').hidden = false;
    $('#main').hidden = true;
    return;
  }
  if (!s.meeting) return;
  $('#loading').hidden = true;
  $('#main').hidden = false;
  if (detail && detail.type === 'joined') sender.refresh();
  // A new version (create, correct) or none selected yet: open its first section.
  if (started && last() && (!selected || !partsOf(shown()).some((x) => x.id === selected))) selectSection('');
  renderSoon();
}

applyI18n(document.body);
onLangChange(() => { if (session && session.meeting) renderAll(); });

if (!meetingId) {
  $('#loading').hidden = true;
  $('#not-found').hidden = false;
} else {
  session.on(onSession);
  board.on(renderSoon);
  hub.on(renderSoon);
  client.onState(renderSoon);
  client.start()
    .then(() => hub.start())
    .then(() => { started = true; if (last()) selectSection(startSection()); renderAll(); })
    .catch((e) => console.error('jiyao: start failed', e));
  setInterval(renderSoon, 1000);
}
