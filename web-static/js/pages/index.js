// Meeting list: every meeting with links to its views, and the create form.

import {
  h, $, setChildren, createClient, mountHeader, mountBanner, toast, errorText, formatDateTime,
  fromLocalInput, fillSelect, LEVELS, MEETING_VIEWS, t, applyI18n, onLangChange,
} from '../ui.js';

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
    const when = m.info.starts_at_ms ? formatDateTime(m.info.starts_at_ms) : t('list.no_time');
    return h('article', { class: 'meeting-row' + (m.archived ? ' archived' : ''), dataset: { id: m.id } },
      h('h3', {}, h('a', { href: `secretary.html?m=${encodeURIComponent(m.id)}` }, m.info.title || t('meeting.untitled')),
        m.archived ? [' ', h('span', { class: 'chip' }, t('list.archived'))] : null,
        m.info.level && m.info.level !== 'LEVEL_PUBLIC' ? [' ', h('span', { class: 'chip chip-level' }, t('enum.' + m.info.level))] : null),
      h('div', { class: 'meeting-meta' },
        h('span', { class: 'num' }, when),
        m.info.place ? h('span', {}, m.info.place) : null,
        m.info.convener ? h('span', {}, t('list.convener', { name: m.info.convener })) : null),
      h('div', { class: 'meeting-links' }, MEETING_VIEWS.map((v) =>
        h('a', { class: 'btn btn-sm' + (v.key === 'secretary' ? ' btn-primary' : ''), href: `${v.href}?m=${encodeURIComponent(m.id)}` }, t(v.label)))));
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
  if (!info.title) { f.title.focus(); return; }
  const btn = $('#create-submit');
  btn.disabled = true;
  try {
    const { meeting } = await client.createMeeting(info);
    location.href = `secretary.html?m=${encodeURIComponent(meeting.id)}`;
  } catch (e) {
    toast(t('create.failed', { reason: errorText(e) }), 'error', 7000);
    btn.disabled = false;
  }
});

$('#show-archived').addEventListener('change', refresh);
$('#refresh').addEventListener('click', refresh);
fillSelect($('#c-level'), LEVELS, 'LEVEL_PUBLIC');
applyI18n(document.body);
onLangChange(() => { fillSelect($('#c-level'), LEVELS); render(); });
// Reload the list whenever the connection comes (back) up.
let wasConnected = false;
client.onState(() => {
  const c = client.state === 'connected';
  if (c && !wasConnected) refresh();
  wasConnected = c;
});
render();
client.start();
$('#c-title').focus();
