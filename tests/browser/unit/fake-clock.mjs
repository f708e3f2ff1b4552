// A clock for the client's timers (HuiwuClient's `clock` option) that moves only when the
// test says so: "not yet" and "never again" are asserted by advancing time, not by waiting.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Timers and a clock that move only when advance() is called. */
export class FakeClock {
  constructor() { this.t = 1_000_000; this.timers = new Map(); this.nextId = 1; }
  now() { return this.t; }
  setTimeout(fn, ms) { const id = this.nextId++; this.timers.set(id, { at: this.t + Math.max(0, ms || 0), fn }); return id; }
  clearTimeout(id) { this.timers.delete(id); }
  setInterval(fn, ms) { const id = this.nextId++; this.timers.set(id, { at: this.t + ms, fn, every: ms }); return id; }
  clearInterval(id) { this.timers.delete(id); }
  /** Runs every timer due within ms, in time order, then sets the clock to now + ms. */
  advance(ms) {
    const end = this.t + ms;
    for (;;) {
      let next = null;
      for (const [id, tm] of this.timers) if (tm.at <= end && (!next || tm.at < next[1].at)) next = [id, tm];
      if (!next) break;
      const [id, tm] = next;
      this.t = tm.at;
      if (tm.every) tm.at += tm.every; else this.timers.delete(id);
      tm.fn();
    }
    this.t = end;
  }
}

/**
 * Advances the fake clock in steps, letting a fake socket deliver between them (its
 * frames travel on the real event loop: pings get their pongs, answers arrive).
 */
export async function advanceLive(clock, ms, step = 50) {
  for (let done = 0; done < ms; done += step) {
    clock.advance(Math.min(step, ms - done));
    await sleep(3);
  }
}
