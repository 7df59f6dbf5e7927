// find_encoded (codec/decode.h): the runs of a text worth decoding, found 64 bytes at a
// time (AVX2 where the CPU has it), and decoded only when their first bytes decode to
// text. The decoders themselves are in codec/decode.cpp.
#include "codec/decode.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "codec/decode_values.h"

namespace keysift::codec {

using detail::b64_value;
using detail::hex_value;

namespace {

// Character classes for the run scanner.
enum : std::uint8_t {
  k_b64 = 1, // base64 or base64url alphabet, or '='
  k_hex = 2,
  k_url = 4, // only in base64url
  k_std = 8, // only in standard base64
  k_upper = 16,
  k_lower = 32,
  k_digit = 64,
};

constexpr std::array<std::uint8_t, 256> classes = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = k_b64 | k_upper;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = k_b64 | k_lower;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = k_b64 | k_hex | k_digit;
  for (int c = 'a'; c <= 'f'; ++c) t[static_cast<std::size_t>(c)] |= k_hex;
  for (int c = 'A'; c <= 'F'; ++c) t[static_cast<std::size_t>(c)] |= k_hex;
  t['+'] = k_b64 | k_std;
  t['/'] = k_b64 | k_std;
  t['-'] = k_b64 | k_url;
  t['_'] = k_b64 | k_url;
  t['='] = k_b64;
  return t;
}();

bool printable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t';
  });
}

bool printable_byte(unsigned c) {
  return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t';
}

// Whether the first 12 bytes a base64 run decodes to are text, decoding 4 characters at
// a time and stopping at the first byte that is not (random data fails within a byte
// or two): most runs are random, and a full decode into a string cost 4% of a scan.
bool base64_head_printable(std::string_view run) {
  const std::size_t n = std::min<std::size_t>(run.size(), 16) / 4 * 4;
  for (std::size_t i = 0; i < n; i += 4) {
    std::uint32_t acc = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int v = b64_value(run[i + k]);
      if (v < 0) return run[i + k] == '=' && k >= 2; // padding ends the data
      acc = (acc << 6) | static_cast<std::uint32_t>(v);
    }
    if (!printable_byte(acc >> 16) || !printable_byte((acc >> 8) & 0xff) ||
        !printable_byte(acc & 0xff))
      return false;
  }
  return true;
}

bool hex_head_printable(std::string_view run) {
  const std::size_t n = std::min<std::size_t>(run.size(), 16) / 2 * 2;
  for (std::size_t i = 0; i < n; i += 2) {
    const int hi = hex_value(run[i]), lo = hex_value(run[i + 1]);
    if (hi < 0 || lo < 0 || !printable_byte(static_cast<unsigned>(hi * 16 + lo)))
      return false;
  }
  return true;
}

// Decodes a run if it can be an encoding of text. `any` and `all` are the OR and the
// AND of the run's character classes. Base64 of text mixes upper case, lower case and
// digits, which identifiers and words rarely do; most runs that pass are random data, so
// a short prefix is decoded first and the run dropped at the first non-printable byte.
void try_run(std::string_view text, std::size_t start, std::size_t end,
             std::size_t min_decoded, std::vector<EncodedRun>& out) {
  const std::string_view run = text.substr(start, end - start);
  // Random runs (digests, blobs) fail on their first bytes whichever the encoding: no
  // need to classify the whole run.
  const bool hex_head = hex_head_printable(run), base64_head = base64_head_printable(run);
  if (!hex_head && !base64_head) return;
  std::uint8_t any = 0, all = 0xFF;
  for (const char ch : run) {
    const std::uint8_t c = classes[static_cast<unsigned char>(ch)];
    any |= c;
    all &= c;
  }
  EncodedRun r{start, run.size(), Encoding::base64, {}};
  bool ok = false;
  if ((all & k_hex) && run.size() % 2 == 0) {
    r.encoding = Encoding::hex;
    ok = hex_head && hex_decode(run, r.decoded);
  } else if (!((any & k_std) && (any & k_url)) && (any & k_upper) && (any & k_lower) &&
             (any & k_digit)) {
    ok = base64_head && base64_decode(run, r.decoded);
  }
  if (ok && r.decoded.size() >= min_decoded && printable(r.decoded))
    out.push_back(std::move(r));
}

} // namespace

