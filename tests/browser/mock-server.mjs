// A small in-memory stand-in for huiwu-server, for UI development only: it serves
// web-static/ and speaks the JSON side of docs/protocol.md over /ws. It is NOT the
// reference (the C++ server is); the browser test runs against the real binary.
//
//   node tests/browser/mock-server.mjs [--listen 127.0.0.1:8090] [--web-root web-static]
//
// Extras for exercising the client: GET /mock/storage?down=1 (or 0) makes commands
// fail with ERROR_STORAGE_UNAVAILABLE; GET /mock/drop closes every WebSocket.
// --accounts: logins (lib/mock-auth.mjs) with demo accounts admin, wang (secretary,
// 机密), zhao (participant, 内部) and newbie (one-time password), all with password
// "password123" (newbie: "onetime"); pages need a login, the upgrade a session cookie.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { MockHub } from './lib/mock-hub.mjs';
import { MockAuth } from './lib/mock-auth.mjs';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const arg = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const [host, port] = arg('--listen', '127.0.0.1:8090').split(':');
const webRoot = path.resolve(arg('--web-root', path.join(here, '../../web-static')));

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' };
const hub = new MockHub();
const sockets = new Set();
const auth = argv.includes('--accounts') ? new MockAuth() : null;
if (auth) {
  auth.add({ id: 'admin', name: '系统管理员', unit: '信息中心', title: '管理员', clearance: 'LEVEL_INTERNAL', admin: true }, 'password123');
  auth.add({ id: 'wang', name: '王秘书', unit: '办公室', title: '秘书', clearance: 'LEVEL_SECRET' }, 'password123');
  auth.add({ id: 'zhao', name: '赵参会', unit: '财务处', title: '处长', clearance: 'LEVEL_INTERNAL' }, 'password123');
  auth.add({ id: 'newbie', name: '新同事', unit: '办公室', title: '科员', clearance: 'LEVEL_PUBLIC' }, 'onetime', true);
}

function readBody(req) {
  return new Promise((resolve) => {
    let d = '';
    req.on('data', (c) => { d += c; });
    req.on('end', () => { try { resolve(d ? JSON.parse(d) : {}); } catch { resolve({}); } });
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (auth && url.pathname.startsWith('/api/')) { auth.handle(req, res, url.pathname, await readBody(req)); return; }
  if (auth && !auth.isPublic(url.pathname) && !auth.who(req) && url.pathname !== '/healthz' && !url.pathname.startsWith('/mock/')) {
    if (url.pathname === '/' || url.pathname.endsWith('.html')) {
      res.writeHead(302, { location: `/login.html?next=${encodeURIComponent(url.pathname + url.search)}` });
      res.end();
    } else { res.writeHead(401); res.end('{"error":{"code":"unauthenticated"}}'); }
    return;
  }
  if (url.pathname === '/healthz') {
    res.writeHead(hub.storageDown ? 503 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(hub.storageDown ? { status: 'unavailable', reason: 'mock storage down' } : { status: 'ok' }));
    return;
  }
  if (url.pathname === '/mock/storage') { hub.storageDown = url.searchParams.get('down') === '1'; res.end('ok'); return; }
  if (url.pathname === '/mock/drop') { for (const s of sockets) s.destroy(); res.end('ok'); return; }
  let p = decodeURIComponent(url.pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.join(webRoot, path.normalize(p));
  if (!file.startsWith(webRoot)) { res.writeHead(403); res.end(); return; }
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(data);
  });
});

// ------------------------------------------------------------------ minimal WebSocket (RFC 6455)
server.on('upgrade', (req, socket) => {
  if (new URL(req.url, 'http://x').pathname !== '/ws') { socket.destroy(); return; }
  const account = auth ? auth.who(req) : null;
  if (auth && !account) { socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n'); return; }
  const accept = crypto.createHash('sha1').update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  sockets.add(socket);
  const conn = hub.connect((obj) => sendFrame(socket, 0x1, Buffer.from(JSON.stringify(obj))), account);
  let buf = Buffer.alloc(0);
  let parts = [];
  socket.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (buf.length < 2) return;
      const fin = buf[0] & 0x80; const op = buf[0] & 0x0f; let len = buf[1] & 0x7f; let off = 2;
      if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; } else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
      const masked = buf[1] & 0x80; const mask = masked ? buf.subarray(off, off + 4) : null; if (masked) off += 4;
      if (buf.length < off + len) return;
      const payload = Buffer.from(buf.subarray(off, off + len));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      buf = buf.subarray(off + len);
      if (op === 0x8) { sendFrame(socket, 0x8, Buffer.alloc(0)); socket.end(); return; }
      if (op === 0x9) { sendFrame(socket, 0xa, payload); continue; }
      if (op === 0x1 || op === 0x0) { parts.push(payload); if (fin) { const text = Buffer.concat(parts).toString('utf8'); parts = []; conn.handle(text); } }
    }
  });
  socket.on('close', () => { sockets.delete(socket); conn.close(); });
  socket.on('error', () => {});
});

function sendFrame(socket, op, payload) {
  let head;
  if (payload.length < 126) head = Buffer.from([0x80 | op, payload.length]);
  else if (payload.length < 65536) { head = Buffer.alloc(4); head[0] = 0x80 | op; head[1] = 126; head.writeUInt16BE(payload.length, 2); } else { head = Buffer.alloc(10); head[0] = 0x80 | op; head[1] = 127; head.writeBigUInt64BE(BigInt(payload.length), 2); }
  if (!socket.destroyed) socket.write(Buffer.concat([head, payload]));
}

server.listen(Number(port), host, () => console.log(`mock huiwu on http://${host}:${port}/ (web root ${webRoot})`));
