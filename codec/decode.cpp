#include "codec/decode.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "codec/decode_values.h"

namespace keysift::codec {

using detail::b64_value;
using detail::hex_value;

const char* encoding_name(Encoding e) {
  switch (e) {
  case Encoding::base64:
    return "base64";
  case Encoding::hex:
    return "hex";
  case Encoding::percent:
    return "percent";
  }
  return "?";
}

bool base64_decode(std::string_view in, std::string& out) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return false;
  out.clear();
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const int v = b64_value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

bool hex_decode(std::string_view in, std::string& out) {
  if (in.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < in.size(); i += 2) {
    const int hi = hex_value(in[i]), lo = hex_value(in[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  bool any = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 &&
        hex_value(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
      any = true;
    } else {
      out.push_back(in[i]);
    }
  }
  return any;
}

} // namespace keysift::codec
