#include "sample_table.hpp"

namespace huiwu::followup::testing {

export_table sample_table() {
  export_table t;
  t.sheet_name = "督办事项 2024/Q2";  // the slash is not allowed in a sheet name
  t.header = {"序号", "决定事项", "牵头单位", "截止日期", "状态", "逾期天数", "备注"};
  t.rows = {
      {1.0, std::string("请市发改委牵头，于5月底前完成“十四五”规划中期评估"),
       std::string("市发改委"), civil_date{2024, 5, 31}, std::string("办理中"), 0.0,
       std::string("")},
      {2.0, std::string("他说：\"马上办\"，然后 say \"hi\", ok"), std::string("𠮷野家（协办）"),
       civil_date{2024, 2, 29}, std::string("已销号 ✅"), 3.0,
       std::string("👍🏽👨‍👩‍👧 emoji")},
      {3.0, std::string("第一行\n第二行\n第三行"), std::string("a\r\nb"), civil_date{2024, 12, 31},
       std::string("已报办结"), 12.5, std::string("  前后空格  ")},
      {4.0, std::string("=SUM(A1:A2)"), std::string("-负号开头"), civil_date{1900, 3, 1},
       std::string("@mention"), -3.0, std::string("<b>&amp;</b> & < > '单引号'")},
      {5.0, std::string("制表\t符"), empty_cell{}, civil_date{2099, 1, 1}, empty_cell{}, 0.1,
       std::string(",,,")},
      {6.0, std::string("大数"), std::string("x"), civil_date{2025, 1, 1}, std::string("y"),
       123456789012.0, std::string("1e21 below")},
      {7.0, std::string("极小与极大"), std::string("z"), civil_date{2000, 2, 29}, std::string("w"),
       1e21, std::string("\"")},
      {8.0, std::string("π"), std::string("v"), civil_date{2024, 6, 30}, std::string("u"),
       3.141592653589793, std::string("末行")},
  };
  return t;
}

}  // namespace huiwu::followup::testing
