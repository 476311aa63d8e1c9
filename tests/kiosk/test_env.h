// Shared fixtures: one RIME deploy per test binary into a shared temp dir
// (the first deploy takes ~1 s with Debian's prebuilt tables), the
// handwriting model, and a kiosk wired to a FakeCaseService.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "app/kiosk_clock.h"
#include "fake_case_service.h"
#include "harness.h"
#include "input/handwriting.h"
#include "input/pinyin_ime.h"
#include "kiosk_app.h"

namespace gridledger::kiosk::testing {

// Process-wide RIME and zinnia (librime is a process singleton).
PinyinIme& SharedIme();
const HandwritingRecognizer& SharedHandwriting();

class KioskTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Fills the filing journey up to the review screen.
  void FileUpToReview(const std::string& phone);
  // Starts the kiosk again (default options) on `service` instead of the
  // fake, and waits until it is ready.
  void ReopenWith(std::shared_ptr<CaseService> service);

  ManualKioskClock clock_;
  std::shared_ptr<FakeCaseService> service_;
  std::unique_ptr<KioskApp> app_;
  std::unique_ptr<Harness> ui_;
};

}  // namespace gridledger::kiosk::testing
