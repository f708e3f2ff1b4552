// The leader page's seating section: every chart of the meeting, read-only, drawn as the
// secretary sees it, live. One quiet button switches the view for all charts.

import { h, setChildren, t, getLang } from '../ui.js';
import { chartData, drawing, rulesLine } from './seating-model.js';
import { chartSvg } from './seating-svg.js';

const KEY_VIEW = 'huiwu.leader.seating.view';
let view = (() => { try { return localStorage.getItem(KEY_VIEW) || 'other'; } catch { return 'other'; } })();
let lastSig = '';
let lastMeeting = null;

function section(main) {
  let s = document.getElementById('ld-seating');
  if (!s) {
    s = h('section', { class: 'ld-card ld-seating', id: 'ld-seating', 'aria-labelledby': 'ld-seat-head' },
      h('div', { class: 'ld-card-head' },
        h('h2', { id: 'ld-seat-head' }, t('seat.leader_title')),
        h('button', { class: 'btn btn-sm btn-quiet', type: 'button', id: 'ld-seat-flip', onclick: flip }, t('seat.leader_flip'))),
      h('div', { class: 'ld-seat-charts', id: 'ld-seat-charts' }));
    main.append(s);
  }
  return s;
}

function flip() {
  view = view === 'seat' ? 'other' : 'seat';
  try { localStorage.setItem(KEY_VIEW, view); } catch { /* private mode */ }
  lastSig = '';
  if (lastMeeting) renderLeaderSeating(lastMeeting);
}

// 会谈 is seen from the host side by default; the rest as the audience (a photo) sees them.
const viewOf = (c) => (chartData(c).kind === 'talks' ? (view === 'other' ? 'seat' : 'other') : view);

/** Draws the meeting's charts into the leader page (#main); hidden when there are none. */
export function renderLeaderSeating(meeting, main = document.getElementById('main')) {
  lastMeeting = meeting;
  const charts = meeting.charts || [];
  const s = section(main);
  s.hidden = !charts.length;
  const sig = JSON.stringify([view, getLang(), charts.map((c) => [c.id, c.name, c.computed_at_version]),
    meeting.attendees.map((a) => [a.id, a.name, a.title])]);
  if (sig === lastSig) return;
  lastSig = sig;
  s.querySelector('#ld-seat-head').textContent = t('seat.leader_title');
  s.querySelector('#ld-seat-flip').textContent = t('seat.leader_flip');
  setChildren(s.querySelector('#ld-seat-charts'), charts.map((c) => h('figure', { class: 'ld-seat-chart', dataset: { chart: c.id } },
    h('figcaption', {}, h('strong', {}, c.name), h('span', { class: 'ld-hint' }, rulesLine(c))),
    chartSvg(drawing(meeting, c, viewOf(c)), { showRank: false, hidePins: true }))));
}
