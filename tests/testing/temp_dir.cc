#include "testing/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace gridledger::testing {

TempDir::TempDir() : TempDir(std::string()) {}

TempDir::TempDir(const std::string& base) {
  const char* tmp = std::getenv("TMPDIR");
  std::string under = !base.empty() ? base : std::string(tmp && *tmp ? tmp : "/tmp");
  std::string tmpl = under + "/gridledger-test-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace gridledger::testing
