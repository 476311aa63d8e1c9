// The realistic mix: the demo community's command mix, scaled to a large
// city's daily peak and offered at 25x, 50x and 100x that peak through the
// Engine facade, durably (the engine's default), with latency and headroom.
//
//   Mix/Derivation                     the workload, derived in the run from
//                                      the demo (below); counters only
//   Mix/Engine/OpenLoop/x:X            open loop at X times the city's peak
//                                      hour (X = 25, 50, 100): commands due
//                                      at start + i / rate, 256 callers,
//                                      latency from each command's due time
//   Mix/Engine/Capacity                the same mix closed-loop, 64 callers:
//                                      the most it sustains, and headroom =
//                                      capacity events/s / the 100x target
//
// ---- the derivation (Derive(); the figures are one run's) -------------------
// 1. SeedDemo with its defaults (60 days, 40 kiosk requests a day, seed
//    20261123), ending at a fixed instant, then ScanAll over its log.
//    Registry events (gridDefined, placeRegistered, workerAssigned) are
//    setup, not activity. Events are bucketed by simulated day (from the
//    first event) and by local hour (UTC+8) of occurred_at. Days 0-11 are
//    warm-up: a case's loop takes up to ~12 days (an extension, slow
//    handling, the follow-up 1-3 days after closing), a mediation ~8, so
//    only from day 12 does a day carry the steps of earlier cases too.
//    Days 12-59 (48 days) are the steady state averaged below.
// 2. A command is one engine call: File (caseFiled from the kiosk, with its
//    caseRegistered and caseDispatched), each loop step, each Record (the
//    cases a patrol finding or a failed inspection item opens belong to it,
//    as does the caseReopened of a follow-up saying "not fixed"). The
//    deadline job's deadlineWarned / caseOverdue are events, not commands.
//    Demo, per steady day: 390 events and 290 commands: 40 kiosk filings,
//    1.2 rejections, 39 acknowledgements, 1.8 escalations (each then
//    acknowledged, handled and reported by the community), 2 extensions,
//    36 handle + 36 report, 38 verify, 38 close, 39 follow-ups, 8 patrols,
//    1 inspection, 0.35 mediations (open, session, conclusion), 0.9 care
//    visits, 1.2 outreach records; plus 14.6 deadline-job events.
// 3. Per resident: 文化社区 has 22,560 residents: 0.0173 events and 0.0129
//    commands per resident per day.
// 4. The city: 25,000,000 residents (about Shanghai's population, 24.9
//    million in 2023): 432,000 events and 321,500 commands a day.
// 5. The daily peak: the demo has an hourly shape (kiosk requests 08:30-
//    17:30, patrols 10:00-12:00, the deadline scan at 09:00, loop steps
//    around the clock), so the peak is its busiest local hour, averaged
//    over the steady days: 09:00-10:00, with 9.5% of a day's events (the
//    deadline scan and the first filings): 11.4 events/s in the city.
//    (Commands peak an hour later, 10:00-11:00, 6.5% of a day's: 5.8/s.)
// 6. The target: 100x that peak, 1,141 events/s. The mix appends 1.29
//    events per command, so it offers 884 commands/s to reach it (more than
//    100x the commands' own peak, 578/s; about the appends of the real
//    09:00 hour at 100x: 417 commands/s + 451 deadline-job events/s).
// Mix/Derivation's counters give every input and result of each run.
//
// ---- the mix --------------------------------------------------------------------
// Commands in the demo's proportions, flow-balanced so every command is
// valid: filings feed the acknowledge queue, each loop step pops a case in
// the right state and pushes it to the next step's queue, on the demo's
// paths (rejected 3%; escalated 5%, then acknowledged, handled and
// reported by the community; deadline extended 5%; handled and reported;
// verified and closed by the grid leader; followed up, ~2.5% "not fixed",
// which reopens it), mediations open -> session -> conclusion, patrols
// (some filing a finding), inspections (failed items file cases), care
// visits and outreach. Side-path rates, categories, finding and failure
// rates are the demo's own. Loop steps act on a backlog of cases filed
// before the timed run (512 in every state), as real loop steps act on
// cases filed hours or days earlier. A step whose queue is empty files a
// case instead and counts as `starved` (0 in practice). Left out: the
// deadline job (a background scan, 3.8% of the demo's events) and
// read-only queries (the demo issues none).
//
// Each timed run uses a copy of one base store: SeedDemo for 2 days (the
// registry: 8 grids, 38 compounds with buildings and units, their
// workers; and two days of history) plus the backlog, written buffered;
// the timed engine opens its copy durable. Engine's contract (engine.h)
// lets every method be called from any thread at once (the facade guards
// its read models with a shared_mutex, the log serialises appends on one
// writer thread with group commit); here no case ever has two commands in
// flight (a case sits in one queue at a time), so no stream conflicts.
//
// Env: GRIDLEDGER_BENCH_MIX_MS, each timed run's length (default 5000; the
// first 300 ms are warm-up, left out of the figures).
// Counters. Derivation: demo_days, demo_residents, demo_events_per_day,
// demo_commands_per_day, demo_deadline_events_per_day,
// events_per_resident_day, commands_per_resident_day, peak_hour,
// peak_hour_share, command_peak_hour, command_peak_hour_share, residents
// (the city's), city_events_per_day, city_peak_events_per_s,
// city_peak_commands_per_s, mix_events_per_command, target_events_per_s,
// target_commands_per_s. OpenLoop: offered_per_s and achieved_per_s
// (commands), events_per_s (appended), target_events_per_s (at x),
// x_target (events_per_s / the 100x target), p50/p90/p99/p999/max µs from
// the due time, errors, starved. Capacity: callers, commands_per_s,
// events_per_s, target_events_per_s (100x), headroom (events/s over it),
// headroom_commands (commands/s over the 100x offered commands/s), p50/
// p99/p999 µs per command, errors, starved.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "gridledger/catalogue.h"
#include "gridledger/demo.h"
#include "gridledger/engine.h"

