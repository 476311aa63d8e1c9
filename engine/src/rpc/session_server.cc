#include "rpc/session_server.h"

#include <kj/debug.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "codec/event_codec.h"
#include "rpc/rpc_values.h"
#include "rpc/wire_codec.h"

namespace gridledger::rpc {
namespace {

namespace fs = std::filesystem;

struct Unit {};

void IdentityToWire(const Identity& in, schema::Identity::Builder out) {
  out.setKind(ToSchema(in.kind));
  out.setSubject(Txt(in.subject));
  out.setCredentialId(Txt(in.credential_id));
}

// Which calls an identity kind may make at all; the engine's matrix then
// decides each command for the identity's actor.
enum class Access {
  kResident,  // file, feedback, lookups with a query code, the catalogue
  kRegistry,  // grids and places (public registry)
  kCaseRead,  // one case by id (integrations follow the cases they filed)
  kWork,      // the closed loop, the grid's work, queues, ledgers, statistics
  kImport,    // other systems' documents (Engine::Import)
  kOperator,  // the raw log, backups, erasure, credentials, jobs
};

bool Allows(IdentityKind kind, Access access) {
  switch (kind) {
    case IdentityKind::kOperator:
      return true;
    case IdentityKind::kWorker:
      return access != Access::kOperator && access != Access::kImport;
    case IdentityKind::kIntegration:
      return access == Access::kResident || access == Access::kRegistry ||
             access == Access::kCaseRead || access == Access::kImport;
    case IdentityKind::kKiosk:
      return access == Access::kResident || access == Access::kRegistry;
  }
  return false;
}

// Parses a client-chosen request id ("" = none).
Result<EventId> RequestId(capnp::Text::Reader text) {
  if (text.size() == 0) return EventId{};
  return EventId::Parse(Str(text));
}

class SessionImpl;

// Runs a wire-to-value conversion; a message this build cannot read (an
// unknown command, a damaged pointer) becomes kInvalidArgument.
template <typename T>
Result<T> Parse(const std::function<T()>& convert) {
  try {
    return convert();
  } catch (const kj::Exception& e) {
    return Status::InvalidArgument(std::string("cannot read the request: ") +
                                   e.getDescription().cStr());
  }
}

// Pushes the log to one consumer: a batch, wait for the stream's window,
// the next batch; polls the watermark while caught up.
class SubscriptionPump final : public schema::Handle::Server {
 public:
  SubscriptionPump(ServerState& state, schema::Consumer::Client consumer, Position next,
                   std::string name, EventFilter filter)
      : state_(state), consumer_(kj::mv(consumer)), next_(next.value), filter_(std::move(filter)) {
    state_.subscriptions[this] = {std::move(name), &next_};
  }
  ~SubscriptionPump() { state_.subscriptions.erase(this); }

  // Starts pushing. The loop lives as long as this object: the client
  // dropping its Handle (or the connection) destroys it, which cancels the
  // loop wherever it waits.
  void Start() {
    running_ = Run().eagerlyEvaluate([](kj::Exception&& e) {
      // The consumer went away mid-delivery: nothing to tell anyone.
    });
  }

  kj::Promise<void> Run() {
    if (state_.stopping) return End(Status::Ok());
    if (state_.engine->log().Committed().value < next_.load()) {
      return state_.timer->afterDelay(5 * kj::MILLISECONDS).then([this] { return Run(); });
    }
    Position from{next_.load()};
    uint32_t limit = state_.options.max_batch_events;
    Engine* engine = state_.engine.get();
    const EventFilter* filter = &filter_;
    // A filtered read looks at no more than this many events per batch, so
    // that a rarely matching filter still reports its progress often.
    constexpr size_t kMaxExamined = 65536;
    return state_.pool
        ->Run<Result<FilteredStoredRead>>([engine, from, limit,
                                           filter]() -> Result<FilteredStoredRead> {
          if (filter->empty()) {
            GL_ASSIGN_OR_RETURN(auto events, engine->log().ReadAllStored(from, limit));
            FilteredStoredRead all;
            all.examined_to = events.empty() ? Position{from.value - 1} : events.back().position;
            all.events = std::move(events);
            return all;
          }
          return engine->log().ReadStoredFiltered(from, limit, *filter, kMaxExamined);
        })
        .then([this, from](Result<FilteredStoredRead> batch) -> kj::Promise<void> {
          if (!batch.ok()) return End(batch.status());
          if (batch->examined_to < from) return Run();
          auto request = consumer_.deliverRequest();
          auto list = request.initEvents(batch->events.size());
          for (size_t i = 0; i < batch->events.size(); ++i)
            list.set(i, Bytes(batch->events[i].bytes));
          request.setExaminedTo(batch->examined_to.value);
          next_.store(batch->examined_to.value + 1);
          return request.send().then([this] { return Run(); });
        });
  }

