// RAII owners for Hyperscan handles. Only scanner/ sees Hyperscan.
#pragma once

#include <memory>

#include <hs/hs.h>

namespace keysift::scanner {

struct HsDatabaseFree {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct HsScratchFree {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
struct HsStreamClose {
  void operator()(hs_stream_t* s) const { hs_close_stream(s, nullptr, nullptr, nullptr); }
};
struct HsCompileErrorFree {
  void operator()(hs_compile_error_t* e) const { hs_free_compile_error(e); }
};

using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseFree>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchFree>;
using HsStream = std::unique_ptr<hs_stream_t, HsStreamClose>;
using HsCompileError = std::unique_ptr<hs_compile_error_t, HsCompileErrorFree>;

} // namespace keysift::scanner
