// The "导出纪要" menu (minutes page and secretary page): the formal minutes (纪要) drafted
// by the server — the print page jiyao.html, Word, PDF — from GET /api/meetings/jiyao, and
// the verbatim record (会议记录) as Word, item by item or speaker by speaker, or as plain
// text, from GET /api/meetings/minutes (docs/export.md). Anyone who can open the meeting
// gets the menu; the server decides what the documents hold (only what the account is
// cleared for) and records every export.

import { h, t, toast, applyI18n } from '../ui.js';
import { addStrings } from '../i18n.js';
import { errorMessage } from '../field-errors.js';

addStrings({
  zh: {
    'ex.menu': '导出纪要',
    'ex.jiyao': '会议纪要',
    'ex.jiyao_print': '纪要 · 打印预览',
    'ex.jiyao_docx': '纪要 · Word',
    'ex.jiyao_pdf': '纪要 · PDF',
    'ex.record': '会议记录',
    'ex.docx_item': '记录 · Word · 按议题',
    'ex.docx_speaker': '记录 · Word · 按发言人',
    'ex.txt_item': '记录 · 文本 · 按议题',
    'ex.txt_speaker': '记录 · 文本 · 按发言人',
    'ex.number': '期号（可选）',
    'ex.number_ph': '例如：〔2026〕12号',
    'ex.hint': '只含你有权查看的议题；导出会记入审计日志。',
    'ex.working': '正在生成…',
    'ex.done': '已导出：{name}',
    'ex.failed': '导出失败：{why}',
  },
  en: {
    'ex.menu': 'Export minutes',
    'ex.jiyao': 'Formal minutes',
    'ex.jiyao_print': 'Minutes · print preview',
    'ex.jiyao_docx': 'Minutes · Word',
    'ex.jiyao_pdf': 'Minutes · PDF',
    'ex.record': 'Verbatim record',
    'ex.docx_item': 'Record · Word · by item',
    'ex.docx_speaker': 'Record · Word · by speaker',
    'ex.txt_item': 'Record · text · by item',
    'ex.txt_speaker': 'Record · text · by speaker',
    'ex.number': 'Issue number (optional)',
    'ex.number_ph': 'e.g. 12',
    'ex.hint': 'Holds only the items you are cleared for; every export is audited.',
    'ex.working': 'Preparing…',
    'ex.done': 'Exported: {name}',
    'ex.failed': 'Export failed: {why}',
  },
});

const CHOICES = [
  { key: 'ex.docx_item', format: 'docx', group: 'item' },
  { key: 'ex.docx_speaker', format: 'docx', group: 'speaker' },
  { key: 'ex.txt_item', format: 'txt', group: 'item' },
  { key: 'ex.txt_speaker', format: 'txt', group: 'speaker' },
];

const JIYAO = [
  { key: 'ex.jiyao_docx', format: 'docx', jiyao: true },
  { key: 'ex.jiyao_pdf', format: 'pdf', jiyao: true },
];

/** The file name the server chose (RFC 5987 filename*, else filename), or a fallback. */
export function fileNameOf(disposition, fallback) {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition || '');
  if (star) {
    try { return decodeURIComponent(star[1]); } catch { /* malformed: fall through */ }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition || '');
  return plain ? plain[1] : fallback;
}

/** The export URL for a choice. */
export function exportUrl(meetingId, format, group, number = '') {
  const q = new URLSearchParams({ m: meetingId, format, group });
  if (number.trim()) q.set('number', number.trim());
  return `/api/meetings/minutes?${q}`;
}

/** The 纪要 route's number parameters for what was typed: 〔2026〕12号, 第12期 or 12. */
export function jiyaoNumber(typed) {
  const s = String(typed || '').trim();
  let m = /^〔\d{4}〕(\d{1,5})号$/.exec(s);
  if (m) return { number: m[1], numbering: 'year' };
  m = /^第(\d{1,5})期$/.exec(s);
  if (m) return { number: m[1], numbering: 'period' };
  return /^\d{1,5}$/.test(s) ? { number: s, numbering: '' } : { number: '', numbering: '' };
}

