// Seating in the browser modules, in Node: the chart events applied to a meeting
// (meeting-state.js), the drawing model of both views (which seat is where, which way it
// is drawn), and the "out of date" check (js/pages/seating-model.js).
//
//   node --test unit/

import test from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, normalizeMeeting } from '../../../web-static/js/meeting-state.js';
import { drawing, staleness, changeList, seatText } from '../../../web-static/js/pages/seating-model.js';

const ev = (version, change) => ({ meeting_id: 'm1', version: String(version), change });

// DOMAIN.md's worked example: five people on a podium of five seats, 以左为上.
const PODIUM_RESULT = {
  seats: [
    { id: 'p1', name: '王伟', row: 1, seat_from_seat: 3, seat_from_audience: 3, position: 1 },
    { id: 'p2', name: '李娜', row: 1, seat_from_seat: 2, seat_from_audience: 4, position: 2, pinned: true },
    { id: 'p3', name: '张敏', row: 1, seat_from_seat: 4, seat_from_audience: 2, position: 3 },
    { id: 'p4', name: '刘洋', row: 1, seat_from_seat: 1, seat_from_audience: 5, position: 4 },
    { id: 'p5', name: '陈静', row: 1, seat_from_seat: 5, seat_from_audience: 1, position: 5 },
  ],
  rows: [
    { row: 1, seats: 5, from_seat: ['p4', 'p2', 'p1', 'p3', 'p5'], from_audience: ['p5', 'p3', 'p1', 'p2', 'p4'], blocked: [] },
    { row: 2, seats: 3, from_seat: [null, null, null], from_audience: [null, null, null], blocked: [1] },
  ],
  order: { rule: 'rank', label: '按排序（职务）为序', people: [] },
  notes: [], warnings: [],
  changes: { moved: [{ id: 'p2', from: { id: 'p2', row: 1, seat_from_seat: 4 }, to: { id: 'p2', row: 1, seat_from_seat: 2 } }], added: [], removed: [], unchanged: 4 },
};
const attendees = [['p1', '王伟', 1], ['p2', '李娜', 2], ['p3', '张敏', 3], ['p4', '刘洋', 4], ['p5', '陈静', 5]]
  .map(([id, name, rank]) => ({ id, name, rank, unit: '局领导', title: '' }));

function podiumChart(extra = {}) {
  return {
    id: 's6', name: '主席台', computed_at_version: '6',
    config_json: JSON.stringify({ layout: { kind: 'podium', rows: [5, 3], empty: [{ row: 2, seat_from_seat: 1 }] }, convention: 'left', even_rule: 'A', order: 'rank' }),
    members: attendees.map((a) => ({ id: a.id, attendee_id: a.id, label: '', side: '', role: '', pin_row: a.id === 'p2' ? 1 : 0, pin_seat: a.id === 'p2' ? 2 : 0 })),
    result_json: JSON.stringify(PODIUM_RESULT),
    ...extra,
  };
}

test('chart events: set_chart appends then replaces, overrides replace by id, remove_chart removes', () => {
  const m = normalizeMeeting({ id: 'm1', version: '0', attendees, charts: [] });
  applyEvent(m, ev(1, { set_chart: { chart: podiumChart() } }));
  assert.equal(m.charts.length, 1);
  assert.equal(m.charts[0].computed_at_version, 6); // int64 strings become numbers
  applyEvent(m, ev(2, { set_chart: { chart: { ...podiumChart(), id: 's7', name: '会谈' } } }));
  applyEvent(m, ev(3, { set_chart: { chart: podiumChart({ name: '主席台（改）' }) } }));
  assert.deepEqual(m.charts.map((c) => c.name), ['主席台（改）', '会谈']);
  applyEvent(m, ev(4, { pin_seat: { chart_id: 's6', member_id: 'p1', row: 1, seat: 3, chart: podiumChart({ computed_at_version: '4' }) } }));
  applyEvent(m, ev(5, { swap_seats: { chart_id: 's6', member_a: 'p1', member_b: 'p2', chart: podiumChart({ computed_at_version: '5' }) } }));
  applyEvent(m, ev(6, { recompute_chart: { chart_id: 's6', chart: podiumChart({ computed_at_version: '6', name: 'R' }) } }));
  assert.equal(m.charts[0].name, 'R');
  assert.equal(m.charts.length, 2);
  applyEvent(m, ev(7, { remove_chart: { chart_id: 's7' } }));
  assert.deepEqual(m.charts.map((c) => c.id), ['s6']);
  assert.equal(m.version, 7);
  // A snapshot without charts (an older server) still has a list.
  assert.deepEqual(normalizeMeeting({ id: 'x' }).charts, []);
});

