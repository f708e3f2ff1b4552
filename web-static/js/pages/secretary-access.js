// Secretary page: shows or hides its fixed controls for the account's role in the
// meeting (the rows and the attendance build theirs per role themselves). Hiding is
// comfort; the server refuses what a role may not do whatever the page shows.
//
//   edit (convener, secretary): everything
//   run  (+ chair): current item, next, timer; the agenda's status
//   others (participant, observer): read; a participant checks themselves in

import { $, t } from '../ui.js';
import { addStrings } from '../i18n.js';

addStrings({
  zh: { 'sec.next_is': '下一项：{title}', 'sec.role_note_run': '你在本会议中的角色是“{role}”：可以切换当前议程、控制计时、修改议程状态和签到，其余内容只读。' },
  en: { 'sec.next_is': 'Next: {title}', 'sec.role_note_run': 'Your role in this meeting is “{role}”: you run the agenda (current item, timer, status) and check people in; the rest is read-only.' },
});

// Controls only an editor uses: hidden for everyone else.
const EDIT_ONLY = ['#add-item-form', '#add-att-form', '#btn-archive', '#info-save'];
// Controls of running the meeting: hidden for those who only read.
const RUN_ONLY = ['#current .current-actions', '#mark-done-label', '#shortcuts'];

/** p: {role, edit, run}. Runs after every render (cheap: a few attributes). */
export function applyRole(p) {
  document.body.dataset.role = p.role;
  for (const sel of EDIT_ONLY) { const el = $(sel); if (el) el.hidden = !p.edit; }
  for (const sel of RUN_ONLY) { const el = $(sel); if (el) el.hidden = !p.run; }
  // The meeting's information stays readable, but only an editor may change it. Marked
  // so that applyArchived (which disables everything when archived) does not enable it.
  for (const el of $('#info-form').querySelectorAll('input, select, textarea')) {
    if (!p.edit) { el.disabled = true; el.dataset.roleOff = '1'; }
    else if (el.dataset.roleOff) { delete el.dataset.roleOff; if (!document.body.classList.contains('is-archived')) el.disabled = false; }
  }
  const note = $('#role-note');
  if (note) {
    note.hidden = p.edit;
    if (!p.edit) note.textContent = t(p.run ? 'sec.role_note_run' : 'access.read_only', { role: t('myrole.' + p.role) });
  }
}