 private:
  kj::Promise<void> End(const Status& status) {
    auto request = consumer_.endedRequest();
    ToWire(status, request.initStatus());
    return request.send().ignoreResult();
  }

  ServerState& state_;
  schema::Consumer::Client consumer_;
  std::atomic<uint64_t> next_;  // the next position to deliver (read by /metrics)
  const EventFilter filter_;    // empty: every event
  kj::Maybe<kj::Promise<void>> running_;
};

class SessionImpl final : public schema::Session::Server {
 public:
  SessionImpl(ServerState& state, Identity identity) : state_(state), identity_(identity) {}

  kj::Promise<void> whoAmI(WhoAmIContext context) override {
    IdentityToWire(identity_, context.getResults().initIdentity());
    return kj::READY_NOW;
  }

  kj::Promise<void> file(FileContext context) override {
    auto params = context.getParams();
    auto id = RequestId(params.getRequestId());
    if (!id.ok()) return Refuse(context, id.status());
    FileCase request = FromWire(params.getRequest());
    CommandOptions options{*id};
    if (identity_.kind == IdentityKind::kKiosk) request.source = CaseSource::kKiosk;
    if (identity_.kind == IdentityKind::kIntegration && request.source != CaseSource::kImport)
      request.source = CaseSource::kHotline;
    Actor actor = identity_.ToActor();
    return Call<FiledReceipt>(
        context, Access::kResident,
        [this, actor, request, options] { return state_.engine->File(actor, request, options); },
        [](auto& results, const FiledReceipt& r) { ToWire(r, results.initReceipt()); });
  }

  kj::Promise<void> execute(ExecuteContext context) override {
    auto params = context.getParams();
    auto id = RequestId(params.getRequestId());
    if (!id.ok()) return Refuse(context, id.status());
    auto parsed = Parse<CaseCommand>([&] { return FromWire(params.getCommand()); });
    if (!parsed.ok()) return Refuse(context, parsed.status());
    CaseCommand command = std::move(parsed).value();
    Actor actor = identity_.ToActor();
    EventId request_id = *id;
    return Call<CaseView>(
        context, Access::kWork,
        [this, actor, command, request_id] {
          return state_.engine->Execute(actor, command, CommandOptions{request_id});
        },
        [](auto& results, const CaseView& v) { ToWire(v, results.initView()); });
  }

  kj::Promise<void> record(RecordContext context) override {
    auto params = context.getParams();
    auto id = RequestId(params.getRequestId());
    if (!id.ok()) return Refuse(context, id.status());
    auto parsed = Parse<WorkCommand>([&] { return FromWire(params.getCommand()); });
    if (!parsed.ok()) return Refuse(context, parsed.status());
    WorkCommand command = std::move(parsed).value();
    Actor actor = identity_.ToActor();
    EventId request_id = *id;
    return Call<AppendResult>(
        context, Access::kWork,
        [this, actor, command, request_id] {
          return state_.engine->Record(actor, command, CommandOptions{request_id});
        },
        [](auto& results, const AppendResult& r) { ToWire(r, results.initResult()); });
  }

  kj::Promise<void> residentFeedback(ResidentFeedbackContext context) override {
    auto p = context.getParams();
    std::string case_id = Str(p.getCaseId()), code = Str(p.getQueryCode()),
                comment = Str(p.getComment());
    uint8_t satisfaction = p.getSatisfaction();
    bool fixed = p.getFixed();
    return Call<CaseView>(
        context, Access::kResident,
        [=, this] {
          return state_.engine->ResidentFeedback(case_id, code, satisfaction, fixed, comment);
        },
        [](auto& results, const CaseView& v) { ToWire(v, results.initView()); });
  }

  kj::Promise<void> lookupCase(LookupCaseContext context) override {
    auto p = context.getParams();
    std::string case_id = Str(p.getCaseId()), code = Str(p.getQueryCode());
    return Call<CaseView>(
        context, Access::kResident, [=, this] { return state_.engine->LookupCase(case_id, code); },
        [](auto& results, const CaseView& v) { ToWire(v, results.initView()); });
  }

  kj::Promise<void> lookupByPhone(LookupByPhoneContext context) override {
    auto p = context.getParams();
    std::string phone = Str(p.getPhone()), code = Str(p.getQueryCode());
    return Call<std::vector<CaseView>>(
        context, Access::kResident, [=, this] { return state_.engine->LookupByPhone(phone, code); },
        [](auto& results, const std::vector<CaseView>& v) {
          ListToWire(v, results.initViews(v.size()));
        });
  }

  kj::Promise<void> getCase(GetCaseContext context) override {
    std::string case_id = Str(context.getParams().getCaseId());
    Actor actor = identity_.ToActor();
    return Call<CaseView>(
        context, Access::kCaseRead, [=, this] { return state_.engine->GetCase(actor, case_id); },
        [](auto& results, const CaseView& v) { ToWire(v, results.initView()); });
  }

