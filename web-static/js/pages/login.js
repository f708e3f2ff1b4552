// Login page: user and password (POST /api/login), then, for a one-time password, a new
// password (POST /api/password), then back to the page the user came from (`next`, a
// path on this site only). Errors say what to do: wrong credentials, too many attempts
// (with the wait), server unreachable.
//
// This page is public, and so are only /css/*, /js/i18n.js and this module: it imports
// nothing but ../i18n.js (safeNext below is the twin of access.js's, kept in step by
// tests/browser/unit/access.test.mjs).

import { t, addStrings, applyI18n, getLang, setLang, onLangChange } from '../i18n.js';

addStrings({
  zh: {
    'login.subtitle': '会议管理与会议记录',
    'login.checking': '正在检查登录状态…',
    'login.title': '登录',
    'login.user': '账号',
    'login.password': '密码',
    'login.submit': '登录',
    'login.submitting': '正在登录…',
    'login.need_user': '请输入账号。',
    'login.need_password': '请输入密码。',
    'login.bad_credentials': '账号或密码不正确，请重新输入。',
    'login.throttled': '尝试次数过多，为保护账号已暂停登录。请在 {wait} 后再试。',
    'login.throttled_unknown': '尝试次数过多，为保护账号已暂停登录。请稍后再试。',
    'login.disabled': '这个账号已停用。如有疑问，请联系系统管理员。',
    'login.unreachable': '无法连接服务器。请检查网络连接，稍后再试。',
    'login.server_error': '服务器暂时无法处理登录（{status}），请稍后再试。',
    'login.change_title': '设置新密码',
    'login.change_explain': '{name}，你正在使用一次性密码。请先设置自己的密码，然后继续。',
    'login.old_password': '当前密码（一次性密码）',
    'login.new_password': '新密码',
    'login.new_password_hint': '10–200 个字符，不要与其他系统共用。',
    'login.new_password2': '再输入一次新密码',
    'login.change_submit': '保存并继续',
    'login.changing': '正在保存…',
    'login.need_old': '请输入当前密码。',
    'login.too_short': '新密码至少需要 10 个字符。',
    'login.too_long': '新密码最多 200 个字符。',
    'login.mismatch': '两次输入的新密码不一致。',
    'login.same_as_old': '新密码不能与一次性密码相同。',
    'login.wrong_old': '当前密码不正确。',
    'login.weak': '新密码不够安全：至少 10 个字符，不能全是同一个字符，且须与旧密码不同。',
    'login.not_taken': '新密码未被接受，请换一个再试。',
    'login.logout': '退出登录',
    'login.foot': '仅限本单位工作人员使用。会议内容按密级和参会身份显示，查看涉密内容的操作会被记录。',
    'login.wait_min_sec': '{m} 分 {s} 秒',
    'login.wait_sec': '{s} 秒',
  },
  en: {
    'login.subtitle': 'Meetings and live minutes',
    'login.checking': 'Checking your login…',
    'login.title': 'Log in',
    'login.user': 'User name',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.submitting': 'Logging in…',
    'login.need_user': 'Enter your user name.',
    'login.need_password': 'Enter your password.',
    'login.bad_credentials': 'Wrong user name or password. Please try again.',
    'login.throttled': 'Too many attempts: logging in is paused to protect the account. Try again in {wait}.',
    'login.throttled_unknown': 'Too many attempts: logging in is paused to protect the account. Try again later.',
    'login.disabled': 'This account is disabled. Ask your administrator if this is unexpected.',
    'login.unreachable': 'Cannot reach the server. Check the network connection and try again.',
    'login.server_error': 'The server cannot log you in right now ({status}). Try again shortly.',
    'login.change_title': 'Set a new password',
    'login.change_explain': '{name}, you are using a one-time password. Set your own password to continue.',
    'login.old_password': 'Current (one-time) password',
    'login.new_password': 'New password',
    'login.new_password_hint': '10–200 characters; do not reuse one from another system.',
    'login.new_password2': 'New password again',
    'login.change_submit': 'Save and continue',
    'login.changing': 'Saving…',
    'login.need_old': 'Enter your current password.',
    'login.too_short': 'The new password needs at least 10 characters.',
    'login.too_long': 'The new password may have at most 200 characters.',
    'login.mismatch': 'The two new passwords differ.',
    'login.same_as_old': 'The new password must differ from the one-time password.',
    'login.wrong_old': 'The current password is not correct.',
    'login.weak': 'The new password is too weak: at least 10 characters, not one character repeated, and different from the old one.',
    'login.not_taken': 'The new password was not accepted; try another.',
    'login.logout': 'Log out',
    'login.foot': 'For staff only. Meetings are shown by classification and role; every view of classified content is recorded.',
    'login.wait_min_sec': '{m} min {s} s',
    'login.wait_sec': '{s} s',
  },
});

/** Where to go after login: a path on this site, never another origin or the login page. */
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  let u;
  try { u = new URL(next, 'http://same.invalid'); } catch { return '/'; }
  if (u.origin !== 'http://same.invalid') return '/';
  if (u.pathname === '/login.html') return '/';
  return u.pathname + u.search + u.hash;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date); 0 = unknown. */
