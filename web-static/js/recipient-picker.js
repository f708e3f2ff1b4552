// The 纪要's recipients (印发 / 分送) picked from the unit directory (/api/units, decision
// 0029) and the accounts, as chips: type part of a name, short name or account id, choose
// with ↑/↓ and Enter (or a click), remove a chip with its × or Backspace in the empty box.
// A unit prints its name on the 分送 line and delivers to its contact accounts; an account
// receives it in the inbox; a line that matches nothing may still be added with Enter as a
// printed 分送 line (各区县人民政府), delivered to nobody.
import { h } from './ui.js';

const norm = (s) => String(s || '').toLowerCase().replace(/\s+/g, '');

/** The directory entries that match `query`, units first, without those already chosen. */
export function matchChoices(query, units, accounts, picks, limit = 8) {
  const q = norm(query);
  if (!q) return [];
  const taken = new Set(picks.map((p) => `${p.kind}:${p.id || p.name}`));
  const out = [];
  for (const u of units) {
    if (taken.has(`unit:${u.id}`)) continue;
    if (norm(u.name).includes(q) || norm(u.short_name).includes(q)) {
      out.push({ kind: 'unit', id: u.id, name: u.name, sub: u.short_name && u.short_name !== u.name ? u.short_name : '' });
    }
  }
  for (const a of accounts) {
    if (taken.has(`account:${a.id}`)) continue;
    if (norm(a.name).includes(q) || norm(a.id).includes(q) || norm(a.unit).includes(q)) {
      out.push({ kind: 'account', id: a.id, name: a.name || a.id, sub: a.unit || '' });
    }
  }
  return out.slice(0, limit);
}

/** What the chips send: the accounts to deliver to and the 分送 lines to print. */
export function resolvePicks(picks, units) {
  const recipients = [];
  const distribution = [];
  const add = (id) => { if (id && !recipients.includes(id)) recipients.push(id); };
  for (const p of picks) {
    if (p.kind === 'account') add(p.id);
    if (p.kind === 'unit') {
      distribution.push(p.name);
      const u = units.find((x) => x.id === p.id);
      for (const id of (u && u.contact_accounts) || []) add(id);
    }
    if (p.kind === 'text' && p.name.trim()) distribution.push(p.name.trim());
  }
  return { recipients, distribution };
}

/**
 * The 分送 lines as 印发 sends them: a unit by its id ("u3"), so that the server checks it is
 * still in the directory and prints its name as the directory has it now (protocol.md §6.7);
 * a typed line as it is. Same order as resolvePicks' distribution.
 */
export function issueDistribution(picks) {
  const lines = [];
  for (const p of picks) {
    if (p.kind === 'unit') lines.push(p.id);
    if (p.kind === 'text' && p.name.trim()) lines.push(p.name.trim());
  }
  return lines;
}

/** The chips a form opens with: the given accounts, and 分送 lines as units where they are one. */
export function initialPicks(accountIds, lines, units, accounts) {
  const picks = [];
  for (const line of lines) {
    const u = units.find((x) => x.name === line || x.short_name === line);
    picks.push(u ? { kind: 'unit', id: u.id, name: u.name } : { kind: 'text', name: line });
  }
  for (const id of accountIds) {
    const a = accounts.find((x) => x.id === id);
    if (a) picks.push({ kind: 'account', id, name: a.name || id });
  }
  return picks;
}

export class RecipientPicker {
  /** `words(key)` gives the UI's words: 'unit', 'account', 'line', 'remove', 'placeholder'. */
  constructor(root, { units, accounts, picks = [], words }) {
    this.units = units;
    this.accounts = accounts;
    this.picks = picks;
    this.words = words;
    this.active = 0;
    this.chips = h('span', { class: 'rp-chips' });
    this.input = h('input', { type: 'text', class: 'rp-input', id: 'rp-input', role: 'combobox', 'aria-expanded': 'false', 'aria-controls': 'rp-list', 'aria-autocomplete': 'list', placeholder: words('placeholder'), autocomplete: 'off' });
    this.list = h('ul', { class: 'rp-list', id: 'rp-list', role: 'listbox', hidden: true });
    root.replaceChildren(h('div', { class: 'rp-box', onclick: () => this.input.focus() }, this.chips, this.input), this.list);
    this.input.addEventListener('input', () => { this.active = 0; this.renderList(); });
    this.input.addEventListener('keydown', (ev) => this.key(ev));
    this.input.addEventListener('blur', () => setTimeout(() => { this.list.hidden = true; }, 150));
    this.renderChips();
  }

  value() { return resolvePicks(this.picks, this.units); }

  matches() { return matchChoices(this.input.value, this.units, this.accounts, this.picks); }

  key(ev) {
    const m = this.matches();
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (m.length) this.active = (this.active + (ev.key === 'ArrowDown' ? 1 : m.length - 1)) % m.length;
      this.renderList();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      if (m.length) this.add(m[Math.min(this.active, m.length - 1)]);
      else if (this.input.value.trim()) this.add({ kind: 'text', name: this.input.value.trim() });
    } else if (ev.key === 'Backspace' && !this.input.value && this.picks.length) {
      this.picks.pop();
      this.renderChips();
    } else if (ev.key === 'Escape') {
      this.list.hidden = true;
    }
  }

  add(p) {
    this.picks.push({ kind: p.kind, id: p.id, name: p.name });
    this.input.value = '';
    this.active = 0;
    this.renderChips();
    this.renderList();
    this.input.focus();
  }

  renderChips() {
    this.chips.replaceChildren(...this.picks.map((p, i) => h('span', { class: `chip rp-chip rp-${p.kind}`, dataset: { kind: p.kind, id: p.id || p.name } },
      h('span', { class: 'rp-kind' }, this.words(p.kind === 'text' ? 'line' : p.kind)), ' ', p.name,
      h('button', { type: 'button', class: 'rp-x', 'aria-label': `${this.words('remove')} ${p.name}`, onclick: (ev) => { ev.stopPropagation(); this.picks.splice(i, 1); this.renderChips(); } }, '×'))));
  }

  renderList() {
    const m = this.matches();
    this.list.hidden = !m.length;
    this.input.setAttribute('aria-expanded', String(!!m.length));
    this.list.replaceChildren(...m.map((c, i) => h('li', {
      role: 'option', id: `rp-opt-${i}`, class: i === this.active ? 'rp-active' : '', 'aria-selected': String(i === this.active), dataset: { kind: c.kind, id: c.id },
      onmousedown: (ev) => { ev.preventDefault(); this.add(c); },
    }, h('span', { class: 'rp-kind' }, this.words(c.kind)), ' ', c.name, c.sub ? h('span', { class: 'muted' }, ` ${c.sub}`) : '')));
    if (m.length) this.input.setAttribute('aria-activedescendant', `rp-opt-${this.active}`);
  }
}
