// gridledger-kiosk: the resident touchscreen kiosk.
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "app/engine_case_service.h"
#include "gridledger/client.h"
#include "gridledger/demo.h"
#include "gridledger/engine.h"
#include "gridledger/outbox.h"
#include "input/handwriting.h"
#include "input/pinyin_ime.h"
#include "kiosk_app.h"
#include "main/options.h"
#include "main/runner.h"
#include "platform/speech.h"

namespace gk = gridledger::kiosk;

namespace {

std::string DefaultRimeDir() {
  const char* cache = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  std::string base = cache && *cache ? cache : (home ? std::string(home) + "/.cache" : "/tmp");
  return base + "/gridledger-kiosk/rime";
}

}  // namespace

namespace {

// --server: the kiosk as a thin client. Connects (retrying while the
// server is unreachable: the start screen says it is getting ready), and
// files through a durable outbox so that nothing a resident files is lost
// while the link is down.
gridledger::Result<std::shared_ptr<gridledger::kiosk::CaseService>> ConnectToServer(
    const gridledger::kiosk::CommandLine& cmd) {
  std::ifstream in(cmd.credential_file);
  std::string token;
  if (!in || !std::getline(in, token) || token.empty())
    return gridledger::Status::InvalidArgument("cannot read the credential file " +
                                               cmd.credential_file);
  gridledger::ClientOptions client;
  client.credential = token;
  client.ca_file = cmd.ca_file;
  client.server_name = cmd.server_name;
  client.client_name = "gridledger-kiosk";
  client.call_timeout = std::chrono::milliseconds(15000);
  gridledger::Result<std::unique_ptr<gridledger::RemoteEngine>> remote =
      gridledger::Status::Unavailable("not yet connected");
  auto pause = std::chrono::milliseconds(250);
  for (;;) {
    remote = gridledger::Connect(cmd.server, client);
    if (remote.ok() || remote.status().code() != gridledger::StatusCode::kUnavailable) break;
    std::fprintf(stderr, "kiosk: %s unreachable (%s); retrying\n", cmd.server.c_str(),
                 remote.status().message().c_str());
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(5000));
  }
  if (!remote.ok()) return remote.status();
  std::shared_ptr<gridledger::Engine> engine(std::move(remote).value());
  gridledger::OutboxOptions outbox_options;
  outbox_options.dir = cmd.outbox_dir;
  if (outbox_options.dir.empty()) {
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    outbox_options.dir = state && *state ? std::string(state) + "/gridledger-kiosk/outbox"
                                         : std::string(home ? home : "/tmp") +
                                               "/.local/state/gridledger-kiosk/outbox";
  }
  auto outbox = gridledger::Outbox::Open(*engine, outbox_options);
  if (!outbox.ok()) return outbox.status();
  std::shared_ptr<gridledger::Outbox> shared_outbox(std::move(outbox).value());
  return std::shared_ptr<gridledger::kiosk::CaseService>(
      std::make_shared<gridledger::kiosk::EngineCaseService>(engine, shared_outbox));
}

}  // namespace

