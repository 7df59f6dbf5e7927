// Test support: a throwaway git repository built with the `git` command in a temporary
// directory (tests only; keysift itself never runs git). Not thread-safe.
#pragma once

#include <string>

namespace keysift::git::testing {

class TempRepo {
public:
  TempRepo(); // `git init` with branch main and a test identity
  ~TempRepo();
  TempRepo(const TempRepo&) = delete;
  TempRepo& operator=(const TempRepo&) = delete;

  const std::string& dir() const { return dir_; }
  void write(const std::string& path, const std::string& content) const;
  // Runs `git ARGS` in the repository; returns stdout (trimmed); fails the test on error.
  std::string git(const std::string& args) const;

private:
  std::string dir_;
};

// A synthetic GitHub token from a seed (built at run time: no literal secret in tests).
std::string fake_token(unsigned seed);

} // namespace keysift::git::testing