export function retryAfterSeconds(value, nowMs = Date.now()) {
  if (!value) return 0;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - nowMs) / 1000)) : 0;
}

/** "2 分 05 秒" / "40 秒". */
export function formatWait(sec) {
  const s = Math.max(0, Math.ceil(sec));
  const m = Math.floor(s / 60);
  return m ? t('login.wait_min_sec', { m, s: String(s % 60).padStart(2, '0') }) : t('login.wait_sec', { s });
}

/** What a failed login means for the user: {key, vars, wait} (wait: seconds to hold the button). */
export function loginFailure(status, body, retryAfter) {
  const code = body && body.error && body.error.code;
  if (status === 429 || code === 'throttled') {
    const wait = retryAfterSeconds(retryAfter);
    return wait ? { key: 'login.throttled', wait } : { key: 'login.throttled_unknown', wait: 0 };
  }
  if (status === 401 || code === 'bad_credentials') return { key: 'login.bad_credentials' };
  if (code === 'disabled' || code === 'account_disabled') return { key: 'login.disabled' };
  if (status === 403) return { key: 'login.disabled' };
  if (status >= 500 || status === 0) return { key: 'login.server_error', vars: { status } };
  return { key: 'login.bad_credentials' };
}

const codePoints = (s) => Array.from(s).length;

/** Checks the change-password form before sending it; returns an error key or ''. */
export function checkNewPassword(oldPw, newPw, again, needOld) {
  if (needOld && !oldPw) return 'login.need_old';
  if (codePoints(newPw) < 10) return 'login.too_short';
  if (codePoints(newPw) > 200) return 'login.too_long';
  if (newPw !== again) return 'login.mismatch';
  if (oldPw && newPw === oldPw) return 'login.same_as_old';
  return '';
}

// ------------------------------------------------------------------ the page

