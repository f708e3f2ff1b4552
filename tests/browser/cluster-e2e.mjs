// The drain in a real browser (docs/operations.md "Drain"; registered by e2e.mjs). A second
// instance B on the stack's Redis, and Debian's nginx in front (deploy/cluster-nginx.conf.in)
// with B as the primary and the stack's own server A as the backup, so that the page is on B
// for sure. B gets SIGTERM while 王秘书 types minutes: the page's socket is closed with
// 1012, its client opens exactly one new socket (through nginx, to A: no failed attempt in
// between), says connected again only after the resume, and the words typed before and
// while B drained are in the record as another page on A reads it. B exits 0.
// Every wait is for a condition; nothing sleeps to show that something did not happen.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor, login, repoRoot } from './lib/stack.mjs';

const PING_MS = 500;

function nginxBin() {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (fs.existsSync(p)) return p;
  const r = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  if (r.status === 0) return r.stdout.trim();
  throw new Error('nginx not found (deploy/install-deps.sh --test installs it)');
}

function started(cmd, args, log) {
  const out = fs.openSync(log, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, log };
}

async function healthy(port, proc, what) {
  await waitFor(async () => {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited:\n${fs.readFileSync(proc.log, 'utf8').slice(-2000)}`);
    const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
    return r && r.ok;
  }, { timeoutMs: 20000, what: `${what} to answer /healthz` });
}

async function typeMinutes(page, text) {
  await page.bringToFront();
  await page.evaluate(() => { const t = document.querySelector('#mn-text'); t.focus(); t.setSelectionRange(t.value.length, t.value.length); });
  await page.keyboard.insertText(text);
}

export function registerClusterTests(test) {
  test('cluster: an instance drained by SIGTERM sends the page to another through nginx with 1012; one reconnect, resumed, nothing typed lost', async (ctx) => {
    const { stack } = ctx;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiwu-e2e-cluster-'));
    const portB = await freePort();
    const portN = await freePort();
    const b = started(stack.serverBin, ['--listen', `127.0.0.1:${portB}`, '--redis', `127.0.0.1:${stack.redisPort}`,
      '--web-root', stack.webRoot, '--materials-dir', path.join(stack.dir, 'materials'), '--trusted-proxy', '127.0.0.1',
      '--drain-ms', '10000'], path.join(dir, 'server-b.log'));
    let nginx = null;
    let context = null;
    try {
      await healthy(portB, b, 'instance B');
      let conf = fs.readFileSync(path.join(repoRoot, 'deploy/cluster-nginx.conf.in'), 'utf8');
      fs.mkdirSync(path.join(dir, 'tmp'));
      conf = conf.replaceAll('@UPSTREAMS@', `        server 127.0.0.1:${portB} max_fails=1 fail_timeout=30s;\n        server 127.0.0.1:${stack.port} backup;`)
        .replaceAll('@USER@', process.getuid && process.getuid() === 0 ? 'user root root;' : '')
        .replaceAll('@PREFIX@', dir).replaceAll('@LISTEN@', `127.0.0.1:${portN}`);
      fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
      nginx = started(nginxBin(), ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], path.join(dir, 'nginx.out'));
      await healthy(portN, nginx, 'nginx');
      const base = `http://127.0.0.1:${portN}`;

      context = await stack.newContext();
      await context.addInitScript((ms) => {
        window.huiwuConnTiming = { pingIntervalMs: ms, pingTimeoutMs: ms };
        // Every socket the page opens, and how it ended.
        const Native = window.WebSocket;
        window.wsLog = [];
        window.WebSocket = class extends Native {
          constructor(...args) {
            super(...args);
            const rec = { opened: false, code: null };
            window.wsLog.push(rec);
            this.addEventListener('open', () => { rec.opened = true; });
            this.addEventListener('close', (e) => { rec.code = e.code; });
          }
        };
      }, PING_MS);
      const first = await stack.page('cluster-login', ctx.errors, context);
      await login(first, 'wang', undefined, { baseUrl: base, next: '/index.html' });
      await first.waitForSelector('#conn-state[data-state="connected"]', { timeout: 20000 });
      const meetingId = await first.evaluate(async () => {
        const c = window.huiwuClient;
        const { meeting } = await c.createMeeting({ title: '集群排空测试' });
        const s = c.join(meeting.id);
        await s.ready;
        await s.send({ add_item: { item: { title: '议题一：听取汇报', planned_minutes: 20 }, position: -1 } });
        while (!s.meeting.agenda.length) await new Promise((r) => setTimeout(r, 20));
        await s.send({ start_meeting: {} });
        await s.send({ set_current: { item_id: s.meeting.agenda[0].id, mark_previous_done: false } });
        return meeting.id;
      });
      await first.close();
      const page = await stack.page('cluster-minutes', ctx.errors, context);
      await page.goto(`${base}/minutes.html?m=${encodeURIComponent(meetingId)}`);
      await page.waitForSelector('#mn-text:not([readonly])', { timeout: 20000 });
      await page.waitForSelector('#conn-state[data-state="connected"]', { timeout: 20000 });
      const serverB = await page.evaluate(() => window.huiwuClient.serverId);

      await typeMinutes(page, '排空之前记下的一句。');
      await page.waitForSelector('#pending-count[hidden]', { state: 'attached', timeout: 20000 });
      await page.evaluate(() => {
        const c = window.huiwuClient;
        window.connLog = [];
        c.onState(() => window.connLog.push({ state: c.state, link: c.linkUp, unsent: c.unsentCount }));
      });
      const socketsBefore = await page.evaluate(() => window.wsLog.length);

      b.child.kill('SIGTERM');
      await typeMinutes(page, '排空之时记下的一句。');
      const exit = await b.exited;
      if (exit.code !== 0) throw new Error(`instance B exited with ${JSON.stringify(exit)}:\n${fs.readFileSync(b.log, 'utf8').slice(-2000)}`);

      await waitFor(async () => (await page.evaluate(() => window.huiwuClient.state)) === 'connected'
        && (await page.evaluate((id) => window.huiwuClient.serverId !== id, serverB)),
      { timeoutMs: 30000, what: 'the page connected again, to another instance' });
      await page.waitForSelector('#pending-count[hidden]', { state: 'attached', timeout: 20000 });
      const sockets = await page.evaluate(() => window.wsLog);
      const closed = sockets[socketsBefore - 1];
      if (closed.code !== 1012) throw new Error(`the page's socket on B ended with ${closed.code}, not 1012: ${JSON.stringify(sockets)}`);
      const after = sockets.slice(socketsBefore);
      if (after.length !== 1 || !after[0].opened) throw new Error(`not one straight reconnect after the 1012: ${JSON.stringify(after)}`);
      const log = await page.evaluate(() => window.connLog);
      // The log starts while B is still up: the sentence typed as the drain began may show
      // 'connected' with a change in flight, which is true then. What must not happen is
      // 'connected' after the link went down, before the resume has sent everything.
      const firstDown = log.findIndex((e) => e.state !== 'connected');
      const firstConnected = log.findIndex((e, i) => firstDown >= 0 && i > firstDown && e.state === 'connected');
      if (firstDown < 0 || firstConnected < 0
        || log.slice(firstConnected).some((e) => e.state === 'connected' && (!e.link || e.unsent))) {
        throw new Error(`'connected' shown before the resume: ${JSON.stringify(log)}`);
      }

      // The record, read by another page straight from A.
      const reader = await stack.page('cluster-reader', ctx.errors, context);
      await reader.goto(`${stack.baseUrl}/minutes.html?m=${encodeURIComponent(meetingId)}`);
      await reader.waitForSelector('#mn-text:not([readonly])', { timeout: 20000 });
      await waitFor(async () => {
        const t = await reader.$eval('#mn-text', (e) => e.value);
        return t.includes('排空之前记下的一句。') && t.includes('排空之时记下的一句。')
          && t === await page.$eval('#mn-text', (e) => e.value);
      }, { timeoutMs: 20000, what: 'both sentences in the record, the same on both pages' });
      await stack.screenshot(page, 'cluster-01-after-drain');
    } finally {
      if (context) await context.close().catch(() => {});
      if (b.child.exitCode === null) b.child.kill('SIGKILL');
      if (nginx && nginx.child.exitCode === null) { nginx.child.kill('SIGTERM'); await nginx.exited; }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, { timeoutMs: 120000 });
}