namespace {

using namespace gridledger;
using namespace gridledger::bench;
using SteadyClock = std::chrono::steady_clock;

constexpr double kDemoResidents = 22560;       // 文化社区
constexpr double kCityResidents = 25'000'000;  // about Shanghai
constexpr double kTargetMultiple = 100;
constexpr uint32_t kDemoDays = 60;
constexpr uint32_t kWarmupDays = 12;
constexpr int kOpenLoopWorkers = 256;
constexpr int kCapacityThreads = 64;
constexpr size_t kBacklog = 512;  // cases (or mediations) waiting in each state

std::chrono::milliseconds RunLength() {
  return RunLengthFromEnv("GRIDLEDGER_BENCH_MIX_MS", std::chrono::milliseconds(5000));
}

std::chrono::milliseconds Warmup() {
  return std::min(std::chrono::milliseconds(300), RunLength() / 5);
}

uint64_t Hash(uint64_t x) {  // splitmix64: the per-request dice
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
double Unit(uint64_t h) { return static_cast<double>(h >> 11) * 0x1.0p-53; }

// ---- the commands of the mix ---------------------------------------------------

enum Kind : int {
  kFile,
  kReject,
  kAck,
  kEscalate,
  kCommunityAck,
  kCommunityHandle,
  kCommunityReport,
  kExtend,
  kHandle,
  kReport,
  kVerify,
  kClose,
  kFollowUp,
  kPatrol,
  kInspect,
  kMediationOpen,
  kMediationSession,
  kMediationConclude,
  kCareVisit,
  kOutreach,
  kKinds
};

// Events a command appends (before patrol findings, failed inspection items
// and reopenings, which add theirs).
constexpr int kEventsOf[kKinds] = {3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

// ---- 1. the derivation ---------------------------------------------------------

struct Derivation {
  double steady_days = 0;
  double events_per_day = 0, commands_per_day = 0, deadline_events_per_day = 0;
  std::array<double, kKinds> demo_per_day{};  // the demo's commands by kind
  std::array<double, 24> events_by_hour{};    // per steady day, local hour
  std::array<double, 24> commands_by_hour{};
  int peak_hour = 0;          // the busiest local hour for events
  double peak_share = 0;      // of a day's events in that hour
  int command_peak_hour = 0;  // the busiest local hour for commands
  double command_peak_share = 0;
  // The mix: flow-balanced commands per day, side-path rates, categories.
  std::array<double, kKinds> weight{};
  double p_finding = 0, p_item_fails = 0, p_reopen = 0;
  std::vector<std::pair<std::string, double>> categories;  // kiosk filings
  double mix_events_per_command = 0;
  // Scaled to the city.
  double events_per_resident_day = 0, commands_per_resident_day = 0;
  double city_peak_events_per_s = 0, city_peak_commands_per_s = 0;

  // The target is the peak's event rate; the mix offers the commands that
  // append that many events.
  double TargetEvents(double x) const { return x * city_peak_events_per_s; }
  double TargetCommands(double x) const { return TargetEvents(x) / mix_events_per_command; }
};

Derivation Derive() {
  const std::string dir = FreshDir("mix-demo");
  DemoOptions options;  // the demo's defaults: 60 days, 40 requests a day
  options.days = kDemoDays;
  // A fixed end (2026-11-23 18:00 in China) makes the counts reproducible.
  options.end =
      Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23) + std::chrono::hours(10));
  auto seeded = SeedDemo(dir, options);
  if (!seeded.ok()) Die("mix: SeedDemo: " + seeded.status().ToString());
  auto engine = Engine::Open(dir);
  if (!engine.ok()) Die("mix: open demo: " + engine.status().ToString());

  std::set<std::string> community;  // community / street-level workers
  std::array<double, kKinds> count{};
  std::array<double, 24> by_hour{}, commands_by_hour{};
  std::map<std::string, double> categories;
  double events = 0, commands = 0, deadline = 0, findings = 0, hazards = 0, items = 0, reopened = 0;
  std::optional<Timestamp> start;
  Status s = (*engine)->log().ScanAll(Position{1}, Position{0}, [&](const RecordedEvent& e) {
    if (!start) start = e.occurred_at;  // the demo's first event: its start
    const auto since = e.occurred_at - *start;
    const int64_t day = since / std::chrono::days(1);
    const int hour = static_cast<int>((since % std::chrono::days(1)) / std::chrono::hours(1) + 8) %
                     24;  // the demo starts at 08:00 local time
    if (const auto* w = std::get_if<WorkerAssigned>(&e.payload)) {
      if (w->role == Role::kCommunity || w->role == Role::kStreetCentre)
        community.insert(w->worker_id);
      return Status::Ok();
    }
    if (std::holds_alternative<GridDefined>(e.payload) ||
        std::holds_alternative<PlaceRegistered>(e.payload))
      return Status::Ok();
    if (day < kWarmupDays || day >= kDemoDays) return Status::Ok();
    const bool by_community = community.count(e.actor) > 0;
    int kind = -1;
    std::visit(
        [&](const auto& p) {
          using T = std::decay_t<decltype(p)>;
          if constexpr (std::is_same_v<T, CaseFiled>) {
            if (p.source == CaseSource::kKiosk) {
              kind = kFile;
              categories[p.category] += 1;
            } else if (p.source == CaseSource::kPatrol) {
              findings += 1;
            } else if (p.source == CaseSource::kInspection) {
              hazards += 1;
            }
          } else if constexpr (std::is_same_v<T, CaseRejected>) {
            kind = kReject;
          } else if constexpr (std::is_same_v<T, CaseAcknowledged>) {
            kind = by_community ? kCommunityAck : kAck;
          } else if constexpr (std::is_same_v<T, CaseEscalated>) {
            kind = kEscalate;
          } else if constexpr (std::is_same_v<T, CaseHandled>) {
            kind = by_community ? kCommunityHandle : kHandle;
          } else if constexpr (std::is_same_v<T, CaseReported>) {
            kind = by_community ? kCommunityReport : kReport;
          } else if constexpr (std::is_same_v<T, DeadlineExtended>) {
            kind = kExtend;
          } else if constexpr (std::is_same_v<T, CaseVerified>) {
            kind = kVerify;
          } else if constexpr (std::is_same_v<T, CaseClosed>) {
            kind = kClose;
          } else if constexpr (std::is_same_v<T, CaseFollowedUp>) {
            kind = kFollowUp;
          } else if constexpr (std::is_same_v<T, CaseReopened>) {
            reopened += 1;
          } else if constexpr (std::is_same_v<T, PatrolRecorded>) {
            kind = kPatrol;
          } else if constexpr (std::is_same_v<T, InspectionRecorded>) {
            kind = kInspect;
            items += static_cast<double>(p.items.size());
          } else if constexpr (std::is_same_v<T, MediationOpened>) {
            kind = kMediationOpen;
          } else if constexpr (std::is_same_v<T, MediationSession>) {
            kind = kMediationSession;
          } else if constexpr (std::is_same_v<T, MediationConcluded>) {
            kind = kMediationConclude;
          } else if constexpr (std::is_same_v<T, CareVisitRecorded>) {
            kind = kCareVisit;
          } else if constexpr (std::is_same_v<T, PolicyOutreachRecorded>) {
            kind = kOutreach;
          } else if constexpr (std::is_same_v<T, DeadlineWarned> ||
                               std::is_same_v<T, CaseOverdue>) {
            deadline += 1;
          }
        },
        e.payload);
    events += 1;
    by_hour[hour] += 1;
    if (kind >= 0) {
      count[kind] += 1;
      commands += 1;
      commands_by_hour[hour] += 1;
    }
    return Status::Ok();
  });
  if (!s.ok()) Die("mix: scanning the demo: " + s.ToString());
  engine->reset();
  RemoveDir(dir);

  Derivation d;
  d.steady_days = kDemoDays - kWarmupDays;
  const double days = d.steady_days;
  d.events_per_day = events / days;
  d.commands_per_day = commands / days;
  d.deadline_events_per_day = deadline / days;
  for (int k = 0; k < kKinds; ++k) d.demo_per_day[k] = count[k] / days;
  for (int h = 0; h < 24; ++h) {
    d.events_by_hour[h] = by_hour[h] / days;
    d.commands_by_hour[h] = commands_by_hour[h] / days;
    if (by_hour[h] > by_hour[d.peak_hour]) d.peak_hour = h;
    if (commands_by_hour[h] > commands_by_hour[d.command_peak_hour]) d.command_peak_hour = h;
  }
  d.peak_share = by_hour[d.peak_hour] / events;
  d.command_peak_share = commands_by_hour[d.command_peak_hour] / commands;

  // The mix, flow-balanced: each case kiosk-filed per day is rejected or
  // acknowledged; acknowledged ones are escalated (then acknowledged,
  // handled and reported by the community) or handled and reported by the
  // grid, some after an extension; all are verified, closed, followed up.
  const auto& c = count;
  const double file = c[kFile] / days;
  const double p_reject = c[kReject] / std::max(1.0, c[kReject] + c[kAck]);
  const double ack = file * (1 - p_reject);
  const double p_escalate = c[kEscalate] / std::max(1.0, c[kAck]);
  const double p_extend = c[kExtend] / std::max(1.0, c[kAck]);
  auto& w = d.weight;
  w[kFile] = file;
  w[kReject] = file * p_reject;
  w[kAck] = ack;
  w[kEscalate] = w[kCommunityAck] = w[kCommunityHandle] = w[kCommunityReport] = ack * p_escalate;
  w[kExtend] = ack * p_extend;
  w[kHandle] = w[kReport] = ack * (1 - p_escalate);
  w[kVerify] = w[kClose] = w[kFollowUp] = ack;
  w[kPatrol] = c[kPatrol] / days;
  w[kInspect] = c[kInspect] / days;
  w[kMediationOpen] = w[kMediationSession] = w[kMediationConclude] = c[kMediationOpen] / days;
  w[kCareVisit] = c[kCareVisit] / days;
  w[kOutreach] = c[kOutreach] / days;
  d.p_finding = findings / std::max(1.0, c[kPatrol]);
  d.p_item_fails = hazards / std::max(1.0, items);
  d.p_reopen = reopened / std::max(1.0, c[kFollowUp]);
  for (const auto& [code, n] : categories) d.categories.emplace_back(code, n);

  double mix_commands = 0, mix_events = 0;
  for (int k = 0; k < kKinds; ++k) {
    mix_commands += w[k];
    mix_events += w[k] * kEventsOf[k];
  }
  const double items_per_inspection = items / std::max(1.0, c[kInspect]);
  mix_events += w[kPatrol] * d.p_finding * 3 +
                w[kInspect] * items_per_inspection * d.p_item_fails * 3 + w[kFollowUp] * d.p_reopen;
  d.mix_events_per_command = mix_events / mix_commands;

  d.events_per_resident_day = d.events_per_day / kDemoResidents;
  d.commands_per_resident_day = d.commands_per_day / kDemoResidents;
  // The city's busiest hour, by the demo's shape: its share of a day.
  d.city_peak_events_per_s = kCityResidents * d.events_per_resident_day * d.peak_share / 3600;
  d.city_peak_commands_per_s =
      kCityResidents * d.commands_per_resident_day * d.command_peak_share / 3600;
  return d;
}

const Derivation& TheDerivation() {
  static const Derivation d = Derive();
  return d;
}

// ---- the registry and the queues of work ----------------------------------------

struct GridPeople {
  std::string code;
  Actor worker, leader, part_time;
  std::vector<PlaceInfo> places;  // compounds (the market, in the plaza grid)
};

struct DemoRegistry {
  std::vector<GridPeople> grids;
  Actor community;
};

DemoRegistry ReadRegistry(Engine& engine) {
  DemoRegistry r;
  for (const auto& g : engine.Grids()) {
    if (g.kind == GridKind::kCommunity) {
      for (const auto& w : engine.Workers(g.code))
        if (w.role == Role::kCommunity && w.grid_code == g.code)
          r.community = Actor::Worker(w.worker_id);
      continue;
    }
    if (g.kind != GridKind::kGrid && g.kind != GridKind::kDedicated) continue;
    GridPeople p;
    p.code = g.code;
    for (const auto& w : engine.Workers(g.code)) {
      if (w.grid_code != g.code) continue;
      if (w.role == Role::kFullTimeWorker) p.worker = Actor::Worker(w.worker_id);
      if (w.role == Role::kGridLeader) p.leader = Actor::Worker(w.worker_id);
      if (w.role == Role::kPartTimeWorker) p.part_time = Actor::Worker(w.worker_id);
    }
    for (const auto& place : engine.Places(g.code))
      if (place.parent_place_id.empty()) p.places.push_back(place);
    if (p.worker.id.empty() || p.leader.id.empty() || p.part_time.id.empty() || p.places.empty())
      Die("mix: grid " + g.code + " lacks a worker, leader, part-time worker or place");
    r.grids.push_back(std::move(p));
  }
  if (r.grids.empty() || r.community.id.empty()) Die("mix: the demo registry is incomplete");
  return r;
}

// A case (or a mediation) waiting for its next step.
struct Item {
  std::string id;
  size_t grid = 0;
};

enum Queue : int {
  qDispatched,
  qAcked,
  qExtended,
  qEscalated,
  qCommunityAcked,
  qCommunityHandled,
  qHandled,
  qReported,
  qVerified,
  qClosed,
  qMediationOpened,
  qMediationHeard,
  kQueues
};

// Where each kind takes its item from (none: it needs none) and puts it.
constexpr int kNone = -1;
constexpr int kFrom[kKinds] = {kNone,
                               qDispatched,
                               qDispatched,
                               qAcked,
                               qEscalated,
                               qCommunityAcked,
                               qCommunityHandled,
                               qAcked,
                               qExtended,  // then qAcked
                               qHandled,
                               qReported,
                               qVerified,
                               qClosed,
                               kNone,
                               kNone,
                               kNone,
                               qMediationOpened,
                               qMediationHeard,
                               kNone,
                               kNone};
constexpr int kTo[kKinds] = {
    qDispatched,       kNone,           qAcked,    qEscalated, qCommunityAcked,
    qCommunityHandled, qReported,       qExtended, qHandled,   qReported,
    qVerified,         qClosed,         kNone,     kNone,      kNone,
    qMediationOpened,  qMediationHeard, kNone,     kNone,      kNone};
// The steps that bring a new case (or mediation) into each queue.
const std::vector<Kind>& PathTo(int queue) {
  static const std::array<std::vector<Kind>, kQueues> paths = {{
      {kFile},
      {kFile, kAck},
      {kFile, kAck, kExtend},
      {kFile, kAck, kEscalate},
      {kFile, kAck, kEscalate, kCommunityAck},
      {kFile, kAck, kEscalate, kCommunityAck, kCommunityHandle},
      {kFile, kAck, kHandle},
      {kFile, kAck, kHandle, kReport},
      {kFile, kAck, kHandle, kReport, kVerify},
      {kFile, kAck, kHandle, kReport, kVerify, kClose},
      {kMediationOpen},
      {kMediationOpen, kMediationSession},
  }};
  return paths[queue];
}

class StepQueue {
 public:
  void Push(Item item) {
    std::lock_guard lock(mu_);
    items_.push_back(std::move(item));
  }
  std::optional<Item> Pop() {  // oldest first, as a worker's queue
    std::lock_guard lock(mu_);
    if (items_.empty()) return std::nullopt;
    Item item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  std::vector<Item> Snapshot() {
    std::lock_guard lock(mu_);
    return {items_.begin(), items_.end()};
  }

 private:
  std::mutex mu_;
  std::deque<Item> items_;
};

// The command mix over one engine. Run(i) is request i: its kind comes from
// a fixed schedule interleaving the kinds in the mix's proportions (smooth
// weighted round robin), its dice from a hash of i. Thread-safe.
class Mix {
 public:
  Mix(Engine& engine, const Derivation& d, DemoRegistry registry, std::string id_prefix)
      : engine_(engine), d_(d), registry_(std::move(registry)), prefix_(std::move(id_prefix)) {
    std::array<double, kKinds> current{};
    double total = 0;
    for (double w : d.weight) total += w;
    schedule_.reserve(kScheduleLength);
    for (size_t n = 0; n < kScheduleLength; ++n) {
      int best = 0;
      for (int k = 0; k < kKinds; ++k) {
        current[k] += d.weight[k];
        if (current[k] > current[best]) best = k;
      }
      current[best] -= total;
      schedule_.push_back(static_cast<Kind>(best));
    }
    double sum = 0;
    for (const auto& [code, n] : d.categories) {
      sum += n;
      const ServiceCategory* cat = FindCategory(code);
      if (!cat) Die("mix: the demo filed an unknown category " + code);
      categories_.push_back({cat, sum});
    }
    for (auto& c : categories_) c.second /= sum;
  }

