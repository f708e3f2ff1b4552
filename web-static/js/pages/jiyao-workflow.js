// The 纪要 page's workflow side (jiyao-draft.html): which steps the caller's role may take
// in the version's state (the server's rule, docs/protocol.md §6.5, mirrored so the page
// offers only those), the chair's comments anchored in the text, and the comparison of two
// versions. The server decides; the page only hides what would be refused.
import { h, t, formatDateTime } from '../ui.js';
import { diffVersions } from '../jiyao-diff.js';

const SIGNERS = new Set(['ROLE_CHAIR', 'ROLE_CONVENER']);
const WRITERS = new Set(['ROLE_SECRETARY', 'ROLE_CONVENER']);

/**
 * The steps offered: [{step, key}] for the last version `j` (null: none yet), the page's
 * role and the meeting's phase.
 */
export function offeredSteps(j, role, phase) {
  const out = [];
  const add = (step, key) => out.push({ step, key });
  const writer = WRITERS.has(role);
  const signer = SIGNERS.has(role);
  if (!j) {
    if (writer && phase === 'PHASE_ENDED') add('JIYAO_CREATE', 'jy.create');
    return out;
  }
  switch (j.state) {
    case 'JIYAO_DRAFTING':
    case 'JIYAO_RETURNED':
      if (writer) add('JIYAO_SUBMIT', 'jy.submit');
      break;
    case 'JIYAO_SUBMITTED':
      if (signer) { add('JIYAO_APPROVE', 'jy.approve'); add('JIYAO_RETURN', 'jy.return'); }
      break;
    case 'JIYAO_APPROVED':
      if (writer) { add('JIYAO_ISSUE', 'jy.issue'); add('JIYAO_CORRECT', 'jy.correct'); }
      break;
    case 'JIYAO_ISSUED':
      if (writer) { add('JIYAO_ARCHIVE', 'jy.archive'); add('JIYAO_CORRECT', 'jy.correct'); }
      break;
    case 'JIYAO_ARCHIVED':
      if (writer) add('JIYAO_CORRECT', 'jy.correct');
      break;
    default:
      break;
  }
  return out;
}

/** Whether the last version takes edits (起草 or 退回修改). */
export const editable = (j) => !!j && (j.state === 'JIYAO_DRAFTING' || j.state === 'JIYAO_RETURNED');

/** Splits a list typed on one line (、，,；; or new lines) into its entries. */
export function splitList(s) {
  return String(s || '').split(/[、，,；;\n]+/).map((x) => x.trim()).filter(Boolean);
}

/** The comments on one section, each with its passage quoted as it stands in the text. */
export function renderComments(box, comments, names) {
  box.replaceChildren();
  if (!comments.length) { box.append(h('p', { class: 'muted' }, t('jy.no_comments'))); return; }
  for (const c of comments) {
    box.append(h('div', { class: 'jy-comment', dataset: { section: c.section_id, offset: String(c.offset) } },
      h('blockquote', { class: 'jy-quote' }, h('mark', {}, c.quote)),
      h('p', {}, h('strong', {}, t('jy.comment_by', { name: names(c.by) })), c.text)));
  }
}

/**
 * The section's text with the commented passages marked where the comments point: a
 * read-only view beside the editor ([{quote, offset}] in code points).
 */
export function markedText(box, text, comments) {
  const cps = [...String(text || '')];
  const spans = comments
    .map((c) => ({ start: c.offset, end: c.offset + [...c.quote].length, c }))
    .filter((s) => cps.slice(s.start, s.end).join('') === s.c.quote)
    .sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    parts.push(cps.slice(at, s.start).join(''));
    parts.push(h('mark', { class: 'jy-anchor', title: s.c.text }, cps.slice(s.start, s.end).join('')));
    at = s.end;
  }
  parts.push(cps.slice(at).join(''));
  box.replaceChildren(...parts);
}

/** The comparison of two versions: unchanged passages plain, removed struck, added underlined. */
export function renderDiff(box, older, newer) {
  const d = diffVersions(older, newer);
  box.replaceChildren();
  if (d.every((x) => x.op === 'same')) { box.append(h('p', { class: 'muted' }, t('jy.diff_none'))); return; }
  for (const x of d) {
    if (x.op === 'same') box.append(h(x.title ? 'h3' : 'p', { class: 'jy-same' }, x.text));
    else if (x.op === 'del') box.append(h('p', { class: 'jy-del' }, h('del', { title: t('jy.diff_del') }, x.text)));
    else box.append(h('p', { class: 'jy-add' }, h('ins', { title: t('jy.diff_add') }, x.text)));
  }
}

/** The version's history, one line per step. */
export function renderSteps(box, j) {
  box.replaceChildren(...(j ? j.steps : []).map((s) => h('li', {},
    h('span', { class: 'num' }, formatDateTime(s.at_ms)), ' ',
    t(`jy.step.${s.action}`), ' · ', s.by_name || s.by, s.note ? t('ui.paren', { a: '', b: s.note }).trim() : '')));
}
