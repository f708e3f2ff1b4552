// The notice (会议通知) as a document, laid out in the 纪要's line kinds so that one writer
// (jiyao_docx, GB/T 9704-2012: 小标宋 heading, 仿宋 body, 黑体 一、二、 sections) prints both.
// docs/protocol.md §6.5.
//
//   marking     内部 / 秘密 / 机密 when the meeting is above public
//   heading     关于召开〈title〉的通知
//   masthead    issuer (the notice's, else the convener) left, date of issue right
//   opening     各位参会人员：
//   statement   经研究，定于〈time〉在〈place〉召开〈title〉。现将有关事项通知如下：
//   一、会议时间 二、会议地点 三、参会人员 (the meeting's name order) 四、会议议程
//   五、会议材料 (when any) 六、有关事项 (what to bring, the reply-by date; when any)
//   联系人：    name, phone
#pragma once

#include <cstdint>
#include <vector>

#include "export/jiyao_layout.hpp"
#include "followup/time_zone.hpp"
#include "huiwu.pb.h"

namespace huiwu::exports {

struct notice_options {
  followup::time_zone zone = followup::time_zone::fixed("Asia/Shanghai", 8 * 3600);
  std::int64_t issued_at_ms = 0;  // 0: the meeting's latest issue
};

// `m` is the meeting as the reader may see it (redacted): items above their clearance are
// not in it and so not in the notice.
std::vector<jline> layout_notice(const v1::Meeting& m, const notice_options& o);

}  // namespace huiwu::exports
