// The audit panel of the minutes page: who changed an item's minutes, when, and what
// (from the server's stored events, `history` requests, plus the live events since).
// A person's keystrokes without a long pause are one line (also while someone else
// types in between): what they inserted, in the order they typed it, and how many
// characters they deleted — not a thousand single letters.

import { h, setChildren, t, formatClock, formatDateTime } from '../ui.js';
import { opFromWire } from '../ot-wire.js';
import { cpLength, isInsertComponent, insertText } from '../ot.js';

const PAGE = 1000;          // versions per history request (the server's maximum)
const GROUP_GAP_MS = 20000; // a pause this long starts a new line

const num = (x) => Number(x) || 0;
const clock = (ms) => formatClock(ms); // the office's wall clock, as every time shown

export class HistoryPanel {
  constructor(root, { client, session }) {
    this.root = root;
    this.client = client;
    this.session = session;
    this.itemId = '';
    this.events = [];        // this item's edit events, oldest first
    this.floor = 0;          // versions below this one have not been read
    this.gen = 0;
    this.list = root.querySelector('#mn-history-list');
    this.state = root.querySelector('#mn-history-state');
    this.more = root.querySelector('#mn-history-more');
    this.more.addEventListener('click', () => this._loadEarlier());
  }

  get isOpen() { return !this.root.hidden; }

  open(itemId) {
    this.root.hidden = false;
    if (itemId !== this.itemId || !this.events.length) this.show(itemId);
  }

  close() { this.root.hidden = true; }

  /** Shows another item (reads its recent history when the panel is open). */
  show(itemId) {
    this.itemId = itemId;
    this.events = [];
    this.floor = this.session.version + 1;
    this.gen++;
    this._render();
    if (this.isOpen && itemId) this._loadEarlier();
  }

  /** A live event of the meeting (in order). */
  onEvent(ev) {
    const em = ev.change && ev.change.edit_minutes;
    if (!em || em.item_id !== this.itemId || !this.isOpen) return;
    if (num(ev.version) < this.floor) return;
    this.events.push(ev);
    this._renderSoon();
  }

  async _loadEarlier() {
    if (this.floor <= 1) return;
    const gen = this.gen;
    const from = Math.max(1, this.floor - PAGE);
    const upTo = this.floor;
    this.state.textContent = t('mn.history_loading');
    this.more.hidden = true;
    try {
      const r = await this.client.request({ history: { meeting_id: this.session.id, from_version: from, limit: upTo - from } });
      if (gen !== this.gen) return;
      const older = (r.history_page.events || []).filter((e) => {
        const em = e.change && e.change.edit_minutes;
        return em && em.item_id === this.itemId && num(e.version) < upTo;
      });
      this.events = older.concat(this.events);
      this.floor = from;
      this.state.textContent = '';
    } catch {
      if (gen !== this.gen) return;
      this.state.textContent = t('mn.history_failed');
    }
    this._render();
  }

  _renderSoon() {
    if (this.renderTimer) return;
    this.renderTimer = setTimeout(() => { this.renderTimer = null; this._render(); }, 300);
  }

  // One group per run of a person's edits without a pause of GROUP_GAP_MS; newest last edit first.
  _groups() {
    const groups = [];
    const open = new Map(); // client_id -> its latest group
    for (const e of this.events) {
      const at = num(e.at_ms);
      let op;
      try { op = opFromWire(e.change.edit_minutes.op); } catch { continue; }
      let g = open.get(e.client_id);
      if (!g || at - g.last > GROUP_GAP_MS) {
        g = { clientId: e.client_id, name: e.client_name || '—', first: at, last: at, inserted: [], deleted: 0, from: num(e.version), to: 0 };
        groups.push(g);
        open.set(e.client_id, g);
      }
      g.last = at;
      g.to = num(e.version);
      for (const c of op.ops) {
        if (isInsertComponent(c)) g.inserted.push(insertText(c));
        else if (c < 0) g.deleted -= c;
      }
    }
    return groups.sort((a, b) => b.last - a.last || b.to - a.to);
  }

  _render() {
    const groups = this._groups();
    setChildren(this.list, groups.map((g) => {
      const inserted = g.inserted.join('');
      const deleted = g.deleted;
      const shown = cpLength(inserted) > 140 ? Array.from(inserted).slice(0, 140).join('') + '…' : inserted;
      const time = clock(g.first) + (g.last - g.first > 60000 ? `–${clock(g.last)}` : '');
      return h('li', { class: 'mn-h-row', dataset: { from: g.from, to: g.to } },
        h('div', { class: 'mn-h-who' },
          h('strong', {}, g.name),
          h('span', { class: 'mn-h-time num', title: formatDateTime(g.first) + ` · v${g.from}–${g.to}` }, time)),
        inserted ? h('div', { class: 'mn-h-ins', title: inserted }, h('span', { class: 'mn-h-tag' }, t('mn.inserted')), shown.replace(/\n/g, '⏎')) : null,
        deleted ? h('div', { class: 'mn-h-del' }, t('mn.deleted', { n: deleted })) : null);
    }));
    if (!groups.length && !this.state.textContent) this.state.textContent = t('mn.history_empty');
    else if (groups.length && this.state.textContent === t('mn.history_empty')) this.state.textContent = '';
    this.more.hidden = this.floor <= 1;
  }
}
