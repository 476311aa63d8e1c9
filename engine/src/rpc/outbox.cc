#include "gridledger/outbox.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/thread_name.h"
#include "crypto/secrets.h"
#include "rpc.capnp.h"
#include "rpc/wire_codec.h"

namespace gridledger {
namespace {

namespace fs = std::filesystem;
constexpr char kSuffix[] = ".filing";

Status WriteDurably(const fs::path& path, const std::string& bytes) {
  fs::path tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return Status::IOError("cannot save the filing: " + std::string(std::strerror(errno)));
  bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::IOError("cannot save the filing (disk full?)");
  }
  int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

struct Entry {
  fs::path path;
  EventId request_id;
  FileCase request;
};

Result<Entry> ReadEntry(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  std::string bytes = s.str();
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0)
    return Status::Corruption("outbox entry " + path.string() + " is damaged");
  auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  try {
    capnp::FlatArrayMessageReader reader(words);
    auto root = reader.getRoot<rpc::schema::OutboxEntry>();
    auto id = EventId::Parse(root.getRequestId().cStr());
    if (!id.ok()) return Status::Corruption("outbox entry " + path.string() + " has a bad id");
    return Entry{path, *id, rpc::FromWire(root.getRequest())};
  } catch (const kj::Exception&) {
    return Status::Corruption("outbox entry " + path.string() + " is damaged");
  }
}

std::string RandomCode() {
  std::string r = RandomBytes(4);
  uint32_t v = 0;
  std::memcpy(&v, r.data(), 4);
  char code[8];
  std::snprintf(code, sizeof code, "%06u", v % 1000000);
  return code;
}

}  // namespace

Outbox::Outbox(Engine& server, OutboxOptions options)
    : server_(server), options_(std::move(options)) {}

Result<std::unique_ptr<Outbox>> Outbox::Open(Engine& server, const OutboxOptions& options) {
  if (options.dir.empty()) return Status::InvalidArgument("the outbox needs a directory");
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) return Status::IOError("cannot create the outbox " + options.dir + ": " + ec.message());
  std::unique_ptr<Outbox> box(new Outbox(server, options));
  box->sender_ = std::thread([b = box.get()] {
    NameThisThread("gl-outbox");
    b->SenderLoop();
  });
  return box;
}

Outbox::~Outbox() {
  {
    std::lock_guard lock(wake_mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (sender_.joinable()) sender_.join();
}

size_t Outbox::Pending() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(options_.dir, ec))
    if (e.path().extension() == kSuffix) ++n;
  return n;
}

Result<size_t> Outbox::Flush() {
  std::lock_guard lock(mu_);
  std::vector<fs::path> waiting;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(options_.dir, ec))
    if (e.path().extension() == kSuffix) waiting.push_back(e.path());
  std::sort(waiting.begin(), waiting.end());  // names start with the queued time
  size_t sent = 0;
  for (const auto& path : waiting) {
    auto entry = ReadEntry(path);
    if (!entry.ok()) {
      fs::create_directories(fs::path(options_.dir) / "refused", ec);
      fs::rename(path, fs::path(options_.dir) / "refused" / path.filename(), ec);
      continue;
    }
    auto r = server_.File(Actor::Resident(), entry->request, CommandOptions{entry->request_id});
    if (!r.ok() && r.status().code() == StatusCode::kUnavailable) return sent;
    if (!r.ok()) {
      // Refused for good: keep it, with the reason, for staff to see.
      fs::create_directories(fs::path(options_.dir) / "refused", ec);
      fs::path to = fs::path(options_.dir) / "refused" / path.filename();
      fs::rename(path, to, ec);
      std::ofstream(to.string() + ".reason") << r.status().ToString() << '\n';
      continue;
    }
    fs::remove(path, ec);
    ++sent;
  }
  return sent;
}

Result<FiledReceipt> Outbox::File(const FileCase& request, const CommandOptions& options) {
  CommandOptions o = options;
  if (o.request_id.empty()) o.request_id = EventId::Generate();
  FileCase f = request;
  if (f.query_code.empty()) f.query_code = RandomCode();
  // Earlier filings first, so they keep their order on the ledger.
  if (Pending() > 0) (void)Flush();
  if (Pending() == 0) {
    auto r = server_.File(Actor::Resident(), f, o);
    if (r.ok() || r.status().code() != StatusCode::kUnavailable) return r;
  }
  const Clock* clock = options_.clock ? options_.clock : Clock::System();
  Timestamp now = clock->Now();
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<rpc::schema::OutboxEntry>();
  std::string id = o.request_id.ToString();
  root.setRequestId(id.c_str());
  rpc::ToWire(f, root.initRequest());
  root.setQueuedAt(ToMicros(now));
  auto words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%020lld-", static_cast<long long>(ToMicros(now)));
  {
    std::lock_guard lock(mu_);
    GL_RETURN_IF_ERROR(
        WriteDurably(fs::path(options_.dir) / (stamp + id + kSuffix),
                     std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size())));
  }
  wake_.notify_all();
  FiledReceipt receipt;
  receipt.query_code = f.query_code;
  receipt.queued = true;
  return receipt;
}

void Outbox::SenderLoop() {
  std::unique_lock lock(wake_mu_);
  while (!stop_) {
    wake_.wait_for(lock, options_.retry_every, [&] { return stop_; });
    if (stop_) return;
    lock.unlock();
    if (Pending() > 0) (void)Flush();
    lock.lock();
  }
}

}  // namespace gridledger