  kj::Promise<void> workQueue(WorkQueueContext context) override {
    std::string scope = Str(context.getParams().getScope());
    Actor actor = identity_.ToActor();
    return Call<std::vector<QueueItem>>(
        context, Access::kWork, [=, this] { return state_.engine->WorkQueue(actor, scope); },
        [](auto& results, const std::vector<QueueItem>& v) {
          ListToWire(v, results.initItems(v.size()));
        });
  }

  kj::Promise<void> ledger(LedgerContext context) override {
    auto p = context.getParams();
    std::string scope = Str(p.getScope());
    Timestamp from = FromMicros(p.getFrom()), to = FromMicros(p.getTo());
    Actor actor = identity_.ToActor();
    return Call<std::vector<LedgerEntry>>(
        context, Access::kWork, [=, this] { return state_.engine->Ledger(actor, scope, from, to); },
        [](auto& results, const std::vector<LedgerEntry>& v) {
          ListToWire(v, results.initEntries(v.size()));
        });
  }

  kj::Promise<void> stats(StatsContext context) override {
    auto p = context.getParams();
    std::string scope = Str(p.getScope());
    Timestamp from = FromMicros(p.getFrom()), to = FromMicros(p.getTo());
    Actor actor = identity_.ToActor();
    return Call<Statistics>(
        context, Access::kWork, [=, this] { return state_.engine->Stats(actor, scope, from, to); },
        [](auto& results, const Statistics& s) { ToWire(s, results.initStats()); });
  }

  kj::Promise<void> deadlinesBefore(DeadlinesBeforeContext context) override {
    Timestamp until = FromMicros(context.getParams().getUntil());
    return Call<std::vector<QueueItem>>(
        context, Access::kWork, [=, this] { return state_.engine->DeadlinesBefore(until); },
        [](auto& results, const std::vector<QueueItem>& v) {
          ListToWire(v, results.initItems(v.size()));
        });
  }

  kj::Promise<void> grids(GridsContext context) override {
    return Call<std::vector<GridInfo>>(
        context, Access::kRegistry,
        [this]() -> Result<std::vector<GridInfo>> { return state_.engine->Grids(); },
        [](auto& results, const std::vector<GridInfo>& v) {
          ListToWire(v, results.initGrids(v.size()));
        });
  }

  kj::Promise<void> places(PlacesContext context) override {
    std::string grid = Str(context.getParams().getGridCode());
    return Call<std::vector<PlaceInfo>>(
        context, Access::kRegistry,
        [=, this]() -> Result<std::vector<PlaceInfo>> { return state_.engine->Places(grid); },
        [](auto& results, const std::vector<PlaceInfo>& v) {
          ListToWire(v, results.initPlaces(v.size()));
        });
  }

  kj::Promise<void> workers(WorkersContext context) override {
    std::string grid = Str(context.getParams().getGridCode());
    return Call<std::vector<WorkerInfo>>(
        context, Access::kWork,
        [=, this]() -> Result<std::vector<WorkerInfo>> { return state_.engine->Workers(grid); },
        [](auto& results, const std::vector<WorkerInfo>& v) {
          ListToWire(v, results.initWorkers(v.size()));
        });
  }

  kj::Promise<void> catalogue(CatalogueContext context) override {
    return Call<std::vector<ServiceCategory>>(
        context, Access::kResident,
        [this]() -> Result<std::vector<ServiceCategory>> { return state_.engine->Catalogue(); },
        [](auto& results, const std::vector<ServiceCategory>& v) {
          ListToWire(v, results.initCategories(v.size()));
        });
  }

  kj::Promise<void> partition(PartitionContext context) override {
    return Call<std::string>(
        context, Access::kResident,
        [this]() -> Result<std::string> { return state_.engine->Partition(); },
        [](auto& results, const std::string& p) { results.setPartition(p); });
  }

  kj::Promise<void> runDeadlineScan(RunDeadlineScanContext context) override {
    return Call<uint64_t>(
        context, Access::kOperator, [this] { return state_.engine->RunDeadlineScan(); },
        [](auto& results, uint64_t n) { results.setEvents(n); });
  }

  kj::Promise<void> erasePerson(ErasePersonContext context) override {
    std::string phone = Str(context.getParams().getPhone());
    return Call<uint64_t>(
        context, Access::kOperator, [=, this] { return state_.engine->ErasePerson(phone); },
        [](auto& results, uint64_t n) { results.setCases(n); });
  }