  bool Run(uint64_t i) {
    const Kind kind = schedule_[i % schedule_.size()];
    const uint64_t h = Hash(i ^ salt_);
    Item item;
    if (kFrom[kind] != kNone) {
      auto popped = queues_[kFrom[kind]].Pop();
      if (!popped && kind == kHandle) popped = queues_[qAcked].Pop();
      if (!popped) {  // nothing in that state: file a case instead
        starved_.fetch_add(1, std::memory_order_relaxed);
        Status s = Step(kFile, item, h);
        if (!s.ok()) {
          Note(s);
          return false;
        }
        queues_[qDispatched].Push(std::move(item));
        return true;
      }
      item = std::move(*popped);
    }
    Status s = Step(kind, item, h);
    if (!s.ok()) {
      Note(s);
      return false;
    }
    if (kTo[kind] != kNone) queues_[kTo[kind]].Push(std::move(item));
    return true;
  }

  // Before the timed run: `n` items in every queue, each brought there by
  // the steps real work would take.
  void FillBacklog(size_t n) {
    uint64_t i = 0;
    for (int q = 0; q < kQueues; ++q)
      for (size_t j = 0; j < n; ++j) {
        Item item;
        for (Kind k : PathTo(q)) {
          Status s = Step(k, item, Hash(++i ^ 0x5eed));
          if (!s.ok()) Die("mix: filling the backlog: " + s.ToString());
        }
        queues_[q].Push(std::move(item));
      }
  }
  std::array<std::vector<Item>, kQueues> Backlog() {
    std::array<std::vector<Item>, kQueues> out;
    for (int q = 0; q < kQueues; ++q) out[q] = queues_[q].Snapshot();
    return out;
  }
  void SetBacklog(const std::array<std::vector<Item>, kQueues>& backlog) {
    for (int q = 0; q < kQueues; ++q)
      for (const auto& item : backlog[q]) queues_[q].Push(item);
  }

