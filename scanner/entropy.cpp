#include "scanner/entropy.h"

#include <array>
#include <cmath>

namespace keysift::scanner {

double shannon_entropy(std::string_view bytes) {
  if (bytes.empty()) return 0.0;
  std::array<unsigned, 256> counts{};
  for (char c : bytes) ++counts[static_cast<unsigned char>(c)];
  const double n = static_cast<double>(bytes.size());
  double h = 0.0;
  for (unsigned count : counts) {
    if (count == 0) continue;
    const double p = count / n;
    h -= p * std::log2(p);
  }
  return h;
}

} // namespace keysift::scanner
