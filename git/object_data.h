// The bytes of one git object, allocated without zero-filling (an inflate or a delta
// writes every byte) and shared between the reader's base cache, a delta being resolved
// and a scan. Immutable once filled: thread-safe to share as ObjectPtr.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "git/pack_format.h"

namespace keysift::git {

class ObjectData {
public:
  ObjectData(PackType type, std::size_t size)
      : bytes_(size == 0 ? nullptr : new char[size]), size_(size), type_(type) {}
  char* data() { return bytes_.get(); }
  const char* data() const { return bytes_.get(); }
  std::size_t size() const { return size_; }
  PackType type() const { return type_; }
  // Never a null pointer, even when empty (Hyperscan refuses one).
  std::string_view view() const {
    return size_ == 0 ? std::string_view("") : std::string_view(bytes_.get(), size_);
  }

private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_;
  PackType type_;
};

using ObjectPtr = std::shared_ptr<const ObjectData>;

} // namespace keysift::git
