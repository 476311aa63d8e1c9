#include "main/options.h"

#include <cstdlib>
#include <string_view>

namespace gridledger::kiosk {

namespace {
constexpr const char* kUsage =
    "usage: gridledger-kiosk (--demo | --data DIR | --server ADDRESS --credential FILE) [options]\n"
    "  --demo              start on a demo community in a fresh temporary data dir\n"
    "  --demo-days N       days of demo history (default 60)\n"
    "  --data DIR          open a real data directory\n"
    "  --server ADDRESS    a thin client of gridledgerd (tls:HOST:PORT or unix:PATH)\n"
    "  --credential FILE   the kiosk credential's token (gridledger credentials issue kiosk)\n"
    "  --ca FILE           the CA of the server's certificate\n"
    "  --server-name NAME  the name in the server's certificate\n"
    "  --outbox DIR        where filings wait while the server is unreachable\n"
    "                      (default: $XDG_STATE_HOME/gridledger-kiosk/outbox)\n"
    "  --windowed          run in a window (default fullscreen)\n"
    "  --size WxH          window / screenshot size (default 1920x1080)\n"
    "  --backend glfw|sdl  window system (default glfw)\n"
    "  --screenshot FILE   render the current screen to a PNG and exit\n"
    "  --screen NAME       start at a screen (start category place what phone name review\n"
    "                      submitting receipt lookup case) with sample data\n"
    "  --screenshot-dir D  save D/kiosk-<screen>.png each time the screen changes\n"
    "  --targets-file F    keep F updated with the screen and its touch targets\n"
    "                      (tests only: it also names the receipt's code)\n"
    "  --px-per-mm N       panel density (default 4: 21.5\" 1080p)\n"
    "  --receipt-link URL  the receipt QR's link; {case} = the case id (default:\n"
    "                      the case number and query code as text)\n"
    "  --idle-seconds N    seconds without a touch before asking (default 90; twice\n"
    "                      that on the receipt; 0 asks at once, for screenshots)\n"
    "  --rime-dir DIR      RIME user data dir (deploy cache; wiped of learned words)\n"
    "  --no-speech         do not offer voice prompts\n"
    "  --bench-frames N    render N frames, print CPU ms per frame, exit\n"
    "  --large-text, --high-contrast, --english, --entry pinyin|hand\n"
    "                      start with these presentation settings (screenshots)\n";
}

bool ParseCommandLine(int argc, char** argv, CommandLine* o, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](std::string* v) {
      if (i + 1 >= argc) {
        *error = std::string(a) + " needs a value\n" + kUsage;
        return false;
      }
      *v = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--demo")
      o->demo = true;
    else if (a == "--windowed")
      o->windowed = true;
    else if (a == "--no-speech")
      o->speech = false;
    else if (a == "--large-text")
      o->large_text = true;
    else if (a == "--high-contrast")
      o->high_contrast = true;
    else if (a == "--english")
      o->english = true;
    else if (a == "--entry") {
      if (!value(&o->entry)) return false;
    } else if (a == "--data") {
      if (!value(&o->data_dir)) return false;
    } else if (a == "--server") {
      if (!value(&o->server)) return false;
    } else if (a == "--credential") {
      if (!value(&o->credential_file)) return false;
    } else if (a == "--ca") {
      if (!value(&o->ca_file)) return false;
    } else if (a == "--server-name") {
      if (!value(&o->server_name)) return false;
    } else if (a == "--outbox") {
      if (!value(&o->outbox_dir)) return false;
    } else if (a == "--backend") {
      if (!value(&o->backend)) return false;
    } else if (a == "--screenshot") {
      if (!value(&o->screenshot)) return false;
    } else if (a == "--screen") {
      if (!value(&o->screen)) return false;
    } else if (a == "--screenshot-dir") {
      if (!value(&o->screenshot_dir)) return false;
    } else if (a == "--targets-file") {
      if (!value(&o->targets_file)) return false;
    } else if (a == "--receipt-link") {
      if (!value(&o->receipt_link)) return false;
    } else if (a == "--rime-dir") {
      if (!value(&o->rime_dir)) return false;
    } else if (a == "--px-per-mm") {
      if (!value(&v)) return false;
      o->px_per_mm = std::strtof(v.c_str(), nullptr);
    } else if (a == "--idle-seconds") {
      if (!value(&v)) return false;
      o->idle_seconds = std::strtod(v.c_str(), nullptr);
    } else if (a == "--demo-days") {
      if (!value(&v)) return false;
      o->demo_days = std::atoi(v.c_str());
    } else if (a == "--bench-frames") {
      if (!value(&v)) return false;
      o->bench_frames = std::atoi(v.c_str());
    } else if (a == "--size") {
      if (!value(&v)) return false;
      if (std::sscanf(v.c_str(), "%dx%d", &o->width, &o->height) != 2) {
        *error = "bad --size\n";
        return false;
      }
    } else if (a == "--help" || a == "-h") {
      *error = kUsage;
      return false;
    } else {
      *error = "unknown option " + std::string(a) + "\n" + kUsage;
      return false;
    }
  }
  if (int(o->demo) + int(!o->data_dir.empty()) + int(!o->server.empty()) != 1) {
    *error = std::string("give exactly one of --demo, --data DIR and --server ADDRESS\n") + kUsage;
    return false;
  }
  if (!o->server.empty() && o->credential_file.empty()) {
    *error = std::string("--server needs --credential FILE (a kiosk credential)\n") + kUsage;
    return false;
  }
  if (o->px_per_mm < 1 || o->px_per_mm > 40) {
    *error = "--px-per-mm out of range\n";
    return false;
  }
  if (o->backend != "glfw" && o->backend != "sdl") {
    *error = "--backend is glfw or sdl\n";
    return false;
  }
  return true;
}

}  // namespace gridledger::kiosk
