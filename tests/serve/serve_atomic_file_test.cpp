// The endpoints file appears whole or not at all.

#include "serve/atomic_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace drdrill::serve {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("drdrill-atomic-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  static std::string read(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesTheContentAndLeavesNoTemporaryFileBehind) {
  ASSERT_TRUE(write_file_atomically(dir_ / "endpoints.json", "{\"a\":1}\n").ok());
  EXPECT_EQ(read(dir_ / "endpoints.json"), "{\"a\":1}\n");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1);
}

TEST_F(AtomicFileTest, ReplacesAnExistingFileWhole) {
  ASSERT_TRUE(write_file_atomically(dir_ / "f", std::string(10000, 'a')).ok());
  ASSERT_TRUE(write_file_atomically(dir_ / "f", "short").ok());
  EXPECT_EQ(read(dir_ / "f"), "short");
}

TEST_F(AtomicFileTest, ReportsADirectoryThatDoesNotExist) {
  const Status status = write_file_atomically(dir_ / "missing" / "f", "x");
  EXPECT_TRUE(status.is_unavailable()) << status.to_string();
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

}  // namespace
}  // namespace drdrill::serve