namespace {

bool is_delimiter(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' ||
         c == '<' || c == '>' || c == '`';
}

// Tokens holding percent escapes (a URL written encoded), decoded whole.
void find_percent(std::string_view text, std::size_t min_decoded, std::size_t max_runs,
                  std::vector<EncodedRun>& out) {
  std::size_t done = 0; // tokens end here or before
  for (std::size_t at = text.find('%');
       at != std::string_view::npos && out.size() < max_runs; at = text.find('%', at + 1)) {
    if (at < done || at + 2 >= text.size() || hex_value(text[at + 1]) < 0 ||
        hex_value(text[at + 2]) < 0)
      continue;
    std::size_t s = at, e = at;
    while (s > done && at - s < 4096 && !is_delimiter(text[s - 1])) --s;
    while (e < text.size() && e - at < 4096 && !is_delimiter(text[e])) ++e;
    done = e;
    EncodedRun r{s, e - s, Encoding::percent, {}};
    if (percent_decode(text.substr(s, e - s), r.decoded) &&
        r.decoded.size() >= min_decoded && printable(r.decoded))
      out.push_back(std::move(r));
  }
}

} // namespace

namespace {

#if defined(__x86_64__)
// The base64 alphabet by nibbles: byte c is in it when lo[c & 15] & hi[c >> 4] != 0.
// Each high nibble that holds members (2 to 7) gets a bit; lo[l] has the bits of the
// high nibbles h for which (h << 4 | l) is a member. Bytes of 0x80 and up have hi 0.
struct NibbleTables {
  std::array<std::uint8_t, 16> lo{}, hi{};
};
constexpr NibbleTables nibble_tables = [] {
  NibbleTables t;
  for (unsigned h = 2; h < 8; ++h) t.hi[h] = static_cast<std::uint8_t>(1u << (h - 2));
  for (unsigned c = 0; c < 128; ++c)
    if (classes[c] & k_b64) t.lo[c & 15] |= t.hi[c >> 4];
  return t;
}();

// The same as b64_mask_portable with AVX2: two table lookups per 32 bytes.
__attribute__((target("avx2"))) inline std::uint64_t b64_mask_avx2(const char* p) {
  const __m256i lo_table = _mm256_broadcastsi128_si256(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(nibble_tables.lo.data())));
  const __m256i hi_table = _mm256_broadcastsi128_si256(
      _mm_loadu_si128(reinterpret_cast<const __m128i*>(nibble_tables.hi.data())));
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  std::uint64_t mask = 0;
  for (std::size_t k = 0; k < 2; ++k) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    const __m256i lo = _mm256_shuffle_epi8(lo_table, _mm256_and_si256(v, nibble));
    const __m256i hi =
        _mm256_shuffle_epi8(hi_table, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
    const __m256i none =
        _mm256_cmpeq_epi8(_mm256_and_si256(lo, hi), _mm256_setzero_si256());
    mask |=
        static_cast<std::uint64_t>(~static_cast<std::uint32_t>(_mm256_movemask_epi8(none)))
        << (32 * k);
  }
  return mask;
}

__attribute__((target("avx2"))) void b64_masks_avx2(const char* p, std::size_t blocks,
                                                    std::uint64_t* out) {
  for (std::size_t b = 0; b < blocks; ++b) out[b] = b64_mask_avx2(p + 64 * b);
}
#endif

// Bit k is set when p[k] is a base64 or base64url character (64 bytes).
std::uint64_t b64_mask_portable(const char* p) {
#if defined(__SSE2__)
  std::uint64_t mask = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    auto in = [&v](char lo, char hi) {
      return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                           _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
    };
    auto is = [&v](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
    __m128i r = _mm_or_si128(_mm_or_si128(in('A', 'Z'), in('a', 'z')), in('0', '9'));
    r = _mm_or_si128(r, _mm_or_si128(_mm_or_si128(is('+'), is('/')), is('=')));
    r = _mm_or_si128(r, _mm_or_si128(is('-'), is('_')));
    mask |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(r)))
            << (16 * k);
  }
  return mask;
#else
  std::uint64_t mask = 0;
  for (unsigned k = 0; k < 64; ++k)
    if (classes[static_cast<unsigned char>(p[k])] & k_b64) mask |= std::uint64_t{1} << k;
  return mask;
#endif
}

void b64_masks_portable(const char* p, std::size_t blocks, std::uint64_t* out) {
  for (std::size_t b = 0; b < blocks; ++b) out[b] = b64_mask_portable(p + 64 * b);
}

// The masks of `blocks` consecutive 64-byte blocks: one indirect call per batch.
using MasksFn = void (*)(const char*, std::size_t, std::uint64_t*);
MasksFn pick_b64_masks() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2")) return b64_masks_avx2;
#endif
  return b64_masks_portable;
}
const MasksFn b64_masks = pick_b64_masks();

std::uint64_t b64_mask(const char* p) {
  std::uint64_t mask = 0;
  b64_masks(p, 1, &mask);
  return mask;
}

} // namespace