  kj::Promise<void> rebuild(RebuildContext context) override {
    // On a pool thread like every engine call: the loop keeps serving the
    // other calls (and this connection's) while the generation is built.
    return Call<uint64_t>(
        context, Access::kOperator,
        [this]() -> Result<uint64_t> {
          GL_RETURN_IF_ERROR(state_.engine->Rebuild());
          return state_.engine->log().Committed().value;
        },
        [](auto& results, uint64_t events) { results.setEvents(events); });
  }

  kj::Promise<void> metrics(MetricsContext context) override {
    return Call<EngineMetrics>(
        context, Access::kOperator,
        [this]() -> Result<EngineMetrics> { return state_.engine->Metrics(); },
        [](auto& results, const EngineMetrics& m) { ToWire(m, results.initMetrics()); });
  }

  kj::Promise<void> dumpReadModels(DumpReadModelsContext context) override {
    return Call<std::string>(
        context, Access::kOperator,
        [this]() -> Result<std::string> { return state_.engine->DumpReadModels(); },
        [](auto& results, const std::string& dump) { results.setDump(Txt(dump)); });
  }

  // The NewEvents carried as encoded Envelopes (commit-time fields zero).
  static Result<std::vector<NewEvent>> NewEvents(capnp::List<capnp::Data>::Reader list) {
    std::vector<NewEvent> events;
    for (auto bytes : list) {
      auto decoded = codec::Decode(
          std::string_view(reinterpret_cast<const char*>(bytes.begin()), bytes.size()));
      if (!decoded.ok())
        return Status::InvalidArgument("event " + std::to_string(events.size()) + ": " +
                                       decoded.status().message());
      NewEvent e;
      e.id = decoded->id;
      e.payload = std::move(decoded->payload);
      e.occurred_at = decoded->occurred_at;
      e.actor = decoded->actor;
      e.grid_code = decoded->grid_code;
      e.correlation_id = decoded->correlation_id;
      e.causation_id = decoded->causation_id;
      events.push_back(std::move(e));
    }
    return events;
  }

  kj::Promise<void> appendMulti(AppendMultiContext context) override {
    auto p = context.getParams();
    AppendOptions options;
    options.durability = p.getDurable() ? Durability::kDurable : Durability::kBuffered;
    std::vector<StreamAppend> parts;
    for (auto part : p.getParts()) {
      auto events = NewEvents(part.getEvents());
      if (!events.ok())
        return Refuse(context, Status::InvalidArgument("stream " + Str(part.getStream()) + ": " +
                                                       events.status().message()));
      parts.push_back(StreamAppend{StreamId{Str(part.getStream())}, FromWire(part.getExpected()),
                                   std::move(events).value()});
    }
    auto shared = std::make_shared<std::vector<StreamAppend>>(std::move(parts));
    return Call<std::vector<AppendResult>>(
        context, Access::kOperator,
        [this, shared, options] {
          return state_.engine->log().AppendMulti(std::move(*shared), options);
        },
        [](auto& results, const std::vector<AppendResult>& r) {
          auto list = results.initResults(r.size());
          for (size_t i = 0; i < r.size(); ++i) ToWire(r[i], list[i]);
        });
  }

  kj::Promise<void> readFiltered(ReadFilteredContext context) override {
    auto p = context.getParams();
    Position from{p.getFrom()};
    size_t limit = std::min<size_t>(p.getLimit(), state_.options.max_batch_events);
    // Bound the work of one call: the client continues from examinedTo.
    constexpr size_t kMaxExamined = 1u << 20;
    size_t max_examined =
        p.getMaxExamined() == 0 ? kMaxExamined : std::min<size_t>(p.getMaxExamined(), kMaxExamined);
    auto filter = Parse<EventFilter>([&] { return FromWire(p.getFilter()); });
    if (!filter.ok()) return Refuse(context, filter.status());
    EventFilter f = std::move(filter).value();
    return Call<FilteredStoredRead>(
        context, Access::kOperator,
        [=, this] { return state_.engine->log().ReadStoredFiltered(from, limit, f, max_examined); },
        [](auto& results, const FilteredStoredRead& r) {
          auto list = results.initEvents(r.events.size());
          for (size_t i = 0; i < r.events.size(); ++i) list.set(i, Bytes(r.events[i].bytes));
          results.setExaminedTo(r.examined_to.value);
        });
  }

  kj::Promise<void> seekTime(SeekTimeContext context) override {
    Timestamp at = FromMicros(context.getParams().getAt());
    return Call<Position>(
        context, Access::kOperator, [=, this] { return state_.engine->log().SeekTime(at); },
        [](auto& results, const Position& p) { results.setPosition(p.value); });
  }

  kj::Promise<void> seekStreamTime(SeekStreamTimeContext context) override {
    auto p = context.getParams();
    StreamId stream{Str(p.getStream())};
    Timestamp at = FromMicros(p.getAt());
    return Call<StreamVersion>(
        context, Access::kOperator,
        [=, this] { return state_.engine->log().SeekStreamTime(stream, at); },
        [](auto& results, const StreamVersion& v) { results.setVersion(v.value); });
  }

