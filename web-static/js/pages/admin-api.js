// JSON over HTTP for the admin page (docs/security.md, "Admin endpoints"). A session
// that ended sends the user to the login page; other failures reject with ApiError.

import { goLogin } from '../access-ui.js';

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || e.code || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || '';
    this.field = e.field || '';
  }
}

export async function api(path, { method = 'GET', body, query } = {}) {
  let url = path;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== '' && v !== undefined && v !== null && v !== 0) q.set(k, String(v));
    const s = q.toString();
    if (s) url += `?${s}`;
  }
  let r;
  try {
    r = await fetch(url, {
      method, credentials: 'same-origin', cache: 'no-store',
      headers: body ? { 'Content-Type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new ApiError(0, { error: { message: String(e.message || e) } });
  }
  let json = {};
  try { json = await r.json(); } catch { /* empty */ }
  if (r.status === 401) { goLogin(); throw new ApiError(401, json); }
  if (!r.ok) throw new ApiError(r.status, json);
  return json;
}
