#include "storage/store_marker.h"

#include <fcntl.h>
#include <rocksdb/db.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gridledger {

namespace {
namespace fs = std::filesystem;

constexpr const char* kLogFamilies[] = {"streams", "heads", "ids", "meta"};

std::string MarkerText() {
  return "GridLedger store\nformat " + std::to_string(kStoreFormat) + "\n";
}

// Writes the marker durably: the file, then its directory entry.
Status WriteMarker(const std::string& dir) {
  std::string path = (fs::path(dir) / kStoreMarkerFile).string();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("creating " + path + ": " + std::strerror(errno));
  std::string text = MarkerText();
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::IOError("writing " + path + ": " + std::strerror(errno));
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

// A few names of what `dir` holds, for the refusal message.
std::string Contents(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  std::string out = std::to_string(names.size()) + " entries (";
  for (size_t i = 0; i < names.size() && i < 6; ++i) out += (i ? ", " : "") + names[i];
  return out + (names.size() > 6 ? ", ...)" : ")");
}
}  // namespace

Status PrepareStoreDirectory(const std::string& dir, bool create, bool read_only) {
  std::error_code ec;
  bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec))
    return Status::InvalidArgument(dir + " is not a directory");
  if (!exists || fs::is_empty(dir, ec)) {
    if (!create) return Status::NotFound("no GridLedger data directory at " + dir);
    if (read_only) return Status::InvalidArgument("cannot create a store read-only");
    fs::create_directories(dir, ec);
    if (ec) return Status::IOError("creating " + dir + ": " + ec.message());
    return WriteMarker(dir);
  }
  fs::path marker = fs::path(dir) / kStoreMarkerFile;
  if (fs::exists(marker, ec)) {
    std::ifstream in(marker, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str() == MarkerText()) return Status::Ok();
    return Status::InvalidArgument(dir + " holds a GridLedger marker this build does not know (" +
                                   marker.string() + " says \"" + text.str().substr(0, 40) +
                                   "\"); use a newer gridledger");
  }
  // A store written before the marker existed: RocksDB with the log's
  // families. Listing the families only reads CURRENT and the MANIFEST.
  std::vector<std::string> families;
  rocksdb::Status listed =
      fs::exists(fs::path(dir) / "CURRENT", ec)
          ? rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &families)
          : rocksdb::Status::NotFound();
  bool ours = listed.ok();
  for (const char* f : kLogFamilies)
    ours = ours && std::find(families.begin(), families.end(), f) != families.end();
  if (ours) return read_only ? Status::Ok() : WriteMarker(dir);
  std::string found;
  if (listed.ok()) {
    found = "a RocksDB database of another program (column families: ";
    for (size_t i = 0; i < families.size(); ++i) found += (i ? ", " : "") + families[i];
    found += ")";
  } else {
    found = Contents(dir) + " and no " + std::string(kStoreMarkerFile) + " marker";
  }
  return Status::InvalidArgument(dir + " is not a GridLedger data directory: it holds " + found +
                                 "; nothing in it was changed");
}

}  // namespace gridledger
