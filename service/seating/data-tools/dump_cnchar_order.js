// Prints cnchar-order's data as one JSON object on stdout, for gen_char_table.py:
//   {"version": "...", "orders": {"王": "jjfj", ...},
//    "strokes": {"j": {"name": "横", "type": "平笔"}, ...}}
// The letters are cnchar's own stroke codes; the generator maps them to the five
// national stroke classes by stroke *name*, so a change of letters upstream cannot
// silently change the ordering.
'use strict';
const path = require('path');

const modulesDir = process.argv[2];
if (!modulesDir) {
  console.error('usage: node dump_cnchar_order.js NODE_MODULES_DIR');
  process.exit(2);
}
const pkgDir = path.join(path.resolve(modulesDir), 'cnchar-order');
const order = require(pkgDir);
const meta = require(path.join(pkgDir, 'package.json'));
const dict = (order.default || order).dict;
if (!dict || !dict.orders || !dict.strokeTable) {
  console.error('cnchar-order ' + meta.version + ' has no dict.orders / dict.strokeTable');
  process.exit(1);
}
const strokes = {};
for (const [letter, info] of Object.entries(dict.strokeTable)) {
  strokes[letter] = {name: info.name, type: info.type};
}
process.stdout.write(JSON.stringify({version: meta.version, orders: dict.orders, strokes}));
