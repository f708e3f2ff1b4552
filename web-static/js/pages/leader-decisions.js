// The leader page's 本次会议决定事项: the decisions taken at this meeting, with who leads,
// by when and where they stand, live from the meeting's events; each opens its follow-up.
import '../pages/decision-form.js'; // keeps session.meeting.decisions current (registerChange)
import { addStrings } from '../i18n.js';
import { h, $, setChildren, t, getLang } from '../ui.js';

const STATES = ['opened', 'assigned', 'accepted', 'in_progress', 'completion_reported', 'closed', 'cancelled'];
addStrings({
  zh: {
    'ld.decisions': '本次会议决定事项',
    'ld.decisions_none': '本次会议尚无决定事项',
    'ld.decision_lead': '{unit} · {name}',
    'ld.decision_due': '办结时限 {date}',
    'ld.dstate.opened': '立项', 'ld.dstate.assigned': '已交办', 'ld.dstate.accepted': '已签收',
    'ld.dstate.in_progress': '办理中', 'ld.dstate.completion_reported': '已报办结',
    'ld.dstate.closed': '已销号', 'ld.dstate.cancelled': '已撤销',
  },
  en: {
    'ld.decisions': 'Decisions of this meeting',
    'ld.decisions_none': 'No decisions recorded at this meeting yet',
    'ld.decision_lead': '{unit} · {name}',
    'ld.decision_due': 'Due {date}',
    'ld.dstate.opened': 'Recorded', 'ld.dstate.assigned': 'Assigned', 'ld.dstate.accepted': 'Accepted',
    'ld.dstate.in_progress': 'In progress', 'ld.dstate.completion_reported': 'Reported done',
    'ld.dstate.closed': 'Closed', 'ld.dstate.cancelled': 'Cancelled',
  },
});

let sig = '';
/** Renders the card from meeting.decisions; rebuilt only when a decision changed. */
export function renderLeaderDecisions(meeting) {
  const card = $('#ld-decisions');
  if (!card) return;
  const list = meeting.decisions || [];
  const next = JSON.stringify([getLang(), list.map((d) => [d.id, d.state, d.text, d.lead_unit, d.lead_name, d.deadline])]);
  if (next === sig) return;
  sig = next;
  setChildren(card,
    h('div', { class: 'ld-card-head' }, h('h2', { id: 'ld-decisions-head' }, t('ld.decisions')), h('span', { class: 'ld-hint num' }, list.length ? String(list.length) : '')),
    list.length
      ? h('ul', { class: 'ld-decisions', id: 'ld-decision-list' }, list.map((d) => h('li', { dataset: { id: d.id, state: d.state } },
        h('a', { href: `followup.html?m=${encodeURIComponent(meeting.id)}&d=${encodeURIComponent(d.id)}` }, d.text),
        h('div', { class: 'ld-item-meta' },
          h('span', { class: `chip ld-dstate ld-dstate-${d.state}` }, STATES.includes(d.state) ? t(`ld.dstate.${d.state}`) : d.state),
          h('span', {}, t('ld.decision_lead', { unit: d.lead_unit, name: d.lead_name || d.lead_account })),
          d.deadline ? h('span', { class: 'num' }, t('ld.decision_due', { date: d.deadline })) : null))))
      : h('p', { class: 'empty', id: 'ld-decisions-empty' }, t('ld.decisions_none')));
}
