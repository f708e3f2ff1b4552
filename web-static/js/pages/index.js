// Meeting list: the meetings this account is invited to and cleared for (the server
// lists nothing else), each with its level and the account's role in it, and the create
// form (the creator becomes the meeting's convener).

import {
  h, $, setChildren, createClient, mountHeader, mountBanner, toast, errorText, formatDateTime, whenNode,
  fromLocalInput, MEETING_VIEWS, t, applyI18n, onLangChange,
} from '../ui.js';
import { canEdit, normalizeRole } from '../access.js';
import { mountFeedButton } from './calendar-links.js';
import { levelChip, fillLevelSelect, accountOf, fetchMe } from '../access-ui.js';
import { phaseBadge } from './lifecycle-ui.js';
import { checkForm, reportError } from '../field-errors.js';
import { num } from '../meeting-state.js';
import { mountInbox } from './index-inbox.js';

const client = createClient('list');
const header = mountHeader($('#topbar'), { active: 'list', client });
mountBanner($('#banner'), client);
header.setTitle('');

let meetings = [];
let loaded = false;

function render() {
  const box = $('#meetings');
  if (!loaded) { setChildren(box, h('div', { class: 'empty' }, t('list.loading'))); return; }
  if (!meetings.length) { setChildren(box, h('div', { class: 'empty' }, t('list.empty'))); return; }
  const sorted = [...meetings].sort((a, b) => (b.info.starts_at_ms || b.created_at_ms) - (a.info.starts_at_ms || a.created_at_ms));
  setChildren(box, ...sorted.map((m) => {
    const when = m.info.starts_at_ms ? whenNode(m.info.starts_at_ms) : t('list.no_time');
    // The phase (a summary written before phases has none: 筹备), and when it started.
    const phase = m.phase || 'PHASE_DRAFTING';
    const started = num(m.started_at_ms);
    const role = normalizeRole(m.my_role);
    // Secretaries start at the secretary page; everyone else at the leader's view.
    const home = canEdit(role) ? 'secretary' : 'leader';
    const homeHref = `${home}.html?m=${encodeURIComponent(m.id)}`;
    return h('article', { class: 'meeting-row' + (m.archived ? ' archived' : ''), dataset: { id: m.id, role } },
      h('h3', {}, phaseBadge(phase), ' ', levelChip(m.info.level), ' ', h('a', { href: homeHref }, m.info.title || t('meeting.untitled')),
        m.archived ? [' ', h('span', { class: 'chip' }, t('list.archived'))] : null),
      h('div', { class: 'meeting-meta' },
        h('span', { class: `chip chip-role role-${role.slice(5).toLowerCase()}`, dataset: { myRole: role } }, t('myrole.' + role)),
        h('span', { class: 'num' }, when),
        started && phase !== 'PHASE_DRAFTING' ? h('span', { class: 'num muted' }, t('phase.started_at', { t: formatDateTime(started) })) : null,
        m.info.place ? h('span', {}, m.info.place) : null,
        m.info.convener ? h('span', {}, t('list.convener', { name: m.info.convener })) : null),
      h('div', { class: 'meeting-links' }, MEETING_VIEWS.map((v) =>
        h('a', { class: 'btn btn-sm' + (v.key === home ? ' btn-primary' : ''), href: `${v.href}?m=${encodeURIComponent(m.id)}` }, t(v.label)))));
  }));
}

async function refresh() {
  try {
    meetings = await client.listMeetings($('#show-archived').checked);
    loaded = true;
    render();
  } catch (e) {
    toast(errorText(e), 'error');
  }
}

$('#create-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const info = {
    title: f.title.value.trim(),
    starts_at_ms: fromLocalInput(f.starts_at.value),
    ends_at_ms: fromLocalInput(f.ends_at.value),
    place: f.place.value.trim(),
    convener: f.convener.value.trim(),
    description: '',
    level: f.level.value,
  };
  // The server's cheap rules, at the field, before anything is sent.
  if (!checkForm(f, [
    { field: 'info.title', required: true, max: 200 },
    { field: 'info.starts_at_ms' },  // a typed date that is not a day is said at the field
    { field: 'info.ends_at_ms', after: f.starts_at },
  ])) return;
  const btn = $('#create-submit');
  btn.disabled = true;
  try {
    const { meeting } = await client.createMeeting(info);
    location.href = `secretary.html?m=${encodeURIComponent(meeting.id)}`;
  } catch (e) {
    reportError(f, e);
    btn.disabled = false;
  }
});

$('#show-archived').addEventListener('change', refresh);
$('#refresh').addEventListener('click', refresh);
mountFeedButton($('#list-head').parentElement);
// Levels offered: up to the account's clearance (nobody may set more).
const fillLevels = () => fillLevelSelect($('#c-level'), accountOf(client));
fillLevels();
fetchMe().then(fillLevels);
applyI18n(document.body);
const inbox = mountInbox();
onLangChange(() => { fillLevels(); render(); inbox.render(); });
// Reload the list whenever the connection comes (back) up.
let wasConnected = false;
client.onState(() => {
  const c = client.linkUp;
  if (c && !wasConnected) { refresh(); fillLevels(); }
  wasConnected = c;
});
render();
client.start();
$('#c-title').focus();
