// A fresh directory under $TMPDIR, removed when the object is destroyed.
#pragma once

#include <string>

namespace gridledger::testing {

class TempDir {
 public:
  TempDir();
  // A fresh directory under `base` ($TMPDIR when empty).
  explicit TempDir(const std::string& base);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // A path inside the directory (not created).
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace gridledger::testing
