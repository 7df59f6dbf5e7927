#include "git/test_repo.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include "scanner/validators.h"

namespace keysift::git::testing {

TempRepo::TempRepo() {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / "keysift-git-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  git("-c init.defaultBranch=main init -q");
  git("config user.name 'Test Author'");
  git("config user.email author@example.com");
  git("config commit.gpgsign false");
}

TempRepo::~TempRepo() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void TempRepo::write(const std::string& path, const std::string& content) const {
  const auto full = std::filesystem::path(dir_) / path;
  std::filesystem::create_directories(full.parent_path());
  std::ofstream(full, std::ios::binary) << content;
}

std::string TempRepo::git(const std::string& args) const {
  // GIT_DIR & co. (set when tests run from a git hook or `git rebase -x`) would point
  // the command at the repository under test instead of this scratch one.
  const std::string cmd =
      "cd '" + dir_ +
      "' && unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_COMMON_DIR "
      "GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_PREFIX "
      "GIT_NAMESPACE && HOME='" +
      dir_ + "' GIT_CONFIG_NOSYSTEM=1 git " + args + " 2>&1";
  // NOLINTNEXTLINE(cert-env33-c): a test fixture; it runs git through the shell on purpose
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  if (::pclose(pipe) != 0) throw std::runtime_error("git " + args + " failed: " + out);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string fake_token(unsigned seed) {
  static constexpr char alnum[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::mt19937 rng(seed);
  std::string body;
  for (int i = 0; i < 30; ++i) body += alnum[rng() % (sizeof alnum - 1)];
  return "ghp_" + body + scanner::base62_crc32(body); // a checksum keysift accepts
}

} // namespace keysift::git::testing
