#include "sample_meeting.hpp"

namespace huiwu::test {
namespace {

void item(v1::Meeting& m, const char* id, const char* title, v1::Level level, const char* minutes) {
  auto* it = m.add_agenda();
  it->set_id(id);
  it->set_title(title);
  it->set_level(level);
  it->set_minutes(minutes);
}

void person(v1::Meeting& m, const char* name, int rank, v1::Role role, v1::Attendance at,
            const char* unit = "") {
  auto* a = m.add_attendees();
  a->set_id("p" + std::to_string(m.attendees_size()));
  a->set_name(name);
  a->set_rank(rank);
  a->set_role(role);
  a->set_attendance(at);
  a->set_unit(unit);
}

}  // namespace

v1::Meeting sample_meeting() {
  v1::Meeting m;
  m.set_id("m1");
  m.set_version(42);
  auto* info = m.mutable_info();
  info->set_title("市政府第12次常务会议");
  info->set_place("市政府第一会议室");
  info->set_starts_at_ms(sample_start_ms);
  info->set_level(v1::LEVEL_INTERNAL);
  item(m, "i1", "关于2027年财政预算的汇报", v1::LEVEL_PUBLIC,
       "王建国：预算总体平稳，收支基本平衡。\n"
       "李娜：建议压缩会议费😀，控制在上年水平。\n"
       "会议同意财政局的意见。\n"
       "\n"
       "王建国：请财政局牵头，11月底前报送。\r\n");
  item(m, "i2", "关于安全生产大检查", v1::LEVEL_INTERNAL,
       "李娜:检查组下周出发，重点是𠀀𠀁类企业。\n"
       "  会议要求：各区县一周内自查。\n"
       "张伟：我因出差请假，书面意见已提交。");
  item(m, "i3", "机密议题SENTINEL-TITLE", v1::LEVEL_SECRET, "王建国：SENTINEL-MINUTES");
  // Out of rank order on purpose; 陈 (7 strokes) before 赵 (9) among the unranked.
  person(m, "周杰", 4, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_PRESENT);
  person(m, "赵敏", 0, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_EXPECTED);
  person(m, "李娜", 2, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_LATE);
  person(m, "王建国", 1, v1::ROLE_CHAIR, v1::ATTENDANCE_PRESENT);
  person(m, "陈刚", 0, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_PRESENT);
  person(m, "张伟", 3, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_LEAVE);
  person(m, "刘洋", 0, v1::ROLE_OBSERVER, v1::ATTENDANCE_PRESENT, "财政局");
  person(m, "孙丽", 5, v1::ROLE_PARTICIPANT, v1::ATTENDANCE_ABSENT);
  person(m, "秘书甲", 0, v1::ROLE_SECRETARY, v1::ATTENDANCE_PRESENT);
  return m;
}

}  // namespace huiwu::test
