// Moving people on the drawn chart: drag a person (pointer events, so mouse, pen and
// touch) onto another person to swap, onto a free seat to pin; or with the keyboard:
// arrows move between seats, Enter picks a person up and Enter drops them, P pins or
// unpins, Esc cancels. Listeners sit on the container, which outlives every redraw of
// the SVG inside it; seats are found by their data-key.

const SEAT = 'g.seat';

function seatAt(x, y) {
  const el = document.elementFromPoint(x, y);
  return el && el.closest ? el.closest(SEAT) : null;
}

function centre(el) {
  const r = el.getBoundingClientRect();
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

/** The seat next to `from` in direction (dx, dy), by position on the screen. */
function neighbour(container, from, dx, dy) {
  const a = centre(from);
  let best = null;
  let bestCost = Infinity;
  for (const el of container.querySelectorAll(SEAT)) {
    if (el === from) continue;
    const b = centre(el);
    const ex = b.x - a.x;
    const ey = b.y - a.y;
    const along = dx ? ex * dx : ey * dy;
    if (along <= 4) continue;
    const across = dx ? Math.abs(ey) : Math.abs(ex);
    if (dx && across > 12) continue; // left/right stays in the row
    const cost = along + across * 3;
    if (cost < bestCost) { bestCost = cost; best = el; }
  }
  return best;
}

/**
 * h: {canDrag(), onDrop(fromKey, toKey), onSelect(key), onPinToggle(key), onUnpin(id),
 * onPick(key|null), picked()}.
 */
export function attachSeatInteraction(container, h) {
  let drag = null;

  const byKey = (k) => (k ? container.querySelector(`${SEAT}[data-key="${CSS.escape(k)}"]`) : null);
  const clearMarks = () => { for (const el of container.querySelectorAll('.is-drop-target, .is-dragging')) el.classList.remove('is-drop-target', 'is-dragging'); };

  function focusSeat(el) {
    if (!el) return;
    for (const s of container.querySelectorAll(`${SEAT}[tabindex="0"]`)) s.setAttribute('tabindex', '-1');
    el.setAttribute('tabindex', '0');
    el.focus();
    h.onFocus && h.onFocus(el.dataset.key);
  }

  container.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0) return;
    const pin = ev.target.closest && ev.target.closest('[data-unpin]');
    if (pin) { ev.preventDefault(); h.onUnpin(pin.dataset.unpin); return; }
    const seat = ev.target.closest && ev.target.closest(SEAT);
    if (!seat) return;
    ev.preventDefault(); // no text selection, no native drag
    focusSeat(seat);
    drag = { key: seat.dataset.key, name: seat.dataset.name || '', x: ev.clientX, y: ev.clientY, moving: false, ghost: null, id: ev.pointerId, person: !!seat.dataset.id };
    try { container.setPointerCapture(ev.pointerId); } catch { /* synthetic events */ }
  });

  container.addEventListener('pointermove', (ev) => {
    if (!drag || ev.pointerId !== drag.id) return;
    if (!drag.moving) {
      if (Math.hypot(ev.clientX - drag.x, ev.clientY - drag.y) < 6 || !drag.person || !h.canDrag()) return;
      drag.moving = true;
      drag.ghost = document.createElement('div');
      drag.ghost.className = 'seat-ghost';
      drag.ghost.textContent = drag.name;
      document.body.append(drag.ghost);
      byKey(drag.key)?.classList.add('is-dragging');
    }
    drag.ghost.style.transform = `translate(${ev.clientX + 12}px, ${ev.clientY + 10}px)`;
    const over = seatAt(ev.clientX, ev.clientY);
    for (const el of container.querySelectorAll('.is-drop-target')) if (el !== over) el.classList.remove('is-drop-target');
    if (over && over.dataset.key !== drag.key && !over.classList.contains('is-blocked')) over.classList.add('is-drop-target');
    byKey(drag.key)?.classList.add('is-dragging'); // the SVG may have been redrawn meanwhile
  });

  function end(ev, cancelled) {
    if (!drag || (ev && ev.pointerId !== drag.id)) return;
    const d = drag;
    drag = null;
    if (d.ghost) d.ghost.remove();
    clearMarks();
    try { container.releasePointerCapture(d.id); } catch { /* not captured */ }
    if (cancelled) return;
    if (!d.moving) { h.onSelect(d.key); return; }
    const over = seatAt(ev.clientX, ev.clientY);
    if (over && over.dataset.key !== d.key && !over.classList.contains('is-blocked')) h.onDrop(d.key, over.dataset.key);
  }
  container.addEventListener('pointerup', (ev) => end(ev, false));
  container.addEventListener('pointercancel', (ev) => end(ev, true));
  container.addEventListener('lostpointercapture', (ev) => { if (drag && drag.moving) end(ev, true); });

  container.addEventListener('keydown', (ev) => {
    const seat = ev.target.closest && ev.target.closest(SEAT);
    if (!seat || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const key = seat.dataset.key;
    if (dirs[ev.key]) {
      focusSeat(neighbour(container, seat, ...dirs[ev.key]));
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      const picked = h.picked();
      if (picked && picked !== key) {
        if (!seat.classList.contains('is-blocked')) { h.onPick(null); h.onDrop(picked, key); }
      } else if (picked === key) {
        h.onPick(null);
      } else {
        h.onSelect(key);
        if (seat.dataset.id && h.canDrag()) h.onPick(key);
      }
    } else if (ev.key === 'Escape') {
      if (!h.picked()) return;
      h.onPick(null);
    } else if (ev.key === 'p' || ev.key === 'P') {
      h.onPinToggle(key);
    } else {
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
  });

  container.addEventListener('focusin', (ev) => {
    const seat = ev.target.closest && ev.target.closest(SEAT);
    if (seat) h.onFocus && h.onFocus(seat.dataset.key);
  });

  return { focusKey(k) { const el = byKey(k); if (el) focusSeat(el); } };
}
