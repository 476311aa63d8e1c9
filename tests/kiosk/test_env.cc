#include "test_env.h"

#include <cstdlib>
#include <filesystem>

namespace gridledger::kiosk::testing {

namespace {
PinyinIme* g_ime = nullptr;
std::string g_rime_dir;

// Finalizes RIME, then removes its temporary user dir.
void RemoveSharedIme() {
  delete g_ime;
  g_ime = nullptr;
  std::error_code ec;
  std::filesystem::remove_all(g_rime_dir, ec);
}
}  // namespace

PinyinIme& SharedIme() {
  if (!g_ime) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kiosk-rime-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    g_rime_dir = tmpl;
    g_ime = new PinyinIme(GL_KIOSK_RIME_SHARED_DIR, tmpl);
    g_ime->Start();
    g_ime->WaitReady();
    std::atexit(RemoveSharedIme);
  }
  return *g_ime;
}

const HandwritingRecognizer& SharedHandwriting() {
  static HandwritingRecognizer* hw = [] {
    auto* r = new HandwritingRecognizer;
    r->Open();
    return r;
  }();
  return *hw;
}

void KioskTest::SetUp() {
  service_ = std::make_shared<FakeCaseService>();
  KioskOptions options;
  options.idle_seconds = 90;
  options.countdown_seconds = 30;
  KioskDeps deps{&clock_, &SharedIme(), &SharedHandwriting(), nullptr};
  app_ = std::make_unique<KioskApp>(options, deps);
  auto svc = service_;
  app_->OpenService([svc]() -> Result<std::shared_ptr<CaseService>> {
    return std::shared_ptr<CaseService>(svc);
  });
  ui_ = std::make_unique<Harness>(*app_);
  ui_->Settle();
  FontLibrary::ResetMissingGlyphs();
}

void KioskTest::ReopenWith(std::shared_ptr<CaseService> service) {
  ui_.reset();
  app_.reset();
  KioskDeps deps{&clock_, &SharedIme(), &SharedHandwriting(), nullptr};
  app_ = std::make_unique<KioskApp>(KioskOptions{}, deps);
  app_->OpenService([service]() -> Result<std::shared_ptr<CaseService>> { return service; });
  ui_ = std::make_unique<Harness>(*app_);
  ui_->Settle();
}

void KioskTest::TearDown() {
  FontLibrary::StopRecordingDrawnText();
  ui_.reset();
  app_.reset();
}

void KioskTest::FileUpToReview(const std::string& phone) {
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer", "place/p-cuiyuan-3", "phrase/0", "nav/next"}),
            "");
  ASSERT_EQ(app_->screen(), Screen::kPhone);
  for (char d : phone) ASSERT_TRUE(ui_->Tap(std::string("phone/") + d));
  ASSERT_EQ(ui_->TapAll({"nav/next", "nav/next"}), "");  // phone, then skip the name
  ASSERT_EQ(app_->screen(), Screen::kReview);
}

}  // namespace gridledger::kiosk::testing
