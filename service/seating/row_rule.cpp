#include "seating/row_rule.hpp"

namespace huiwu::seating {

int row_rule::anchor(int n) const {
  if (n <= 0) return 0;
  int left_anchor = (n % 2 == 1) ? (n + 1) / 2 : (even_ == even_rule::a ? n / 2 : n / 2 + 1);
  return mirrored(n, left_anchor);
}

std::vector<int> row_rule::precedence(int n, int k) const {
  if (n <= 0) return {};
  // In left coordinates the anchor depends on n alone (see the header); the direction of
  // the alternation on k: only an even row under A puts No.2 on the inferior side.
  const int left_anchor = mirrored(n, anchor(n));
  const bool superior_first = (k % 2 == 1) || even_ == even_rule::b;
  return alternate(n, left_anchor, superior_first);
}

std::vector<int> row_rule::precedence_from(int n, int anchor_seat) const {
  if (n <= 0) return {};
  return alternate(n, mirrored(n, anchor_seat), true);
}

std::vector<int> row_rule::alternate(int n, int left_anchor, bool superior_first) const {
  std::vector<int> seats;
  seats.reserve(static_cast<std::size_t>(n));
  seats.push_back(left_anchor);
  for (int d = 1; static_cast<int>(seats.size()) < n; ++d) {
    const int first = superior_first ? left_anchor - d : left_anchor + d;
    const int second = superior_first ? left_anchor + d : left_anchor - d;
    if (first >= 1 && first <= n) seats.push_back(first);
    if (second >= 1 && second <= n) seats.push_back(second);
  }
  for (int& s : seats) s = mirrored(n, s);
  return seats;
}

}  // namespace huiwu::seating
