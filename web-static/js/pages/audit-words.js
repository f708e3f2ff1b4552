// The audit log in words a security officer reads (admin page): who (the person's name),
// did what, to which account or meeting (by title, when the server gives it), with what effect — instead of the server's
// record ("meeting mrhrq55wgu4chd", "version 12, sees up to LEVEL_INTERNAL",
// "zhao as ROLE_PARTICIPANT -> -"). The record itself is unchanged (hash-chained, English,
// ids); the raw text stays available in the row's tooltip. Pure: unit-tested in Node.
import { t, addStrings } from '../i18n.js';

addStrings({
  zh: {
    'aud.account': '账号 {name}',
    'aud.meeting': '会议（编号 {id}）',
    'aud.meeting_item': '会议（编号 {id}）中的 {what}',
    'aud.meeting_titled': '会议“{title}”',
    'aud.meeting_titled_item': '会议“{title}”中的 {what}',
    'aud.the_meeting': '会议本身',
    'aud.item': '议程项 {id}',
    'aud.attendee': '参会人员 {id}',
    'aud.item_titled': '议程项“{title}”',
    'aud.attendee_named': '参会人员 {name}',
    'aud.sees_up_to': '可见至“{level}”',
    'aud.level_change': '密级由“{from}”改为“{to}”',
    'aud.new_item_level': '新增“{level}”议程项',
    'aud.link': '{name}（{role}）',
    'aud.nobody': '无',
    'aud.role_change': '关联由 {from} 改为 {to}',
    'aud.removed': '已移出',
    'aud.export': '导出 {format}（{grouping}）',
    'aud.jiyao_export': '导出纪要 {format}（{which}），略去 {withheld} 节',
    'aud.jiyao_live': '按会议现状起草',
    'aud.jiyao_stored': '第 {n} 版',
    'aud.jiyao_latest': '最新一版',
    'aud.by_item': '按议题', 'aud.by_speaker': '按发言人',
    'aud.throttled': '尝试过多，已暂停',
    'aud.wrong_password': '密码错误',
    'aud.password_reset': '重置了密码',
  },
  en: {
    'aud.account': 'account {name}',
    'aud.meeting': 'meeting (id {id})',
    'aud.meeting_item': '{what} in meeting (id {id})',
    'aud.meeting_titled': 'meeting "{title}"',
    'aud.meeting_titled_item': '{what} in meeting "{title}"',
    'aud.the_meeting': 'the meeting itself',
    'aud.item': 'agenda item {id}',
    'aud.attendee': 'attendee {id}',
    'aud.item_titled': 'agenda item "{title}"',
    'aud.attendee_named': 'attendee {name}',
    'aud.sees_up_to': 'sees up to "{level}"',
    'aud.level_change': 'level from "{from}" to "{to}"',
    'aud.new_item_level': 'new "{level}" agenda item',
    'aud.link': '{name} ({role})',
    'aud.nobody': 'nobody',
    'aud.role_change': 'link from {from} to {to}',
    'aud.removed': 'removed',
    'aud.export': 'exported {format} ({grouping})',
    'aud.jiyao_export': 'exported the minutes as {format} ({which}), {withheld} sections withheld',
    'aud.jiyao_live': 'drafted from the meeting as it stands',
    'aud.jiyao_stored': 'version {n}',
    'aud.jiyao_latest': 'the latest version',
    'aud.by_item': 'by item', 'aud.by_speaker': 'by speaker',
    'aud.throttled': 'too many attempts, paused',
    'aud.wrong_password': 'wrong password',
    'aud.password_reset': 'password reset',
  },
});

const LEVEL = /\bLEVEL_[A-Z]+\b/;
const level = (l) => t('enum.' + l);
const role = (r) => t('enum.' + r);

/** One side of "zhao as ROLE_PARTICIPANT -> -": the person and role, or nobody. */
function linkWords(s, nameOf) {
  const m = /^(\S+) as (ROLE_[A-Z]+)$/.exec(s.trim());
  if (m) return t('aud.link', { name: nameOf(m[1]), role: role(m[2]) });
  return t('aud.nobody');
}