  kj::Promise<void> append(AppendContext context) override {
    auto p = context.getParams();
    StreamId stream{Str(p.getStream())};
    ExpectedVersion expected = FromWire(p.getExpected());
    AppendOptions options;
    options.durability = p.getDurable() ? Durability::kDurable : Durability::kBuffered;
    auto decoded_events = NewEvents(p.getEvents());
    if (!decoded_events.ok()) return Refuse(context, decoded_events.status());
    std::vector<NewEvent> events = std::move(decoded_events).value();
    if (!Allows(identity_.kind, Access::kOperator) || !Active()) return Refuse(context, Denied());
    // Appends go through AppendAsync: no pool thread waits for the fsync.
    ++state_.in_flight;
    auto paf = kj::newPromiseAndCrossThreadFulfiller<Result<AppendResult>>();
    auto fulfiller =
        std::make_shared<kj::Own<kj::CrossThreadPromiseFulfiller<Result<AppendResult>>>>(
            kj::mv(paf.fulfiller));
    state_.engine->log().AppendAsync(
        std::move(stream), expected, std::move(events),
        [fulfiller](Result<AppendResult> r) { (*fulfiller)->fulfill(std::move(r)); }, options);
    return paf.promise
        .then([this, context](Result<AppendResult> r) mutable {
          Count("append", r.status());
          auto results = context.getResults();
          ToWire(r.status(), results.initStatus());
          if (r.ok()) ToWire(*r, results.initResult());
        })
        .attach(kj::defer([this] { Done(); }));
  }

  kj::Promise<void> readStream(ReadStreamContext context) override {
    auto p = context.getParams();
    StreamId stream{Str(p.getStream())};
    StreamVersion from{p.getFrom()};
    ReadDirection dir = p.getBackward() ? ReadDirection::kBackward : ReadDirection::kForward;
    size_t limit = std::min<size_t>(p.getLimit(), state_.options.max_batch_events);
    return Call<std::vector<std::string>>(
        context, Access::kOperator,
        [=, this]() -> Result<std::vector<std::string>> {
          GL_ASSIGN_OR_RETURN(auto events,
                              state_.engine->log().ReadStream(stream, from, dir, limit));
          std::vector<std::string> out;
          // Stored bytes by position, so that the chain hash travels intact.
          for (const auto& e : events) {
            GL_ASSIGN_OR_RETURN(auto stored, state_.engine->log().ReadAllStored(e.position, 1));
            if (stored.empty()) return Status::Corruption("event vanished while reading");
            out.push_back(std::move(stored[0].bytes));
          }
          return out;
        },
        [](auto& results, const std::vector<std::string>& v) {
          auto list = results.initEvents(v.size());
          for (size_t i = 0; i < v.size(); ++i) list.set(i, Bytes(v[i]));
        });
  }

  kj::Promise<void> readAll(ReadAllContext context) override {
    auto p = context.getParams();
    Position from{p.getFrom()};
    size_t limit = std::min<size_t>(p.getLimit(), state_.options.max_batch_events);
    return Call<std::vector<StoredEvent>>(
        context, Access::kOperator,
        [=, this] { return state_.engine->log().ReadAllStored(from, limit); },
        [](auto& results, const std::vector<StoredEvent>& v) {
          auto list = results.initEvents(v.size());
          for (size_t i = 0; i < v.size(); ++i) list.set(i, Bytes(v[i].bytes));
        });
  }

  kj::Promise<void> readEvent(ReadEventContext context) override {
    auto id = EventId::Parse(Str(context.getParams().getId()));
    if (!id.ok()) return Refuse(context, id.status());
    EventId event_id = *id;
    return Call<std::string>(
        context, Access::kOperator,
        [=, this]() -> Result<std::string> {
          GL_ASSIGN_OR_RETURN(auto e, state_.engine->log().ReadEvent(event_id));
          GL_ASSIGN_OR_RETURN(auto stored, state_.engine->log().ReadAllStored(e.position, 1));
          if (stored.empty()) return Status::Corruption("event vanished while reading");
          return std::move(stored[0].bytes);
        },
        [](auto& results, const std::string& bytes) { results.setEvent(Bytes(bytes)); });
  }

  kj::Promise<void> head(HeadContext context) override {
    StreamId stream{Str(context.getParams().getStream())};
    return Call<StreamHead>(
        context, Access::kOperator, [=, this] { return state_.engine->log().Head(stream); },
        [](auto& results, const StreamHead& h) { ToWire(h, results.initHead()); });
  }

  kj::Promise<void> committed(CommittedContext context) override {
    return Call<uint64_t>(
        context, Access::kOperator,
        [this]() -> Result<uint64_t> { return state_.engine->log().Committed().value; },
        [](auto& results, uint64_t p) { results.setPosition(p); });
  }

