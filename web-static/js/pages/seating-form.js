// The create / edit form of a seating chart: name, layout, convention, even rule, order,
// the people (all attendees by default; sides and roles for 会见/会谈) and reserved
// seats. Saving sends one set_chart; the server computes, and the page shows the chart
// from the event. Engine refusals (more people than seats, …) are shown in the form.

import { h, setChildren, t } from '../ui.js';
import { KINDS, ORDERS, chartData } from './seating-model.js';

// 请假 / 会务 (issue 13): who the engine leaves off unless the chart includes them.
const ON_LEAVE = 'ATTENDANCE_LEAVE';
const STAFF = 'ROLE_SECRETARY';
const isOnLeave = (a) => a.attendance === ON_LEAVE || a.attendance === 3;
const isStaff = (a) => a.role === STAFF || a.role === 2;
/** Why an attendee would be left off this chart ('on_leave', 'staff') or ''. */
function setAside(st, a) {
  if (isOnLeave(a) && !st.includeOnLeave) return 'on_leave';
  if (isStaff(a) && st.kind === 'podium' && !st.includeStaff) return 'staff';
  return '';
}

const clampInt = (v, lo, hi, dflt) => {
  const n = Math.round(Number(v));
  return Number.isFinite(n) && v !== '' ? Math.min(hi, Math.max(lo, n)) : dflt;
};

function initialState(meeting, chart) {
  const st = {
    id: '', name: '', kind: 'podium', podiumRows: [5], spp: '', door: 'side',
    audRows: 5, audSeats: 10, fill: 'rows', aisle: '', unitOrder: 'rank',
    convention: 'left', even: 'A', order: 'rank', members: new Map(), reserved: [], empty: [], clearPins: false,
    includeOnLeave: false, includeStaff: false,
    fresh: !chart, baseVersion: chart ? chart.computed_at_version : 0,
  };
  // 会见/会谈 sides: with exactly two units, the unit of No.1 is the host; else all host.
  const units = [...new Set(meeting.attendees.map((a) => a.unit).filter(Boolean))];
  const first = [...meeting.attendees].sort((a, b) => (a.rank || 1e9) - (b.rank || 1e9))[0];
  const guessSide = (a) => (units.length === 2 && first && a.unit && a.unit !== first.unit ? 'guest' : 'host');
  for (const a of meeting.attendees) st.members.set(a.id, { on: !chart, side: guessSide(a), role: 'member', pin_row: 0, pin_seat: 0 });
  if (!chart) {
    st.name = t('seat.kind.podium');
    st.podiumRows = [Math.max(3, meeting.attendees.length)];
    return st;
  }

  const { config, kind } = chartData(chart);
  const L = config.layout || {};
  Object.assign(st, { id: chart.id, name: chart.name, kind, order: config.order || 'rank', even: config.even_rule || 'A' });
  st.includeOnLeave = !!config.include_on_leave;
  st.includeStaff = !!config.include_staff;
  st.convention = config.convention || (kind === 'talks' ? 'right' : 'left');
  if (kind === 'podium') st.podiumRows = (L.rows || [5]).slice();
  if (kind === 'talks' || kind === 'meeting') { st.spp = L.seats_per_side || ''; st.door = L.door || 'side'; }
  if (kind === 'audience') {
    Object.assign(st, { audRows: L.rows || 5, audSeats: L.seats || 10, fill: L.fill || 'rows', aisle: L.aisle_after ?? '', unitOrder: L.unit_order || (L.units ? 'rank' : 'stroke') });
  }
  st.empty = (L.empty || []).slice();
  for (const mb of chart.members) {
    const x = { on: true, side: mb.side || 'host', role: mb.role || 'member', pin_row: mb.pin_row, pin_seat: mb.pin_seat };
    if (mb.attendee_id) st.members.set(mb.attendee_id, x);
    else st.reserved.push({ id: mb.id, label: mb.label || t('seat.reserved'), ...x });
  }
  return st;
}