  uint64_t starved() const { return starved_.load(); }
  std::string first_error() {
    std::lock_guard lock(error_mu_);
    return first_error_;
  }

 private:
  static constexpr size_t kScheduleLength = 10000;

  void Note(const Status& s) {
    std::lock_guard lock(error_mu_);
    if (first_error_.empty()) first_error_ = s.ToString();
  }

  std::string Phone(uint64_t h) const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "13%09u", static_cast<unsigned>(h % 1000000000));
    return buf;
  }

  const ServiceCategory* Category(uint64_t h) const {
    const double u = Unit(h);
    for (const auto& [cat, upto] : categories_)
      if (u < upto) return cat;
    return categories_.back().first;
  }

  Status Exec(const Actor& a, CaseCommand c) { return engine_.Execute(a, c).status(); }
  Status Rec(const Actor& a, WorkCommand c) { return engine_.Record(a, c).status(); }

  // Performs one command of `kind`; for kFile and kMediationOpen it fills
  // `item`, for the others it acts on it.
  Status Step(Kind kind, Item& item, uint64_t h) {
    const uint64_t h1 = Hash(h + 1), h2 = Hash(h + 2), h3 = Hash(h + 3);
    if (kFrom[kind] == kNone) item.grid = h1 % registry_.grids.size();
    const GridPeople& g = registry_.grids[item.grid];
    const std::string& id = item.id;
    switch (kind) {
      case kFile: {
        const ServiceCategory* cat = Category(h2);
        FileCase f;
        f.category = cat->code;
        f.description =
            cat->phrases_zh.empty() ? cat->name_zh : cat->phrases_zh[h3 % cat->phrases_zh.size()];
        f.location.place_id = g.places[(h3 >> 20) % g.places.size()].place_id;
        f.reporter_phone = Phone(h);
        if (h2 % 3 == 0) f.reporter_name = "王先生";
        auto r = engine_.File(Actor::Resident(), f);
        if (!r.ok()) return r.status();
        item.id = r->case_id;
        return Status::Ok();
      }
      case kReject:
        return Exec(g.leader, cmd::Reject{id, "invalid", "经核实为误报，已电话告知居民", ""});
      case kAck:
        return Exec(g.worker, cmd::Acknowledge{id});
      case kEscalate:
        return Exec(g.worker, cmd::Escalate{id, "需要社区协调相关单位"});
      case kCommunityAck:
        return Exec(registry_.community, cmd::Acknowledge{id});
      case kCommunityHandle:
        return Exec(registry_.community, cmd::Handle{id, "社区协调物业和相关单位处理", {}});
      case kCommunityReport:
        return Exec(registry_.community, cmd::ReportBack{id, "已协调处理完毕"});
      case kExtend:
        return Exec(g.worker, cmd::ExtendDeadline{id, 3, "需等待配件", ""});
      case kHandle:
        return Exec(g.worker, cmd::Handle{id, "已到现场处理", {}});
      case kReport:
        return Exec(g.worker, cmd::ReportBack{id, "问题已处理"});
      case kVerify:
        return Exec(g.leader, cmd::VerifyOnSite{id, true, "现场核查属实"});
      case kClose:
        return Exec(g.leader, cmd::Close{id, "销号"});
      case kFollowUp: {
        const bool fixed = Unit(h2) >= d_.p_reopen;
        const auto satisfaction = static_cast<uint8_t>(Unit(h3) < 0.94 ? 4 + h3 % 2 : 2 + h3 % 2);
        return Exec(g.worker, cmd::FollowUp{id, satisfaction, "电话回访", fixed});
      }
      case kPatrol: {
        cmd::RecordPatrol p{g.code,
                            "日常巡查，走访" + std::to_string(5 + h2 % 26) + "户",
                            {},
                            static_cast<uint32_t>(3 + h3 % 10),
                            {}};
        if (Unit(h2) < d_.p_finding) {  // 发现即办
          FileCase finding;
          finding.category = h3 % 2 ? "sanitation" : "parking";
          finding.description = h3 % 2 ? "巡查发现楼道堆放杂物" : "巡查发现车辆堵塞消防通道";
          finding.location.grid_code = g.code;
          p.findings.push_back(std::move(finding));
        }
        return Rec(h % 2 ? g.worker : g.part_time, p);
      }
      case kInspect: {
        const PlaceInfo& place = g.places[h2 % g.places.size()];
        std::vector<InspectionItem> items;
        int n = 0;
        for (const char* what :
             {"灭火器在有效期内", "消防栓有水", "安全出口畅通", "楼道无易燃物堆放"})
          items.push_back({what, Unit(Hash(h3 + ++n)) >= d_.p_item_fails, ""});
        return Rec(g.worker, cmd::RecordInspection{place.place_id, place.name, g.code, items});
      }
      case kMediationOpen: {
        item.id = prefix_ + std::to_string(next_mediation_.fetch_add(1));
        return Rec(g.worker, cmd::OpenMediation{item.id,
                                                g.code,
                                                h2 % 2 ? "房租纠纷" : "楼上漏水纠纷",
                                                {"甲方", "乙方"},
                                                "dispute"});
      }
      case kMediationSession:
        return Rec(g.worker, cmd::RecordMediationSession{id, "双方到场，调解员讲解法律规定"});
      case kMediationConclude:
        return Rec(g.worker, cmd::ConcludeMediation{id, Unit(h2) < 0.97, "达成调解协议"});
      case kCareVisit:
        return Rec(g.worker, cmd::RecordCareVisit{g.code, "李奶奶", Phone(h2),
                                                  "独居老人，身体状况良好", h3 % 6 == 0});
      case kOutreach: {
        static const char* topics[] = {"城乡居民医保缴费", "养老金资格认证", "防范电信诈骗",
                                       "燃气安全"};
        const auto households = static_cast<uint32_t>(20 + h2 % 61);
        return Rec(g.worker,
                   cmd::RecordOutreach{g.code, topics[h3 % 4], households, households * 2});
      }
      case kKinds:
        break;
    }
    return Status::InvalidArgument("mix: no such command kind");
  }

