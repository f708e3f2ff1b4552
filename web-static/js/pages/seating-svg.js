// Draws a seating chart's drawing model (seating-model.js `drawing`) as one SVG: the
// direction caption always (a chart must say which way it is drawn), then the markers,
// rows of seats, the 会谈 table; with `frame` also the title and the legend, so that the
// same SVG is what the page prints and what "下载 SVG" saves.

import { t } from '../ui.js';
import { rulesLine } from './seating-model.js';
import { notesInWords } from './seating-explain.js';

const NS = 'http://www.w3.org/2000/svg';
let svgCount = 0; // pattern ids must be unique in the document (the page holds several charts)
export const CHART_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

function el(tag, attrs = {}, ...children) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined && v !== false) e.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** Width of a string in em (CJK 1, Latin about .56). */
export function textEm(s) {
  let w = 0;
  for (const ch of String(s)) {
    const c = ch.codePointAt(0);
    w += c >= 0x2e80 ? 1 : (c >= 0x41 && c <= 0x5a) || c === 0x4d || c === 0x57 ? 0.66 : 0.56;
  }
  return w;
}

function fitSize(s, width, max, min = 9) {
  const em = textEm(s) || 1;
  return Math.max(min, Math.min(max, Math.floor(width / em)));
}

/** Splits text into lines of at most maxEm. */
function wrap(s, maxEm) {
  const lines = [];
  let cur = '';
  for (const ch of String(s)) {
    if (textEm(cur + ch) > maxEm) { lines.push(cur); cur = ''; }
    cur += ch;
  }
  if (cur) lines.push(cur);
  return lines;
}

const SIZES = {
  podium: { w: 104, h: 62, gap: 12, name: 21 },
  meeting: { w: 104, h: 62, gap: 12, name: 21 },
  talks: { w: 96, h: 60, gap: 10, name: 20 },
  audience: { w: 78, h: 50, gap: 6, name: 16 },
};

/**
 * drawing: from seating-model.drawing(). opts: {showRank, interactive, frame,
 * title, subtitle, chart, footer, selected (cell key), picked (cell key)}.
 */
