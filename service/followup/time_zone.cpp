#include "followup/time_zone.hpp"

#include <algorithm>
#include <set>

#include "followup/civil_date.hpp"

namespace huiwu::followup {
namespace {

constexpr std::int32_t max_abs_offset = 26 * 3600;  // RFC 8536 bounds are about ±25 h

class reader {
 public:
  explicit reader(std::string_view b) : b_(b) {}
  bool has(std::size_t n) const { return b_.size() - i_ >= n; }
  std::size_t pos() const { return i_; }
  void skip(std::size_t n) { i_ += n; }
  std::uint8_t u8() { return static_cast<std::uint8_t>(b_[i_++]); }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v = (v << 8) | u8();
    return v;
  }
  std::int64_t i64() {
    std::uint64_t v = 0;
    for (int k = 0; k < 8; ++k) v = (v << 8) | u8();
    return static_cast<std::int64_t>(v);
  }
  std::string_view rest() const { return b_.substr(i_); }

 private:
  std::string_view b_;
  std::size_t i_ = 0;
};

struct header {
  char version = 0;
  std::uint32_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
  std::uint64_t data_size(int time_bytes) const {
    return std::uint64_t{timecnt} * time_bytes + timecnt + std::uint64_t{typecnt} * 6 + charcnt +
           std::uint64_t{leapcnt} * (time_bytes + 4) + isstdcnt + isutcnt;
  }
};

std::optional<header> read_header(reader& r) {
  if (!r.has(44) || r.rest().substr(0, 4) != "TZif") return std::nullopt;
  r.skip(4);
  header h;
  h.version = static_cast<char>(r.u8());
  r.skip(15);
  h.isutcnt = r.u32();
  h.isstdcnt = r.u32();
  h.leapcnt = r.u32();
  h.timecnt = r.u32();
  h.typecnt = r.u32();
  h.charcnt = r.u32();
  return h;
}

}  // namespace

result<time_zone> time_zone::from_tzif(std::string name, std::string_view bytes) {
  auto fail = [&](const std::string& why) {
    return reject(rejection_code::malformed, "time zone " + name + ": " + why);
  };
  reader r(bytes);
  auto h = read_header(r);
  if (!h) return fail("not a TZif file");
  int time_bytes = 4;
  if (h->version >= '2') {
    // Skip the 32-bit block: the 64-bit one that follows says the same, and more.
    if (!r.has(h->data_size(4))) return fail("truncated");
    r.skip(h->data_size(4));
    h = read_header(r);
    if (!h) return fail("bad second header");
    time_bytes = 8;
  } else if (h->version != '\0') {
    return fail("unknown version");
  }
  if (h->leapcnt != 0) return fail("leap-second (\"right/\") zones are not supported");
  if (h->typecnt == 0 || h->typecnt > 256 || h->charcnt == 0) return fail("bad counts");
  if (h->isutcnt != 0 && h->isutcnt != h->typecnt) return fail("bad counts");
  if (h->isstdcnt != 0 && h->isstdcnt != h->typecnt) return fail("bad counts");
  if (!r.has(h->data_size(time_bytes))) return fail("truncated");

  time_zone z;
  z.name_ = std::move(name);
  std::vector<std::int64_t> times(h->timecnt);
  for (auto& t : times) t = time_bytes == 8 ? r.i64() : static_cast<std::int32_t>(r.u32());
  std::vector<std::uint8_t> type_of(h->timecnt);
  for (auto& t : type_of) t = r.u8();
  std::vector<std::int32_t> offsets(h->typecnt);
  for (auto& o : offsets) {
    o = static_cast<std::int32_t>(r.u32());
    r.skip(2);  // isdst, abbreviation index: deadlines need neither
    if (o < -max_abs_offset || o > max_abs_offset) return fail("implausible UTC offset");
  }
  r.skip(h->charcnt + h->isstdcnt + h->isutcnt);
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (type_of[i] >= h->typecnt) return fail("bad type index");
    if (i > 0 && times[i] <= times[i - 1]) return fail("transitions out of order");
  }
  z.transitions_ = std::move(times);
  for (auto t : type_of) z.offset_after_.push_back(offsets[t]);
  z.initial_offset_ = offsets[0];  // RFC 8536: type 0 rules before the first transition

  if (time_bytes == 8) {
    const std::string_view rest = r.rest();
    if (rest.size() < 2 || rest.front() != '\n') return fail("missing footer");
    const auto end = rest.find('\n', 1);
    if (end == std::string_view::npos) return fail("unterminated footer");
    const std::string_view rule = rest.substr(1, end - 1);
    if (!rule.empty()) {
      z.footer_ = parse_posix_tz(rule);
      if (!z.footer_) return fail("unsupported footer rule \"" + std::string(rule) + "\"");
    }
  }
  return z;
}

time_zone time_zone::fixed(std::string name, std::int32_t offset_s) {
  time_zone z;
  z.name_ = std::move(name);
  z.initial_offset_ = offset_s;
  return z;
}

std::int32_t time_zone::offset_at(std::int64_t unix_s) const {
  if (transitions_.empty() || unix_s < transitions_.front()) {
    if (transitions_.empty() && footer_) return followup::offset_at(*footer_, unix_s);
    return initial_offset_;
  }
  if (unix_s >= transitions_.back() && footer_) return followup::offset_at(*footer_, unix_s);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_s);
  return offset_after_[static_cast<std::size_t>(it - transitions_.begin()) - 1];
}

civil_date time_zone::local_date(std::int64_t unix_ms) const {
  const std::int64_t s = floor_div(unix_ms, 1000);
  return from_days(floor_div(s + offset_at(s), 86400));
}

std::int64_t time_zone::start_of_day_ms(const civil_date& d) const {
  const std::int64_t local = to_days(d) * 86400;  // local midnight, read as if UTC
  // Every offset in force within a day and a bit of midnight: the answer is local - o for
  // one of them, unless midnight falls in a gap.
  std::set<std::int32_t> candidates;
  constexpr std::int64_t two_days = 2LL * 86400;
  // Probed every 6 hours: a rule may put two transitions a day apart (e.g. DST from day 1
  // to day 0), and a probe that jumps over both misses the offset between them.
  for (std::int64_t probe = local - two_days; probe <= local + two_days; probe += 6 * 3600) {
    const std::int32_t o = offset_at(probe);
    candidates.insert(o);
    candidates.insert(offset_at(local - o));
  }
  std::optional<std::int64_t> best;
  for (std::int32_t o : candidates) {
    const std::int64_t t = local - o;
    if (offset_at(t) == o && (!best || t < *best)) best = t;
  }
  if (best) return *best * 1000;
  // Midnight was skipped: the day starts when the gap ends, the first instant whose wall
  // clock reads at or after midnight. t + offset_at(t) is monotonic across one gap.
  std::int64_t lo = local - *candidates.rbegin();  // wall clock before midnight
  std::int64_t hi = local - *candidates.begin();   // wall clock after midnight
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo) / 2;
    if (mid + offset_at(mid) >= local) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo * 1000;
}

}  // namespace huiwu::followup