test('drawing: the podium from the seat reads 4 2 1 3 5, from the audience 5 3 1 2 4, with the right seats', () => {
  const m = normalizeMeeting({ id: 'm1', attendees, charts: [podiumChart()] });
  const c = m.charts[0];
  const rank = (id) => attendees.find((a) => a.id === id)?.rank ?? '_';
  const seat = drawing(m, c, 'seat');
  assert.equal(seat.bands[0].type, 'marker'); // seen from the seat: the audience is in front (top)
  const row1 = seat.bands.find((b) => b.row === 1);
  assert.equal(row1.cells.map((x) => rank(x.id)).join(' '), '4 2 1 3 5');
  assert.deepEqual(row1.cells.map((x) => x.seat), [1, 2, 3, 4, 5]);
  const other = drawing(m, c, 'other');
  assert.equal(other.bands[other.bands.length - 1].type, 'marker'); // the audience (the viewer) at the bottom
  assert.deepEqual(other.bands.filter((b) => b.type === 'row').map((b) => b.row), [2, 1]); // front row nearest the viewer
  const o1 = other.bands.find((b) => b.row === 1);
  assert.equal(o1.cells.map((x) => rank(x.id)).join(' '), '5 3 1 2 4');
  assert.deepEqual(o1.cells.map((x) => x.seat), [5, 4, 3, 2, 1]); // pin_seat takes seats counted from the seat
  assert.equal(o1.cells.find((x) => x.id === 'p2').pinned, true);
  const o2 = other.bands.find((b) => b.row === 2);
  assert.deepEqual(o2.cells.map((x) => x.blocked), [false, false, true]); // seat 1 from the seat = rightmost from the audience
  assert.equal(seatText(c, 'other', PODIUM_RESULT.seats[3]), '第1排 第5座');
  assert.equal(seatText(c, 'seat', PODIUM_RESULT.seats[3]), '第1排 第1座');
});

test('drawing: 会谈 puts the viewer\'s side below the table and the other side as seen across it', () => {
  const result = {
    seats: [],
    rows: [
      { row: 1, side: 'host', seats: 5, from_seat: [null, 'h2', 'h1', 'ht', 'h3'], from_audience: ['h3', 'ht', 'h1', 'h2', null], blocked: [] },
      { row: 1, side: 'guest', seats: 5, from_seat: [null, null, 'g1', 'g2', null], from_audience: [null, 'g2', 'g1', null, null], blocked: [] },
    ],
  };
  const c = normalizeMeeting({ id: 'm', charts: [{ id: 's1', config_json: '{"layout":{"kind":"talks","door":"end"}}', result_json: JSON.stringify(result), members: [] }] }).charts[0];
  const m = normalizeMeeting({ id: 'm' });
  const ids = (b) => b.cells.map((x) => x.id || '_').join(' ');
  const host = drawing(m, c, 'seat');
  assert.deepEqual(host.bands.map((b) => b.type), ['row', 'table', 'row']);
  assert.equal(ids(host.bands[0]), '_ g2 g1 _ _');
  assert.equal(ids(host.bands[2]), '_ h2 h1 ht h3');
  assert.equal(host.bands[0].cells[1].seat, 4); // g2 sits on guest seat 4 (from the seat)
  assert.equal(host.bands[1].door, 'right');    // door at the end: guests on the right as one enters
  const guest = drawing(m, c, 'other');
  assert.equal(ids(guest.bands[0]), 'h3 ht h1 h2 _');
  assert.equal(ids(guest.bands[2]), '_ _ g1 g2 _');
  assert.equal(guest.bands[1].door, 'left');
});

test('staleness: removed, renamed and re-ranked attendees; attendees not on the chart; changes in words', () => {
  const people = attendees.filter((a) => a.id !== 'p5').map((a) => (a.id === 'p3' ? { ...a, name: '张敏敏' } : a.id === 'p4' ? { ...a, rank: 0 } : a));
  people.find((a) => a.id === 'p1').rank = 9; // No.1 demoted below No.2
  const m = normalizeMeeting({ id: 'm1', attendees: [...people, { id: 'p9', name: '新人', rank: 6 }], charts: [podiumChart()] });
  const s = staleness(m, m.charts[0]);
  const kinds = Object.fromEntries(s.reasons.map((r) => [r.kind, r.names]));
  assert.deepEqual(kinds.removed, ['陈静']);
  assert.deepEqual(kinds.renamed, ['张敏 → 张敏敏']);
  assert.ok(kinds.reranked.length >= 1);
  assert.deepEqual(s.missing.map((a) => a.id), ['p9']);
  const ch = changeList(m, m.charts[0]);
  assert.equal(ch.moved[0].name, '李娜');
  assert.equal(ch.moved[0].from, '第1排 第4座');
  assert.equal(ch.unchanged, 4);
});
