// The 纪要's follow-up annex (附件：议定事项督办表) as the 纪要 page shows it: the rows, numbers
// and words of the documents (service/export/jiyao_layout.cpp, jiyao_followup.cpp, decision
// 0038). A signed-off version (签发, 印发, 归档) keeps its body as signed, and its annex gets
// the 办理情况 column: each 督办 item's state now, from the decisions the page keeps from
// events, so the column changes as the decision events arrive; "督办情况截至" the office's
// day. Rows are numbered by their place in the body ("二（一）"), the same for every reader.
import { wallClock } from './date-input.js';

const SIGNED = new Set(['JIYAO_APPROVED', 'JIYAO_ISSUED', 'JIYAO_ARCHIVED']);
// The 督办 pages' words for the states (service/followup/decision_item.cpp).
const STATES = {
  opened: '立项', assigned: '已交办', accepted: '已签收', in_progress: '办理中',
  completion_reported: '已报办结', closed: '已销号', cancelled: '已撤销',
};
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Whether a version's annex has the 办理情况 column. */
export const showsFollowUp = (j) => !!j && SIGNED.has(j.state);

/** 1 → 一, 10 → 十, 21 → 二十一 (1..99), as exports::chinese_number. */
export function chineseNumber(n) {
  if (n <= 0 || n >= 100) return String(n);
  if (n < 10) return DIGITS[n];
  return `${n >= 20 ? DIGITS[Math.floor(n / 10)] : ''}十${n % 10 ? DIGITS[n % 10] : ''}`;
}

/** "2026-12-31" → "2026年12月31日"; anything else as it is. */
export function chineseDeadline(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ''));
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : String(iso || '');
}

/** The office's day of an instant: "2026年12月6日". */
export function chineseDay(ms, zone) {
  const w = wallClock(ms, zone);
  return `${w.y}年${w.mo}月${w.d}日`;
}

/** The 办理情况 of a decision as it is now; `signedDeadline` is what the 纪要 says. */
export function followUpWords(d, signedDeadline, zone) {
  const state = d.state || '';
  const closedAt = Number(d.closed_at_ms || 0);
  if (state === 'closed' || state === 'cancelled') {
    return `${state === 'closed' ? '已办结' : '已撤销'}${closedAt > 0 ? `（${chineseDay(closedAt, zone)}）` : ''}`;
  }
  const returned = state === 'opened' && (d.history || []).some((e) => e.action === 'return_assignment');
  let s = returned ? '已退回，待重新交办' : STATES[state] || state || '—';
  const now = d.deadline || '';
  const signed = signedDeadline || '';
  if (now && now !== signed) s += (signed && now > signed ? '，已延期至' : '，完成时限调整为') + chineseDeadline(now);
  return s;
}

const orDash = (s) => (s ? s : '—');
const withoutStop = (text) => {
  let s = String(text || '');
  for (const stop of ['。', '；', '.', ';']) if (s.endsWith(stop)) s = s.slice(0, -stop.length);
  return s;
};

/**
 * The annex of version `j` with the meeting's `decisions` (as this reader has them), at
 * `nowMs` in `zone`: {asOf ('' before 签发), head, rows: [{decision_id, cells}]}; no rows
 * when the version has no 议定事项 (the documents then have no annex).
 */
export function annexOf(j, decisions, nowMs, zone) {
  const followed = showsFollowUp(j);
  const head = ['序号', '议定事项', '牵头单位', '协办单位', '完成时限', '督办人'].concat(followed ? ['办理情况'] : []);
  const rows = [];
  ((j && j.sections) || []).forEach((s, i) => {
    (s.decisions || []).forEach((x, k) => {
      const cells = [
        `${chineseNumber(i + 1)}（${chineseNumber(k + 1)}）`, withoutStop(x.text), orDash(x.lead_unit),
        orDash((x.co_units || []).join('、')), x.deadline ? chineseDeadline(x.deadline) : '—', orDash(x.supervisor_name),
      ];
      if (followed) {
        const now = (decisions || []).find((d) => d.id === x.decision_id);
        cells.push(now ? followUpWords(now, x.deadline, zone) : '—');
      }
      rows.push({ decision_id: x.decision_id, cells });
    });
  });
  return { asOf: followed ? chineseDay(nowMs, zone) : '', head, rows };
}
