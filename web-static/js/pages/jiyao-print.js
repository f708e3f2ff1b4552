// The 纪要 print page (jiyao.html?m=ID): the formal minutes drafted by the server from the
// meeting (GET /api/meetings/jiyao?format=json, docs/export.md "纪要"), laid out on A4 in
// the GB/T 9704 layout by css/jiyao.css. The page renders the server's lines as they are —
// numbering, wording, the decision sentences and the withheld notice are the server's, the
// same as in the Word, PDF and Markdown files the toolbar links to. The toolbar's options
// (issue number, its format, the issuing office, 分送) travel in the URL.

import { h, $, setChildren, t, applyI18n, getLang } from '../ui.js';
import { addStrings } from '../i18n.js';
import { errorMessage } from '../field-errors.js';

addStrings({
  zh: {
    'jy.title': '会议纪要', 'jy.number': '期号', 'jy.numbering': '格式', 'jy.issuer': '印发机关',
    'jy.to': '分送', 'jy.to_ph': '用顿号或逗号分隔', 'jy.print': '打印', 'jy.docx': 'Word', 'jy.pdf': 'PDF',
    'jy.md': 'Markdown', 'jy.numbering_year': '〔2026〕12号', 'jy.numbering_period': '第12期',
    'jy.hint': '由会议的议程、记录、决定事项和签到生成的草稿；只含你有权查看的议题，每次查看和下载都记入审计日志。',
    'jy.failed': '无法生成纪要：{why}', 'jy.no_meeting': '地址中没有会议编号。',
  },
  en: {
    'jy.title': 'Formal minutes', 'jy.number': 'No.', 'jy.numbering': 'Format', 'jy.issuer': 'Issued by',
    'jy.to': 'To', 'jy.to_ph': 'separate with commas', 'jy.print': 'Print', 'jy.docx': 'Word', 'jy.pdf': 'PDF',
    'jy.md': 'Markdown', 'jy.numbering_year': 'By year: [2026] No. 12', 'jy.numbering_period': 'By issue: Issue 12',
    'jy.hint': 'A draft made from the agenda, record, decisions and check-in; only items you are cleared for; every view and download is audited.',
    'jy.failed': 'Cannot draft the minutes: {why}', 'jy.no_meeting': 'No meeting id in the address.',
  },
});

const url = new URLSearchParams(typeof location === 'undefined' ? '' : location.search);
const meetingId = url.get('m') || '';

/** Splits a 分送 line typed as "A、B，C" into recipients. */
export function recipients(text) {
  return String(text || '').split(/[、，,;；\n]+/).map((s) => s.trim()).filter(Boolean);
}

/** The query of the jiyao route for these options and format. */
export function jiyaoQuery(m, { number = '', numbering = 'year', issuer = '', to = [], v = '' } = {}, format = 'json') {
  const q = new URLSearchParams({ m, format });
  if (/^\d+$/.test(String(v))) q.set('v', String(v));  // a stored version (the draft page's link)
  if (String(number).trim()) q.set('number', String(number).trim());
  if (numbering && numbering !== 'year') q.set('numbering', numbering);
  if (issuer.trim()) q.set('issuer', issuer.trim());
  for (const r of to) q.append('to', r);
  return q;
}

function options() {
  return {
    number: $('#jy-number').value,
    numbering: $('#jy-numbering').value,
    issuer: $('#jy-issuer').value,
    to: recipients($('#jy-to').value),
    v: url.get('v') || '',
  };
}

function followupLink(decisionId) {
  return `followup.html?m=${encodeURIComponent(meetingId)}&d=${encodeURIComponent(decisionId)}`;
}

