// Child process for the engine crash test: files cases and moves them
// through the loop from several threads, printing "<case id>" once File
// returned (durable). The parent kills it with SIGKILL at a random moment.
// With a second argument "rebuild", another thread rebuilds the read models
// (a new generation on disk, switched to when done) again and again. With
// "build", the store is one whose read models must be built first (the
// parent made it so): the child prints "ready" as soon as Open returns,
// while the background build runs in chunks of 50 events, then waits for
// it and files as above. Builds and rebuilds hold only 16 KiB of rows in
// memory, so that they write table files (and make their progress durable)
// many times before they end: a kill lands between, or during, those writes.
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "facade/model_build_seam.h"
#include "gridledger/engine.h"

using namespace gridledger;

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::string mode = argc > 2 ? argv[2] : "";
  if (mode == "build") TestingModelBuildSeam().events_per_chunk = 50;
  EngineOptions options;
  options.read_models_build_memory_bytes = 16u << 10;
  auto engine = Engine::Open(argv[1], options);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    return 1;
  }
  Engine& e = **engine;
  if (mode == "build") {
    std::printf("ready\n");  // the parent's clock starts now, mid-build
    std::fflush(stdout);
    if (!e.AwaitReadModels(std::chrono::minutes(5)).ok()) std::_Exit(4);
  }
  const Actor sys = Actor::System("crash");
  if (e.Grids().empty()) {
    (void)e.Record(sys, cmd::DefineGrid{{"411302001", "街道", GridKind::kStreet, "", 0}});
    (void)e.Record(sys,
                   cmd::DefineGrid{{"411302001001", "社区", GridKind::kCommunity, "411302001", 0}});
    (void)e.Record(sys,
                   cmd::DefineGrid{{"41130200100101", "网格", GridKind::kGrid, "411302001001", 0}});
    (void)e.Record(sys,
                   cmd::AssignWorker{{"w1", "张敏", Role::kFullTimeWorker, "41130200100101", ""}});
    (void)e.Record(sys, cmd::AssignWorker{{"l1", "李强", Role::kGridLeader, "41130200100101", ""}});
  }
  if (mode != "build") {
    std::printf("ready\n");  // the parent's clock starts now
    std::fflush(stdout);
  }
  std::mutex out_mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        FileCase f;
        f.category = "sanitation";
        f.description = "垃圾没人清运";
        f.location.grid_code = "41130200100101";
        f.reporter_phone = "1380000" + std::to_string(1000 + (t * 997 + i) % 9000);
        auto r = e.File(Actor::Resident(), f);
        if (!r.ok()) std::_Exit(1);
        {
          std::lock_guard lock(out_mu);
          std::printf("%s\n", r->case_id.c_str());
          std::fflush(stdout);
        }
        (void)e.Execute(Actor::Worker("w1"), cmd::Acknowledge{r->case_id});
        (void)e.Execute(Actor::Worker("w1"), cmd::ReportBack{r->case_id, "done"});
        (void)e.Execute(Actor::Worker("l1"), cmd::VerifyOnSite{r->case_id, true, ""});
        (void)e.Execute(Actor::Worker("l1"), cmd::Close{r->case_id, ""});
      }
    });
  }
  if (mode == "rebuild")
    threads.emplace_back([&] {
      for (;;)
        if (!e.Rebuild().ok()) std::_Exit(3);
    });
  for (auto& th : threads) th.join();
}