  Engine& engine_;
  const Derivation& d_;
  const DemoRegistry registry_;
  const std::string prefix_;
  const uint64_t salt_ = Hash(std::hash<std::string>()(prefix_));
  std::vector<Kind> schedule_;
  std::vector<std::pair<const ServiceCategory*, double>> categories_;  // cumulative
  std::array<StepQueue, kQueues> queues_;
  std::atomic<uint64_t> next_mediation_{0};
  std::atomic<uint64_t> starved_{0};
  std::mutex error_mu_;
  std::string first_error_;
};

// ---- the base store -------------------------------------------------------------

// The demo's registry (SeedDemo, 2 days) plus the backlog, built once,
// buffered, then closed; every benchmark opens its own copy, durable.
struct Base {
  std::string dir = FreshDir("mix-base");
  std::array<std::vector<Item>, kQueues> backlog;
  Base() {
    DemoOptions options;
    options.days = 2;
    auto seeded = SeedDemo(dir, options);
    if (!seeded.ok()) Die("mix: SeedDemo: " + seeded.status().ToString());
    EngineOptions buffered;
    buffered.durability = Durability::kBuffered;
    auto engine = Engine::Open(dir, buffered);
    if (!engine.ok()) Die("mix: open base: " + engine.status().ToString());
    Mix mix(**engine, TheDerivation(), ReadRegistry(**engine), "base-");
    mix.FillBacklog(kBacklog);
    backlog = mix.Backlog();
    Status s = (*engine)->log().SaveCheckpoint("mix-base", (*engine)->log().Committed());
    if (!s.ok()) Die("mix: checkpoint: " + s.ToString());
  }
  ~Base() { RemoveDir(dir); }
};

