#include "storage/high_water.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/thread_name.h"

namespace gridledger {

namespace {
void PutBE64(uint64_t v, unsigned char* out) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<unsigned char>(v & 0xFF);
    v >>= 8;
  }
}
uint64_t GetBE64(const unsigned char* in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}
}  // namespace

Result<std::unique_ptr<HighWaterMark>> HighWaterMark::Open(const std::string& dir, bool read_only) {
  std::string path = (std::filesystem::path(dir) / kFileName).string();
  int fd = read_only ? ::open(path.c_str(), O_RDONLY | O_CLOEXEC)
                     : ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 && !(read_only && errno == ENOENT))
    return Status::IOError("opening " + path + ": " + std::strerror(errno));
  return std::unique_ptr<HighWaterMark>(new HighWaterMark(path, fd, !read_only));
}

HighWaterMark::HighWaterMark(std::string path, int fd, bool writable)
    : path_(std::move(path)), fd_(fd) {
  if (writable && fd_ >= 0) syncer_ = std::thread([this] { SyncLoop(); });
}

HighWaterMark::~HighWaterMark() {
  if (syncer_.joinable()) {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    syncer_.join();
    (void)Sync();  // what the last groups stored
  }
  if (fd_ >= 0) ::close(fd_);
}

void HighWaterMark::SyncLoop() {
  NameThisThread("gl-high-water");
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stop_ || wanted_ > attempted_; });
    if (stop_) return;
    const uint64_t target = wanted_;
    lock.unlock();
    // A failure leaves the durable mark lower, which only weakens the
    // check at open; the next durable group's mark tries again.
    (void)::fdatasync(fd_);
    lock.lock();
    attempted_ = target;
  }
}

Status HighWaterMark::Sync() {
  if (fd_ < 0) return Status::Ok();
  if (::fdatasync(fd_) != 0)
    return Status::IOError("syncing " + path_ + ": " + std::strerror(errno));
  return Status::Ok();
}

Result<uint64_t> HighWaterMark::Load() const {
  if (fd_ < 0) return uint64_t{0};
  unsigned char buf[16];
  ssize_t n = ::pread(fd_, buf, sizeof buf, 0);
  if (n == 0) return uint64_t{0};
  if (n != static_cast<ssize_t>(sizeof buf))
    return Status::Corruption(path_ + " is damaged (" + std::to_string(n) + " bytes, expected 16)");
  uint64_t position = GetBE64(buf), check = GetBE64(buf + 8);
  if (check != ~position) return Status::Corruption(path_ + " is damaged (its check fails)");
  return position;
}

Status HighWaterMark::Store(uint64_t position, bool sync) {
  if (fd_ < 0) return Status::Unavailable("the high-water mark is read-only");
  unsigned char buf[16];
  PutBE64(position, buf);
  PutBE64(~position, buf + 8);
  if (::pwrite(fd_, buf, sizeof buf, 0) != static_cast<ssize_t>(sizeof buf))
    return Status::IOError("writing " + path_ + ": " + std::strerror(errno));
  if (sync && syncer_.joinable()) {
    {
      std::lock_guard lock(mu_);
      if (position > wanted_) wanted_ = position;
    }
    cv_.notify_one();
  }
  return Status::Ok();
}

}  // namespace gridledger
