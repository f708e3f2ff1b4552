// Start page: my inbox (我的通知) — the notices issued to me, their updates and reminders to
// reply, with the unread count, live: a long poll on /api/inbox/changes wakes the list when
// anything is delivered (docs/protocol.md §6.5). Opening an entry marks it read and shows the
// notice as composed, my reply, and the reply form (参加 / 代参 with name and title / 请假
// with a reason), sent to /api/notice/reply. Entries of kinds this page does not know are
// listed by title and open the meeting.
import { h, $, setChildren, t, toast, formatDateTime } from '../ui.js';
import { noticeDocument, replyText } from './notice-view.js';
import './notice-strings.js';

const KNOWN = new Set(['notice', 'notice_update', 'reminder']);

async function getJson(url, init) {
  const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store', ...init });
  let body = {};
  try { body = await res.json(); } catch { /* an empty or non-JSON answer */ }
  if (!res.ok) {
    const err = new Error('http ' + res.status);
    err.status = res.status;
    err.error = body.error || {};
    throw err;
  }
  return body;
}

const post = (url, body) => getJson(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export function mountInbox() {
  let entries = [];
  let generation = 0;
  let openId = '';
  let opened = null; // {meeting, attendee_id, to_confirm} of the open entry
  let stopped = false;

  function kindLabel(kind) { return t(KNOWN.has(kind) || kind === 'jiyao' ? 'inbox.kind.' + kind : 'inbox.kind.other'); }

  function replyForm() {
    const { meeting, attendee_id: mine } = opened;
    const phase = meeting.lifecycle?.phase || 'PHASE_DRAFTING';
    if (!mine) return h('p', { class: 'muted' }, t('inbox.not_invitee'));
    if (phase === 'PHASE_DRAFTING') return h('p', { class: 'muted' }, t('inbox.closed_before'));
    if (phase !== 'PHASE_NOTIFIED') return h('p', { class: 'muted', id: 'inbox-closed' }, t('inbox.closed_after'));
    const me = meeting.attendees.find((a) => a.id === mine) || {};
    const cur = me.reply?.kind || 'REPLY_NONE';
    const radio = (value, label) => h('label', { class: 'check' },
      h('input', { type: 'radio', name: 'kind', value, checked: cur === 'REPLY_' + value.toUpperCase() || (cur === 'REPLY_NONE' && value === 'attend') }), ' ', label);
    const deputy = h('div', { class: 'inbox-deputy' },
      h('div', { class: 'field' }, h('label', { for: 'inbox-deputy-name' }, t('inbox.deputy_name')),
        h('input', { type: 'text', id: 'inbox-deputy-name', name: 'deputy_name', maxlength: 50, value: me.reply?.deputy_name || '' })),
      h('div', { class: 'field' }, h('label', { for: 'inbox-deputy-title' }, t('inbox.deputy_title')),
        h('input', { type: 'text', id: 'inbox-deputy-title', name: 'deputy_title', maxlength: 50, value: me.reply?.deputy_title || '' })));
    const leave = h('div', { class: 'field inbox-leave' }, h('label', { for: 'inbox-reason' }, t('inbox.reason')),
      h('input', { type: 'text', id: 'inbox-reason', name: 'reason', maxlength: 200, value: me.reply?.reason || '' }));
    const error = h('p', { class: 'lc-error', role: 'alert', id: 'inbox-error' });
    const form = h('form', { class: 'inbox-reply', id: 'inbox-reply', autocomplete: 'off' },
      h('div', { class: 'kinds', role: 'radiogroup', 'aria-label': t('inbox.reply') },
        radio('attend', t('inbox.attend')), radio('deputy', t('inbox.deputy')), radio('leave', t('inbox.leave'))),
      deputy, leave, error,
      h('div', { class: 'form-actions' }, h('button', { class: 'btn btn-primary', type: 'submit', id: 'inbox-send' }, t('inbox.send'))));
    const sync = () => {
      const k = form.kind.value;
      deputy.hidden = k !== 'deputy';
      leave.hidden = k !== 'leave';
    };
    form.addEventListener('change', sync);
    sync();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const kind = form.kind.value;
      const body = { meeting_id: meeting.id, attendee_id: mine, kind };
      if (kind === 'deputy') {
        body.deputy_name = form.deputy_name.value.trim();
        body.deputy_title = form.deputy_title.value.trim();
        if (!body.deputy_name || !body.deputy_title) { error.textContent = t('inbox.need_deputy'); return; }
      }
      if (kind === 'leave') {
        body.reason = form.reason.value.trim();
        if (!body.reason) { error.textContent = t('inbox.need_reason'); return; }
      }
      error.textContent = '';
      try {
        await post('/api/notice/reply', body);
        toast(t('inbox.sent'), 'ok');
        await openEntry(openId, true);
      } catch (e) {
        error.textContent = e.error?.field === 'phase' ? t('inbox.closed_after') : (e.error?.message ? t('error.ERROR_UNSPECIFIED') : t('error.connection'));
      }
    });
    return form;
  }

  function body() {
    if (!opened) return null;
    const { meeting, attendee_id: mine, to_confirm: confirm } = opened;
    const me = meeting.attendees.find((a) => a.id === mine);
    return h('div', { class: 'inbox-body', id: 'inbox-body' },
      h('div', { class: 'nt-preview' }, noticeDocument(meeting, meeting.notice || {})),
      h('p', {}, h('a', { class: 'btn btn-sm', id: 'inbox-docx', href: `/api/meetings/notice.docx?m=${encodeURIComponent(meeting.id)}` }, t('nt.docx'))),
      confirm ? h('p', { class: 'chip chip-late', id: 'inbox-confirm' }, t('inbox.confirm_again')) : null,
      me ? h('p', { id: 'inbox-my-reply' }, t('inbox.my_reply', { reply: replyText(me.reply) })) : null,
      replyForm());
  }

  function render() {
    const unread = entries.filter((e) => !e.read).length;
    const count = $('#inbox-count');
    count.hidden = unread === 0;
    count.textContent = t('inbox.unread', { n: unread });
    if (!entries.length) { setChildren($('#inbox-list'), h('li', { class: 'empty' }, t('inbox.empty'))); return; }
    setChildren($('#inbox-list'), entries.map((e) => h('li', { class: 'inbox-entry' + (e.read ? '' : ' unread'), dataset: { id: e.id, kind: e.kind, meeting: e.meeting_id } },
      h('div', { class: 'inbox-head' },
        h('span', { class: 'chip' }, kindLabel(e.kind)),
        h('span', { class: 'inbox-title' }, e.title),
        h('span', { class: 'num muted' }, formatDateTime(Number(e.at_ms))),
        h('button', { class: 'btn btn-sm', type: 'button', dataset: { action: 'open' }, onclick: () => (openId === e.id ? close() : openEntry(e.id)) },
          t(openId === e.id ? 'inbox.close' : 'inbox.open'))),
      openId === e.id ? body() : null)));
  }

  function close() { openId = ''; opened = null; render(); }

  async function openEntry(id, keepRead) {
    const e = entries.find((x) => x.id === id);
    if (!e) return;
    if (e.kind === 'jiyao') {
      // An issued 纪要: marked read, then opened on its print page (cut to the reader there).
      if (!e.read) await post('/api/inbox/read', { id }).catch(() => {});
      location.href = `jiyao.html?m=${encodeURIComponent(e.meeting_id)}`;
      return;
    }
    if (!KNOWN.has(e.kind)) { location.href = `leader.html?m=${encodeURIComponent(e.meeting_id)}`; return; }
    try {
      if (!e.read && !keepRead) { await post('/api/inbox/read', { id }); e.read = true; }
      opened = await getJson(`/api/notice?m=${encodeURIComponent(e.meeting_id)}`);
      openId = id;
      render();
    } catch {
      toast(t('error.connection'), 'error');
    }
  }

  async function refresh() {
    const r = await getJson('/api/inbox');
    entries = r.entries || [];
    generation = Math.max(generation, Number(r.generation) || 0);
    render();
  }

  // The live part: wait for the next change, re-read, again. A failure waits a little.
  async function poll() {
    while (!stopped) {
      try {
        const r = await getJson(`/api/inbox/changes?after=${generation}`);
        const g = Number(r.generation) || 0;
        if (g > generation) {
          generation = g;
          await refresh();
          if (openId && opened) {
            // Keep the open notice current (a re-issue, a reply from elsewhere).
            const fresh = await getJson(`/api/notice?m=${encodeURIComponent(opened.meeting.id)}`);
            if (!$('#inbox-reply')?.contains(document.activeElement)) { opened = fresh; render(); }
          }
        }
      } catch {
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
  }

  refresh().catch(() => setChildren($('#inbox-list'), h('li', { class: 'empty' }, t('error.connection')))).then(poll);
  return { render, stop: () => { stopped = true; } };
}
