// Fuzzes every command's validation path through the Engine facade: filing
// with arbitrary fields, any closed-loop command by any actor on known and
// unknown cases, registry and work commands, resident lookups. Any result
// is fine except a crash, a sanitizer report or an Internal error.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gridledger/engine.h"

using namespace gridledger;

namespace {

std::unique_ptr<ManualClock> g_clock;
std::unique_ptr<Engine> g_engine;
std::vector<std::string> g_cases;

const char* kActors[] = {"w1", "l1", "c1", "s1", "pt1", "ghost", ""};

void Check(const Status& s) {
  if (s.code() == StatusCode::kInternal || s.code() == StatusCode::kCorruption) __builtin_trap();
}

std::string Str(FuzzedDataProvider& p) { return p.ConsumeRandomLengthString(64); }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string dir =
      std::filesystem::temp_directory_path() / ("gridledger-fuzz-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  g_clock = std::make_unique<ManualClock>(Timestamp(std::chrono::hours(24 * 20600)));
  EngineOptions options;
  options.clock = g_clock.get();
  options.durability = Durability::kBuffered;
  g_engine = std::move(Engine::Open(dir, options)).value();
  const Actor sys = Actor::System("fuzz");
  (void)g_engine->Record(sys, cmd::DefineGrid{{"411302001", "街道", GridKind::kStreet, "", 0}});
  (void)g_engine->Record(
      sys, cmd::DefineGrid{{"411302001001", "社区", GridKind::kCommunity, "411302001", 0}});
  (void)g_engine->Record(
      sys, cmd::DefineGrid{{"41130200100101", "网格", GridKind::kGrid, "411302001001", 0}});
  (void)g_engine->Record(
      sys, cmd::RegisterPlace{{"p1", "41130200100101", "小区", PlaceKind::kCompound, ""}});
  (void)g_engine->Record(
      sys, cmd::AssignWorker{{"w1", "张", Role::kFullTimeWorker, "41130200100101", ""}});
  (void)g_engine->Record(sys,
                         cmd::AssignWorker{{"l1", "李", Role::kGridLeader, "41130200100101", ""}});
  (void)g_engine->Record(
      sys, cmd::AssignWorker{{"pt1", "赵", Role::kPartTimeWorker, "41130200100101", ""}});
  (void)g_engine->Record(sys,
                         cmd::AssignWorker{{"c1", "社区", Role::kCommunity, "411302001001", ""}});
  (void)g_engine->Record(sys,
                         cmd::AssignWorker{{"s1", "街道", Role::kStreetCentre, "411302001", ""}});
  std::atexit([] { g_engine.reset(); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider p(data, size);
  while (p.remaining_bytes() > 0) {
    g_clock->Advance(std::chrono::minutes(p.ConsumeIntegralInRange(0, 3000)));
    Actor actor = p.ConsumeBool() ? Actor::Worker(kActors[p.ConsumeIntegralInRange(0, 6)])
                                  : (p.ConsumeBool() ? Actor::Resident() : Actor::System(Str(p)));
    std::string id = g_cases.empty() || p.ConsumeBool()
                         ? Str(p)
                         : g_cases[p.ConsumeIntegralInRange<size_t>(0, g_cases.size() - 1)];
    switch (p.ConsumeIntegralInRange(0, 12)) {
      case 0: {
        FileCase f;
        f.category = p.ConsumeBool() ? "sewer" : Str(p);
        f.description = Str(p);
        f.location.place_id = p.ConsumeBool() ? "p1" : Str(p);
        f.location.grid_code = p.ConsumeBool() ? "" : Str(p);
        f.reporter_phone = p.ConsumeBool() ? "13812345678" : Str(p);
        f.reporter_name = Str(p);
        f.source = static_cast<CaseSource>(p.ConsumeIntegralInRange(0, 6));
        auto r = g_engine->File(actor, f);
        Check(r.status());
        if (r.ok() && g_cases.size() < 200) g_cases.push_back(r->case_id);
        break;
      }
      case 1:
        Check(g_engine->Execute(actor, cmd::Acknowledge{id}).status());
        break;
      case 2:
        Check(g_engine
                  ->Execute(
                      actor,
                      cmd::Dispatch{id, static_cast<AssigneeLevel>(p.ConsumeIntegralInRange(0, 3)),
                                    Str(p), Str(p)})
                  .status());
        break;
      case 3:
        Check(g_engine->Execute(actor, cmd::ReportBack{id, Str(p)}).status());
        break;
      case 4:
        Check(g_engine->Execute(actor, cmd::VerifyOnSite{id, p.ConsumeBool(), Str(p)}).status());
        break;
      case 5:
        Check(g_engine->Execute(actor, cmd::Close{id, Str(p)}).status());
        break;
      case 6:
        Check(g_engine
                  ->Execute(actor,
                            cmd::ExtendDeadline{id, p.ConsumeIntegral<uint32_t>(), Str(p), Str(p)})
                  .status());
        break;
      case 7:
        Check(g_engine->Execute(actor, cmd::Escalate{id, Str(p)}).status());
        break;
      case 8:
        Check(g_engine->Execute(actor, cmd::Reject{id, Str(p), Str(p), Str(p)}).status());
        break;
      case 9:
        Check(g_engine
                  ->ResidentFeedback(id, Str(p), p.ConsumeIntegral<uint8_t>(), p.ConsumeBool(),
                                     Str(p))
                  .status());
        break;
      case 10:
        Check(g_engine->LookupByPhone(Str(p), Str(p)).status());
        break;
      case 11:
        Check(g_engine
                  ->Record(actor,
                           cmd::DefineGrid{{Str(p), Str(p),
                                            static_cast<GridKind>(p.ConsumeIntegralInRange(0, 4)),
                                            Str(p), 0}})
                  .status());
        break;
      default:
        Check(g_engine
                  ->Record(actor, cmd::RecordInspection{Str(p),
                                                        Str(p),
                                                        p.ConsumeBool() ? "41130200100101" : Str(p),
                                                        {{Str(p), p.ConsumeBool(), Str(p)}}})
                  .status());
        break;
    }
  }
  return 0;
}
