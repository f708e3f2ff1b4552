// The test-support helpers that other test binaries rely on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "support/child_process.hpp"
#include "support/eventually.hpp"
#include "support/redis_process.hpp"
#include "support/tcp_port.hpp"

namespace huiwu::test {
namespace {

using namespace std::chrono_literals;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ChildProcess, PassesArgumentsEnvironmentAndLogsOutput) {
  const auto log = std::filesystem::temp_directory_path() /
                   ("huiwu-child-" + std::to_string(::getpid()) + ".log");
  std::filesystem::remove(log);
  child_process child({"sh",
                       {"-c", "echo \"$HUIWU_TEST_VAR $0\"; echo err >&2; exit 3", "arg zero"},
                       {{"HUIWU_TEST_VAR", "from env"}},
                       log.string(),
                       {}});
  child.start();
  EXPECT_GT(child.pid(), 0);
  EXPECT_EQ(child.wait(), 3);
  EXPECT_FALSE(child.running());
  EXPECT_EQ(read_file(log), "from env arg zero\nerr\n");
  std::filesystem::remove(log);
}

TEST(ChildProcess, MissingProgramThrows) {
  child_process missing({"/nonexistent/huiwu-no-such-binary", {}, {}, {}, {}});
  EXPECT_THROW(missing.start(), std::runtime_error);
  child_process not_in_path({"huiwu-no-such-binary-in-path", {}, {}, {}, {}});
  EXPECT_THROW(not_in_path.start(), std::runtime_error);
}

TEST(ChildProcess, KillAndStopEscalation) {
  child_process sleeper({"sleep", {"30"}, {}, {}, {}});
  sleeper.start();
  EXPECT_TRUE(sleeper.running());
  EXPECT_FALSE(sleeper.wait_for(50ms).has_value());
  sleeper.kill();
  EXPECT_EQ(sleeper.wait(), -SIGKILL);

  // Ignores SIGTERM: stop() must fall back to SIGKILL after the grace period. The shell says
  // when its trap is installed; the test waits for that line, not for time to pass.
  const auto said = std::filesystem::temp_directory_path() /
                    ("huiwu-trap-" + std::to_string(::getpid()) + ".log");
  std::filesystem::remove(said);
  child_process stubborn(
      {"sh", {"-c", "trap '' TERM; echo trapped; while :; do sleep 0.05; done"}, {}, said, {}});
  stubborn.start();
  ASSERT_TRUE(eventually([&] {
    std::ifstream in(said);
    std::string line;
    return std::getline(in, line) && line == "trapped";
  }));
  EXPECT_EQ(stubborn.stop(300ms), -SIGKILL);
  std::filesystem::remove(said);
}

TEST(TcpPort, FreePortIsBindableAndWaitSeesAListener) {
  const auto port = free_tcp_port();
  EXPECT_GT(port, 0);
  EXPECT_FALSE(wait_for_tcp_port(port, 50ms));
  redis_process redis;
  EXPECT_TRUE(wait_for_tcp_port(redis.port(), 1s));
}

TEST(RedisProcess, KillAndRestartKeepsAofDataOnTheSamePort) {
  redis_process redis({"--appendonly", "yes", "--appendfsync", "always"});
  const auto port = redis.port();
  EXPECT_EQ(redis.command({"SET", "k", std::string("a\0b", 3)}), "OK");
  redis.kill();
  EXPECT_FALSE(redis.running());
  EXPECT_THROW(redis.command({"PING"}, 200ms), std::runtime_error);
  redis.start();
  EXPECT_EQ(redis.port(), port);
  EXPECT_EQ(redis.command({"GET", "k"}), std::string("a\0b", 3));
  EXPECT_EQ(redis.command({"INCR", "k"}).rfind("(error) ", 0), 0U);
  redis.stop();
  EXPECT_FALSE(redis.running());
}

TEST(RedisProcess, LaunchLaterStartsOnlyOnRequest) {
  redis_process redis({}, redis_process::launch::later);
  EXPECT_FALSE(redis.running());
  EXPECT_FALSE(wait_for_tcp_port(redis.port(), 50ms));
  redis.start();
  EXPECT_EQ(redis.command({"PING"}), "PONG");
}

}  // namespace
}  // namespace huiwu::test
