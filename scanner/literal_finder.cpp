#include "scanner/literal_finder.h"

#include <cstdio>

namespace keysift::scanner {
namespace {

std::string escape(const std::string& literal) {
  std::string out;
  for (char c : literal) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
    out += hex;
  }
  return out;
}

struct Collect {
  const std::vector<LiteralFinder::Literal>* literals;
  std::vector<LiteralFinder::Hit>* out;
};

int on_match(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  auto& c = *static_cast<Collect*>(ctx);
  c.out->push_back({id, to - (*c.literals)[id].text.size()});
  return 0;
}

} // namespace

Result<std::unique_ptr<LiteralFinder>>
LiteralFinder::compile(std::vector<Literal> literals) {
  auto f = std::make_unique<LiteralFinder>();
  f->literals_ = std::move(literals);
  std::vector<std::string> patterns;
  std::vector<const char*> exprs;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < f->literals_.size(); ++i) {
    if (f->literals_[i].text.empty()) return Status::error("empty literal");
    patterns.push_back(escape(f->literals_[i].text));
    ids.push_back(static_cast<unsigned>(i));
  }
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    exprs.push_back(patterns[i].c_str());
    flags.push_back(f->literals_[i].caseless ? HS_FLAG_CASELESS : 0u);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(exprs.size()), HS_MODE_STREAM, nullptr, &db,
                       &err) != HS_SUCCESS) {
    HsCompileError owned(err);
    return Status::error(std::string("literal finder: ") + (err ? err->message : "failed"));
  }
  f->db_.reset(db);
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS)
    return Status::error("literal finder: no scratch");
  f->scratch_.reset(scratch);
  return f;
}

Status LiteralFinder::open() {
  hs_stream_t* s = nullptr;
  if (hs_open_stream(db_.get(), 0, &s) != HS_SUCCESS)
    return Status::error("literal finder: cannot open a stream");
  stream_.reset(s);
  return Status::ok();
}

Status LiteralFinder::feed(std::string_view bytes, std::vector<Hit>& out) {
  Collect c{&literals_, &out};
  if (hs_scan_stream(stream_.get(), bytes.data(), static_cast<unsigned>(bytes.size()), 0,
                     scratch_.get(), on_match, &c) != HS_SUCCESS)
    return Status::error("literal finder: scan failed");
  return Status::ok();
}

} // namespace keysift::scanner