/** The 纪要 URL: the print page (format "print") or a download. */
export function jiyaoUrl(meetingId, format, typed = '') {
  const q = new URLSearchParams({ m: meetingId });
  const { number, numbering } = jiyaoNumber(typed);
  if (number) q.set('number', number);
  if (numbering) q.set('numbering', numbering);
  if (format === 'print') return `jiyao.html?${q}`;
  q.set('format', format);
  return `/api/meetings/jiyao?${q}`;
}

async function download(meetingId, choice, number, busy) {
  busy(true);
  try {
    const target = choice.jiyao ? jiyaoUrl(meetingId, choice.format, number)
      : exportUrl(meetingId, choice.format, choice.group, number);
    const res = await fetch(target, { credentials: 'same-origin' });
    if (!res.ok) {
      let why = t('err.code.unspecified');
      try { why = errorMessage((await res.json()).error); } catch { /* not JSON */ }
      toast(t('ex.failed', { why }), 'error', 7000);
      return;
    }
    const name = fileNameOf(res.headers.get('Content-Disposition'), `minutes.${choice.format}`);
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    toast(t('ex.done', { name }), 'ok');
  } catch (err) {
    toast(t('ex.failed', { why: t('error.connection') }), 'error', 7000);
  } finally {
    busy(false);
  }
}

/** Adds the menu to `container` for the meeting; returns its root element. */
export function mountExportMenu(container, meetingId) {
  const number = h('input', { type: 'text', id: 'ex-number', maxlength: '40', 'data-i18n-placeholder': 'ex.number_ph' });
  const buttons = CHOICES.map((c) => h('button', {
    class: 'btn btn-sm ex-choice', type: 'button', role: 'menuitem', 'data-format': c.format, 'data-group': c.group,
    'data-i18n': c.key,
    onclick: () => download(meetingId, c, number.value, (on) => {
      for (const b of buttons) b.disabled = on;
      summary.setAttribute('aria-busy', on ? 'true' : 'false');
    }),
  }));
  const jiyao = JIYAO.map((c) => h('button', {
    class: 'btn btn-sm ex-jiyao', type: 'button', role: 'menuitem', 'data-format': c.format, 'data-i18n': c.key,
    onclick: () => download(meetingId, c, number.value, (on) => {
      for (const b of jiyao) b.disabled = on;
      summary.setAttribute('aria-busy', on ? 'true' : 'false');
    }),
  }));
  const preview = h('a', {
    class: 'btn btn-sm ex-jiyao', id: 'ex-jiyao-print', role: 'menuitem', target: '_blank', rel: 'noopener',
    href: jiyaoUrl(meetingId, 'print'), 'data-i18n': 'ex.jiyao_print',
  });
  number.addEventListener('input', () => { preview.href = jiyaoUrl(meetingId, 'print', number.value); });
  const summary = h('summary', { class: 'btn btn-sm', 'data-i18n': 'ex.menu' });
  const root = h('details', { class: 'ex-menu', id: 'export-menu' },
    summary,
    h('div', { class: 'ex-panel', role: 'menu' },
      h('p', { class: 'hint ex-group', 'data-i18n': 'ex.jiyao' }),
      preview,
      ...jiyao,
      h('p', { class: 'hint ex-group', 'data-i18n': 'ex.record' }),
      ...buttons,
      h('div', { class: 'field ex-number' }, h('label', { for: 'ex-number', 'data-i18n': 'ex.number' }), number),
      h('p', { class: 'hint ex-hint', 'data-i18n': 'ex.hint' })));
  // Closes when the focus or a click goes elsewhere, like any menu.
  document.addEventListener('click', (ev) => { if (!root.contains(ev.target)) root.open = false; });
  root.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { root.open = false; summary.focus(); } });
  container.append(root);
  applyI18n(root);
  return root;
}
