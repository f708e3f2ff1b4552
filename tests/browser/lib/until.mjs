// Waiting in node unit tests: poll a condition until it holds, or fail naming what was awaited.
import assert from 'node:assert/strict';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(5);
  }
  assert.fail(`timed out waiting for ${what}`);
}