/**
 * {who, what, which, detail} for an audit entry ({actor, action, target, detail}).
 * nameOf(accountId) gives a person's name (the id when unknown).
 */
export function auditWords(e, nameOf = (id) => id) {
  const who = e.actor ? nameOf(e.actor) : '';
  const what = t('audit.' + e.action) === 'audit.' + e.action ? e.action : t('audit.' + e.action);
  let which = e.target || '';
  let m = /^account (\S+)$/.exec(which);
  if (m) which = t('aud.account', { name: nameOf(m[1]) });
  m = /^meeting (\S+)(?: (\S+))?$/.exec(e.target || '');
  if (m) {
    const sub = m[2];
    // By title when the server names it (the administrator is cleared for the meeting).
    const title = e.meeting_title;
    if (!sub) which = title ? t('aud.meeting_titled', { title }) : t('aud.meeting', { id: m[1] });
    else {
      // The item's title / the attendee's name when the server gives them (cleared for).
      const part = sub === 'meeting' ? t('aud.the_meeting')
        : e.action === 'role_changed' ? (e.attendee_name ? t('aud.attendee_named', { name: e.attendee_name }) : t('aud.attendee', { id: sub }))
          : e.item_title ? t('aud.item_titled', { title: e.item_title }) : t('aud.item', { id: sub });
      which = title ? t('aud.meeting_titled_item', { title, what: part }) : t('aud.meeting_item', { id: m[1], what: part });
    }
  }
  const raw = String(e.detail || '').replace(/\s*\(version \d+\)$/, '');
  let detail = raw;
  let x;
  if ((x = /^(?:(\w+) by (item|speaker), )?version \d+, sees up to (LEVEL_[A-Z]+)$/.exec(raw))) {
    detail = t('aud.sees_up_to', { level: level(x[3]) });
    if (x[1]) detail = `${t('aud.export', { format: x[1].toUpperCase(), grouping: t('aud.by_' + x[2]) })}${t('ui.list_sep')}${detail}`;
  } else if ((x = /^jiyao (\w+), version \d+(?:, stored version (\d+))?, sees up to (\S+), withheld (\d+)$/.exec(raw))) {
    // A 纪要 download: live draft, or a stored version (0 = the latest).
    const which = x[2] === undefined ? t('aud.jiyao_live') : x[2] === '0' ? t('aud.jiyao_latest') : t('aud.jiyao_stored', { n: x[2] });
    detail = `${t('aud.jiyao_export', { format: x[1].toUpperCase(), which, withheld: x[4] })}${t('ui.list_sep')}${t('aud.sees_up_to', { level: LEVEL.test(x[3]) ? level(x[3]) : x[3] })}`;
  } else if ((x = /^(LEVEL_[A-Z]+) -> (LEVEL_[A-Z]+)$/.exec(raw))) {
    detail = t('aud.level_change', { from: level(x[1]), to: level(x[2]) });
  } else if ((x = /^new item at (LEVEL_[A-Z]+)$/.exec(raw))) {
    detail = t('aud.new_item_level', { level: level(x[1]) });
  } else if ((x = /^(.+) -> (.+)$/.exec(raw)) && / as ROLE_|^- /.test(raw)) {
    const to = /- \(removed\)$/.test(x[2]) ? t('aud.removed') : linkWords(x[2], nameOf);
    detail = t('aud.role_change', { from: linkWords(x[1], nameOf), to });
  } else if (raw === 'throttled') detail = t('aud.throttled');
  else if (raw === 'wrong old password' || raw === 'wrong password') detail = t('aud.wrong_password');
  else if (raw === 'password reset') detail = t('aud.password_reset');
  else if (LEVEL.test(raw)) detail = raw.replace(new RegExp(LEVEL.source, 'g'), (l) => level(l));
  return { who, what, which, detail };
}
