#include "scanner/entropy.h"

#include <string>

#include <doctest/doctest.h>

using keysift::scanner::shannon_entropy;

TEST_CASE("entropy in bits per byte") {
  CHECK(shannon_entropy("") == 0.0);
  CHECK(shannon_entropy("aaaa") == 0.0);
  CHECK(shannon_entropy("abab") == doctest::Approx(1.0));
  CHECK(shannon_entropy("abcdefgh") == doctest::Approx(3.0));
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  CHECK(shannon_entropy(all) == doctest::Approx(8.0));
}
