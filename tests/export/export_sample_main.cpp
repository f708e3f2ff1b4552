// huiwu_export_sample OUT_DIR: writes the sample meeting's minutes as seen by an internal
// reader (no secret item) for docx-readback.test.mjs: by-item.docx, by-speaker.docx,
// by-item.txt and by-speaker.txt.
#include <fstream>
#include <iostream>

#include "domain/access_rules.hpp"
#include "export/docx_writer.hpp"
#include "export/minutes_doc.hpp"
#include "sample_meeting.hpp"

int main(int argc, char** argv) {
  using namespace huiwu;
  if (argc != 2) {
    std::cerr << "usage: huiwu_export_sample OUT_DIR\n";
    return 2;
  }
  const auto m = domain::redact(test::sample_meeting(), {"reader", v1::LEVEL_INTERNAL});
  for (const auto& [name, group] : {std::pair{"by-item", exports::grouping::by_item},
                                    std::pair{"by-speaker", exports::grouping::by_speaker}}) {
    exports::doc_options o;
    o.group = group;
    o.issue_number = "〔2026〕12号";
    o.issued_at_ms = test::sample_start_ms;
    const auto doc = exports::build_minutes(m, o);
    auto docx = exports::to_docx(doc);
    if (!docx) {
      std::cerr << docx.error().message << '\n';
      return 1;
    }
    std::ofstream(std::string(argv[1]) + "/" + name + ".docx", std::ios::binary) << *docx;
    std::ofstream(std::string(argv[1]) + "/" + name + ".txt", std::ios::binary)
        << exports::to_text(doc);
  }
  return 0;
}