/** The SetChart the form describes (config_json + members), or {error}. */
export function buildChart(meeting, st) {
  const tables = st.kind === 'talks' || st.kind === 'meeting';
  const keepPins = !st.clearPins && !tables;
  const layout = { kind: st.kind };
  if (st.kind === 'podium') layout.rows = st.podiumRows.map((n) => clampInt(n, 1, 200, 1));
  if (tables && st.spp !== '') layout.seats_per_side = clampInt(st.spp, 1, 100, 1);
  if (st.kind === 'talks') layout.door = st.door;
  const on = meeting.attendees.filter((a) => st.members.get(a.id)?.on);
  if (st.kind === 'audience') {
    Object.assign(layout, { rows: clampInt(st.audRows, 1, 200, 1), seats: clampInt(st.audSeats, 1, 200, 1), fill: st.fill });
    if (st.fill === 'centre' && st.aisle !== '') layout.aisle_after = clampInt(st.aisle, 0, layout.seats, 0);
    layout.unit_order = st.unitOrder;
    if (st.unitOrder === 'rank') {
      // The published unit list: each unit ranked by its best-ranked person.
      const best = new Map();
      on.forEach((a, i) => {
        const u = a.unit || '未填单位';
        const r = a.rank > 0 ? a.rank : 1e6 + i;
        if (!best.has(u) || r < best.get(u)) best.set(u, r);
      });
      layout.units = [...best.entries()].sort((x, y) => x[1] - y[1]).map(([name], i) => ({ name, rank: i + 1 }));
    }
  }
  if (keepPins && st.empty.length && (st.kind === 'podium' || st.kind === 'audience')) layout.empty = st.empty;
  const config = { layout, order: st.order, include_on_leave: !!st.includeOnLeave };
  if (st.kind === 'podium') config.include_staff = !!st.includeStaff;
  if (st.kind !== 'meeting') config.convention = st.convention;
  if (st.kind === 'podium') config.even_rule = st.even;
  const pins = (x) => (keepPins ? { pin_row: x.pin_row || 0, pin_seat: x.pin_seat || 0 } : { pin_row: 0, pin_seat: 0 });
  const members = on.map((a) => {
    const x = st.members.get(a.id);
    return { id: a.id, attendee_id: a.id, label: '', side: tables ? x.side : '', role: tables ? x.role : '', ...pins(x) };
  });
  // Reserved seats keep their ids; new ones get the next free r<n> (the server numbers
  // unnamed ones from r1 again on every set_chart, which would collide).
  let next = Math.max(0, ...st.reserved.map((r) => Number(/^r(\d+)$/.exec(r.id || '')?.[1] || 0)));
  if (st.kind !== 'audience') {
    for (const r of st.reserved) {
      members.push({ id: r.id || `r${++next}`, attendee_id: '', label: r.label.trim() || t('seat.reserved'), side: tables ? r.side : '', role: tables ? r.role : '', ...pins(r) });
    }
  }
  if (!members.length) return { error: t('seat.f_need_people') };
  if (tables) {
    const sides = new Set(members.filter((x) => x.role === 'member').map((x) => x.side));
    if (!sides.has('host') || !sides.has('guest')) return { error: t('seat.f_need_sides') };
  }
  return { chart: { id: st.id, name: st.name.trim() || t(`seat.kind.${st.kind}`), config_json: JSON.stringify(config), members } };
}

function capacity(st) {
  const blocked = st.clearPins ? 0 : st.empty.length;
  if (st.kind === 'podium') return st.podiumRows.reduce((s, n) => s + clampInt(n, 0, 200, 0), 0) - blocked;
  if (st.kind === 'audience') return clampInt(st.audRows, 0, 200, 0) * clampInt(st.audSeats, 0, 200, 0) - blocked;
  return st.spp === '' ? Infinity : clampInt(st.spp, 1, 100, 1) * 2;
}

/**
 * Mounts the form in `box`. opts: {meeting, chart (or null), onSubmit(chart) -> Promise
 * (rejects with the engine's message), onCancel}. Returns {update(meeting, chart)}.
 */