/** The elements of the sheet for the server's lines. */
export function renderLines(lines) {
  const out = [];
  let firstAttendance = true;
  let banji = null;
  let annex = null;  // the table's body once the annex has begun
  for (const l of lines) {
    const text = l.text || '';
    switch (l.kind) {
      case 'marking': out.push(h('p', { class: 'jy-marking' }, text)); break;
      case 'heading': out.push(h('h1', { class: 'jy-heading' }, text)); break;
      case 'issue_number': out.push(h('p', { class: 'jy-issue' }, text)); break;
      case 'masthead':
        out.push(h('p', { class: 'jy-masthead' }, h('span', { class: 'jy-issuer' }, l.label || ''), h('span', { class: 'jy-date' }, text)));
        break;
      case 'opening': out.push(h('p', { class: 'jy-opening' }, text)); break;
      case 'section_title': out.push(h('h2', { class: 'jy-section' }, text)); break;
      case 'statement': out.push(h('p', { class: 'jy-statement' }, text)); break;
      case 'decisions_lead': out.push(h('p', { class: 'jy-lead' }, text)); break;
      case 'decision':
        out.push(h('p', { class: 'jy-decision', 'data-decision': l.decision_id || '' },
          h('span', { class: 'jy-no' }, l.label || ''),
          l.decision_id ? h('a', { href: followupLink(l.decision_id), title: '督办' }, text) : text));
        break;
      case 'withheld': out.push(h('p', { class: 'jy-withheld' }, text)); break;
      // The follow-up annex, on a page of its own before the 版记.
      case 'annex_note': out.push(h('p', { class: 'jy-annex-note' }, l.label || '', text)); break;
      case 'annex_title':
        out.push(h('div', { class: 'jy-annex', id: 'jy-annex' }, h('p', { class: 'jy-annex-label' }, l.label || ''), h('h2', { class: 'jy-annex-title' }, text)));
        break;
      case 'annex_as_of': out[out.length - 1].append(h('p', { class: 'jy-annex-asof' }, text)); break;
      case 'annex_head':
        annex = h('tbody');
        out[out.length - 1].append(h('table', { class: 'jy-annex-table' },
          h('thead', {}, h('tr', {}, (l.cells || []).map((c) => h('th', { scope: 'col' }, c)))), annex));
        break;
      case 'annex_row':
        if (annex) {
          annex.append(h('tr', { 'data-decision': l.decision_id || '' }, (l.cells || []).map((c, i) =>
            h('td', {}, i === 1 && l.decision_id ? h('a', { href: followupLink(l.decision_id), title: '督办' }, c) : c))));
        }
        break;
      case 'attendance':
      case 'recorder':
        out.push(h('p', { class: `jy-names${l.kind === 'recorder' ? ' jy-recorder' : ''}${firstAttendance ? ' jy-attendance-first' : ''}` },
          h('span', { class: 'jy-label' }, l.label || ''), text));
        firstAttendance = false;
        break;
      case 'distribution':
      case 'printed': {
        if (!banji) { banji = h('div', { class: 'jy-banji' }); out.push(banji); }
        if (l.kind === 'distribution') {
          banji.append(h('p', { class: 'jy-distribution' }, h('span', { class: 'jy-label' }, l.label || ''), text));
        } else {
          banji.append(h('p', { class: `jy-printed${banji.childElementCount ? '' : ' jy-alone'}` },
            h('span', {}, l.label || ''), h('span', {}, text)));
        }
        break;
      }
      default: out.push(h('p', { class: 'jy-body' }, text));
    }
  }
  return out;
}

async function reload() {
  const opts = options();
  const q = jiyaoQuery(meetingId, opts, 'json');
  const pageQ = new URLSearchParams(q);
  pageQ.delete('format');
  history.replaceState(null, '', `?${pageQ}`);
  for (const f of ['docx', 'pdf', 'md']) $(`#jy-${f}`).href = `/api/meetings/jiyao?${jiyaoQuery(meetingId, opts, f)}`;
  const sheet = $('#jy-sheet');
  sheet.removeAttribute('data-ready');
  try {
    const res = await fetch(`/api/meetings/jiyao?${q}`, { credentials: 'same-origin' });
    if (res.status === 401) { location.href = `login.html?next=${encodeURIComponent(location.pathname + location.search)}`; return; }
    const body = await res.json();
    if (!res.ok) throw Object.assign(new Error('refused'), { words: errorMessage(body.error || {}) });
    $('#jy-error').hidden = true;
    // The heading is the document's own (drafted in Chinese); the tab says what the page is.
    document.title = `${getLang() === 'zh' ? body.draft.heading : t('jy.title')} · ${t('app.name')}`;
    setChildren(sheet, ...renderLines(body.lines));
    sheet.dataset.ready = 'true';
  } catch (err) {
    setChildren(sheet);
    $('#jy-error').textContent = t('jy.failed', { why: (err && err.words) || t('error.connection') });
    $('#jy-error').hidden = false;
    sheet.dataset.ready = 'error';
  }
}

if (typeof document !== 'undefined' && $('#jy-sheet')) {
  applyI18n(document.body);
  $('#jy-number').value = url.get('number') || '';
  $('#jy-numbering').value = url.get('numbering') === 'period' ? 'period' : 'year';
  $('#jy-issuer').value = url.get('issuer') || '';
  $('#jy-to').value = url.getAll('to').join('、');
  $('#jy-toolbar').addEventListener('change', reload);
  $('#jy-toolbar').addEventListener('submit', (ev) => { ev.preventDefault(); reload(); });
  $('#jy-print').addEventListener('click', () => window.print());
  if (meetingId) {
    reload();
  } else {
    $('#jy-error').textContent = t('jy.no_meeting');
    $('#jy-error').hidden = false;
  }
}
