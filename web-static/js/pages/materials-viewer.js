// The in-page viewer of a view-only (仅阅读) material (decision 0032): a PDF in the
// browser's own viewer with its toolbar hidden, an image as an image; no download link
// anywhere. The server serves these bytes only inline (and audits each view); its download
// route refuses readers, which is what makes "view only" true rather than the hidden button.
import { h, t } from '../ui.js';
import './materials-strings.js';

/** True when a reader may only view this material: flagged, or its item is secret (机密). */
export function isViewOnly(item, x) {
  return !!(x && x.view_only) || item.level === 'LEVEL_SECRET' || item.level === 3;
}

/** Opens the viewer over the page; returns a function that closes it. */
export function openViewer({ title, url, type }) {
  const close = () => { overlay.remove(); document.removeEventListener('keydown', onKey); };
  const onKey = (ev) => { if (ev.key === 'Escape') close(); };
  const body = type === 'pdf'
    ? h('iframe', { class: 'mat-viewer-frame', src: `${url}#toolbar=0&navpanes=0`, title })
    : h('img', { class: 'mat-viewer-image', src: url, alt: title, draggable: 'false' });
  body.addEventListener('contextmenu', (ev) => ev.preventDefault());
  const overlay = h('div', { class: 'mat-viewer', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
    h('div', { class: 'mat-viewer-head' },
      h('span', { class: 'mat-viewer-title' }, title),
      h('span', { class: 'mat-badge-view' }, t('mat.view_only')),
      h('span', { class: 'hint' }, t('mat.viewer_note')),
      h('button', { type: 'button', class: 'btn btn-small mat-viewer-close', onclick: close }, t('mat.viewer_close'))),
    body);
  document.body.append(overlay);
  document.addEventListener('keydown', onKey);
  overlay.querySelector('.mat-viewer-close').focus();
  return close;
}
