// The unit directory (单位名录) on the admin page: the units with their short name, parent
// and contact accounts; add, change, remove. A refused change is explained at its field,
// in the page's language (the server's code and field, admin-units-strings.js).

import './admin-units-strings.js';
import { unitErrorKey } from './admin-units-strings.js';
import { h, $, setChildren, toast, t } from '../ui.js';
import { api } from './admin-api.js';

/** Mounts the unit card. accounts() gives the accounts known to the page; onChange runs after a change. */
export function mountUnits({ accounts, onChange }) {
  let units = [];
  let editing = null; // the unit being changed, or null when adding
  const form = $('#unit-form');
  const f = { name: $('#un-name'), short: $('#un-short'), parent: $('#un-parent'), contacts: $('#un-contacts') };
  const fieldOf = { name: f.name, short_name: f.short, parent_id: f.parent, contact_accounts: f.contacts };

  const byId = (id) => units.find((u) => u.id === id);
  const personName = (id) => { const a = accounts().find((x) => x.id === id); return a ? a.name || a.id : id; };

  function clearErrors() {
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const el of form.querySelectorAll('.field-error')) el.remove();
  }

  function showError(err) {
    clearErrors();
    const key = unitErrorKey(err);
    const text = key && t(key) !== key ? t(key) : t('unit.err.other', { reason: err.message });
    const ctl = fieldOf[err.field];
    if (ctl) {
      ctl.setAttribute('aria-invalid', 'true');
      ctl.closest('.field').append(h('p', { class: 'field-error', id: `un-error-${err.field}`, role: 'alert' }, text));
      ctl.focus();
    } else {
      toast(text, 'error', 8000);
    }
  }

  function fillPickers() {
    const keepParent = f.parent.value;
    const keepContacts = new Set([...f.contacts.selectedOptions].map((o) => o.value));
    setChildren(f.parent, h('option', { value: '' }, t('unit.top')),
      units.filter((u) => !editing || u.id !== editing.id).map((u) => h('option', { value: u.id }, u.name)));
    f.parent.value = byId(keepParent) ? keepParent : '';
    setChildren(f.contacts, accounts().filter((a) => !a.disabled).map((a) =>
      h('option', { value: a.id, selected: keepContacts.has(a.id) }, t('ui.paren', { a: a.name || a.id, b: a.id }))));
  }

  function row(u) {
    const parent = byId(u.parent_id);
    return h('tr', { dataset: { id: u.id, name: u.name } },
      h('td', {}, h('strong', {}, u.name)),
      h('td', {}, u.short_name || h('span', { class: 'muted' }, t('unit.none'))),
      h('td', {}, parent ? parent.name : h('span', { class: 'muted' }, t('unit.none'))),
      h('td', {}, u.contact_accounts.length ? u.contact_accounts.map(personName).join('、') : h('span', { class: 'muted' }, t('unit.none'))),
      h('td', { class: 'adm-unit-actions' },
        h('button', { class: 'btn btn-sm', type: 'button', dataset: { action: 'edit' }, onclick: () => startEdit(u) }, t('unit.edit')),
        h('button', { class: 'btn btn-sm btn-quiet', type: 'button', dataset: { action: 'delete' }, onclick: () => remove(u) }, t('unit.delete'))));
  }

  function render() {
    setChildren($('#unit-rows'), units.map(row));
    $('#unit-empty').hidden = units.length > 0;
    $('#unit-summary').textContent = t('unit.summary', { n: units.length });
    $('#unit-form-head').textContent = editing ? t('unit.edit_head', { name: editing.name }) : t('unit.add');
    $('#un-submit').textContent = editing ? t('unit.save') : t('unit.add');
    $('#un-cancel').hidden = !editing;
    fillPickers();
  }

  async function load() {
    try {
      units = (await api('/api/units')).units || [];
    } catch (e) {
      toast(t('unit.err.other', { reason: e.message }), 'error', 7000);
    }
    render();
  }

  function startEdit(u) {
    editing = u;
    clearErrors();
    render();
    f.name.value = u.name;
    f.short.value = u.short_name;
    f.parent.value = u.parent_id;
    for (const o of f.contacts.options) o.selected = u.contact_accounts.includes(o.value);
    form.scrollIntoView({ block: 'nearest' });
    f.name.focus();
  }

  function stopEdit() {
    editing = null;
    form.reset();
    clearErrors();
    render();
  }

  async function remove(u) {
    if (!confirm(t('unit.confirm_delete', { name: u.name }))) return;
    try {
      await api('/api/units/delete', { method: 'POST', body: { id: u.id } });
      toast(t('unit.deleted', { name: u.name }), 'ok');
      if (editing && editing.id === u.id) stopEdit();
      await load();
      onChange();
    } catch (e) {
      const key = unitErrorKey(e);
      toast(key && t(key) !== key ? t(key) : t('unit.err.other', { reason: e.message }), 'error', 8000);
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    // Said at the field before anything is sent.
    if (!f.name.value.trim()) { showError({ field: 'name', code: 'invalid_field' }); return; }
    const body = {
      name: f.name.value.trim(), short_name: f.short.value.trim(), parent_id: f.parent.value,
      contact_accounts: [...f.contacts.selectedOptions].map((o) => o.value),
    };
    $('#un-submit').disabled = true;
    try {
      const r = editing
        ? await api('/api/units/update', { method: 'POST', body: { id: editing.id, ...body } })
        : await api('/api/units', { method: 'POST', body });
      toast(t(editing ? 'unit.saved' : 'unit.added', { name: r.unit.name }), 'ok');
      editing = null;
      form.reset();
      await load();
      onChange();
    } catch (e) {
      showError(e);
    }
    $('#un-submit').disabled = false;
  });
  $('#un-cancel').addEventListener('click', stopEdit);

  return { load, render };
}
