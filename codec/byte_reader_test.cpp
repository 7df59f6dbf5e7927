#include "codec/byte_reader.h"

#include <doctest/doctest.h>

#include <stop_token>
#include <string>
#include <thread>

#include <unistd.h>

using namespace keysift;
using namespace keysift::codec;

TEST_CASE("a read from a silent pipe gives up once a stop is requested") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::stop_source stop;
  FdReader reader(fds[0], {}, stop.get_token());
  std::jthread stopper([&] { stop.request_stop(); });
  char buf[16];
  auto n = reader.read(buf, sizeof buf); // nothing is ever written
  REQUIRE_FALSE(n.is_ok());
  CHECK(n.status().kind() == gap::interrupted);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("a watched reader still returns data and the end") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  REQUIRE(::write(fds[1], "abc", 3) == 3);
  ::close(fds[1]);
  std::stop_source stop;
  FdReader reader(fds[0], "xy", stop.get_token());
  char buf[16];
  auto all = read_full(reader, buf, sizeof buf);
  REQUIRE(all.is_ok());
  CHECK(std::string(buf, *all) == "xyabc");
  ::close(fds[0]);
}
