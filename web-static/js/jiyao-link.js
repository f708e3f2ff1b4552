// The 议定事项 of the 纪要 are its 督办 items (service/domain/jiyao_link.hpp, the same rule):
// while the working version is not signed off, a decision event puts the item as it is now
// into the version — in place where it is, else at the end of its item's section, else of
// "j:other" — and from 签发 on the version keeps what was signed. The server applies the
// same rule to the same events, so a page that keeps the meeting from events agrees with a
// fresh snapshot.

const FOLLOWING = new Set(['JIYAO_DRAFTING', 'JIYAO_SUBMITTED', 'JIYAO_RETURNED']);
const trim = (s) => String(s || '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');

/** A Decision as the 纪要 shows it (exports::decision_of). */
export function jiyaoDecisionOf(d) {
  return {
    decision_id: d.id,
    text: trim(d.text),
    lead_unit: trim(d.lead_unit) || trim(d.lead_name),
    co_units: (d.co_units || []).map(trim).filter(Boolean),
    deadline: d.deadline || '',
    supervisor_name: trim(d.supervisor_name),
  };
}

/** Whether a version still follows its 督办 items. */
export const followsDecisions = (j) => !!j && FOLLOWING.has(j.state);

/** Applies a decision event's decision to the meeting's working 纪要 version. */
export function followDecision(m, d) {
  const versions = (m && m.jiyao) || [];
  const j = versions[versions.length - 1];
  if (!d || !followsDecisions(j)) return;
  const now = jiyaoDecisionOf(d);
  for (const s of j.sections) {
    const i = (s.decisions || []).findIndex((x) => x.decision_id === d.id);
    if (i >= 0) { s.decisions[i] = now; return; }
  }
  let home = d.item_id ? j.sections.find((s) => s.item_id === d.item_id) : null;
  if (!home) home = j.sections.find((s) => s.id === 'j:other');
  if (!home) {
    home = { id: 'j:other', item_id: '', title: '其他议定事项', text: '', level: (m.info && m.info.level) || 'LEVEL_PUBLIC', withheld: false, decisions: [] };
    j.sections.push(home);
  }
  if (home.withheld) return;  // the reader sees nothing of that section
  home.decisions = home.decisions || [];
  home.decisions.push(now);
}
