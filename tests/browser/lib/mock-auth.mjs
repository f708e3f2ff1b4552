// The login half of the UI-development mock (mock-server.mjs --accounts): accounts,
// cookie sessions, the /api endpoints of docs/security.md and an in-memory audit list,
// enough to work on the login, header and admin pages without a build. Not the
// reference (the C++ server is): no hashing, no throttling beyond a counter, no chain.

import crypto from 'node:crypto';

const PUBLIC = new Set(['/login.html', '/favicon.ico', '/js/i18n.js', '/js/pages/login.js', '/healthz', '/api/login']);

export class MockAuth {
  constructor() {
    this.accounts = new Map(); // id -> {doc, password}
    this.sessions = new Map(); // token -> id
    this.audit = [];
    this.failures = new Map();
  }

  add(doc, password, mustChange = false) {
    this.accounts.set(doc.id, { doc: { unit: '', title: '', clearance: 'LEVEL_INTERNAL', admin: false, disabled: false, must_change_password: mustChange, ...doc }, password });
  }

  log(actor, action, target, detail = '') {
    this.audit.unshift({ id: String(this.audit.length + 1), seq: this.audit.length + 1, at_ms: String(Date.now()), actor, action, target, from: '127.0.0.1', detail, prev: '', hash: '' });
  }

  /** The account of a request (cookie), or null. */
  who(req) {
    const m = /(?:^|;\s*)huiwu_session=([^;]+)/.exec(req.headers.cookie || '');
    const id = m && this.sessions.get(m[1]);
    const a = id && this.accounts.get(id);
    return a && !a.doc.disabled ? a.doc : null;
  }

  isPublic(path) { return PUBLIC.has(path) || path.startsWith('/css/'); }

  /** Handles /api/*; returns true when it answered. body: the parsed JSON body. */
  handle(req, res, path, body) {
    const send = (status, obj, headers = {}) => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(obj)); };
    const me = this.who(req);
    if (path === '/api/login' && req.method === 'POST') {
      const a = this.accounts.get(body.user);
      const n = this.failures.get(body.user) || 0;
      if (n >= 5) { send(429, { error: { code: 'throttled', message: 'too many attempts' } }, { 'retry-after': '900' }); return true; }
      if (!a || a.password !== body.password || a.doc.disabled) {
        this.failures.set(body.user, n + 1);
        this.log(body.user || '-', 'login_failed', body.user || '');
        send(401, { error: { code: 'bad_credentials', message: 'wrong user or password' } });
        return true;
      }
      this.failures.delete(body.user);
      const token = crypto.randomBytes(24).toString('base64url');
      this.sessions.set(token, a.doc.id);
      this.log(a.doc.id, 'login', a.doc.id);
      send(200, { account: a.doc }, { 'set-cookie': `huiwu_session=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200` });
      return true;
    }
    if (!path.startsWith('/api/')) return false;
    if (!me) { send(401, { error: { code: 'unauthenticated' } }); return true; }
    if (path === '/api/me') { send(200, { account: me }); return true; }
    if (path === '/api/logout') {
      for (const [tk, id] of this.sessions) if (id === me.id) this.sessions.delete(tk);
      this.log(me.id, 'logout', me.id);
      send(200, {}, { 'set-cookie': 'huiwu_session=; Path=/; Max-Age=0' });
      return true;
    }
    if (path === '/api/password') {
      const a = this.accounts.get(me.id);
      if (a.password !== body.old_password) { send(401, { error: { code: 'bad_credentials' } }); return true; }
      if (!body.new_password || body.new_password.length < 10) { send(400, { error: { code: 'invalid', message: '10–200 characters' } }); return true; }
      a.password = body.new_password;
      a.doc.must_change_password = false;
      this.log(me.id, 'password_changed', me.id);
      send(200, {});
      return true;
    }
    if (path === '/api/accounts' && req.method === 'GET') {
      const list = [...this.accounts.values()].map((a) => (me.admin ? a.doc : { id: a.doc.id, name: a.doc.name, unit: a.doc.unit, title: a.doc.title }));
      send(200, { accounts: list });
      return true;
    }
    if (!me.admin) { send(403, { error: { code: 'forbidden' } }); return true; }
    if (path === '/api/accounts' && req.method === 'POST') {
      if (this.accounts.has(body.id)) { send(409, { error: { code: 'exists', message: 'account exists' } }); return true; }
      const pw = crypto.randomBytes(9).toString('base64url');
      this.add({ id: body.id, name: body.name, unit: body.unit, title: body.title, clearance: body.clearance, admin: !!body.admin }, pw, true);
      this.log(me.id, 'account_created', body.id);
      send(201, { account: this.accounts.get(body.id).doc, password: pw });
      return true;
    }
    if (path === '/api/accounts/update') {
      const a = this.accounts.get(body.id);
      if (!a) { send(404, { error: { code: 'not_found' } }); return true; }
      for (const k of ['clearance', 'admin', 'disabled', 'name', 'unit', 'title']) if (k in body) a.doc[k] = body[k];
      this.log(me.id, 'account_changed', body.id, JSON.stringify(body));
      send(200, { account: a.doc });
      return true;
    }
    if (path === '/api/accounts/reset-password') {
      const a = this.accounts.get(body.id);
      const pw = crypto.randomBytes(9).toString('base64url');
      a.password = pw;
      a.doc.must_change_password = true;
      send(200, { account: a.doc, password: pw });
      return true;
    }
    if (path === '/api/audit') {
      const q = new URL(req.url, 'http://x').searchParams;
      let list = this.audit.filter((e) => (!q.get('actor') || e.actor === q.get('actor')) && (!q.get('action') || e.action === q.get('action')) && (!q.get('target') || e.target === q.get('target')));
      const before = q.get('before');
      if (before) list = list.filter((e) => Number(e.id) < Number(before));
      const limit = Number(q.get('limit') || 50);
      const page = list.slice(0, limit);
      send(200, { entries: page, next_before: list.length > limit ? page[page.length - 1].id : '' });
      return true;
    }
    if (path === '/api/audit/verify') { send(200, { ok: true, entries: this.audit.length, head: 'mock' }); return true; }
    send(404, { error: { code: 'not_found' } });
    return true;
  }
}