export function mountForm(box, opts) {
  let meeting = opts.meeting;
  const st = initialState(meeting, opts.chart);
  const err = h('div', { class: 'sf-error', id: 'sf-error', role: 'alert', hidden: true });
  const under = h('div', { class: 'sf-under banner banner-warn', hidden: true }, t('seat.f_changed_under'));
  const body = h('div', { class: 'sf-body' });
  const cap = h('p', { class: 'sf-capacity', id: 'sf-capacity', 'aria-live': 'polite' });
  const form = h('form', { class: 'card sf-form', id: 'sf-form', autocomplete: 'off', novalidate: true },
    h('div', { class: 'card-head' }, h('h2', {}, t(opts.chart ? 'seat.form_edit' : 'seat.form_new'))), under, body, cap, err,
    h('div', { class: 'form-actions' },
      h('button', { class: 'btn btn-primary', type: 'submit', id: 'sf-save' }, t('seat.f_save')),
      h('button', { class: 'btn', type: 'button', id: 'sf-cancel', onclick: () => opts.onCancel() }, t('seat.f_cancel'))));

  const field = (label, control, cls = '') => h('div', { class: `field ${cls}` }, h('label', { for: control.id }, label), control);
  const select = (id, value, options, onchange) => h('select', { id, onchange: (e) => onchange(e.target.value) },
    options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value) }, label)));
  const num = (id, value, min, max, oninput, attrs = {}) => h('input', { type: 'number', id, min, max, step: 1, value, oninput: (e) => { oninput(e.target.value); renderCapacity(); }, ...attrs });

  function layoutFields() {
    if (st.kind === 'podium') {
      return [
        field(t('seat.f_rows'), num('sf-rows', st.podiumRows.length, 1, 20, (v) => {
          const n = clampInt(v, 1, 20, st.podiumRows.length);
          while (st.podiumRows.length < n) st.podiumRows.push(st.podiumRows[st.podiumRows.length - 1] || 5);
          st.podiumRows.length = n;
          render('sf-rows');
        })),
        st.podiumRows.map((n, i) => field(t('seat.f_row_seats', { n: i + 1 }), num(`sf-row-${i + 1}`, n, 1, 200, (v) => { st.podiumRows[i] = v; }, { class: 'sf-row-seats' }))),
      ];
    }
    if (st.kind === 'talks' || st.kind === 'meeting') {
      return [
        field(t('seat.f_seats_per_side'), num('sf-spp', st.spp, 1, 100, (v) => { st.spp = v; }, { placeholder: t('seat.f_auto') })),
        st.kind === 'talks' ? field(t('seat.f_door'), select('sf-door', st.door, ['side', 'end'].map((v) => [v, t(`seat.door.${v}`)]), (v) => { st.door = v; })) : null,
      ];
    }
    return [
      field(t('seat.f_aud_rows'), num('sf-aud-rows', st.audRows, 1, 200, (v) => { st.audRows = v; })),
      field(t('seat.f_aud_seats'), num('sf-aud-seats', st.audSeats, 1, 200, (v) => { st.audSeats = v; })),
      field(t('seat.f_fill'), select('sf-fill', st.fill, ['rows', 'columns', 'centre'].map((v) => [v, t(`seat.fill.${v}`)]), (v) => { st.fill = v; render('sf-fill'); })),
      st.fill === 'centre' ? field(t('seat.f_aisle'), num('sf-aisle', st.aisle, 0, 200, (v) => { st.aisle = v; }, { placeholder: t('seat.f_auto') })) : null,
      field(t('seat.f_unit_order'), select('sf-unit-order', st.unitOrder, ['rank', 'stroke', 'stroke_full', 'pinyin'].map((v) => [v, t(`seat.unit_order.${v}`)]), (v) => { st.unitOrder = v; })),
    ];
  }

  function ruleFields() {
    return [
      st.kind === 'meeting' ? h('p', { class: 'hint sf-wide' }, t('seat.f_meeting_conv'))
        : field(t('seat.f_convention'), select('sf-convention', st.convention, ['left', 'right'].map((v) => [v, t(`seat.convention_long.${v}`)]), (v) => { st.convention = v; })),
      st.kind === 'podium' ? field(t('seat.f_even'), select('sf-even', st.even, ['A', 'B'].map((v) => [v, t(`seat.even_long.${v}`)]), (v) => { st.even = v; })) : null,
      field(t('seat.f_order'), select('sf-order', st.order, ORDERS.map((v) => [v, t(`seat.order.${v}`)]), (v) => { st.order = v; renderCapacity(); })),
    ];
  }

  function memberTable() {
    const tables = st.kind === 'talks' || st.kind === 'meeting';
    const people = [...meeting.attendees].sort((a, b) => (a.rank || 1e9) - (b.rank || 1e9));
    if (!people.length) return h('p', { class: 'hint' }, t('seat.f_no_attendees'));
    const sel = (x, key, values, prefix, cls) => {
      const s = select('', x[key], values.map((v) => [v, t(`${prefix}.${v}`)]), (v) => { x[key] = v; });
      s.className = cls;
      return s;
    };
    return h('table', { class: 'sf-members', id: 'sf-members' },
      h('thead', {}, h('tr', {},
        h('th', {}, h('input', { type: 'checkbox', id: 'sf-all', 'aria-label': t('seat.f_all'), checked: people.every((a) => st.members.get(a.id)?.on),
          onchange: (e) => { for (const a of people) st.members.get(a.id).on = e.target.checked; render('sf-all'); } })),
        h('th', {}, t('seat.col_name')), h('th', {}, t('seat.col_unit')), h('th', { class: 'num' }, t('seat.f_rank')),
        tables ? [h('th', {}, t('seat.f_side')), h('th', {}, t('seat.f_role'))] : null)),
      h('tbody', {}, people.map((a) => {
        const x = st.members.get(a.id);
        const aside = setAside(st, a);
        const tag = isOnLeave(a) ? 'on_leave' : isStaff(a) && st.kind === 'podium' ? 'staff' : '';
        return h('tr', { dataset: { att: a.id, aside }, class: x.on && !aside ? '' : 'is-off' },
          h('td', {}, h('input', { type: 'checkbox', class: 'sf-on', checked: x.on && !aside, disabled: !!aside, 'aria-label': a.name,
            onchange: (e) => { x.on = e.target.checked; e.target.closest('tr').classList.toggle('is-off', !x.on); renderCapacity(); } })),
          h('td', { class: 'sf-name' }, a.name,
            tag ? h('span', { class: 'chip sf-tag' + (aside ? ' is-aside' : ''), dataset: { tag } }, t(aside ? `seat.f_tag_off.${tag}` : `seat.f_tag.${tag}`)) : null),
          h('td', { class: 'muted' }, [a.unit, a.title].filter(Boolean).join(' · ')),
          h('td', { class: 'num' }, a.rank || '–'),
          tables ? [h('td', {}, sel(x, 'side', ['host', 'guest'], 'seat.side', 'sf-side')), h('td', {}, sel(x, 'role', ['member', 'interpreter', 'note_taker'], 'seat.role', 'sf-role'))] : null);
      })));
  }

  // The chart's choice (stored in its config): seat people on leave; staff on the podium.
  function includeChoices() {
    const leave = meeting.attendees.filter(isOnLeave).length;
    const staff = st.kind === 'podium' ? meeting.attendees.filter(isStaff).length : 0;
    const box = (id, key, label, n) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', id, checked: !!st[key], onchange: (e) => {
        st[key] = e.target.checked;
        // Including them again seats them: tick the people this choice sets aside.
        if (e.target.checked) for (const a of meeting.attendees) if (key === 'includeOnLeave' ? isOnLeave(a) : isStaff(a)) st.members.get(a.id).on = true;
        render(id);
      } }), ' ', t(label, { n }));
    return h('div', { class: 'sf-include', id: 'sf-include' },
      box('sf-include-leave', 'includeOnLeave', 'seat.f_include_on_leave', leave),
      st.kind === 'podium' ? box('sf-include-staff', 'includeStaff', 'seat.f_include_staff', staff) : null,
      h('p', { class: 'hint' }, t('seat.f_include_hint')));
  }

  function reservedRows() {
    if (st.kind === 'audience') return null;
    const tables = st.kind === 'talks' || st.kind === 'meeting';
    return h('div', { class: 'sf-reserved' },
      h('h3', {}, t('seat.f_reserved')),
      st.reserved.map((r, i) => h('div', { class: 'sf-res-row' },
        h('input', { type: 'text', maxlength: 64, value: r.label, 'aria-label': t('seat.f_reserved_label'), class: 'sf-res-label', oninput: (e) => { r.label = e.target.value; } }),
        tables ? select('', r.side, ['host', 'guest'].map((v) => [v, t(`seat.side.${v}`)]), (v) => { r.side = v; }) : null,
        h('button', { class: 'btn btn-sm btn-quiet btn-danger', type: 'button', 'aria-label': t('seat.remove'), onclick: () => { st.reserved.splice(i, 1); render(); } }, '✕'))),
      h('button', { class: 'btn btn-sm', type: 'button', id: 'sf-add-reserved', onclick: () => {
        st.reserved.push({ id: '', label: t('seat.reserved'), side: 'host', role: 'member', pin_row: 0, pin_seat: 0 });
        render();
        const inputs = box.querySelectorAll('.sf-res-label');
        inputs[inputs.length - 1]?.select();
      } }, '+ ', t('seat.f_add_reserved')));
  }

  function render(focusId) {
    setChildren(body,
      h('div', { class: 'form-grid sf-grid' },
        field(t('seat.f_name'), h('input', { type: 'text', id: 'sf-name', maxlength: 64, value: st.name, required: true, oninput: (e) => { st.name = e.target.value; } }), 'sf-name-field'),
        field(t('seat.f_kind'), select('sf-kind', st.kind, KINDS.map((k) => [k, t(`seat.kind.${k}`)]), (v) => {
          const auto = !st.name || KINDS.some((k) => t(`seat.kind.${k}`) === st.name);
          st.kind = v;
          if (v === 'talks' && st.fresh) st.convention = 'right';
          if (auto) st.name = t(`seat.kind.${v}`);
          render('sf-kind');
        })),
        layoutFields()),
      h('div', { class: 'form-grid sf-rules' }, ruleFields()),
      h('h3', { class: 'sf-sub' }, t('seat.f_members'), ' ',
        h('button', { class: 'btn btn-sm btn-quiet', type: 'button', onclick: () => { for (const x of st.members.values()) x.on = true; render(); } }, t('seat.f_all')),
        h('button', { class: 'btn btn-sm btn-quiet', type: 'button', onclick: () => { for (const x of st.members.values()) x.on = false; render(); } }, t('seat.f_none'))),
      includeChoices(),
      memberTable(),
      reservedRows(),
      opts.chart && st.kind !== 'talks' && st.kind !== 'meeting'
        ? h('label', { class: 'check sf-clear' }, h('input', { type: 'checkbox', id: 'sf-clear-pins', checked: st.clearPins, onchange: (e) => { st.clearPins = e.target.checked; renderCapacity(); } }), ' ', t('seat.f_clear_pins'))
        : null);
    renderCapacity();
    if (focusId) box.querySelector('#' + focusId)?.focus();
  }

  function renderCapacity() {
    const on = meeting.attendees.filter((a) => st.members.get(a.id)?.on && !setAside(st, a));
    const p = on.length + (st.kind === 'audience' ? 0 : st.reserved.length);
    const s = capacity(st);
    const notes = [s === Infinity ? t('seat.f_capacity', { p, s: t('seat.f_auto') }) : t('seat.f_capacity', { p, s })];
    if (p > s) notes.push(t('seat.f_over'));
    const unranked = on.filter((a) => !(a.rank > 0)).length;
    if (st.order === 'rank' && unranked) notes.push(t('seat.f_unranked', { n: unranked }));
    cap.textContent = notes.join('　');
    cap.classList.toggle('over', p > s);
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    const built = buildChart(meeting, st);
    if (built.error) { err.textContent = built.error; err.hidden = false; return; }
    const btn = form.querySelector('#sf-save');
    btn.disabled = true;
    try {
      await opts.onSubmit(built.chart);
    } catch (e) {
      err.textContent = e && e.message ? e.message : String(e);
      err.hidden = false;
    } finally {
      btn.disabled = false;
    }
  });
  form.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); opts.onCancel(); } });

  render();
  setChildren(box, form);
  box.querySelector('#sf-name')?.focus();
  return {
    update(m, chart) {
      meeting = m;
      for (const a of m.attendees) if (!st.members.has(a.id)) st.members.set(a.id, { on: st.fresh, side: 'host', role: 'member', pin_row: 0, pin_seat: 0 });
      if (chart && chart.computed_at_version !== st.baseVersion) under.hidden = false;
      if (!box.contains(document.activeElement) || document.activeElement === box) render();
      else renderCapacity();
    },
  };
}
