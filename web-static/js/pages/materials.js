// The materials card (会议材料, decision 0027): per agenda item the reader may see, its
// materials with a download link and their version history; for the meeting's secretaries
// an upload control per item (drag and drop or a button, keyboard reachable), progress, and
// clear errors. The list comes from the meeting state (AgendaItem.materials, live through
// add_material / remove_material events); the bytes go up with POST /api/meetings/materials
// and come down from GET /api/meetings/materials/file.
import { h, setChildren, toast, t, formatDateTime } from '../ui.js';
import './materials-strings.js';
import { isViewOnly, openViewer } from './materials-viewer.js';

const DEFAULT_LIMIT = 50 * 1024 * 1024;
const TYPE_NAMES = { pdf: 'PDF', docx: 'Word', xlsx: 'Excel', pptx: 'PowerPoint', png: 'PNG', jpeg: 'JPEG' };

export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

const when = (ms) => formatDateTime(Number(ms) || 0); // the office's clock

/** The message a failed upload shows, from the HTTP status and error code. */
export function uploadError(status, code, name, limitBytes, reason) {
  const limit = formatSize(limitBytes);
  if (status === 0) return t('mat.err_network');
  if (code === 'unsupported_type' || status === 415) return t('mat.err_type', { name });
  if (code === 'too_large' || status === 413) return t('mat.err_large', { name, limit });
  if (status === 403 || status === 404) return t('mat.err_access');
  if (code === 'invalid_field' && /empty/.test(reason || '')) return t('mat.err_empty', { name });
  return t('mat.err_other', { name, reason: reason || String(status) });
}

function fileUrl(meetingId, itemId, material, version, inline) {
  const q = new URLSearchParams({ m: meetingId, item: itemId, material: material.id });
  if (version) q.set('v', String(version));
  if (inline) q.set('inline', '1');
  return `/api/meetings/materials/file?${q}`;
}

/**
 * mountMaterials({ root, session, canUpload }) -> { render() }.
 * root: the card element; canUpload(): whether this account may upload (secretaries).
 */
