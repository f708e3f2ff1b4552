// Helpers on top of ot.js for the live minutes.
// TextOperation <-> the wire form of proto/huiwu.proto (huiwu.v1.TextOperation):
//   {"ops": [{"retain": 5}, {"insert": "会议", "continues": true}, {"delete": 2}]}
// ot.js itself uses the ot.js array form [5, {insert: "会议", continues: true}, -2]
// (a plain string for an insert that does not continue); counts are code points in both.

import { TextOperation, cpLength, isInsertComponent, insertText, insertContinues } from './ot.js';

/** A TextOperation (or its array form) as the wire message. */
export function opToWire(op) {
  const ops = Array.isArray(op) ? op : op.ops;
  return {
    ops: ops.map((c) => {
      if (!isInsertComponent(c)) return c > 0 ? { retain: c } : { delete: -c };
      return insertContinues(c) ? { insert: insertText(c), continues: true } : { insert: insertText(c) };
    }),
  };
}

/** The wire message (as the server prints it: counts may be numbers or strings) as a TextOperation. */
export function opFromWire(w) {
  const arr = [];
  for (const c of (w && w.ops) || []) {
    if (typeof c.insert === 'string' && c.insert !== '') arr.push(c.continues === true ? { insert: c.insert, continues: true } : c.insert);
    else if (c.retain !== undefined && Number(c.retain) > 0) arr.push(Number(c.retain));
    else if (c.delete !== undefined && Number(c.delete) > 0) arr.push(-Number(c.delete));
  }
  return TextOperation.fromJSON(arr, { maxInsertCodePoints: Infinity, maxComponents: Infinity });
}

// Where index (a position in op's result) was in op's base document; a position inside
// inserted text maps to where the insert was. The inverse direction of transformIndex.
export function untransformIndex(op, index) {
  let base = 0;
  let target = 0;
  for (const c of op.ops) {
    if (isInsertComponent(c)) {
      const n = cpLength(insertText(c));
      if (index <= target + n) return base;
      target += n;
    } else if (c > 0) {
      if (index <= target + c) return base + (index - target);
      base += c;
      target += c;
    } else {
      base -= c;
    }
  }
  return base;
}