int main(int argc, char** argv) {
  auto start = std::chrono::steady_clock::now();
  // Every block of 1 MiB or more (font files while the atlas is built,
  // the atlas's pixels, the demo seeding's buffers) gets its own mapping,
  // returned to the system when freed. glibc's default raises this
  // threshold as large blocks are freed, after which they come from the
  // heap and stay resident as holes once freed.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  gk::CommandLine cmd;
  std::string error;
  if (!gk::ParseCommandLine(argc, argv, &cmd, &error)) {
    std::fputs(error.c_str(), stderr);
    return argc > 1 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") ? 0 : 2;
  }

  gk::SteadyKioskClock clock;
  gk::PinyinIme ime(GL_KIOSK_RIME_SHARED_DIR,
                    cmd.rime_dir.empty() ? DefaultRimeDir() : cmd.rime_dir);
  ime.Start();  // deploys in the background (~1 s the first time)
  gk::HandwritingRecognizer handwriting;
  if (!handwriting.Open()) std::fprintf(stderr, "kiosk: handwriting model not found\n");
  gk::Speech speech;

  gk::KioskOptions options;
  options.px_per_mm = cmd.px_per_mm;
  options.idle_seconds = cmd.idle_seconds;
  options.receipt_link = cmd.receipt_link;
  options.receipt_idle_seconds = 2 * cmd.idle_seconds;  // the receipt gets twice as long
  gk::KioskDeps deps{&clock, &ime, &handwriting, cmd.speech ? &speech : nullptr};
  auto app_owner = std::make_unique<gk::KioskApp>(options, deps);
  gk::KioskApp& app = *app_owner;
  // --demo's temporary directory, removed at exit (set on the worker thread;
  // read after the app, and so the worker, is gone).
  auto demo_dir = std::make_shared<std::string>();

  // Open (and for --demo, first seed) the data directory on the worker.
  app.OpenService([cmd, demo_dir, &app]() -> gridledger::Result<std::shared_ptr<gk::CaseService>> {
    if (!cmd.server.empty()) return ConnectToServer(cmd);
    std::string dir = cmd.data_dir;
    if (cmd.demo) {
      std::string tmpl =
          (std::filesystem::temp_directory_path() / "gridledger-kiosk-demo-XXXXXX").string();
      if (!mkdtemp(tmpl.data()))
        return gridledger::Status::IOError("cannot create a temporary directory");
      dir = tmpl;
      *demo_dir = dir;
      gridledger::DemoOptions demo;
      demo.days = static_cast<uint32_t>(cmd.demo_days);
      // The journeys' "getting ready" counts the days seeded.
      demo.progress = [&app](uint32_t done, uint32_t total) { app.ReportPreparing(done, total); };
      auto seeded = gridledger::SeedDemo(dir, demo);
      // Seeding ran its own engine and freed it; glibc keeps the freed heap
      // (~65 MB for 60 days) unless asked to give it back.
      malloc_trim(0);
      if (!seeded.ok()) return seeded.status();
      std::fprintf(stderr, "kiosk: demo data in %s (%llu cases); sample phone %s case %s code %s\n",
                   dir.c_str(), static_cast<unsigned long long>(seeded->cases),
                   gridledger::MaskPhone(seeded->sample_phone).c_str(),
                   seeded->sample_case_id.c_str(), seeded->sample_query_code.c_str());
    }
    gridledger::EngineOptions engine_options;
    // The kiosk's engine also runs the deadline scheduler (warnings and
    // overdue flags show up in residents' timelines).
    engine_options.deadline_scan_every = std::chrono::seconds(60);
    // A kiosk reads a few cases at a time: a small block cache (the
    // engine's default, 64 MiB, is for servers).
    engine_options.log.block_cache_bytes = 8u << 20;
    auto engine = gridledger::Engine::Open(dir, engine_options);
    if (!engine.ok()) return engine.status();
    // A store from an older GridLedger builds its read models first; the
    // journeys' "getting ready" shows how far (in thousands of events).
    gridledger::Status ready =
        (*engine)->AwaitReadModels(std::chrono::hours(24), [&app](uint64_t built, uint64_t total) {
          app.ReportPreparing(static_cast<uint32_t>(built / 1000),
                              static_cast<uint32_t>(std::max<uint64_t>(total / 1000, 1)));
        });
    if (!ready.ok()) return ready;
    std::shared_ptr<gridledger::Engine> shared(std::move(engine).value());
    return std::shared_ptr<gk::CaseService>(std::make_shared<gk::EngineCaseService>(shared));
  });

  if (!cmd.screen.empty()) {
    auto screen = gk::ScreenFromName(cmd.screen);
    if (!screen) {
      std::fprintf(stderr, "kiosk: unknown screen %s\n", cmd.screen.c_str());
      return 2;
    }
    app.worker().WaitIdle();  // the sample needs the catalogue and places
    app.PrepareFrame();
    if (*screen != gk::Screen::kStart) {
      app.FillSampleSession();
      if (*screen == gk::Screen::kWhat || *screen == gk::Screen::kName) ime.WaitReady();
    }
    app.GoTo(*screen);
    if (cmd.entry == "pinyin") app.SetEntryMode(gk::EntryMode::kPinyin);
    if (cmd.entry == "hand") app.SetEntryMode(gk::EntryMode::kHandwriting);
  }
  if (cmd.large_text) app.SetLargeText(true);
  if (cmd.high_contrast) app.SetHighContrast(true);
  if (cmd.english) app.SetLang(gk::Lang::kEn);

  gk::InstallQuitHandlers();
  gk::RunContext ctx{&app, &cmd, start};
  int rc = cmd.backend == "sdl" ? gk::RunSdl(ctx) : gk::RunGlfw(ctx);
  app_owner.reset();  // closes the engine
  if (!demo_dir->empty()) {
    std::error_code ec;
    std::filesystem::remove_all(*demo_dir, ec);
  }
  return rc;
}