Base& TheBase() { return RunShared<Base>(); }

// A fresh durable engine on a copy of the base, its mix holding the backlog.
struct Fixture {
  std::string dir = FreshDir("mix-run");
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Mix> mix;
  explicit Fixture(const std::string& prefix) {
    Base& base = TheBase();
    std::filesystem::copy(base.dir, dir, std::filesystem::copy_options::recursive);
    auto opened = Engine::Open(dir);  // durable: the engine's default
    if (!opened.ok()) Die("mix: open copy: " + opened.status().ToString());
    engine = std::move(opened).value();
    mix = std::make_unique<Mix>(*engine, TheDerivation(), ReadRegistry(*engine), prefix);
    mix->SetBacklog(base.backlog);
  }
  ~Fixture() {
    mix.reset();
    engine.reset();
    RemoveDir(dir);
  }
  uint64_t Committed() const { return engine->log().Committed().value; }
};

void ReportMixHealth(benchmark::State& state, Mix& mix, uint64_t errors) {
  state.counters["errors"] = static_cast<double>(errors);
  state.counters["starved"] = static_cast<double>(mix.starved());
  if (errors > 0) state.SetLabel("first error: " + mix.first_error());
}

// ---- benchmarks ---------------------------------------------------------------

void BM_Derivation(benchmark::State& state) {
  const Derivation& d = TheDerivation();
  for (auto _ : state) benchmark::DoNotOptimize(d.peak_share);
  auto& c = state.counters;
  c["demo_days"] = d.steady_days;
  c["demo_residents"] = kDemoResidents;
  c["demo_events_per_day"] = d.events_per_day;
  c["demo_commands_per_day"] = d.commands_per_day;
  c["demo_deadline_events_per_day"] = d.deadline_events_per_day;
  c["events_per_resident_day"] = d.events_per_resident_day;
  c["commands_per_resident_day"] = d.commands_per_resident_day;
  c["peak_hour"] = d.peak_hour;
  c["peak_hour_share"] = d.peak_share;
  c["command_peak_hour"] = d.command_peak_hour;
  c["command_peak_hour_share"] = d.command_peak_share;
  c["residents"] = kCityResidents;
  c["city_events_per_day"] = kCityResidents * d.events_per_resident_day;
  c["city_peak_events_per_s"] = d.city_peak_events_per_s;
  c["city_peak_commands_per_s"] = d.city_peak_commands_per_s;
  c["target_events_per_s"] = d.TargetEvents(kTargetMultiple);
  c["target_commands_per_s"] = d.TargetCommands(kTargetMultiple);
  c["mix_events_per_command"] = d.mix_events_per_command;
}
BENCHMARK(BM_Derivation)->Name("Mix/Derivation")->Iterations(1);

