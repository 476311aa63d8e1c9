// init, info, backup, restore, compact: the data directory as a whole.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "commands.h"
#include "gridledger/engine.h"
#include "output.h"
#include "projection_check.h"
#include "store_info.h"
#include "time_format.h"

namespace gridledger::cli {
namespace {

namespace fs = std::filesystem;

void RunInit(const GlobalOptions& options, std::string dir, const std::string& partition) {
  if (dir.empty()) dir = ResolveDataDir(options);
  std::error_code ec;
  bool existed = fs::exists(fs::path(dir) / "CURRENT", ec);
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    throw CliError(dir + " exists and is not a directory: choose another path");
  if (!existed && fs::exists(dir, ec) && !fs::is_empty(dir, ec))
    throw CliError(dir + " exists and is not empty: init needs a new or empty directory");
  std::unique_ptr<Engine> engine;
  std::unique_ptr<EventLog> log;
  if (!partition.empty()) {
    // The engine records the partition in the store (and refuses another).
    EngineOptions engine_options;
    engine_options.partition = partition;
    engine = ValueOrThrow(Engine::Open(dir, engine_options), "cannot initialise " + dir, dir);
  } else {
    log = ValueOrThrow(EventLog::Open(dir), "cannot create " + dir, dir);
  }
  Position committed = engine ? engine->log().Committed() : log->Committed();
  if (options.json) {
    PrintJson({{"dataDir", dir},
               {"created", !existed},
               {"events", committed.value},
               {"partition", engine ? Json(engine->Partition()) : Json()}});
  } else if (existed) {
    std::cout << dir << " is already a GridLedger data directory (" << committed.value
              << " events)\n";
  } else {
    std::cout << "created an empty GridLedger data directory at " << dir
              << (partition.empty() ? "" : " for partition " + partition) << '\n'
              << "next: `gridledger --data " << dir << " simulate` for demo data, or "
              << "`gridledger --data " << dir << " append --stream NAME < events.jsonl`\n";
  }
}

void RunInfo(const GlobalOptions& options) {
  std::string dir = ResolveDataDir(options);
  StoreInfo info = CollectStoreInfo(options);
  if (options.json) {
    PrintJson(StoreInfoToJson(info));
    return;
  }
  PrintFields(std::cout, StoreInfoFields(info));
  if (!info.projections.empty()) {
    std::cout << '\n';
    Table table({"projection", "position", "lag", "open time", "stored", "note"});
    for (const auto& p : info.projections) {
      char ms[32];
      std::snprintf(ms, sizeof ms, "%.0f ms", p.open_ms);
      std::string stored;
      if (p.building)
        stored = "building: " + std::to_string(p.position) + " of " +
                 std::to_string(p.build_target) + " events";
      else if (p.generation)
        stored = "generation " + std::to_string(p.generation);
      else
        stored = info.served ? "on the server" : "in memory (read-only)";
      table.Add({p.name, std::to_string(p.position), std::to_string(p.lag), ms, stored,
                 p.problem.empty() ? std::to_string(p.grids) + " grids registered" : p.problem});
    }
    table.Print(std::cout);
  }
}

uint64_t DirectoryBytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  return total;
}

void RunBackup(const GlobalOptions& options, const std::string& target) {
  std::error_code ec;
  if (fs::exists(target, ec))
    throw CliError("backup target " + target +
                   " already exists: name a new directory (backups never overwrite)");
  // A backup inside the store would be copied into the next backup, and
  // lost with the store.
  fs::path data = fs::weakly_canonical(ResolveDataDir(options), ec);
  fs::path into = fs::weakly_canonical(target, ec);
  auto [d, t] = std::mismatch(data.begin(), data.end(), into.begin(), into.end());
  if (d == data.end())
    throw CliError("backup target " + target + " is inside the data directory " +
                       ResolveDataDir(options) + ": put backups somewhere else",
                   kExitUsage);
  auto log = OpenLogOrThrow(options);
  ProgressBar bar("backup");
  bar.Update(0, 2);
  ThrowIfError(log->Checkpoint(target), "backup to " + target + " failed");
  bar.Update(1, 2);
  uint64_t events = log->Committed().value;
  // The copy must hold every event, undamaged: check its hash chain.
  {
    LogOptions read_only;
    read_only.read_only = true;
    auto copy = EventLog::Open(target, read_only);
    Status bad = copy.ok() ? Status::Ok() : copy.status();
    if (bad.ok()) {
      auto report = (*copy)->Verify();
      if (!report.ok())
        bad = report.status();
      else if (!report->ok() || report->events_checked != events)
        bad = Status::Corruption(report->problem.empty()
                                     ? "the copy holds " + std::to_string(report->events_checked) +
                                           " of " + std::to_string(events) + " events"
                                     : report->problem);
    }
    if (!bad.ok()) {
      copy = Status::Unavailable("closed");
      fs::remove_all(target, ec);
      ThrowIfError(bad, "backup to " + target + " failed (the copy did not verify, removed)");
    }
  }
  bar.Update(2, 2);
  bar.Finish();
  if (options.json) {
    PrintJson({{"backup", target}, {"events", events}, {"bytes", DirectoryBytes(target)}});
  } else {
    std::cout << "backed up " << events << " events to " << target << " ("
              << FormatBytes(DirectoryBytes(target)) << ")\n"
              << "restore with: gridledger restore " << target << " NEW_DIR\n";
  }
}

void RunRestore(const GlobalOptions& options, const std::string& backup,
                const std::string& target) {
  std::error_code ec;
  if (!fs::exists(fs::path(backup) / "CURRENT", ec))
    throw CliError(backup +
                   " is not a GridLedger backup (no store inside): name the "
                   "directory `gridledger backup` wrote");
  if (fs::exists(target, ec))
    throw CliError("restore target " + target +
                   " already exists: restore into a new directory, then point --data at it");
  // Copy file by file so the backup itself is never opened or modified.
  uint64_t total = DirectoryBytes(backup), done = 0;
  ProgressBar bar("restore");
  fs::create_directories(target, ec);
  if (ec) throw CliError("cannot create " + target + ": " + ec.message());
  for (const auto& entry : fs::recursive_directory_iterator(backup)) {
    fs::path rel = fs::relative(entry.path(), backup);
    if (entry.is_directory()) {
      fs::create_directories(fs::path(target) / rel);
      continue;
    }
    if (rel.filename() == "LOCK") continue;
    fs::copy_file(entry.path(), fs::path(target) / rel, ec);
    if (ec) throw CliError("copying " + entry.path().string() + ": " + ec.message());
    done += entry.file_size();
    bar.Update(done, total);
  }
  bar.Finish();
  // Verify the copy before declaring success.
  GlobalOptions restored = options;
  restored.data_dir = target;
  auto log = OpenLogOrThrow(restored);
  ProgressBar vbar("verify");
  auto report =
      ValueOrThrow(log->Verify([&](Position d, Position t) { vbar.Update(d.value, t.value); }),
                   "verifying the restored copy");
  vbar.Finish();
  if (!report.ok())
    throw CliError("the restored copy in " + target + " does not verify: position " +
                   std::to_string(report.first_bad_position.value_or(Position{}).value) + ": " +
                   report.problem + "; try an older backup");
  log.reset();
  // The read models the copy gives must equal a recomputation from its log.
  ProjectionCheck projections = CheckProjections(restored);
  if (projections.checked && !projections.ok())
    throw CliError("the restored copy in " + target +
                   " has read models that differ from "
                   "its log: " +
                   projections.first_mismatch);
  if (options.json) {
    PrintJson({{"restored", target}, {"events", report.events_checked}, {"verified", true}});
  } else {
    std::cout << "restored " << report.events_checked << " events into " << target
              << "; the hash chain and the read models verify\nuse it with: gridledger --data "
              << target << " info\n";
  }
}

void RunCompact(const GlobalOptions& options) {
  auto log = OpenLogOrThrow(options);
  uint64_t before = log->Stats().disk_bytes;
  ProgressBar bar("compact");
  bar.Update(0, 0);
  ThrowIfError(log->Compact(), "compaction failed");
  bar.Finish();
  uint64_t after = log->Stats().disk_bytes;
  if (options.json) {
    PrintJson({{"bytesBefore", before}, {"bytesAfter", after}});
  } else {
    std::cout << "compacted: " << FormatBytes(before) << " -> " << FormatBytes(after) << '\n';
  }
}

}  // namespace