std::uint64_t base64_class_mask(const char* p) {
  return b64_mask(p);
}

namespace {

// Bit k is set when bits k .. k + len - 1 of `mask` are all set.
std::uint64_t run_starts(std::uint64_t mask, std::size_t len) {
  for (std::size_t have = 1; have < len;) { // log2(len) steps, no data-dependent exit
    const std::size_t step = std::min(have, len - have);
    mask &= mask >> step;
    have += step;
  }
  return mask;
}

// Where the run of base64 bytes that starts at `start` ends: 64 bytes at a time while
// it lasts, then byte by byte.
std::size_t run_end(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end + 64 <= text.size()) {
    const auto ones =
        static_cast<std::size_t>(std::countr_one(b64_mask(text.data() + end)));
    end += ones;
    if (ones < 64) return end;
  }
  while (end < text.size() && (classes[static_cast<unsigned char>(text[end])] & k_b64))
    ++end;
  return end;
}

// The scan of runs starting in [from, to); `from` starts a run or follows a byte that is
// not base64. Returns where it stopped (>= to), just after a non-base64 byte.
std::size_t scan_runs(std::string_view text, std::size_t from, std::size_t to,
                      std::size_t min_decoded, std::size_t max_runs,
                      std::vector<EncodedRun>& out) {
  const std::size_t min_run = min_decoded * 4 / 3;
  const std::size_t n = text.size();
  auto b64 = [&](std::size_t at) {
    return classes[static_cast<unsigned char>(text[at])] & k_b64;
  };
  std::size_t i = from;
  while (i < to && i + min_run <= n && out.size() < max_runs) {
    const std::size_t probe = i + min_run - 1;
    if (!b64(probe)) {
      i = probe + 1;
      continue;
    }
    std::size_t start = probe;
    while (start > i && b64(start - 1)) --start;
    const std::size_t end = run_end(text, start);
    if (end - start >= min_run) try_run(text, start, end, min_decoded, out);
    i = end + 1; // text[end] is not base64: the next run starts after it
  }
  return std::max(i, to);
}

// The run of base64 bytes that starts at `start`, decoded if it can be text. Returns
// just past the byte that ends it (which is not base64).
std::size_t take_run(std::string_view text, std::size_t start, std::size_t min_decoded,
                     std::vector<EncodedRun>& out) {
  const std::size_t end = run_end(text, start);
  if (end - start >= min_decoded * 4 / 3) try_run(text, start, end, min_decoded, out);
  return end + 1;
}

} // namespace

std::vector<EncodedRun> find_encoded(std::string_view text, std::size_t min_decoded,
                                     std::size_t max_runs) {
  std::vector<EncodedRun> out;
  if (text.find('%') != std::string_view::npos)
    find_percent(text, min_decoded, max_runs, out);
  // Runs long enough to decode are rare in text: classify 64 bytes at a time, and go to
  // where a long run starts (known exactly from the masks) only when there is one.
  const std::size_t min_run = min_decoded * 4 / 3;
  std::size_t i = 0, carried = 0; // carried: base64 bytes just before i
  // Masks are computed a batch at a time; a run ends the batch (its end is unaligned),
  // so the batch grows while no run turns up and shrinks to one block after each run:
  // in text dense with long identifiers few masks are computed and thrown away.
  constexpr std::size_t max_batch = 16;
  std::array<std::uint64_t, max_batch> masks{};
  std::size_t batch = 1;
  while (i + 64 <= text.size() && out.size() < max_runs) {
    const std::size_t blocks = std::min(batch, (text.size() - i) / 64);
    b64_masks(text.data() + i, blocks, masks.data());
    batch = std::min(batch * 2, max_batch);
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::uint64_t mask = masks[b];
      if (mask == ~std::uint64_t{0}) {
        carried += 64;
        i += 64;
      } else if (carried + static_cast<std::size_t>(std::countr_one(mask)) >= min_run) {
        i = take_run(text, i - carried, min_decoded, out);
        carried = 0;
        batch = 1;
        break; // i moved to where the run ends: new masks from there
      } else if (const std::uint64_t starts = run_starts(mask, min_run)) {
        // The lowest start is a run's first byte: the byte before it is not base64
        // (else it would be a start too, or the run was carried in, handled above).
        i = take_run(text, i + static_cast<std::size_t>(std::countr_zero(starts)),
                     min_decoded, out);
        carried = 0;
        batch = 1;
        break;
      } else {
        carried = static_cast<std::size_t>(std::countl_one(mask));
        i += 64;
      }
    }
  }
  if (out.size() < max_runs)
    scan_runs(text, i - carried, text.size(), min_decoded, max_runs, out);
  return out;
}

} // namespace keysift::codec