  kj::Promise<void> logStats(LogStatsContext context) override {
    return Call<LogStats>(
        context, Access::kOperator,
        [this]() -> Result<LogStats> { return state_.engine->log().Stats(); },
        [](auto& results, const LogStats& s) { ToWire(s, results.initStats()); });
  }

  kj::Promise<void> verify(VerifyContext context) override {
    return Call<VerifyReport>(
        context, Access::kOperator, [this] { return state_.engine->log().Verify(); },
        [](auto& results, const VerifyReport& r) { ToWire(r, results.initReport()); });
  }

  kj::Promise<void> subscribe(SubscribeContext context) override {
    if (!Allows(identity_.kind, Access::kOperator) || !Active()) return Refuse(context, Denied());
    if (state_.stopping) return Refuse(context, Status::Unavailable("the server is stopping"));
    auto p = context.getParams();
    Position from{std::max<uint64_t>(p.getFrom(), 1)};
    auto filter = Parse<EventFilter>([&] { return FromWire(p.getFilter()); });
    if (!filter.ok()) return Refuse(context, filter.status());
    if (Status valid = filter->Validate(); !valid.ok()) return Refuse(context, valid);
    auto pump = kj::heap<SubscriptionPump>(
        state_, p.getConsumer(), from,
        identity_.subject + "#" + std::to_string(++state_.subscriptions_started),
        std::move(filter).value());
    pump->Start();
    Count("subscribe", Status::Ok());
    auto results = context.getResults();
    ToWire(Status::Ok(), results.initStatus());
    results.setHandle(kj::mv(pump));
    return kj::READY_NOW;
  }

  kj::Promise<void> backup(BackupContext context) override;

  kj::Promise<void> residentFeedbackByPhone(ResidentFeedbackByPhoneContext context) override {
    auto p = context.getParams();
    std::string phone = Str(p.getPhone()), code = Str(p.getQueryCode()),
                case_id = Str(p.getCaseId()), comment = Str(p.getComment());
    uint8_t satisfaction = p.getSatisfaction();
    bool fixed = p.getFixed();
    return Call<CaseView>(
        context, Access::kResident,
        [=, this] {
          return state_.engine->ResidentFeedbackByPhone(phone, code, case_id, satisfaction, fixed,
                                                        comment);
        },
        [](auto& results, const CaseView& v) { ToWire(v, results.initView()); });
  }

  kj::Promise<void> caseLookupTries(CaseLookupTriesContext context) override {
    std::string case_id = Str(context.getParams().getCaseId());
    return Call<LookupTries>(
        context, Access::kResident, [=, this] { return state_.engine->CaseLookupTries(case_id); },
        [](auto& results, const LookupTries& t) {
          auto b = results.initTries();
          b.setRemaining(t.remaining);
          b.setLockedUntil(ToMicros(t.locked_until));
        });
  }

  kj::Promise<void> phoneLookupTries(PhoneLookupTriesContext context) override {
    std::string phone = Str(context.getParams().getPhone());
    return Call<LookupTries>(
        context, Access::kResident, [=, this] { return state_.engine->PhoneLookupTries(phone); },
        [](auto& results, const LookupTries& t) {
          auto b = results.initTries();
          b.setRemaining(t.remaining);
          b.setLockedUntil(ToMicros(t.locked_until));
        });
  }

  kj::Promise<void> import(ImportContext context) override {
    std::vector<ImportedCase> requests;
    try {
      for (auto r : context.getParams().getRequests()) {
        ImportedCase c;
        c.filing = FromWire(r.getFiling());
        c.source_system = Str(r.getSourceSystem());
        c.closed = r.getClosed();
        c.closed_at = FromMicros(r.getClosedAt());
        c.closed_note = Str(r.getClosedNote());
        c.original_stream = Str(r.getOriginalStream());
        c.original_type = Str(r.getOriginalType());
        c.original = Str(r.getOriginal());
        requests.push_back(std::move(c));
      }
    } catch (const kj::Exception& e) {
      return Refuse(context, Status::InvalidArgument("cannot read the import"));
    }
    Actor actor = identity_.ToActor();
    return Call<std::vector<ImportOutcome>>(
        context, Access::kImport,
        [this, actor, requests] { return state_.engine->Import(actor, requests); },
        [](auto& results, const std::vector<ImportOutcome>& v) {
          auto list = results.initOutcomes(v.size());
          for (size_t i = 0; i < v.size(); ++i) {
            list[i].setCaseId(Txt(v[i].case_id));
            list[i].setGridCode(Txt(v[i].grid_code));
            list[i].setAlreadyImported(v[i].already_imported);
          }
        });
  }

