// Errors at the field, in the UI language (web-static/README.md "Errors at the field").
//
// The server sends machine words: a code (ERROR_INVALID_FIELD on the socket, invalid_field
// over HTTP) and the path of the field at fault ("info.ends_at_ms"). Its English message
// is for logs and scripts and never reaches the screen. Here:
//   errorMessage(err, ctx)        the sentence for a person (error-strings.js);
//   reportError(form, err, opts)  that sentence next to the input the field names, the
//                                 input aria-invalid and focused; a form-level line when
//                                 no input matches;
//   checkForm(form, rules)        the cheap server rules (required, lengths, ranges, date
//                                 order) before anything is sent: the same display.
import { t } from './i18n.js';
import './error-strings.js';
import { parseDateText, textToMs } from './date-input.js';

/** 'ERROR_INVALID_FIELD' | 'invalid_field' | 'INVALID_FIELD' → 'invalid_field'. */
export function codeName(code) {
  if (!code) return 'unspecified';
  return String(code).replace(/^ERROR_/i, '').toLowerCase();
}

function has(key) { return t(key) !== key; }

/**
 * The sentence for an error ({code, field} as RequestError, ApiError or an HTTP body's
 * error). ctx names the form ('account.create'): err.ctx.<ctx>.<code> wins. A connection
 * error (no code) says the page retries by itself.
 */
export function errorMessage(err, ctx = '') {
  if (!err) return '';
  const e = err.error && typeof err.error === 'object' ? err.error : err;
  if (!e.code && !e.field) return t('error.connection');
  const code = codeName(e.code);
  const field = e.field ? String(e.field) : '';
  const keys = [];
  if (ctx && field) keys.push(`err.ctx.${ctx}.${field}.${code}`);
  if (ctx) keys.push(`err.ctx.${ctx}.${code}`);
  if (field) keys.push(`err.field.${field}.${code}`, `err.field.${field}`);
  keys.push(`err.code.${code}`);
  for (const k of keys) if (has(k)) return t(k);
  return t('err.code.unspecified');
}

function cssPath(p) { return String(p).replace(/["\\]/g, '\\$&'); }

/**
 * The input a field path names inside form: opts.fields[path] (an element or a selector),
 * then [data-field="path"], then the path's last part as a name or data-field.
 */
export function inputFor(form, field, fields = {}) {
  if (!form || !field) return null;
  const given = fields[field];
  if (given) return typeof given === 'string' ? form.querySelector(given) : given;
  const last = String(field).split('.').pop();
  return form.querySelector(`[data-field="${cssPath(field)}"]`) ||
    form.querySelector(`[data-field="${cssPath(last)}"]`) ||
    form.querySelector(`[name="${cssPath(last)}"]`);
}

let seq = 0;

/** Removes every error shown in form (messages, aria-invalid). */
export function clearErrors(form) {
  if (!form) return;
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((id) => !id.startsWith('ferr-'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const el of form.querySelectorAll('.field-error, .form-error')) el.remove();
}

/** Shows message at input (or at the form when input is null); focuses the input. */
export function showAt(form, input, message, { focus = true } = {}) {
  const doc = form.ownerDocument;
  const msg = doc.createElement('span');
  msg.id = `ferr-${++seq}`;
  msg.setAttribute('role', 'alert');
  msg.textContent = message;
  if (input) {
    msg.className = 'field-error';
    input.setAttribute('aria-invalid', 'true');
    const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    input.setAttribute('aria-describedby', [...ids, msg.id].join(' '));
    // Inside the input's .field or label when it sits in one (the message stays in its
    // grid cell), else right after the input.
    const holder = input.closest('.field, label');
    if (holder && form.contains(holder)) holder.append(msg);
    else input.after(msg);
    const clear = () => {
      input.removeAttribute('aria-invalid');
      msg.remove();
      input.removeEventListener('input', clear);
      input.removeEventListener('change', clear);
    };
    input.addEventListener('input', clear);
    input.addEventListener('change', clear);
    if (focus && typeof input.focus === 'function') input.focus();
  } else {
    msg.className = 'form-error';
    form.prepend(msg);
  }
  return msg;
}

/**
 * Reports a refused request in form: clears earlier errors, shows the sentence at the
 * field's input (or at the top of the form), returns the sentence. opts: {ctx, fields}.
 */
export function reportError(form, err, opts = {}) {
  clearErrors(form);
  if (err && typeof err === 'object') err.shown = true; // the page's general toast stays quiet
  const e = err && err.error && typeof err.error === 'object' ? err.error : (err || {});
  const message = errorMessage(e, opts.ctx);
  showAt(form, inputFor(form, e.field, opts.fields), message);
  return message;
}

/**
 * The browser's checks before sending. rules: [{field, el, required, max, min, maxValue,
 * pattern, after: otherEl}] (el defaults to inputFor(form, field)). A failed rule shows its
 * sentence at its input (the server's sentence for the field when the rule mirrors one:
 * `after` uses err.field.<field>). Returns true when all pass.
 */
export function checkForm(form, rules) {
  clearErrors(form);
  for (const r of rules) {
    const el = r.el || inputFor(form, r.field);
    if (!el) continue;
    const v = String(el.value ?? '').trim();
    let message = '';
    if (r.required && !v) message = t('err.check.required');
    else if (r.max && [...v].length > r.max) message = t('err.check.too_long', { max: r.max });
    else if (v && r.maxValue !== undefined && (!/^-?\d+$/.test(v) || Number(v) < (r.min ?? 0) || Number(v) > r.maxValue)) {
      message = t('err.check.range', { min: r.min ?? 0, max: r.maxValue });
    } else if (v && r.pattern && !r.pattern.test(v)) message = r.patternKey ? t(r.patternKey) : t('err.check.pattern');
    else if (v && el.dataset && el.dataset.date && !parseDateText(v)) message = t('err.check.date');
    else if (v && r.after && r.after.value && textToMs(v) < textToMs(r.after.value)) {
      message = errorMessage({ code: 'invalid_field', field: r.field });
    }
    if (message) {
      showAt(form, el, message);
      return false;
    }
  }
  return true;
}

/**
 * session.send(change) for a form: a refusal is shown at the form's field while the form
 * is on the page (else the page's toast says it, in words). Resolves with the ack or null.
 */
export function sendFrom(session, form, change, opts = {}) {
  return session.send(change).then((ack) => ack, (e) => {
    if (e && e.code && form && form.isConnected) reportError(form, e, opts);
    return null;
  });
}
