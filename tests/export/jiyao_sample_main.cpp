// huiwu_jiyao_sample OUT_DIR: writes the sample meeting's 纪要 for jiyao-readback.test.mjs,
// as read by a reader cleared for 机密 (everything) and by one cleared for 内部 (the secret
// item withheld): jiyao-secret.{docx,txt,md,json} and jiyao-internal.{docx,txt,md,json}.
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>

#include "domain/access_rules.hpp"
#include "export/jiyao_docx.hpp"
#include "export/jiyao_draft.hpp"
#include "export/jiyao_json.hpp"
#include "jiyao_sample.hpp"

int main(int argc, char** argv) {
  using namespace huiwu;
  if (argc != 2) {
    std::cerr << "usage: huiwu_jiyao_sample OUT_DIR\n";
    return 2;
  }
  const auto full = test::jiyao_meeting();
  for (const auto& [name, level] : {std::pair{"jiyao-secret", v1::LEVEL_SECRET},
                                    std::pair{"jiyao-internal", v1::LEVEL_INTERNAL}}) {
    const auto visible = domain::redact(full, {"reader", level});
    const auto draft = exports::draft_jiyao(visible, exports::withheld_positions(full, visible),
                                            test::jiyao_sample_options());
    const auto lines = exports::layout_jiyao(draft);
    auto docx = exports::jiyao_docx(lines);
    if (!docx) {
      std::cerr << docx.error().message << '\n';
      return 1;
    }
    const std::string base = std::string(argv[1]) + "/" + name;
    std::ofstream(base + ".docx", std::ios::binary) << *docx;
    std::ofstream(base + ".txt", std::ios::binary) << exports::jiyao_text(lines);
    std::ofstream(base + ".md", std::ios::binary) << exports::jiyao_markdown(lines);
    std::ofstream(base + ".json", std::ios::binary)
        << boost::json::serialize(exports::jiyao_json(draft, lines));
  }
  return 0;
}