  kj::Promise<void> issueCredential(IssueCredentialContext context) override {
    auto p = context.getParams();
    IdentityKind kind = FromSchema(p.getKind());
    std::string subject = Str(p.getSubject()), note = Str(p.getNote());
    std::string by = identity_.ToActor().id;
    return Call<IssuedCredential>(
        context, Access::kOperator,
        [=, this] { return state_.credentials->Issue(kind, subject, note, by); },
        [](auto& results, const IssuedCredential& c) {
          results.setCredentialId(Txt(c.info.credential_id));
          results.setSecret(Txt(c.token));
        });
  }

  kj::Promise<void> revokeCredential(RevokeCredentialContext context) override {
    auto p = context.getParams();
    std::string id = Str(p.getCredentialId()), reason = Str(p.getReason());
    std::string by = identity_.ToActor().id;
    return Call<Unit>(
        context, Access::kOperator,
        [=, this]() -> Result<Unit> {
          GL_RETURN_IF_ERROR(state_.credentials->Revoke(id, reason, by));
          return Unit{};
        },
        [](auto&, const Unit&) {});
  }

  kj::Promise<void> listCredentials(ListCredentialsContext context) override {
    return Call<std::vector<CredentialInfo>>(
        context, Access::kOperator,
        [this]() -> Result<std::vector<CredentialInfo>> { return state_.credentials->List(); },
        [](auto& results, const std::vector<CredentialInfo>& list) {
          auto out = results.initCredentials(list.size());
          for (size_t i = 0; i < list.size(); ++i) {
            const auto& c = list[i];
            auto b = out[i];
            b.setCredentialId(Txt(c.credential_id));
            b.setKind(ToSchema(c.kind));
            b.setSubject(Txt(c.subject));
            b.setNote(Txt(c.note));
            b.setIssuedAt(ToMicros(c.issued_at));
            b.setIssuedBy(Txt(c.issued_by));
            b.setRevoked(c.revoked);
            b.setRevokedAt(ToMicros(c.revoked_at));
            b.setRevokedBy(Txt(c.revoked_by));
            b.setReason(Txt(c.reason));
          }
        });
  }

 private:
  Status Denied() const {
    return Status::PermissionDenied("此身份无权执行此操作 / the " +
                                    std::string(IdentityKindName(identity_.kind)) +
                                    " credential may not make this call");
  }

  // A credential revoked after login fails from its next call on.
  bool Active() const {
    return identity_.credential_id.empty() || state_.credentials->IsActive(identity_.credential_id);
  }

  template <typename Context>
  kj::Promise<void> Refuse(Context& context, const Status& status,
                           const char* method = __builtin_FUNCTION()) {
    Count(method, status);
    ToWire(status, context.getResults().initStatus());
    return kj::READY_NOW;
  }

  void Count(const char* method, const Status& status) {
    ++state_.calls[{method, std::string(StatusCodeName(status.code()))}];
  }

  void Done() {
    if (--state_.in_flight == 0 && state_.stopping) {
      KJ_IF_MAYBE (f, state_.drained) {
        (*f)->fulfill();
        state_.drained = nullptr;
      }
    }
  }

  // Gate, run on the pool, answer with status + fill(results, value).
  template <typename T, typename Context, typename Fill>
  kj::Promise<void> Call(Context& context, Access access, std::function<Result<T>()> fn, Fill fill,
                         const char* method = __builtin_FUNCTION()) {
    if (!Allows(identity_.kind, access) || !Active()) return Refuse(context, Denied(), method);
    if (state_.stopping)
      return Refuse(context, Status::Unavailable("the server is stopping"), method);
    ++state_.in_flight;
    return state_.pool->Run<Result<T>>(std::move(fn))
        .then([this, context, fill, method](Result<T> r) mutable {
          Count(method, r.status());
          auto results = context.getResults();
          ToWire(r.status(), results.initStatus());
          if (r.ok()) fill(results, *r);
        })
        .attach(kj::defer([this] { Done(); }));
  }

  ServerState& state_;
  const Identity identity_;
};

// Sends the files of a checkpoint to a BackupSink, one chunk at a time,
// each write waiting for the stream's flow control.
class BackupSender {
 public:
  BackupSender(schema::BackupSink::Client sink, fs::path dir,
               std::vector<std::pair<std::string, uint64_t>> files)
      : sink_(kj::mv(sink)), dir_(std::move(dir)), files_(std::move(files)) {}

