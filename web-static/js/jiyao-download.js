// A 纪要 file fetched before it is saved: a refusal (a PDF when the server has no
// LibreOffice, a conversion that is busy or too slow) is said in words next to the link —
// ours, then the server's own sentence — instead of a broken download of an error body.
import { errorMessage } from './field-errors.js';

/** The file name of a Content-Disposition header (filename*=UTF-8'' first). */
export function dispositionName(header, fallback) {
  const h = String(header || '');
  const star = /filename\*=UTF-8''([^;]+)/i.exec(h);
  if (star) {
    try { return decodeURIComponent(star[1]); } catch { /* fall through */ }
  }
  const plain = /filename="([^"]+)"/i.exec(h);
  return plain ? plain[1] : fallback;
}

/**
 * Fetches `href`; saves it on success, else writes the refusal into `status`.
 * Resolves true when the file was saved.
 */
export async function downloadChecked(href, status, fallbackName) {
  status.hidden = true;
  status.textContent = '';
  let res;
  try {
    res = await fetch(href, { credentials: 'same-origin' });
  } catch {
    status.textContent = errorMessage({});
    status.hidden = false;
    return false;
  }
  if (!res.ok) {
    let body = {};
    try { body = await res.json(); } catch { /* not JSON */ }
    const e = body.error || {};
    const ours = errorMessage(e.code ? e : {});
    status.textContent = e.message ? `${ours}（${e.message}）` : ours;
    status.hidden = false;
    return false;
  }
  const blob = await res.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = dispositionName(res.headers.get('Content-Disposition'), fallbackName);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  return true;
}