void RegisterStoreCommands(CLI::App& app, GlobalOptions& options) {
  auto init_dir = std::make_shared<std::string>();
  auto* init = app.add_subcommand("init", "create an empty data directory");
  init->add_option("dir", *init_dir, "directory to create (default: the --data directory)");
  auto init_partition = std::make_shared<std::string>();
  init->add_option("--partition", *init_partition,
                   "the district code (6 digits) the store is: new case numbers carry it "
                   "(case-411302-20261201-0001); it never changes afterwards");
  init->callback(
      [&options, init_dir, init_partition] { RunInit(options, *init_dir, *init_partition); });

  app.add_subcommand("info", "events, streams, size and projection lag of the data directory")
      ->callback([&options] { RunInfo(options); });

  auto backup_dir = std::make_shared<std::string>();
  auto* backup =
      app.add_subcommand("backup",
                         "write a consistent copy of the store and verify it; the store must "
                         "not be open in another process (stop the kiosk first)");
  backup->add_option("target", *backup_dir, "new directory for the copy")->required();
  backup->callback([&options, backup_dir] { RunBackup(options, *backup_dir); });

  auto restore_args = std::make_shared<std::pair<std::string, std::string>>();
  auto* restore =
      app.add_subcommand("restore", "copy a backup into a new data directory and verify it");
  restore->add_option("backup", restore_args->first, "directory written by `backup`")->required();
  restore->add_option("target", restore_args->second, "new data directory")->required();
  restore->callback(
      [&options, restore_args] { RunRestore(options, restore_args->first, restore_args->second); });

  app.add_subcommand("compact", "flush and compact the store to reclaim space")
      ->callback([&options] { RunCompact(options); });
}

}  // namespace gridledger::cli