export function chartSvg(d, opts = {}) {
  const z = SIZES[d.kind] || SIZES.podium;
  const labelW = 96;
  const pad = 20;
  const rowsOnly = d.bands.filter((b) => b.type === 'row');
  const rowW = (b) => b.cells.length * (z.w + z.gap) - z.gap + (b.aisle > 0 && b.aisle < b.cells.length ? z.w / 2 : 0);
  const contentW = Math.max(z.w * 3, ...rowsOnly.map(rowW));
  const innerW = labelW + contentW + 24;
  const W = Math.max(innerW + pad * 2, opts.frame ? 640 : 0);
  const x0 = (W - innerW) / 2 + labelW;       // left edge of the seat area
  const out = [];
  const hatch = `ch-hatch-${++svgCount}`;
  let y = pad;

  if (opts.frame) {
    out.push(el('text', { x: W / 2, y: y + 24, 'text-anchor': 'middle', 'font-size': 24, 'font-weight': 700, class: 'ch-title' }, opts.title || ''));
    y += 36;
    if (opts.subtitle) { out.push(el('text', { x: W / 2, y: y + 16, 'text-anchor': 'middle', 'font-size': 15, fill: '#444' }, opts.subtitle)); y += 26; }
  }
  // The direction, always.
  out.push(el('text', { x: W / 2, y: y + 20, 'text-anchor': 'middle', 'font-size': 18, 'font-weight': 700, fill: '#173d7a', class: 'ch-caption' }, t('seat.drawn', { view: d.caption })));
  y += 28;
  out.push(el('text', { x: W / 2, y: y + 14, 'text-anchor': 'middle', 'font-size': 13, fill: '#555', class: 'ch-hint' }, d.hint));
  y += 30;

  let doorTop = false;
  for (const b of d.bands) {
    if (b.type === 'table' && b.door === 'top') doorTop = true;
  }
  if (doorTop) { out.push(door(W / 2, y, 'down')); y += 34; }

  for (const b of d.bands) {
    if (b.type === 'marker') {
      const hgt = 44;
      out.push(el('g', { class: 'ch-marker' },
        el('rect', { x: x0, y, width: contentW, height: hgt, rx: 8, fill: '#eef2f8', stroke: '#9fb1cf', 'stroke-width': 1.2 }),
        el('text', { x: x0 + contentW / 2, y: y + 19, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 700, fill: '#23406e' }, b.label),
        el('text', { x: x0 + contentW / 2, y: y + 36, 'text-anchor': 'middle', 'font-size': 11.5, fill: '#4a5d7e' }, t(b.viewer ? 'seat.marker_viewer' : 'seat.marker_faced'))));
      y += hgt + 16;
    } else if (b.type === 'table') {
      const hgt = 54;
      const tw = Math.max(...rowsOnly.map(rowW), z.w * 3);
      const tx = x0 + (contentW - tw) / 2;
      out.push(el('g', { class: 'ch-table' },
        el('rect', { x: tx, y, width: tw, height: hgt, rx: 10, fill: '#efe6d6', stroke: '#b59d74', 'stroke-width': 1.5 }),
        el('text', { x: tx + tw / 2, y: y + hgt / 2 + 6, 'text-anchor': 'middle', 'font-size': 17, 'font-weight': 600, fill: '#6b5331' }, b.label)));
      if (b.door === 'left') out.push(door(tx - 34, y + hgt / 2, 'right'));
      if (b.door === 'right') out.push(door(tx + tw + 34, y + hgt / 2, 'left'));
      y += hgt + 18;
    } else {
      y = drawRow(out, b, d, z, { ...opts, hatch }, x0, contentW, labelW, y);
    }
  }
  if (d.bands.some((b) => b.type === 'table' && b.door === 'bottom')) { out.push(door(W / 2, y + 4, 'up')); y += 38; }

  if (opts.frame) y = legend(out, d, { ...opts, hatch }, W, pad, y);
  const H = y + pad - 6;
  const svg = el('svg', {
    xmlns: NS, viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: `seat-chart kind-${d.kind} view-${d.view}`,
    'font-family': CHART_FONT, role: opts.interactive ? 'application' : 'img',
    'aria-label': `${opts.title || ''} ${d.caption}`.trim(),
    'data-view': d.view, 'data-kind': d.kind,
  }, defs(hatch), el('rect', { x: 0, y: 0, width: W, height: H, fill: '#fff', class: 'ch-bg' }), out);
  return svg;
}

