#pragma once
// Paths for the reports tests: scenario files in the source tree, a fresh directory per test.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace drdrill::reports::testing {

inline std::string source_path(const std::string& relative) {
  return (std::filesystem::path(DRDRILL_SOURCE_DIR) / relative).string();
}

// This process's scratch directory, removed when the process exits. Per process because ctest runs
// tests in parallel and other checkouts' builds may run the same tests at the same time.
inline const std::filesystem::path& process_dir() {
  struct Scratch {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("drdrill-reports-tests-" + std::to_string(::getpid()));
    ~Scratch() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Scratch scratch;
  return scratch.path;
}

// An empty directory named after the running test.
inline std::filesystem::path fresh_dir(const std::string& suffix = "") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir =
      process_dir() / (std::string(info->test_suite_name()) + "." + info->name() + suffix);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace drdrill::reports::testing
