// Calendar downloads: a meeting's invitation (GET /api/meetings/invite.ics) on the
// secretary page, and "my calendar" (GET /api/calendar/feed.ics, every meeting the account
// is invited to) on the start page. Both are iCalendar files any calendar opens; the
// server writes the hours in the office's time zone and records each download.

import { h, t, toast, applyI18n } from '../ui.js';
import { addStrings } from '../i18n.js';
import { errorMessage } from '../field-errors.js';
import { fileNameOf } from './minutes-export.js';

addStrings({
  zh: {
    'cal.invite': '加入日历',
    'cal.invite_title': '下载本会议的日历邀请（.ics），可导入 Outlook、手机日历等',
    'cal.feed': '我的会议日历',
    'cal.feed_title': '下载我受邀参加的全部会议（.ics）',
    'cal.done': '已下载：{name}',
    'cal.no_time': '会议尚未设定开始时间，无法加入日历',
    'cal.failed': '下载失败：{why}',
  },
  en: {
    'cal.invite': 'Add to calendar',
    'cal.invite_title': 'Download this meeting as a calendar invitation (.ics) for Outlook or a phone',
    'cal.feed': 'My meeting calendar',
    'cal.feed_title': 'Download every meeting I am invited to (.ics)',
    'cal.done': 'Downloaded: {name}',
    'cal.no_time': 'The meeting has no start time yet, so it cannot go into a calendar',
    'cal.failed': 'Download failed: {why}',
  },
});

/** What to tell the person when the server refused: by code and field, in their language. */
export function refusalText(status, error) {
  if (status === 409 && error && error.field === 'info.starts_at_ms') return t('cal.no_time');
  return t('cal.failed', { why: error ? errorMessage(error) : t('err.code.unspecified') });
}

async function download(url, fallback, button) {
  button.disabled = true;
  try {
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) {
      let error = null;
      try { error = (await res.json()).error; } catch { /* not JSON */ }
      toast(refusalText(res.status, error), 'error', 7000);
      return;
    }
    const name = fileNameOf(res.headers.get('Content-Disposition'), fallback);
    const href = URL.createObjectURL(await res.blob());
    const a = h('a', { href, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
    toast(t('cal.done', { name }), 'ok');
  } catch (err) {
    toast(t('cal.failed', { why: t('error.connection') }), 'error', 7000);
  } finally {
    button.disabled = false;
  }
}

function mountButton(container, key, titleKey, id, url, fallback, before = null) {
  const button = h('button', {
    class: 'btn btn-sm', type: 'button', id, 'data-i18n': key, 'data-i18n-title': titleKey,
  });
  button.addEventListener('click', () => download(url, fallback, button));
  container.insertBefore(button, before);
  applyI18n(container);
  return button;
}

/** "加入日历" for one meeting, before `before` (or at the end of `container`). */
export function mountInviteButton(container, meetingId, before = null) {
  return mountButton(container, 'cal.invite', 'cal.invite_title', 'cal-invite',
    `/api/meetings/invite.ics?${new URLSearchParams({ m: meetingId })}`, `meeting-${meetingId}.ics`, before);
}

/** "我的会议日历": every meeting the account is invited to. */
export function mountFeedButton(container) {
  return mountButton(container, 'cal.feed', 'cal.feed_title', 'cal-feed', '/api/calendar/feed.ics', 'huiwu.ics');
}
