// gridledger-kiosk's command line.
#pragma once

#include <string>

namespace gridledger::kiosk {

struct CommandLine {
  bool demo = false;     // fresh temporary data dir seeded with SeedDemo
  int demo_days = 60;    // days of demo history
  std::string data_dir;  // --data DIR: a real data directory
  // --server ADDRESS: a thin client of gridledgerd, with its credential
  // file, the server's CA and name, and the outbox for offline filings.
  std::string server, credential_file, ca_file, server_name, outbox_dir;
  bool windowed = false;  // default fullscreen
  int width = 1920, height = 1080;
  std::string backend = "glfw";  // or "sdl"
  std::string screenshot;        // render the (start or --screen) screen to PNG and exit
  std::string screen;            // start at a named screen (sample data filled in)
  std::string screenshot_dir;    // save DIR/kiosk-<screen>.png whenever the screen changes
  std::string targets_file;      // write the current screen and its touch targets (tests)
  float px_per_mm = 4.0f;
  std::string receipt_link;  // --receipt-link URL: the QR's link ("{case}" = case id)
  std::string rime_dir;      // RIME user dir (default: $XDG_CACHE_HOME/gridledger-kiosk/rime)
  bool speech = true;        // offer voice prompts (off until a resident turns them on)
  double idle_seconds = 90;
  int bench_frames = 0;
  bool large_text = false;     // start in large-text mode (screenshots)
  bool high_contrast = false;  // start in high contrast (screenshots)
  bool english = false;        // start in English (screenshots)
  std::string entry;  // "pinyin" or "hand": open that pad (screenshots)          // render N
                      // frames, print CPU ms per frame, exit
};

// Parses argv. On error returns false and sets `error` (usage text on --help).
bool ParseCommandLine(int argc, char** argv, CommandLine* out, std::string* error);

}  // namespace gridledger::kiosk
