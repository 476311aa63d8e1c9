// erase-person and simulate.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"
#include "engine_context.h"
#include "gridledger/demo.h"
#include "output.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

void RunErase(const GlobalOptions& options, const std::string& phone, bool yes) {
  if (!yes)
    throw CliError(
        "erasing " + MaskPhone(phone) + "'s personal data cannot be undone: add --yes to confirm",
        kExitUsage);
  auto engine = OpenEngineOrThrow(options);
  uint64_t cases = ValueOrThrow(engine->ErasePerson(phone), "erasing " + MaskPhone(phone));
  if (cases == 0)
    throw CliError("nothing matched: no case holds personal data of " + MaskPhone(phone) +
                   " (check the number; any other record of it is unreadable now)");
  if (options.json) {
    PrintJson({{"erased", true}, {"cases", cases}});
  } else {
    std::cout << "erased the personal data of " << MaskPhone(phone) << " (" << cases
              << " cases): their name and phone can no longer be read anywhere; the log "
                 "is unchanged and still verifies\n";
  }
}

struct SimulateArgs {
  uint32_t days = 60;
  uint64_t seed = 20261123;
  uint32_t per_day = 40;
  std::string end;
  std::string district = "411302";
};

void RunSimulate(const GlobalOptions& options, const SimulateArgs& args) {
  std::string dir = ResolveDataDir(options);
  DemoOptions demo;
  demo.days = args.days;
  demo.seed = args.seed;
  demo.requests_per_day = args.per_day;
  demo.district = args.district;
  if (!args.end.empty()) {
    auto end = tools::ParseIso(args.end);
    if (!end)
      throw CliError("--end must be an ISO 8601 time, not \"" + args.end + "\"", kExitUsage);
    demo.end = *end;
  }
  ProgressBar bar("simulate (days)");
  demo.progress = [&](uint32_t done, uint32_t total) { bar.Update(done, total); };
  auto result = SeedDemo(dir, demo);
  if (!result.ok() && result.status().code() == StatusCode::kInvalidArgument)
    throw CliError("cannot simulate into " + dir + ": " + result.status().message() +
                   "; pass --data NEW_DIR to simulate into a new directory");
  auto summary = ValueOrThrow(std::move(result), "simulation into " + dir + " failed", dir);
  bar.Finish();
  if (options.json) {
    PrintJson({{"dataDir", dir},
               {"days", args.days},
               {"seed", args.seed},
               {"events", summary.events},
               {"cases", summary.cases},
               {"seconds", summary.seconds},
               {"eventsPerSecond", summary.events_per_second},
               {"samplePhone", summary.sample_phone},
               {"sampleCaseId", summary.sample_case_id},
               {"sampleQueryCode", summary.sample_query_code}});
    return;
  }
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.0f events/s (%.2f s)", summary.events_per_second,
                summary.seconds);
  PrintFields(std::cout,
              {{"data directory", dir},
               {"days", std::to_string(args.days) + " (seed " + std::to_string(args.seed) + ")"},
               {"events", std::to_string(summary.events)},
               {"cases", std::to_string(summary.cases)},
               {"speed", rate},
               {"sample resident", summary.sample_phone},
               {"sample case",
                summary.sample_case_id + " (query code " + summary.sample_query_code + ")"}});
}

}  // namespace

void RegisterMaintenanceCommands(CLI::App& app, GlobalOptions& options) {
  auto phone = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  auto* erase = app.add_subcommand(
      "erase-person", "erase a resident's name and phone on request (crypto-shredding)");
  erase->add_option("--phone", *phone, "the resident's mobile number")->required();
  erase->add_flag("--yes", *yes, "confirm: the erasure cannot be undone");
  erase->callback([&options, phone, yes] { RunErase(options, *phone, *yes); });

  auto args = std::make_shared<SimulateArgs>();
  auto* sim = app.add_subcommand(
      "simulate",
      "generate a realistic community (文化社区) with N days of history into a new data directory");
  sim->add_option("--days", args->days, "days of history")->default_val(60);
  sim->add_option("--seed", args->seed, "random seed: same seed, same data")->default_val(20261123);
  sim->add_option("--requests-per-day", args->per_day, "resident requests per day")
      ->default_val(40);
  sim->add_option("--end", args->end, "last simulated moment (default: now)");
  sim->add_option("--district", args->district,
                  "the district (6 digits) the community's street and grids belong to")
      ->capture_default_str();
  sim->callback([&options, args] { RunSimulate(options, *args); });
}

}  // namespace gridledger::cli
