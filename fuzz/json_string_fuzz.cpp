// Fuzz target: the JSON string escaper every json, jsonl and SARIF report uses for paths,
// lines, commit messages and secrets (reporters/json_out.h), which all come from the
// scanned input. Invariants: the output is exactly what nlohmann's dump writes for the
// same string (invalid UTF-8 replaced by U+FFFD), it parses back as one JSON string, and
// valid UTF-8 survives the round trip unchanged.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz/fuzz_support.h"
#include "reporters/json_out.h"

using namespace keysift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string out;
  reporters::append_json_string(out, text);
  const std::string want =
      nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  fuzz::check(out == want, "append_json_string writes what nlohmann writes");
  const auto back = nlohmann::json::parse(out, nullptr, false);
  fuzz::check(back.is_string(), "the output parses as one JSON string");
  const bool valid_utf8 = [&] {
    try {
      (void)nlohmann::json(text).dump();
      return true;
    } catch (const nlohmann::json::exception&) {
      return false;
    }
  }();
  if (valid_utf8)
    fuzz::check(back.get<std::string>() == text, "valid UTF-8 round-trips unchanged");
  return 0;
}