async function post(path, body) {
  const r = await fetch(path, {
    method: 'POST', credentials: 'same-origin', cache: 'no-store',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  let json = {};
  try { json = await r.json(); } catch { /* empty or not JSON */ }
  return { status: r.status, ok: r.ok, body: json, retryAfter: r.headers.get('Retry-After') || '' };
}

function init() {
  const $ = (s) => document.querySelector(s);
  const next = safeNext(new URLSearchParams(location.search).get('next') || '/');
  const state = { oldPassword: '', account: null, holdUntil: 0, holdTimer: null, error: null, changeError: null };

  function show(which) {
    $('#login-loading').hidden = which !== 'loading';
    $('#login-form').hidden = which !== 'login';
    $('#change-form').hidden = which !== 'change';
    document.body.dataset.step = which;
  }

  function showError(box, err) {
    if (box === '#login-error') state.error = err; else state.changeError = err;
    const el = $(box);
    el.hidden = !err;
    if (!err) { el.textContent = ''; markField(box, null); return; }
    const vars = { ...(err.vars || {}) };
    if (err.wait) vars.wait = formatWait((state.holdUntil - Date.now()) / 1000);
    el.textContent = t(err.key, vars);
    markField(box, err);
  }

  // The field an error is about: aria-invalid and described by the error box (the login
  // page loads nothing but i18n.js, so this mirrors field-errors.js in small).
  const FIELD_OF = {
    'login.need_user': '#login-user', 'login.need_password': '#login-password', 'login.bad_credentials': '#login-password',
    'login.need_old': '#old-password', 'login.wrong_old': '#old-password', 'login.mismatch': '#new-password2',
    'login.too_short': '#new-password', 'login.too_long': '#new-password', 'login.same_as_old': '#new-password',
    'login.weak': '#new-password', 'login.not_taken': '#new-password',
  };
  function markField(box, err) {
    const form = $(box).closest('form');
    for (const el of form.querySelectorAll('[aria-invalid]')) { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); }
    const at = err && FIELD_OF[err.key] && form.querySelector(FIELD_OF[err.key]);
    if (at) { at.setAttribute('aria-invalid', 'true'); at.setAttribute('aria-describedby', box.slice(1)); }
  }

  // Throttled: the button waits out the server's Retry-After, counting down.
  function hold(seconds) {
    clearInterval(state.holdTimer);
    state.holdUntil = Date.now() + seconds * 1000;
    const tick = () => {
      const left = state.holdUntil - Date.now();
      if (left <= 0) {
        clearInterval(state.holdTimer);
        $('#login-submit').disabled = false;
        showError('#login-error', null);
        return;
      }
      $('#login-submit').disabled = true;
      showError('#login-error', state.error);
    };
    state.holdTimer = setInterval(tick, 1000);
    tick();
  }

  // The throttle is per account (and per address): another user name may try at once.
  $('#login-user').addEventListener('input', () => {
    if (Date.now() >= state.holdUntil) return;
    state.holdUntil = 0;
    clearInterval(state.holdTimer);
    $('#login-submit').disabled = false;
    showError('#login-error', null);
  });

  function go() { location.replace(next); }

  function askNewPassword(account, oldPassword) {
    state.account = account;
    state.oldPassword = oldPassword || '';
    $('#old-field').hidden = !!oldPassword;
    $('#change-username').value = account.id || '';
    $('#change-explain').textContent = t('login.change_explain', { name: account.name || account.id });
    show('change');
    (oldPassword ? $('#new-password') : $('#old-password')).focus();
  }

  $('#login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (Date.now() < state.holdUntil) return;
    const user = $('#login-user').value.trim();
    const password = $('#login-password').value;
    if (!user) { showError('#login-error', { key: 'login.need_user' }); $('#login-user').focus(); return; }
    if (!password) { showError('#login-error', { key: 'login.need_password' }); $('#login-password').focus(); return; }
    const btn = $('#login-submit');
    btn.disabled = true;
    btn.textContent = t('login.submitting');
    let r;
    try {
      r = await post('/api/login', { user, password });
    } catch {
      r = null;
    }
    btn.textContent = t('login.submit');
    btn.disabled = false;
    if (!r) { showError('#login-error', { key: 'login.unreachable' }); return; }
    if (r.ok) {
      showError('#login-error', null);
      const acct = (r.body && r.body.account) || {};
      if (acct.must_change_password) askNewPassword(acct, password);
      else go();
      return;
    }
    const f = loginFailure(r.status, r.body, r.retryAfter);
    if (f.wait) { state.error = f; hold(f.wait); } else showError('#login-error', f);
    $('#login-password').select();
    $('#login-password').focus();
  });

  $('#change-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const oldPw = state.oldPassword || $('#old-password').value;
    const newPw = $('#new-password').value;
    const bad = checkNewPassword(oldPw, newPw, $('#new-password2').value, !state.oldPassword);
    if (bad) {
      showError('#change-error', { key: bad });
      (bad === 'login.need_old' ? $('#old-password') : bad === 'login.mismatch' ? $('#new-password2') : $('#new-password')).focus();
      return;
    }
    const btn = $('#change-submit');
    btn.disabled = true;
    btn.textContent = t('login.changing');
    let r;
    try { r = await post('/api/password', { old_password: oldPw, new_password: newPw }); } catch { r = null; }
    btn.disabled = false;
    btn.textContent = t('login.change_submit');
    if (!r) { showError('#change-error', { key: 'login.unreachable' }); return; }
    if (r.ok) { go(); return; }
    if (r.status === 401 && state.oldPassword === '') {
      showError('#change-error', { key: 'login.wrong_old' });
      $('#old-password').select();
      return;
    }
    if (r.status === 401 || r.status === 403) {
      // The one-time password stopped working (or the session ended): log in again.
      state.oldPassword = '';
      show('login');
      showError('#login-error', { key: r.status === 401 ? 'login.wrong_old' : 'login.disabled' });
      $('#login-password').value = '';
      $('#login-password').focus();
      return;
    }
    if (r.status === 429) { showError('#change-error', loginFailure(429, r.body, '')); return; }
    // The server's words are English for logs; the page says it by code (weak_password).
    const code = r.body && r.body.error && r.body.error.code;
    showError('#change-error', r.status >= 500 ? { key: 'login.server_error', vars: { status: r.status } } : { key: code === 'weak_password' ? 'login.weak' : 'login.not_taken' });
    $('#new-password').focus();
  });

  $('#change-logout').addEventListener('click', async () => {
    try { await post('/api/logout', {}); } catch { /* shown as logged out anyway */ }
    state.oldPassword = '';
    for (const id of ['#old-password', '#new-password', '#new-password2', '#login-password']) $(id).value = '';
    showError('#change-error', null);
    show('login');
    $('#login-user').focus();
  });

  const langBtn = $('#lang-toggle');
  langBtn.addEventListener('click', () => setLang(getLang() === 'zh' ? 'en' : 'zh'));
  function relabel() {
    langBtn.textContent = getLang() === 'zh' ? 'EN' : '中文';
    langBtn.setAttribute('aria-label', t('lang.switch'));
    document.title = `${t('login.title')} · ${t('app.name')}`;
    applyI18n(document.body);
    showError('#login-error', state.error);
    showError('#change-error', state.changeError);
    if (state.account) $('#change-explain').textContent = t('login.change_explain', { name: state.account.name || state.account.id });
  }
  onLangChange(relabel);
  relabel();

  // Already logged in: straight on (or to the new password when it must change first).
  show('loading');
  fetch('/api/me', { cache: 'no-store', credentials: 'same-origin' })
    .then(async (r) => {
      if (r.ok) {
        const body = await r.json().catch(() => ({}));
        if (body.account && body.account.must_change_password) { askNewPassword(body.account, ''); return; }
        if (body.account) { go(); return; }
      }
      show('login');
      $('#login-user').focus();
    })
    .catch(() => { show('login'); $('#login-user').focus(); });
}

if (globalThis.document) init();