export function mountMaterials({ root, session, canUpload }) {
  let limitBytes = DEFAULT_LIMIT;
  const progress = new Map(); // itemId -> text while uploading

  function refreshLimit() {
    const m = session.meeting;
    if (!m) return;
    fetch(`/api/meetings/materials?m=${encodeURIComponent(m.id)}`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((j) => { if (j && j.limit_bytes) { limitBytes = Number(j.limit_bytes); render(); } })
      .catch(() => {});
  }

  function upload(itemId, file, replaces) {
    const m = session.meeting;
    if (!file || !m) return;
    if (file.size > limitBytes) {
      toast(uploadError(413, 'too_large', file.name, limitBytes), 'error', 8000);
      return;
    }
    const q = new URLSearchParams({ m: m.id, item: itemId, name: file.name });
    if (replaces) q.set('material', replaces);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/meetings/materials?${q}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (ev) => {
      if (!ev.lengthComputable) return;
      progress.set(itemId, t('mat.uploading', { name: file.name, pct: Math.floor((ev.loaded / ev.total) * 100) }));
      render();
    };
    xhr.onload = () => {
      progress.delete(itemId);
      let code = '', reason = '';
      try { const e = JSON.parse(xhr.responseText).error; code = e.code; reason = e.message; } catch { /* not JSON */ }
      if (xhr.status === 201) toast(t('mat.uploaded', { name: file.name }), 'ok');
      else toast(uploadError(xhr.status, code, file.name, limitBytes, reason), 'error', 9000);
      render();
    };
    xhr.onerror = () => { progress.delete(itemId); toast(uploadError(0), 'error', 8000); render(); };
    progress.set(itemId, t('mat.uploading', { name: file.name, pct: 0 }));
    render();
    xhr.send(file);
  }

  function picker(itemId, replaces, label, cls) {
    const input = h('input', { type: 'file', hidden: true,
      accept: '.pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg' });
    input.addEventListener('change', () => { upload(itemId, input.files[0], replaces); input.value = ''; });
    const btn = h('button', { type: 'button', class: cls, onclick: () => input.click() }, label);
    return [btn, input];
  }

  function dropZone(itemId) {
    const zone = h('div', { class: 'mat-drop', dataset: { item: itemId } },
      h('span', {}, t('mat.drop')), ' ', ...picker(itemId, '', t('mat.choose'), 'btn btn-small'),
      h('div', { class: 'hint' }, t('mat.accepts', { limit: formatSize(limitBytes) })));
    zone.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('mat-over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('mat-over'));
    zone.addEventListener('drop', (ev) => {
      ev.preventDefault();
      zone.classList.remove('mat-over');
      const f = ev.dataTransfer && ev.dataTransfer.files[0];
      if (f) upload(itemId, f, '');
    });
    return zone;
  }

  // 仅阅读 for a reader: the viewer only, no file link; a secretary keeps the file and the switch.
  function viewOnlyRow(meetingId, item, x, cur) {
    return h('li', { class: 'mat-row mat-view-only', dataset: { material: x.id } },
      h('div', { class: 'mat-main' },
        h('span', { class: `mat-type mat-${cur.type}` }, TYPE_NAMES[cur.type] || cur.type),
        h('span', { class: 'mat-name' }, x.title),
        h('span', { class: 'mat-badge-view' }, t('mat.view_only')),
        h('button', { type: 'button', class: 'btn btn-small mat-read', onclick: () => openViewer({
          title: x.title, type: cur.type, url: fileUrl(meetingId, item.id, x, 0, true) }) }, t('mat.read'))),
      h('div', { class: 'hint mat-meta' }, t('mat.view_only_line', {
        v: cur.version, size: formatSize(cur.size), when: when(cur.at_ms) })));
  }

  function viewOnlySwitch(item, x, cur) {
    const secret = item.level === 'LEVEL_SECRET' || item.level === 3;
    if (secret) return h('span', { class: 'mat-badge-view', title: t('mat.view_only_secret') }, t('mat.view_only'));
    const on = !!x.view_only;
    if (!on && !['pdf', 'png', 'jpeg'].includes(cur.type)) return null;
    return [on ? h('span', { class: 'mat-badge-view' }, t('mat.view_only')) : null,
      h('button', { type: 'button', class: 'btn btn-quiet btn-small mat-view-only-switch', onclick: () => {
        session.send({ set_material_view_only: { item_id: item.id, material_id: x.id, view_only: !on } }).catch(() => {});
      } }, on ? t('mat.view_only_lift') : t('mat.view_only_set'))];
  }

  function materialRow(meetingId, item, x, upload) {
    const versions = x.versions || [];
    const cur = versions[versions.length - 1] || {};
    if (!upload && isViewOnly(item, x)) return viewOnlyRow(meetingId, item, x, cur);
    const viewable = ['pdf', 'png', 'jpeg'].includes(cur.type);
    const older = versions.slice(0, -1).reverse();
    return h('li', { class: 'mat-row', dataset: { material: x.id } },
      h('div', { class: 'mat-main' },
        h('span', { class: `mat-type mat-${cur.type}` }, TYPE_NAMES[cur.type] || cur.type),
        h('a', { class: 'mat-name', href: fileUrl(meetingId, item.id, x, 0, false), download: cur.file_name }, x.title),
        upload ? viewOnlySwitch(item, x, cur) : null,
        viewable ? h('a', { class: 'btn btn-quiet btn-small', href: fileUrl(meetingId, item.id, x, 0, true), target: '_blank', rel: 'noopener' }, t('mat.view')) : null,
        h('a', { class: 'btn btn-small mat-download', href: fileUrl(meetingId, item.id, x, 0, false), download: cur.file_name }, t('mat.download')),
        upload ? picker(item.id, x.id, t('mat.replace'), 'btn btn-quiet btn-small') : null,
        upload ? h('button', { type: 'button', class: 'btn btn-quiet btn-small', onclick: () => {
          if (!confirm(t('mat.remove_confirm', { title: x.title }))) return;
          session.send({ remove_material: { item_id: item.id, material_id: x.id } }).catch(() => {});
        } }, t('mat.remove')) : null),
      h('div', { class: 'hint mat-meta' }, t('mat.current_line', {
        v: cur.version, name: cur.file_name, size: formatSize(cur.size), who: cur.by_name || cur.by, when: when(cur.at_ms) })),
      older.length ? h('details', { class: 'mat-history' },
        h('summary', {}, t('mat.history', { n: older.length })),
        h('ul', {}, ...older.map((v) => h('li', {},
          h('a', { href: fileUrl(meetingId, item.id, x, v.version, false), download: v.file_name },
            t('mat.version_line', { v: v.version, name: v.file_name, size: formatSize(v.size), who: v.by_name || v.by, when: when(v.at_ms) })))))) : null);
  }

  function render() {
    const m = session.meeting;
    if (!m) return;
    const up = !!canUpload();
    const items = m.agenda || [];
    const body = items.map((item) => {
      const list = (item.materials || []).filter((x) => !x.removed);
      return h('section', { class: 'mat-item', dataset: { item: item.id } },
        h('h3', { class: 'mat-item-title' }, item.title),
        list.length ? h('ul', { class: 'mat-list' }, ...list.map((x) => materialRow(m.id, item, x, up)))
          : h('p', { class: 'hint mat-none' }, t('mat.none')),
        progress.has(item.id) ? h('div', { class: 'mat-progress', role: 'status' }, progress.get(item.id)) : null,
        up ? dropZone(item.id) : null);
    });
    setChildren(root,
      h('div', { class: 'card-head ld-card-head' }, h('h2', {}, t('mat.title'))),
      ...(body.length ? body : [h('p', { class: 'hint' }, t('mat.no_items'))]));
  }

  refreshLimit();
  return { render, upload };
}
