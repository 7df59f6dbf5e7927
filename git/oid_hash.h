// Hashing and ordering git object ids for standard containers. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstring>

#include <git2.h>

namespace keysift::git {

struct OidHash {
  std::size_t operator()(const git_oid& oid) const {
    std::size_t h; // an object id is already uniformly distributed
    std::memcpy(&h, oid.id, sizeof h);
    return h;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const {
    return git_oid_equal(&a, &b) != 0;
  }
};

} // namespace keysift::git
