#include "remote_context.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "output.h"

namespace gridledger::cli {
namespace {

std::string ServerAddress(const GlobalOptions& options) {
  if (!options.server.empty()) return options.server;
  if (const char* env = std::getenv("GRIDLEDGER_SERVER"); env && *env) return env;
  return {};
}

std::string Credential(const GlobalOptions& options) {
  std::string c = options.credential;
  if (c.empty())
    if (const char* env = std::getenv("GRIDLEDGER_CREDENTIAL"); env && *env) c = env;
  if (!c.empty() && c[0] == '@') {
    std::ifstream in(c.substr(1));
    if (!in) throw CliError("cannot read the credential file " + c.substr(1));
    std::stringstream s;
    s << in.rdbuf();
    c = s.str();
    while (!c.empty() && (c.back() == '\n' || c.back() == '\r' || c.back() == ' ')) c.pop_back();
  }
  return c;
}

// An EventLog that owns the connection its calls go through.
class OwningRemoteLog final : public EventLog {
 public:
  explicit OwningRemoteLog(std::unique_ptr<RemoteEngine> engine)
      : engine_(std::move(engine)), log_(engine_->log()) {}
  Result<AppendResult> Append(const StreamId& s, ExpectedVersion e, std::vector<NewEvent> ev,
                              const AppendOptions& o) override {
    return log_.Append(s, e, std::move(ev), o);
  }
  void AppendAsync(StreamId s, ExpectedVersion e, std::vector<NewEvent> ev, AppendCallback done,
                   const AppendOptions& o) override {
    log_.AppendAsync(std::move(s), e, std::move(ev), std::move(done), o);
  }
  Result<std::vector<RecordedEvent>> ReadStream(const StreamId& s, StreamVersion from,
                                                ReadDirection d, size_t limit) const override {
    return log_.ReadStream(s, from, d, limit);
  }
  Result<std::vector<RecordedEvent>> ReadAll(Position from, size_t limit) const override {
    return log_.ReadAll(from, limit);
  }
  Result<std::vector<StoredEvent>> ReadAllStored(Position from, size_t limit) const override {
    return log_.ReadAllStored(from, limit);
  }
  Status ScanAll(Position from, Position to,
                 const std::function<Status(const RecordedEvent&)>& visit) const override {
    return log_.ScanAll(from, to, visit);
  }
  Status ScanViews(Position from, Position to,
                   const std::function<Status(const EventView&)>& visit) const override {
    return log_.ScanViews(from, to, visit);
  }
  Result<std::vector<AppendResult>> AppendMulti(std::vector<StreamAppend> parts,
                                                const AppendOptions& o) override {
    return log_.AppendMulti(std::move(parts), o);
  }
  Result<FilteredRead> ReadFiltered(Position from, size_t limit, const EventFilter& f,
                                    size_t max_examined) const override {
    return log_.ReadFiltered(from, limit, f, max_examined);
  }
  Result<FilteredStoredRead> ReadStoredFiltered(Position from, size_t limit, const EventFilter& f,
                                                size_t max_examined) const override {
    return log_.ReadStoredFiltered(from, limit, f, max_examined);
  }
  Status ScanFiltered(Position from, Position to, const EventFilter& f,
                      const std::function<Status(const RecordedEvent&)>& visit,
                      Position* examined_to) const override {
    return log_.ScanFiltered(from, to, f, visit, examined_to);
  }
  Result<Position> SeekTime(Timestamp at) const override { return log_.SeekTime(at); }
  Result<StreamVersion> SeekStreamTime(const StreamId& s, Timestamp at) const override {
    return log_.SeekStreamTime(s, at);
  }
  Result<RecordedEvent> ReadEvent(EventId id) const override { return log_.ReadEvent(id); }
  Result<StreamHead> Head(const StreamId& s) const override { return log_.Head(s); }
  Position Committed() const override { return log_.Committed(); }
  Position WaitForCommitted(Position p, std::chrono::milliseconds t,
                            std::stop_token stop = {}) const override {
    return log_.WaitForCommitted(p, t, std::move(stop));
  }
  Result<std::unique_ptr<Subscription>> Subscribe(SubscriptionOptions o,
                                                  SubscriptionHandler h) override {
    return log_.Subscribe(std::move(o), std::move(h));
  }
  Result<std::unique_ptr<Subscription>> SubscribeViews(SubscriptionOptions o,
                                                       SubscriptionViewHandler h) override {
    return log_.SubscribeViews(std::move(o), std::move(h));
  }
  Result<VerifyReport> Verify(const std::function<void(Position, Position)>& p) const override {
    return log_.Verify(p);
  }
  Result<Position> LoadCheckpoint(const std::string& n) const override {
    return log_.LoadCheckpoint(n);
  }
  Status SaveCheckpoint(const std::string& n, Position p) override {
    return log_.SaveCheckpoint(n, p);
  }
  LogStats Stats() const override { return log_.Stats(); }
  Status Compact() override { return log_.Compact(); }
  Status Checkpoint(const std::string& dir) const override { return log_.Checkpoint(dir); }

 private:
  std::unique_ptr<RemoteEngine> engine_;
  EventLog& log_;
};

}  // namespace

bool UsesServer(const GlobalOptions& options) { return !ServerAddress(options).empty(); }

std::unique_ptr<RemoteEngine> ConnectOrThrow(const GlobalOptions& options) {
  std::string address = ServerAddress(options);
  ClientOptions client;
  client.credential = Credential(options);
  client.ca_file = options.ca_file;
  client.server_name = options.server_name;
  client.client_name = "gridledger";
  client.call_timeout = std::chrono::milliseconds(10 * 60 * 1000);  // verify, backup
  auto engine = Connect(address, client);
  if (engine.ok()) return std::move(engine).value();
  const Status& s = engine.status();
  switch (s.code()) {
    case StatusCode::kPermissionDenied:
      throw CliError("gridledgerd at " + address + " refused the credential (" + s.message() +
                     "); ask an operator for a credential (`gridledger credentials issue`)");
    case StatusCode::kUnavailable:
      throw CliError("cannot reach gridledgerd at " + address + " (" + s.message() +
                     "); is it running, and is the address right?");
    default:
      throw CliError("cannot connect to " + address + ": " + s.ToString());
  }
}

std::unique_ptr<EventLog> RemoteLogOrThrow(const GlobalOptions& options) {
  return std::make_unique<OwningRemoteLog>(ConnectOrThrow(options));
}

void RequireLocal(const GlobalOptions& options, const std::string& command) {
  if (UsesServer(options))
    throw CliError("`" + command +
                       "` works on a data directory, not through a server: stop gridledgerd "
                       "and use --data DIR, or run it on a backup",
                   kExitUsage);
}

}  // namespace gridledger::cli
