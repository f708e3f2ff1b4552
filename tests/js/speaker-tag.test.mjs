// The browser's speaker rule (TAG in web-static/js/pages/minutes-carets.js, and the copy the
// leader's page uses) against the cases the server's find_speaker is tested with
// (tests/export/speaker_cases.json, tests/export/speaker_tag_test.cpp): the exported minutes
// group by exactly the speakers the secretaries see tagged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { TAG } from '../../web-static/js/pages/minutes-carets.js';

const { cases } = JSON.parse(readFileSync(new URL('../export/speaker_cases.json', import.meta.url), 'utf8'));

test('TAG agrees with the server on every shared case', () => {
  assert.ok(cases.length > 20);
  for (const { text, speaker } of cases) {
    const m = TAG.exec(text);
    assert.equal(m ? m[1] : null, speaker, JSON.stringify(text));
  }
});

test("the leader page's copy of the rule is the same pattern", () => {
  const src = readFileSync(new URL('../../web-static/js/pages/leader-minutes.js', import.meta.url), 'utf8');
  const m = /const TAG = \/(.*)\/;/.exec(src);
  assert.ok(m, 'leader-minutes.js defines TAG');
  assert.equal(m[1].replace('([：:])', '[：:]'), TAG.source);
});
