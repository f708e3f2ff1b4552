// Steps several browser tests share, done as a secretary does them.

import { waitFor } from './stack.mjs';

/**
 * From the start page: creates a meeting with one agenda item, types `minutes` into its
 * record, waits until it is saved, selects `passage` and opens the decision (督办) dialog.
 * Returns the meeting id; the page is left on the minutes page with the dialog open.
 */
export async function decisionFromPassage(sec, baseUrl, { title, item, minutes, passage }) {
  await sec.goto(`${baseUrl}/index.html`);
  await sec.waitForSelector('#conn-state[data-state="connected"]');
  await sec.fill('#c-title', title);
  await sec.press('#c-title', 'Enter');
  await sec.waitForURL(/secretary\.html\?m=/);
  const meetingId = new URL(sec.url()).searchParams.get('m');
  await sec.waitForSelector('#main:not([hidden])');
  await sec.fill('#ai-title', item);
  await sec.press('#ai-title', 'Enter');
  await sec.waitForSelector('#agenda-list li');
  await sec.goto(`${baseUrl}/minutes.html?m=${encodeURIComponent(meetingId)}`);
  await sec.waitForSelector('#mn-text:not([readonly])');
  await sec.click('#mn-text');
  await sec.keyboard.insertText(minutes);
  await waitFor(() => sec.evaluate(() => window.huiwuMinutes.editor.sync.pendingCount === 0
    && document.querySelector('#mn-sync').dataset.state === 'saved'), { timeoutMs: 15000, what: 'the minutes to be saved' });
  // Select the passage and make it a decision.
  await sec.evaluate((p) => {
    const ta = document.querySelector('#mn-text');
    const at = ta.value.indexOf(p);
    ta.focus();
    ta.setSelectionRange(at, at + p.length);
    ta.dispatchEvent(new Event('select'));
  }, passage);
  await sec.waitForSelector('#mn-make-decision:not([disabled])');
  await sec.click('#mn-make-decision');
  await sec.waitForSelector('#fu-dialog[open]');
  return meetingId;
}