void BM_OpenLoop(benchmark::State& state) {
  const Derivation& d = TheDerivation();
  const double x = static_cast<double>(state.range(0));
  Fixture f("x" + std::to_string(state.range(0)) + "-");
  const double rate = d.TargetCommands(x);
  OpenLoopResult result;
  uint64_t events = 0;
  for (auto _ : state) {
    const uint64_t before = f.Committed();
    result = RunOpenLoop(
        rate, RunLength(), kOpenLoopWorkers, [&](uint64_t i) { return f.mix->Run(i); }, Warmup());
    events = f.Committed() - before;
  }
  // achieved_per_s spans start to the last completion: the same span here.
  const double seconds =
      result.achieved_per_s > 0 ? static_cast<double>(result.requests) / result.achieved_per_s : 0;
  state.SetItemsProcessed(static_cast<int64_t>(result.requests));
  ReportOpenLoop(state, result);
  state.counters["events_per_s"] = seconds > 0 ? static_cast<double>(events) / seconds : 0;
  state.counters["target_events_per_s"] = d.TargetEvents(x);
  state.counters["x_target"] = state.counters["events_per_s"] / d.TargetEvents(kTargetMultiple);
  ReportMixHealth(state, *f.mix, result.errors);
}
BENCHMARK(BM_OpenLoop)
    ->Name("Mix/Engine/OpenLoop")
    ->ArgName("x")
    ->Arg(25)
    ->Arg(50)
    ->Arg(100)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Closed loop: kCapacityThreads callers issue the mix back to back; counts
