// The error vocabulary the server can send, read from its sources, so that a test can ask
// the browser's dictionaries for words for each one (web-static/js/error-strings.js).
//
// - codes: every ErrorCode of proto/huiwu.proto (lower case without ERROR_, the HTTP
//   spelling of decision 0019) and every code an HTTP route writes by hand
//   (`json_error(400, "weak_password", …)`, `error(401, "bad_credentials", …)`,
//   `error_body("origin_not_allowed", …)`);
// - fields: every string literal passed as the field of a rejection. The server names
//   fields through a handful of helpers; FIELD_ARG says which argument holds the field for
//   each. A new helper that takes a field must be added here, or its fields go unchecked.
import fs from 'node:fs';
import path from 'node:path';

export const FIELD_ARG = {
  reject: 2,        // domain / followup reject(code, message, field)
  json_error: 3,    // net::json_error(status, code, message, field)
  check_text: 2,    // check_text(value, rule, field)
  check_time: 1,    // check_time(ms, field)
  check_level: 1,
  set_field: 0,     // v1::Error::set_field(field)
  refuse: 1,        // followup state machine refuse(code, field, message)
  refuse_unit: 2,   // the unit directory's refuse_unit(status, code, field, message)
  no: 1,
  account: 1,       // decision_logic's account(id, field)
};

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(cpp|hpp)$/.test(e.name)) out.push(p);
  }
  return out;
}

// Splits a call's argument text at its top-level commas (strings and brackets respected).
function splitArgs(s) {
  const args = [];
  let depth = 0, cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      cur += s.slice(i, j + 1);
      i = j;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) { args.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim()) args.push(cur.trim());
  return args;
}

const FIELD_SHAPE = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$/;

/** {codes: Set<string>, fields: Map<field, Set<where>>} for the repository at root. */
export function serverErrorVocabulary(root) {
  const proto = fs.readFileSync(path.join(root, 'proto/huiwu.proto'), 'utf8');
  const enumText = proto.match(/enum ErrorCode \{([\s\S]*?)\}/)[1];
  const codes = new Set([...enumText.matchAll(/ERROR_([A-Z_]+)\s*=/g)].map((m) => m[1].toLowerCase()));
  const fields = new Map();
  const callRe = new RegExp(`\\b(${Object.keys(FIELD_ARG).join('|')})\\s*\\(`, 'g');
  for (const file of walk(path.join(root, 'service'))) {
    const src = fs.readFileSync(file, 'utf8').replace(/\/\/[^\n]*/g, '');
    for (const m of src.matchAll(/\berror\(\s*\d{3}\s*,\s*"([a-z_]+)"/g)) codes.add(m[1]);
    for (const m of src.matchAll(/\bjson_error\(\s*\d{3}\s*,\s*"([a-z_]+)"/g)) codes.add(m[1]);
    for (const m of src.matchAll(/\berror_body\(\s*"([a-z_]+)"/g)) codes.add(m[1]);
    for (const m of src.matchAll(callRe)) {
      let i = m.index + m[0].length, depth = 1;
      const start = i;
      while (i < src.length && depth) {
        const c = src[i];
        if (c === '"') { i++; while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1; }
        else if (c === '(') depth++;
        else if (c === ')') depth--;
        i++;
      }
      const args = splitArgs(src.slice(start, i - 1));
      const n = FIELD_ARG[m[1]];
      if (args.length <= n || (m[1] === 'reject' && args.length < 3)) continue;
      // A literal, or a choice between literals (`bad ? "a" : "b"`).
      for (const lit of args[n].matchAll(/"([^"\\]*)"/g)) {
        if (!FIELD_SHAPE.test(lit[1])) continue;
        if (!fields.has(lit[1])) fields.set(lit[1], new Set());
        fields.get(lit[1]).add(`${path.relative(root, file)}:${m[1]}`);
      }
    }
  }
  return { codes, fields };
}
