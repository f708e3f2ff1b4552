// huiwu_notice_sample OUT.docx: writes a sample meeting's notice (会议通知) for
// notice-readback.test.mjs, in the layout GET /api/meetings/notice.docx serves.
#include <fstream>
#include <iostream>

#include "export/jiyao_docx.hpp"
#include "export/notice_doc.hpp"

int main(int argc, char** argv) {
  using namespace huiwu;
  if (argc != 2) {
    std::cerr << "usage: huiwu_notice_sample OUT.docx\n";
    return 2;
  }
  v1::Meeting m;
  m.set_id("m-notice");
  auto* info = m.mutable_info();
  info->set_title("2026年第四季度工作会议");
  info->set_starts_at_ms(1'797'557'400'000);  // 2026-12-18 09:30 in Beijing
  info->set_ends_at_ms(1'797'564'600'000);    // 11:30
  info->set_place("机关三楼第一会议室");
  info->set_convener("局办公室");
  info->set_level(v1::LEVEL_INTERNAL);
  for (auto [name, unit, title, rank] :
       {std::tuple{"赵参会", "财务处", "处长", 2}, {"王建国", "局领导", "局长", 1}}) {
    auto* a = m.add_attendees();
    a->set_name(name);
    a->set_unit(unit);
    a->set_title(title);
    a->set_rank(rank);
  }
  auto* it = m.add_agenda();
  it->set_title("通报第四季度重点工作进展");
  it->set_presenter("办公室");
  auto* n = m.mutable_notice();
  n->set_reply_by("2026-12-15");
  n->set_contact("王秘书");
  n->set_phone("010-66668888");
  n->set_bring("笔记本电脑");
  n->add_materials("第四季度重点工作进展表");
  m.mutable_lifecycle()->set_notice_issued_at_ms(1'797'300'000'000);  // 2026-12-15
  exports::notice_options o;
  auto docx = exports::jiyao_docx(exports::layout_notice(m, o));
  if (!docx) {
    std::cerr << docx.error().message << '\n';
    return 1;
  }
  std::ofstream(argv[1], std::ios::binary) << *docx;
  return 0;
}
