// A deliberately small test runner: tests run one after another, each with a time
// limit; the last line printed is "N passed, N failed" (the CI reads it), and the exit
// code is non-zero when anything failed.

const tests = [];

/** Registers a test. fn(ctx) may be async; opts.timeoutMs (default 90 s). */
export function test(name, fn, opts = {}) {
  tests.push({ name, fn, timeoutMs: opts.timeoutMs || 90000 });
}

function withTimeout(p, ms, name) {
  let t;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise((_, reject) => { t = setTimeout(() => reject(new Error(`test "${name}" timed out after ${ms} ms`)), ms); }),
  ]);
}

/**
 * Runs the registered tests. hooks.before() -> ctx, hooks.after(ctx, failed) always
 * runs. hooks.onFailure(ctx, test, error) runs after a failed test (logs, screenshots).
 */
export async function run(hooks = {}) {
  // HUIWU_E2E_ONLY=<text>[|<text>...]: only the tests whose name contains one of them, in
  // their registered order (for working on one, or on one that sees another's data).
  const only = process.env.HUIWU_E2E_ONLY;
  if (only) {
    const parts = only.split('|');
    tests.splice(0, tests.length, ...tests.filter((t) => parts.some((p) => t.name.includes(p))));
  }
  let passed = 0;
  let failed = 0;
  let ctx;
  try {
    ctx = hooks.before ? await hooks.before() : {};
    for (const t of tests) {
      const start = Date.now();
      try {
        await withTimeout(Promise.resolve().then(() => t.fn(ctx)), t.timeoutMs, t.name);
        passed++;
        console.log(`ok   - ${t.name} (${Date.now() - start} ms)`);
      } catch (e) {
        failed++;
        console.log(`FAIL - ${t.name} (${Date.now() - start} ms)\n${indent(e && e.stack ? e.stack : String(e))}`);
        if (hooks.onFailure) await hooks.onFailure(ctx, t, e).catch((e2) => console.log(`  (onFailure: ${e2.message})`));
      }
    }
  } catch (e) {
    failed += Math.max(1, tests.length - passed - failed);
    console.log(`FAIL - setup\n${indent(e && e.stack ? e.stack : String(e))}`);
  } finally {
    if (hooks.after) await hooks.after(ctx, failed).catch((e) => console.log(`teardown: ${e.message}`));
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

function indent(s) { return s.split('\n').map((l) => `    ${l}`).join('\n'); }
