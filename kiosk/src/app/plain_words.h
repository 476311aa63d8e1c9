// Plain words for what residents see: case states and local times (China
// Standard Time, UTC+8, the kiosk's only time zone).
#pragma once

#include <string>

#include "app/text.h"
#include "gridledger/read_models.h"

namespace gridledger::kiosk {

// "办理中" / "Being handled". Mirrors gridledger::CaseStateName, kept in
// the kiosk so its words are part of the font's glyph set.
const Text& StateWords(CaseState state);
// "11月24日 17:30" / "24 Nov 17:30".
std::string FormatLocalTime(Timestamp t, Lang lang);
// The `lang` half of an engine reason ("中文 / English", engine.h); the
// whole text when it has no " / ".
std::string LanguagePart(const std::string& reason, Lang lang);

}  // namespace gridledger::kiosk
