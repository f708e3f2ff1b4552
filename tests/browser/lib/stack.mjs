// The processes a browser test runs against: a private redis-server and the real
// huiwu-server, each on a free loopback port, in one temporary directory; and
// Debian's Chromium driven by playwright-core. Everything started here is stopped by
// close(), also when a test fails (the runner calls it in `finally` and on signals).
//
// Server and Redis can be stopped and started again in the middle of a test
// (stopServer/startServer/restartServer, stopRedis/startRedis): Redis keeps its data
// directory and port, the server its port, so the pages reconnect to the same URL.
//
// Accounts (docs/security.md): start() creates ACCOUNTS through the documented command
// line (`printf '%s\n' PASSWORD | huiwu-server --redis … --create-user ID --name …
// --clearance …`); pages log in through login.html with login(page, user, password).
// browser() is the main (persistent) context; newContext() gives another, with its own
// cookies, for a second person side by side.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  // Two pages of one test are both "in front": no timer or animation-frame throttling
  // for the one that is not the focused tab.
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
];

/** A free TCP port on 127.0.0.1 (asks the kernel, then releases it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The password of every test account (the server wants 10–200 characters). */
export const PASSWORD = 'e2e-pass-huiwu-2026';

/**
 * The accounts every browser test can use. wang is the main context's secretary (the
 * one who creates the meetings); li a second secretary; zhao a participant cleared for
 * internal only; admin the organisation administrator (no right in any meeting); sun
 * the account whose login gets throttled.
 */
export const ACCOUNTS = [
  { id: 'wang', name: '王秘书', unit: '局办公室', title: '秘书', clearance: 'secret' },
  { id: 'li', name: '李秘书', unit: '局办公室', title: '秘书', clearance: 'secret' },
  { id: 'zhao', name: '赵参会', unit: '财务处', title: '处长', clearance: 'internal' },
  { id: 'admin', name: '系统管理员', unit: '信息中心', title: '管理员', clearance: 'internal', admin: true },
  // Only for the login-throttling check (access-e2e.mjs): locked out for 15 minutes after it.
  { id: 'sun', name: '孙丽', unit: '局领导', title: '副局长', clearance: 'public' },
];

/**
 * Logs a page in through login.html (the real form, as a person would) and waits until
 * the login page has sent it on. baseUrl defaults to the page's current origin; next
 * (optional) is where login.html should send it afterwards.
 */