// are taken between the end of the warm-up and the end of the run.
void BM_Capacity(benchmark::State& state) {
  const Derivation& d = TheDerivation();
  Fixture f("cap-");
  double commands_per_s = 0, events_per_s = 0;
  uint64_t errors = 0;
  Percentiles latency;
  for (auto _ : state) {
    std::atomic<uint64_t> next{0}, done{0}, failed{0};
    std::atomic<bool> measuring{false}, stop{false};
    std::vector<std::vector<double>> us(kCapacityThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kCapacityThreads; ++t)
      threads.emplace_back([&, t] {
        while (!stop.load(std::memory_order_relaxed)) {
          const uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
          const bool measured = measuring.load(std::memory_order_relaxed);
          const auto t0 = SteadyClock::now();
          if (!f.mix->Run(i)) failed.fetch_add(1, std::memory_order_relaxed);
          if (measured)
            us[t].push_back(
                std::chrono::duration<double, std::micro>(SteadyClock::now() - t0).count());
          done.fetch_add(1, std::memory_order_relaxed);
        }
      });
    std::this_thread::sleep_for(Warmup());
    const uint64_t done0 = done.load(), events0 = f.Committed(), failed0 = failed.load();
    const auto t0 = SteadyClock::now();
    measuring = true;
    std::this_thread::sleep_for(RunLength() - Warmup());
    const uint64_t done1 = done.load(), events1 = f.Committed(), failed1 = failed.load();
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();
    stop = true;
    for (auto& th : threads) th.join();
    commands_per_s = static_cast<double>(done1 - done0) / seconds;
    events_per_s = static_cast<double>(events1 - events0) / seconds;
    errors = failed1 - failed0;
    std::vector<double> all;
    for (auto& v : us) all.insert(all.end(), v.begin(), v.end());
    latency = ComputePercentiles(all);
  }
  state.counters["callers"] = kCapacityThreads;
  state.counters["commands_per_s"] = commands_per_s;
  state.counters["events_per_s"] = events_per_s;
  state.counters["target_events_per_s"] = d.TargetEvents(kTargetMultiple);
  state.counters["headroom"] = events_per_s / d.TargetEvents(kTargetMultiple);
  state.counters["headroom_commands"] = commands_per_s / d.TargetCommands(kTargetMultiple);
  ReportPercentiles(state, latency);
  ReportMixHealth(state, *f.mix, errors);
}
BENCHMARK(BM_Capacity)
    ->Name("Mix/Engine/Capacity")
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
