#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"drdrill: disaster-recovery drills for Azure Databricks"};
  app.set_version_flag("--version", DRDRILL_VERSION);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
