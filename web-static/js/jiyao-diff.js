// Comparing two versions of the 纪要 (docs/protocol.md §6.5) as a reader would: passage by
// passage — a sentence of the opening or of a section (split after 。；！？ and at line
// ends), a section's title, a 议定事项, an attendance or 分送 line — in document order. A
// passage is the same when its place (the part it is in) and its text are the same; the
// rest is marked removed (in the older version) or added (in the newer). A word changed in
// a sentence marks that sentence once removed and once added, nothing around it.
// No DOM: the page renders the result (pages/jiyao-draft.js), node tests check it.

/** Splits a text into sentences, each keeping its closing mark; blank ones dropped. */
export function sentences(text) {
  const out = [];
  let cur = '';
  for (const ch of String(text || '')) {
    if (ch === '\n') { if (cur.trim()) out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
    if ('。；！？'.includes(ch)) { if (cur.trim()) out.push(cur.trim()); cur = ''; }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function decisionText(d) {
  const parts = [];
  if (d.lead_unit) parts.push(`牵头单位：${d.lead_unit}`);
  if (d.co_units && d.co_units.length) parts.push(`协办单位：${d.co_units.join('、')}`);
  if (d.deadline) parts.push(`完成时限：${d.deadline}`);
  return `${d.text || ''}${parts.length ? `（${parts.join('；')}）` : ''}`;
}

/** The passages of one version: [{part, text}], in document order. */
export function passages(j) {
  const out = [];
  const add = (part, text, title = false) => { if (text) out.push(title ? { part, text, title } : { part, text }); };
  add('heading', j.heading, true);
  for (const s of sentences(j.opening)) add('opening', s);
  (j.sections || []).forEach((sec) => {
    const part = sec.id || '';
    if (sec.withheld) { add(part, '（略）', true); return; }
    add(part, sec.title, true);
    for (const s of sentences(sec.text)) add(part, s);
    for (const d of sec.decisions || []) add(part, decisionText(d));
  });
  for (const [k, label] of [['attended', '出席'], ['on_leave', '请假'], ['sat_in', '列席'], ['recorders', '记录人'], ['distribution', '分送']]) {
    if ((j[k] || []).length) add(k, `${label}：${j[k].join('、')}`);
  }
  return out;
}

/**
 * The diff of two versions: [{op: 'same'|'del'|'add', part, text}], the older version's
 * passages and the newer's interleaved in document order (longest common subsequence).
 */
export function diffVersions(older, newer) {
  const a = passages(older);
  const b = passages(newer);
  const eq = (x, y) => x.part === y.part && x.text === y.text;
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let k = m - 1; k >= 0; k--) {
      lcs[i][k] = eq(a[i], b[k]) ? lcs[i + 1][k + 1] + 1 : Math.max(lcs[i + 1][k], lcs[i][k + 1]);
    }
  }
  const out = [];
  let i = 0;
  let k = 0;
  while (i < n || k < m) {
    if (i < n && k < m && eq(a[i], b[k])) { out.push({ op: 'same', ...a[i] }); i++; k++; }
    else if (k < m && (i >= n || lcs[i][k + 1] >= lcs[i + 1][k])) { out.push({ op: 'add', ...b[k] }); k++; }
    else { out.push({ op: 'del', ...a[i] }); i++; }
  }
  // Within a run of changes, removals first: "was … now …" reads in that order.
  for (let s = 0; s < out.length;) {
    if (out[s].op === 'same') { s++; continue; }
    let e = s;
    while (e < out.length && out[e].op !== 'same') e++;
    const run = out.slice(s, e);
    out.splice(s, e - s, ...run.filter((x) => x.op === 'del'), ...run.filter((x) => x.op === 'add'));
    s = e;
  }
  return out;
}
