// The leader's digest (领导摘要): one calm screen with only what a leader must know today:
// what is overdue, what falls due this week, and what was reported done and awaits
// verification. Live, like the board.
import { h, $, setChildren, mountHeader, t, applyI18n, onLangChange } from '../ui.js';
import { FollowupFeed, api } from '../followup-live.js';
import { decisionLine } from './followup-view.js';

const feed = new FollowupFeed();
const header = mountHeader($('#topbar'), { active: 'followup', client: feed });
header.setTitle(t('fu.digest'));
const open = (d) => { location.href = `followup.html?m=${encodeURIComponent(d.meeting_id)}&d=${encodeURIComponent(d.id)}`; };

function section(cls, key, list) {
  return h('section', { class: `card ${cls}`, id: cls },
    h('h2', {}, h('span', { class: 'count num' }, list.length), t(key)),
    list.length ? list.map((d) => decisionLine(d, open)) : h('p', { class: 'muted' }, t('fu.digest.none')));
}

let last = null;
function render() {
  if (!last) return;
  const { overdue, due_this_week: week, awaiting_verification: awaiting } = last;
  if (!overdue.length && !week.length && !awaiting.length) {
    setChildren($('#fu-digest'), h('p', { class: 'fu-clear', id: 'fu-all-clear' }, t('fu.digest.all_clear')));
    return;
  }
  setChildren($('#fu-digest'), section('sec-overdue', 'fu.digest.overdue', overdue),
    section('sec-week', 'fu.digest.week', week), section('sec-awaiting', 'fu.digest.awaiting', awaiting));
}

async function reload() {
  try { last = await api('/api/followup/digest'); render(); } catch { /* shown in the header */ }
}
feed.onChange(reload);
onLangChange(render);
applyI18n(document.body);
feed.start();
