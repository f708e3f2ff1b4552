#include "jiyao_sample.hpp"

namespace huiwu::test {
namespace {

v1::AgendaItem& item(v1::Meeting& m, const char* id, const char* title, v1::Level level,
                     const char* minutes, const char* presenter = "") {
  auto* it = m.add_agenda();
  it->set_id(id);
  it->set_title(title);
  it->set_level(level);
  it->set_minutes(minutes);
  it->set_presenter(presenter);
  it->set_status(v1::ITEM_DONE);
  return *it;
}

void person(v1::Meeting& m, const char* name, int rank, v1::Role role, v1::Attendance at,
            const char* title = "", const char* unit = "") {
  auto* a = m.add_attendees();
  a->set_id("p" + std::to_string(m.attendees_size()));
  a->set_name(name);
  a->set_rank(rank);
  a->set_role(role);
  a->set_attendance(at);
  a->set_title(title);
  a->set_unit(unit);
}

void decision(v1::Meeting& m, const char* id, const char* item, const char* text, const char* lead,
              std::initializer_list<const char*> co, const char* deadline) {
  auto* d = m.add_decisions();
  d->set_id(id);
  d->set_item_id(item);
  d->set_text(text);
  d->set_lead_unit(lead);
  for (auto c : co) d->add_co_units(c);
  d->set_deadline(deadline);
  d->set_state("assigned");
}

}  // namespace

v1::Meeting jiyao_meeting() {
  v1::Meeting m;
  // The convener: the account the tests read the meeting as (decisions are read only by
  // those invited or named on them, domain::may_read_decision).
  m.set_created_by("reader");
  m.set_id("m7");
  m.set_version(87);
  auto* info = m.mutable_info();
  info->set_title("市政府第12次常务会议");
  info->set_place("市政府第一会议室");
  info->set_starts_at_ms(jiyao_start_ms);
  info->set_level(v1::LEVEL_INTERNAL);
  item(m, "i1", "关于2027年财政预算编制情况的汇报", v1::LEVEL_PUBLIC,
       "周杰：2027年预算收入预计增长5%，支出重点保障民生。\n"
       "李娜：建议压缩一般性支出，会议费控制在上年水平。\n"
       "会议认为，预算编制总体稳妥，符合上级要求\n"
       "会议原则同意2027年财政预算草案。\n"
       "王建国：请财政局根据讨论意见修改完善后，按程序提请市人大常委会审议。\r\n",
       "市财政局局长周杰");
  item(m, "i2", "审议《安全生产大检查工作方案》", v1::LEVEL_INTERNAL,
       "陈刚：方案已征求各区县意见。\n"
       "王建国：安全生产是底线，任何时候都不能有丝毫松懈。\n"
       "会议决定，自11月下旬起在全市开展为期一个月的安全生产大检查。\n"
       "  会议要求：各区县一周内完成自查，重点检查𠀀𠀁类危化企业。");
  item(m, "i3", "研究部署今冬明春供暖保障工作", v1::LEVEL_PUBLIC,
       "赵敏：已储煤50万吨😀，管网检修完成八成。\n"
       "王建国：供暖关系千家万户，务必确保群众温暖过冬。");
  item(m, "i4", "机密议题SENTINEL-TITLE", v1::LEVEL_SECRET, "王建国：SENTINEL-MINUTES");
  item(m, "i5", "人事任免", v1::LEVEL_PUBLIC, "").set_status(v1::ITEM_DEFERRED);
  // Out of rank order on purpose; among the unranked 刘 (6 strokes) before 赵 (9).
  person(m, "赵敏", 0, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_PRESENT);
  person(m, "李娜", 2, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_PRESENT, "常务副市长");
  person(m, "王建国", 1, v1::ROLE_CHAIR, v1::ATTENDANCE_PRESENT, "市长");
  person(m, "张伟", 3, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_LEAVE, "副市长");
  person(m, "刘洋", 0, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_LATE);
  person(m, "周杰", 0, v1::ROLE_OBSERVER, v1::ATTENDANCE_PRESENT, "局长", "市财政局");
  person(m, "陈刚", 0, v1::ROLE_OBSERVER, v1::ATTENDANCE_PRESENT, "局长", "市应急管理局");
  person(m, "孙丽", 4, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_ABSENT, "副市长");
  person(m, "吴芳", 0, v1::ROLE_SECRETARY, v1::ATTENDANCE_PRESENT);
  decision(m, "d1", "i1", "修改完善2027年财政预算草案，按程序提请市人大常委会审议。", "市财政局",
           {}, "2026-12-15");
  decision(m, "d2", "i2", "在全市开展为期一个月的安全生产大检查", "市应急管理局",
           {"市住房城乡建设局", "市交通运输局"}, "2026-12-31");
  decision(m, "d3", "i3", "做好今冬明春煤炭储备和供暖设施检修", "市发展改革委", {"市城管局"},
           "2026-12-10");
  decision(m, "d4", "i4", "SENTINEL-DECISION", "SENTINEL-UNIT", {}, "2026-12-01");
  // 督办人, for the follow-up annex; d3 has none yet.
  m.mutable_decisions(0)->set_supervisor_name("钱进");
  m.mutable_decisions(1)->set_supervisor_name("郑丽");
  m.mutable_decisions(3)->set_supervisor_name("程督查");
  return m;
}

exports::jiyao_options jiyao_sample_options() {
  exports::jiyao_options o;
  o.issuer = "市人民政府办公室";
  o.numbering = exports::issue_numbering::year;
  o.number = 12;
  o.issued_at_ms = jiyao_issued_ms;
  o.distribution = {"市委办公室", "市人大常委会办公室", "各区县人民政府", "市政府各部门"};
  return o;
}

}  // namespace huiwu::test