export async function login(page, user, password = PASSWORD, { baseUrl, next } = {}) {
  const base = baseUrl || new URL(page.url()).origin;
  if (!/\/login\.html/.test(page.url()) || next) {
    await page.goto(`${base}/login.html${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  }
  await page.waitForSelector('#login-form:not([hidden])');
  await page.fill('#login-user', user);
  await page.fill('#login-password', password);
  await page.press('#login-password', 'Enter');
  await page.waitForURL((u) => !u.pathname.endsWith('/login.html'), { timeout: 15000 });
}

/** Polls fn until it returns truthy or timeoutMs passes. */
export async function waitFor(fn, { timeoutMs = 10000, intervalMs = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

function tcpOpen(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** A child process whose output goes to a log file, stopped with a bounded wait. */
class Proc {
  constructor(name, cmd, args, logFile, opts = {}) {
    this.name = name;
    this.logFile = logFile;
    const out = fs.openSync(logFile, 'a');
    this.child = spawn(cmd, args, { stdio: ['ignore', out, out], ...opts });
    fs.closeSync(out);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.once('error', (e) => fs.appendFileSync(logFile, `\nspawn error: ${e.message}\n`));
  }

  get running() { return this.child.exitCode === null && this.child.signalCode === null; }

  /** SIGTERM (or the given signal), then SIGKILL after graceMs. */
  async stop(signal = 'SIGTERM', graceMs = 5000) {
    if (!this.running) return this.exited;
    this.child.kill(signal);
    const t = setTimeout(() => { if (this.running) this.child.kill('SIGKILL'); }, graceMs);
    const r = await this.exited;
    clearTimeout(t);
    return r;
  }

  tail(lines = 40) {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

export class Stack {
  /**
   * opts: serverBin (default $HUIWU_SERVER_BIN or build/service/huiwu-server),
   * redisBin (/usr/bin/redis-server), webRoot (repo's web-static), artifacts dir.
   */
  constructor(opts = {}) {
    this.serverBin = opts.serverBin || process.env.HUIWU_SERVER_BIN || path.join(repoRoot, 'build/service/huiwu-server');
    this.redisBin = opts.redisBin || process.env.HUIWU_REDIS_BIN || '/usr/bin/redis-server';
    this.webRoot = opts.webRoot || path.join(repoRoot, 'web-static');
    this.artifacts = opts.artifacts || path.join(here, '..', 'artifacts');
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiwu-e2e-'));
    this.redis = null;
    this.server = null;
    this.context = null;
    this.extraBrowser = null;  // for newContext(): contexts with their own cookies
    this.extraContexts = [];
  }

  get baseUrl() { return `http://127.0.0.1:${this.port}`; }

  async start() {
    fs.mkdirSync(this.artifacts, { recursive: true });
    if (!fs.existsSync(this.serverBin)) throw new Error(`server binary not found: ${this.serverBin} (build it, or set HUIWU_SERVER_BIN)`);
    if (!fs.existsSync(this.redisBin)) throw new Error(`redis-server not found: ${this.redisBin}`);
    this.redisPort = await freePort();
    this.port = await freePort();
    await this.startRedis();
    for (const a of ACCOUNTS) this.createUser(a);
    await this.startServer();
  }

  /**
   * Creates an account through the documented command line, the password on stdin.
   * a: {id, name, unit, title, clearance: 'public'|'internal'|'confidential'|'secret', admin}.
   */
  createUser(a, password = PASSWORD) {
    const args = ['--redis', `127.0.0.1:${this.redisPort}`, '--create-user', a.id, '--name', a.name,
      '--unit', a.unit || '', '--title', a.title || '', '--clearance', a.clearance || 'internal'];
    if (a.admin) args.push('--admin');
    const r = spawnSync(this.serverBin, args, { input: `${password}\n`, encoding: 'utf8', timeout: 30000 });
    if (r.status !== 0) throw new Error(`huiwu-server --create-user ${a.id} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }

  async startRedis() {
    const dataDir = path.join(this.dir, 'redis');
    fs.mkdirSync(dataDir, { recursive: true });
    this.redis = new Proc('redis', this.redisBin, [
      '--port', String(this.redisPort), '--bind', '127.0.0.1', '--dir', dataDir,
      '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no',
      '--protected-mode', 'yes', '--loglevel', 'warning',
    ], path.join(this.dir, 'redis.log'));
    await waitFor(() => (this.redis.running ? tcpOpen(this.redisPort) : Promise.reject(new Error('redis exited'))), { timeoutMs: 10000, what: 'redis-server to listen' })
      .catch((e) => { throw new Error(`${e.message}\n${this.redis.tail()}`); });
  }

  async stopRedis() { if (this.redis) await this.redis.stop('SIGTERM', 5000); }

  async startServer() {
    // A .mjs "binary" is the UI-development mock (mock-server.mjs), run with node.
    const [cmd, pre] = this.serverBin.endsWith('.mjs') ? [process.execPath, [this.serverBin]] : [this.serverBin, []];
    this.server = new Proc('server', cmd, [...pre,
      '--listen', `127.0.0.1:${this.port}`, '--redis', `127.0.0.1:${this.redisPort}`, '--web-root', this.webRoot,
      '--materials-dir', path.join(this.dir, 'materials'),
    ], path.join(this.dir, 'server.log'));
    await waitFor(async () => {
      if (!this.server.running) throw new Error('huiwu-server exited');
      const r = await fetch(`${this.baseUrl}/healthz`).catch(() => null);
      return r && r.ok;
    }, { timeoutMs: 15000, what: 'huiwu-server /healthz to answer 200' })
      .catch((e) => { throw new Error(`${e.message}\n${this.server.tail()}`); });
  }

  /** Stops the server: SIGTERM (clean shutdown) by default, 'SIGKILL' for a crash. */
  async stopServer(signal = 'SIGTERM') { if (this.server) await this.server.stop(signal, 5000); }

  async restartServer(signal = 'SIGTERM') {
    await this.stopServer(signal);
    await this.startServer();
  }

  /** Chromium with a fresh profile. Returns the persistent context (one per Stack). */
  async browser({ viewport = { width: 1440, height: 900 } } = {}) {
    const profile = path.join(this.dir, 'chromium-profile');
    this.context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.HUIWU_CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      timeout: 30000,
    });
    this.context.setDefaultTimeout(10000);
    return this.context;
  }

  /**
   * Another browser context (its own cookies and storage: another person), from a
   * second Chromium started on first use; closed by close().
   */
  async newContext({ viewport = { width: 1440, height: 900 }, timezoneId = 'Asia/Shanghai' } = {}) {
    if (!this.extraBrowser) {
      this.extraBrowser = await chromium.launch({
        executablePath: process.env.HUIWU_CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30000,
      });
    }
    const ctx = await this.extraBrowser.newContext({ viewport, locale: 'zh-CN', timezoneId });
    ctx.setDefaultTimeout(10000);
    this.extraContexts.push(ctx);
    return ctx;
  }

  /** A new page (in `context`, default the main one) that reports its console errors and uncaught exceptions to `errors`. */
  async page(name, errors, context = this.context) {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`[${name}] ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' && !/WebSocket|Failed to load resource|ERR_CONNECTION/.test(m.text())) errors.push(`[${name}] console: ${m.text()}`); });
    page.on('dialog', (d) => d.accept());
    return page;
  }

  async screenshot(page, name) {
    const file = path.join(this.artifacts, `${name}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    return file;
  }

  logs() {
    return [
      this.server ? `--- server.log (tail)\n${this.server.tail()}` : '',
      this.redis ? `--- redis.log (tail)\n${this.redis.tail(15)}` : '',
    ].join('\n');
  }

  /** Stops everything started here; safe to call twice. */
  async close({ keepDir = false } = {}) {
    const ctx = this.context;
    this.context = null;
    if (ctx) await Promise.race([ctx.close().catch(() => {}), sleep(10000)]);
    const extra = this.extraBrowser;
    this.extraBrowser = null;
    this.extraContexts = [];
    if (extra) await Promise.race([extra.close().catch(() => {}), sleep(10000)]);
    await this.stopServer().catch(() => {});
    await this.stopRedis().catch(() => {});
    if (!keepDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Synchronous last resort for process exit: SIGKILL whatever is still running. */
  killNow() {
    for (const p of [this.server, this.redis]) if (p && p.running) p.child.kill('SIGKILL');
  }
}