function defs(id) {
  return el('defs', {},
    el('pattern', { id, width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
      el('rect', { width: 8, height: 8, fill: '#f1f1f1' }), el('line', { x1: 0, y1: 0, x2: 0, y2: 8, stroke: '#c4c4c4', 'stroke-width': 3 })));
}

function door(x, y, dir) {
  const vertical = dir === 'up' || dir === 'down';
  return el('g', { class: 'ch-door' },
    el('rect', { x: x - (vertical ? 34 : 16), y: y - (vertical ? 0 : 14), width: vertical ? 68 : 32, height: vertical ? 28 : 28, rx: 4, fill: '#fff', stroke: '#8a6d3b', 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }),
    el('text', { x, y: y + (vertical ? 19 : 5), 'text-anchor': 'middle', 'font-size': 13, fill: '#6b5331', 'font-weight': 600 }, t('seat.door_word')));
}

function drawRow(out, b, d, z, opts, x0, contentW, labelW, y) {
  const n = b.cells.length;
  const aisleW = b.aisle > 0 && b.aisle < n ? z.w / 2 : 0;
  const w = n * (z.w + z.gap) - z.gap + aisleW;
  let x = x0 + (contentW - w) / 2;
  out.push(el('text', { x: x0 - 14, y: y + z.h / 2 + 5, 'text-anchor': 'end', 'font-size': 13.5, fill: '#5f6b7a', class: 'ch-rowlabel' }, b.label));
  b.cells.forEach((c, i) => {
    if (aisleW && i === b.aisle) {
      out.push(el('text', { x: x + aisleW / 2 - z.gap / 2, y: y + z.h / 2 + 4, 'text-anchor': 'middle', 'font-size': 10, fill: '#9aa3af' }, t('seat.aisle')));
      x += aisleW;
    }
    out.push(seat(c, d, z, opts, x, y));
    if (d.numbered) out.push(el('text', { x: x + z.w / 2, y: y + z.h + 13, 'text-anchor': 'middle', 'font-size': 10.5, fill: '#8a94a3', class: 'ch-no' }, String(c.no)));
    x += z.w + z.gap;
  });
  return y + z.h + (d.numbered ? 26 : 16);
}

function seat(c, d, z, opts, x, y) {
  const cls = ['seat'];
  let fill = '#fff';
  let stroke = '#3b4756';
  let dash = null;
  if (c.blocked) { cls.push('is-blocked'); fill = `url(#${opts.hatch})`; stroke = '#b9b9b9'; }
  else if (!c.id) { cls.push('is-empty'); stroke = '#c3c9d2'; dash = '5 4'; }
  else if (c.reserved) { cls.push('is-reserved'); fill = '#f6f6f4'; stroke = '#7d7d7d'; dash = '6 3'; }
  else {
    cls.push('is-person');
    if (c.side === 'host') fill = '#eaf1fb';
    if (c.side === 'guest') fill = '#fcf1e1';
    if (c.role === 'interpreter' || c.role === 'note_taker') fill = '#f3f4f6';
  }
  if (c.pinned) cls.push('is-pinned');
  if (c.gone) cls.push('is-gone');
  if (opts.selected === c.key) cls.push('is-selected');
  if (opts.picked === c.key) cls.push('is-picked');
  if (opts.moved && c.id && opts.moved.has(c.id)) cls.push('is-moved');
  const label = c.blocked ? t('seat.blocked') : c.id ? c.name : '';
  const where = d.numbered ? t('seat.at', { row: c.row, seat: c.no }) : (c.side ? t(`seat.side.${c.side}`) + ' ' : '') + t('seat.row_n', { n: c.row });
  const g = el('g', {
    class: cls.join(' '), 'data-key': c.key, 'data-row': c.row, 'data-seat': c.seat, 'data-side': c.side,
    'data-id': c.id || null, 'data-name': c.id ? c.name : null, 'data-no': c.no,
    tabindex: opts.interactive ? (opts.tabKey === c.key ? 0 : -1) : null,
    role: opts.interactive ? 'button' : null,
    'aria-label': opts.interactive ? `${where}：${c.id ? c.name : label || t('seat.empty')}${c.pinned ? '，' + t('seat.pinned') : ''}` : null,
  });
  g.append(el('rect', { x, y, width: z.w, height: z.h, rx: 7, fill, stroke, 'stroke-width': c.id && !c.reserved ? 1.6 : 1.2, 'stroke-dasharray': dash, class: 'seat-box' }));
  if (label) {
    const hasSub = c.sub && !c.blocked && z.h >= 56;
    const size = fitSize(label, z.w - 14, z.name);
    g.append(el('text', {
      x: x + z.w / 2, y: y + z.h / 2 + size * 0.36 - (hasSub ? 7 : 0), 'text-anchor': 'middle', 'font-size': size,
      'font-weight': c.id && !c.reserved ? 600 : 400, fill: c.blocked || c.reserved ? '#6b6b6b' : c.gone ? '#b3261e' : '#1d2530',
      'text-decoration': c.gone ? 'line-through' : null, class: 'seat-name',
    }, label));
    if (hasSub) g.append(el('text', { x: x + z.w / 2, y: y + z.h - 9, 'text-anchor': 'middle', 'font-size': fitSize(c.sub, z.w - 12, 11, 7), fill: '#5f6b7a', class: 'seat-sub' }, c.sub));
  }
  if (opts.showRank && c.rank) {
    g.append(el('circle', { cx: x + 1, cy: y + 1, r: 10.5, fill: '#1f4f9c', class: 'seat-rank-bg' }));
    g.append(el('text', { x: x + 1, y: y + 5.2, 'text-anchor': 'middle', 'font-size': c.rank.length > 2 ? 9 : 12, 'font-weight': 700, fill: '#fff', class: 'seat-rank' }, c.rank));
  }
  if (c.pinned && !opts.hidePins) {
    // A round "固" badge at the seat's lower right corner; on the page it unpins.
    const px = x + z.w - 3;
    const py = y + z.h - 3;
    const tip = opts.interactive ? t('seat.unpin_who', { name: c.name }) : t('seat.pinned');
    g.append(el('g', {
      class: 'pin', 'data-unpin': opts.interactive ? c.id : null, role: opts.interactive ? 'button' : null, 'aria-label': opts.interactive ? tip : null,
    },
    el('title', {}, tip),
    el('circle', { cx: px, cy: py, r: 10, fill: '#a35a00', stroke: '#fff', 'stroke-width': 1.5 }),
    el('text', { x: px, y: py + 4, 'text-anchor': 'middle', 'font-size': 11, 'font-weight': 700, fill: '#fff' }, t('seat.pin_glyph'))));
  }
  return g;
}

function legend(out, d, opts, W, pad, y) {
  y += 8;
  out.push(el('line', { x1: pad, y1: y, x2: W - pad, y2: y, stroke: '#d0d5dc' }));
  y += 22;
  const left = pad + 4;
  const maxEm = (W - pad * 2) / 13;
  const line = (s, attrs = {}) => {
    for (const l of wrap(s, maxEm)) { out.push(el('text', { x: left, y, 'font-size': 13, fill: '#333', ...attrs }, l)); y += 19; }
  };
  if (opts.chart) line(t('seat.legend_rules', { rules: rulesLine(opts.chart) }), { 'font-weight': 600 });
  // Symbols.
  let x = left;
  const sym = (draw, text) => { out.push(draw(x, y - 12)); out.push(el('text', { x: x + 30, y, 'font-size': 12.5, fill: '#333' }, text)); x += 30 + textEm(text) * 12.5 + 22; };
  if (opts.showRank) sym((sx, sy) => el('g', {}, el('circle', { cx: sx + 10, cy: sy + 7, r: 9, fill: '#1f4f9c' }), el('text', { x: sx + 10, y: sy + 11, 'text-anchor': 'middle', 'font-size': 11, fill: '#fff', 'font-weight': 700 }, '1')), t('seat.legend_rank'));
  sym((sx, sy) => el('g', {}, el('circle', { cx: sx + 10, cy: sy + 7, r: 9, fill: '#a35a00' }), el('text', { x: sx + 10, y: sy + 11, 'text-anchor': 'middle', 'font-size': 10.5, fill: '#fff', 'font-weight': 700 }, t('seat.pin_glyph'))), t('seat.legend_pin'));
  sym((sx, sy) => el('rect', { x: sx, y: sy, width: 22, height: 15, rx: 3, fill: '#f6f6f4', stroke: '#7d7d7d', 'stroke-dasharray': '4 2' }), t('seat.legend_reserved'));
  sym((sx, sy) => el('rect', { x: sx, y: sy, width: 22, height: 15, rx: 3, fill: `url(#${opts.hatch})`, stroke: '#b9b9b9' }), t('seat.legend_blocked'));
  if (d.kind === 'talks' || d.kind === 'meeting') {
    sym((sx, sy) => el('rect', { x: sx, y: sy, width: 22, height: 15, rx: 3, fill: '#eaf1fb', stroke: '#3b4756' }), t('seat.side.host'));
    sym((sx, sy) => el('rect', { x: sx, y: sy, width: 22, height: 15, rx: 3, fill: '#fcf1e1', stroke: '#3b4756' }), t('seat.side.guest'));
  }
  y += 24;
  if (d.numbered) line(t('seat.legend_numbers'), { fill: '#555' });
  if (opts.chart) for (const n of notesInWords(opts.chart)) line('· ' + n, { fill: '#555', 'font-size': 12 });
  if (opts.footer) { y += 4; line(opts.footer, { fill: '#8a94a3', 'font-size': 11.5 }); }
  return y;
}
