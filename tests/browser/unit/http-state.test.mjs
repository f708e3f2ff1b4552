// The connection state of the pages without a socket (docs/decisions/0017): the follow-up
// feed (long polling, web-static/js/followup-live.js) and the admin page's /healthz probe
// (web-static/js/http-link.js), against a stubbed fetch whose "server" answers or hangs
// (a stopped server: requests neither succeed nor fail until aborted). Waits are for
// conditions, bounded; nothing sleeps to show that something did not happen.
//
//   node --test unit/

import test from 'node:test';
import assert from 'node:assert/strict';
import { FollowupFeed } from '../../../web-static/js/followup-live.js';
import { HttpLink } from '../../../web-static/js/http-link.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await sleep(5);
  }
  assert.fail(`timed out waiting for ${what}`);
}

const PING = 60;

/** window and navigator for the modules, and a fetch backed by a tiny server that can stop answering. */
function fakeBrowser() {
  const et = new EventTarget();
  globalThis.addEventListener = et.addEventListener.bind(et);
  globalThis.removeEventListener = et.removeEventListener.bind(et);
  const nav = { onLine: true };
  Object.defineProperty(globalThis, 'navigator', { value: nav, configurable: true, writable: true });
  const server = { up: true, storage: true, generation: 1000, polls: 0 };
  const hang = (signal) => new Promise((_, reject) => {
    if (signal) signal.addEventListener('abort', () => reject(new Error('aborted')));
  });
  const json = (body) => ({ ok: true, status: 200, json: async () => body });
  globalThis.fetch = async (url, init = {}) => {
    if (!server.up) return hang(init.signal);
    if (url.startsWith('/healthz')) {
      return server.storage ? json({ ok: true }) : { ok: false, status: 503, json: async () => ({ error: 'redis' }) };
    }
    const m = /changes\?after=(\d+)/.exec(url);
    if (m) {
      server.polls++;
      if (Number(m[1]) !== server.generation) return json({ generation: server.generation });
      return hang(init.signal); // nothing new: a long poll that waits
    }
    return { ok: false, status: 404, json: async () => ({}) };
  };
  const restore = () => {
    delete globalThis.addEventListener;
    delete globalThis.removeEventListener;
    delete globalThis.navigator;
    delete globalThis.fetch;
  };
  return { et, nav, server, restore };
}

test('follow-up feed: syncing until the page has re-read, then connected; a server that stops answering is reconnecting within the ping interval + timeout', async () => {
  const b = fakeBrowser();
  const feed = new FollowupFeed({ pingIntervalMs: PING, pingTimeoutMs: PING });
  const states = [];
  feed.onState(() => states.push(feed.state));
  let finishRead;
  let reads = 0;
  feed.onChange(() => { reads++; return new Promise((r) => { finishRead = r; }); });
  try {
    feed.start();
    await until(() => reads === 1, 'the first re-read');
    assert.equal(feed.state, 'syncing', 'the board is being read: not connected yet');
    finishRead();
    await until(() => feed.state === 'connected', 'connected once the page has read');

    // The server stops answering: the long poll hangs, the probe does not.
    const t0 = Date.now();
    b.server.up = false;
    await until(() => feed.state === 'reconnecting', 'reconnecting after the server stopped', 3000);
    const took = Date.now() - t0;
    assert.ok(took < 2 * PING + 1000, `reconnecting after ${took} ms (bound: interval + timeout)`);

    // Back: at once (after=0 is answered at once), re-read, then connected.
    b.server.up = true;
    feed.reconnectNow();
    await until(() => reads === 2, 'the re-read after the outage');
    assert.equal(feed.state, 'syncing');
    finishRead();
    await until(() => feed.state === 'connected', 'connected again');
    assert.deepEqual(states.filter((s, i) => s !== states[i - 1]), ['syncing', 'connected', 'reconnecting', 'syncing', 'connected']);
  } finally {
    feed.stop();
    b.restore();
  }
});

test('follow-up feed: the browser\'s offline event means offline at once', async () => {
  const b = fakeBrowser();
  const feed = new FollowupFeed({ pingIntervalMs: 60000 });
  feed.onChange(() => {});
  try {
    feed.start();
    await until(() => feed.state === 'connected', 'connected');
    b.nav.onLine = false;
    b.et.dispatchEvent(new Event('offline'));
    assert.equal(feed.state, 'offline', 'offline at once, not after a probe');
    b.nav.onLine = true;
    b.et.dispatchEvent(new Event('online'));
    await until(() => feed.state === 'connected', 'connected after online');
  } finally {
    feed.stop();
    b.restore();
  }
});

test('http link (admin page): connected while /healthz answers, reconnecting within the bound when it hangs, offline at once on the event', async () => {
  const b = fakeBrowser();
  const link = new HttpLink({ pingIntervalMs: PING, pingTimeoutMs: PING });
  try {
    link.start();
    await until(() => link.state === 'connected', 'connected');
    const t0 = Date.now();
    b.server.up = false;
    await until(() => link.state === 'reconnecting', 'reconnecting', 3000);
    assert.ok(Date.now() - t0 < 2 * PING + 1000, 'within interval + timeout');
    b.server.up = true;
    await until(() => link.state === 'connected', 'connected again');
    b.nav.onLine = false;
    b.et.dispatchEvent(new Event('offline'));
    assert.equal(link.state, 'offline');
    b.nav.onLine = true;
    b.et.dispatchEvent(new Event('online'));
    await until(() => link.state === 'connected', 'connected after online');
  } finally {
    link.stop();
    b.restore();
  }
});

test('http link (admin page): a server that answers 503 (its storage is gone) is not connected', async () => {
  const b = fakeBrowser();
  const link = new HttpLink({ pingIntervalMs: PING, pingTimeoutMs: PING });
  try {
    link.start();
    await until(() => link.state === 'connected', 'connected');
    b.server.storage = false;
    await until(() => link.state === 'syncing', 'syncing while /healthz says 503');
    b.server.storage = true;
    await until(() => link.state === 'connected', 'connected once storage is back');
  } finally {
    link.stop();
    b.restore();
  }
});
