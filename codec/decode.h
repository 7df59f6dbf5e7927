// Finding and decoding encoded runs (base64, base64url, hex, percent-encoding) so that
// a secret hidden in a Kubernetes Secret, a Docker auth entry, a URL or a hex dump can
// still be scanned. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace keysift::codec {

enum class Encoding { base64, hex, percent };

struct EncodedRun {
  std::size_t offset = 0; // in the scanned text
  std::size_t size = 0;
  Encoding encoding = Encoding::base64;
  std::string decoded; // printable text only: runs that decode to binary are dropped
};

// Decodes standard or URL-safe base64, padded or not. False on any invalid character.
bool base64_decode(std::string_view in, std::string& out);
bool hex_decode(std::string_view in, std::string& out);
bool percent_decode(std::string_view in, std::string& out);

const char* encoding_name(Encoding e);

// Bit k is set when p[k] is in the base64/base64url alphabet or '=' (p: 64 bytes). Uses
// AVX2 where the CPU has it. Exposed for tests.
std::uint64_t base64_class_mask(const char* p);

// Encoded runs in `text` whose decoded form is printable text of at least `min_decoded`
// bytes. At most `max_runs` are returned.
std::vector<EncodedRun> find_encoded(std::string_view text, std::size_t min_decoded = 16,
                                     std::size_t max_runs = 1000);

} // namespace keysift::codec