  kj::Promise<Status> Next() {
    if (index_ == files_.size()) return Status::Ok();
    const auto& [name, size] = files_[index_];
    if (!in_.is_open()) {
      in_.open(dir_ / name, std::ios::binary);
      if (!in_) return Status::IOError("cannot read checkpoint file " + name);
      auto begin = sink_.beginFileRequest();
      begin.setName(Txt(name));
      begin.setSize(size);
      return begin.send().then([this](auto&&) { return Next(); });
    }
    constexpr size_t kChunk = 1u << 20;
    std::string chunk(kChunk, '\0');
    in_.read(chunk.data(), chunk.size());
    chunk.resize(static_cast<size_t>(in_.gcount()));
    if (chunk.empty()) {
      in_.close();
      ++index_;
      return sink_.endFileRequest().send().then([this](auto&&) { return Next(); });
    }
    bytes_ += chunk.size();
    auto write = sink_.writeRequest();
    write.setData(Bytes(chunk));
    return write.send().then([this] { return Next(); });
  }

  size_t files() const { return files_.size(); }
  uint64_t bytes() const { return bytes_; }

 private:
  schema::BackupSink::Client sink_;
  fs::path dir_;
  std::vector<std::pair<std::string, uint64_t>> files_;
  size_t index_ = 0;
  uint64_t bytes_ = 0;
  std::ifstream in_;
};

// Checkpoint into a staging folder inside the data directory, send every
// file, remove the staging folder.
kj::Promise<void> SessionImpl::backup(BackupContext context) {
  if (!Allows(identity_.kind, Access::kOperator) || !Active()) return Refuse(context, Denied());
  if (state_.stopping) return Refuse(context, Status::Unavailable("the server is stopping"));
  ++state_.in_flight;
  static std::atomic<uint64_t> counter{0};
  fs::path staging = fs::path(state_.options.data_dir) / ".backup-staging" /
                     (std::to_string(::getpid()) + "-" + std::to_string(++counter));
  Engine* engine = state_.engine.get();
  using Files = std::vector<std::pair<std::string, uint64_t>>;
  auto listed = std::make_shared<Files>();
  auto cleanup = [staging] {
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::remove(staging.parent_path(), ec);  // only when empty
  };
  return state_.pool
      ->Run<Status>([engine, staging, listed]() -> Status {
        std::error_code ec;
        fs::create_directories(staging.parent_path(), ec);
        GL_RETURN_IF_ERROR(engine->log().Checkpoint(staging.string()));
        for (const auto& entry : fs::directory_iterator(staging, ec))
          if (entry.is_regular_file())
            listed->emplace_back(entry.path().filename().string(), entry.file_size());
        if (ec) return Status::IOError("listing the checkpoint: " + ec.message());
        std::sort(listed->begin(), listed->end());
        return Status::Ok();
      })
      .then([this, context, staging, listed](Status s) mutable -> kj::Promise<void> {
        if (!s.ok()) {
          ToWire(s, context.getResults().initStatus());
          return kj::READY_NOW;
        }
        auto sender = kj::heap<BackupSender>(context.getParams().getSink(), staging, *listed);
        auto& ref = *sender;
        return ref.Next()
            .then(
                [this, context, &ref](Status s) mutable {
                  Count("backup", s);
                  auto results = context.getResults();
                  ToWire(s, results.initStatus());
                  if (s.ok()) {
                    results.setFiles(ref.files());
                    results.setBytes(ref.bytes());
                  }
                },
                [context](kj::Exception&& e) mutable {
                  ToWire(Status::Unavailable(std::string("backup sink failed: ") +
                                             e.getDescription().cStr()),
                         context.getResults().initStatus());
                })
            .attach(kj::mv(sender));
      })
      .attach(kj::defer([this, cleanup] {
        cleanup();
        Done();
      }));
}

class GatewayImpl final : public schema::Gateway::Server {
 public:
  GatewayImpl(ServerState& state, Transport transport, std::string peer)
      : state_(state), transport_(transport), peer_(std::move(peer)) {}

  kj::Promise<void> login(LoginContext context) override {
    std::string credential = Str(context.getParams().getCredential());
    auto results = context.getResults();
    Result<Identity> identity = Status::PermissionDenied("no credential");
    if (credential.empty()) {
      if (transport_ == Transport::kUnix)
        identity = Identity{IdentityKind::kOperator, "operator", ""};
      else
        identity = Status::PermissionDenied(
            "a credential is required on this connection (gridledger credentials issue)");
    } else {
      identity = state_.credentials->Authenticate(credential);
    }
    ToWire(identity.status(), results.initStatus());
    ++state_.calls[{"login", std::string(StatusCodeName(identity.status().code()))}];
    if (!identity.ok()) {
      ++state_.credential_failures;
      return kj::READY_NOW;
    }
    IdentityToWire(*identity, results.initIdentity());
    results.setSession(kj::heap<SessionImpl>(state_, *identity));
    return kj::READY_NOW;
  }

 private:
  ServerState& state_;
  Transport transport_;
  std::string peer_;
};

}  // namespace

schema::Gateway::Client NewGateway(ServerState& state, Transport transport,
                                   std::string peer_description) {
  return kj::heap<GatewayImpl>(state, transport, std::move(peer_description));
}

}  // namespace gridledger::rpc
