// Projections against a recomputation: DumpReadModels before and after
// Engine::Rebuild must be equal line for line.
#include "projection_check.h"

#include <iostream>
#include <memory>
#include <sstream>

#include "CLI/CLI.hpp"
#include "engine_context.h"
#include "output.h"
#include "remote_context.h"
#include "verify.h"

namespace gridledger::cli {
namespace {

// "line N: stored `a` but recomputed `b`" for the first differing line.
std::string FirstDifference(const std::string& before, const std::string& after) {
  std::istringstream a(before), b(after);
  std::string la, lb;
  for (size_t line = 1;; ++line) {
    bool ha = static_cast<bool>(std::getline(a, la));
    bool hb = static_cast<bool>(std::getline(b, lb));
    if (!ha && !hb) return "";
    if (ha != hb || la != lb)
      return "read model line " + std::to_string(line) + ": stored \"" + (ha ? la : "<end>") +
             "\" but the log gives \"" + (hb ? lb : "<end>") + "\"";
  }
}

}  // namespace

ProjectionCheck CheckProjections(const GlobalOptions& options) {
  ProjectionCheck check;
  // Rebuild recomputes the in-memory models only: nothing is written.
  auto engine = OpenEngineOrThrow(options, Access::kReadOnly);
  ProgressBar bar("verify projections");
  bar.Update(0, 2);
  std::string before = engine->DumpReadModels();
  ThrowIfError(engine->Rebuild(), "recomputing the read models");
  bar.Update(1, 2);
  std::string after = engine->DumpReadModels();
  bar.Update(2, 2);
  bar.Finish();
  check.checked = true;
  check.first_mismatch = FirstDifference(before, after);
  return check;
}

void RegisterRebuildCommand(CLI::App& app, GlobalOptions& options) {
  auto* cmd = app.add_subcommand("rebuild", "recompute every read model from the log");
  auto memory_mib = std::make_shared<size_t>(EngineOptions().read_models_build_memory_bytes >> 20);
  auto* memory_option =
      cmd->add_option(
             "--memory-mib", *memory_mib,
             "rows the rebuild holds in memory before writing them out as one sorted table "
             "file (MiB; 0: write every chunk of events through the store's memtables, "
             "the way before table files)")
          ->capture_default_str();
  cmd->callback([&options, memory_mib, memory_option] {
    // Through gridledgerd the server's own build budget applies.
    if (UsesServer(options) && memory_option->count() > 0)
      throw CliError(
          "--memory-mib applies to a data directory; a rebuild through gridledgerd uses the "
          "server's own budget (read_models_build_memory_bytes)",
          kExitUsage);
    EngineOptions engine_options;
    engine_options.read_models_build_memory_bytes = *memory_mib << 20;
    auto engine = OpenEngineOrThrow(options, Access::kReadWrite, &engine_options);
    ProgressBar bar("rebuild");
    bar.Update(0, 0);
    auto start = std::chrono::steady_clock::now();
    ThrowIfError(engine->Rebuild(), "rebuild failed");
    bar.Finish();
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    uint64_t events = engine->log().Committed().value;
    if (options.json) {
      PrintJson({{"events", events}, {"seconds", secs}});
    } else {
      std::printf("rebuilt the read models from %llu events in %.2f s\n",
                  static_cast<unsigned long long>(events), secs);
    }
  });
}

}  // namespace gridledger::cli
