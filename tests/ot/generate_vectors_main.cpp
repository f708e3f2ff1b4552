// huiwu_ot_vectors [OUTPUT [SEED]]: writes the shared OT test vectors (to stdout
// without OUTPUT). Regenerate the committed file after changing the OT core:
//   build/tests/ot/huiwu_ot_vectors tests/ot/vectors.json
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "vector_generator.hpp"

int main(int argc, char** argv) {
  using namespace huiwu::ot::testing;
  std::uint64_t seed = default_vector_seed;
  if (argc > 2) seed = std::strtoull(argv[2], nullptr, 10);
  const std::string text = render_vectors(generate_vectors(seed));
  if (argc < 2 || std::string(argv[1]) == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) {
    std::cerr << "huiwu_ot_vectors: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
