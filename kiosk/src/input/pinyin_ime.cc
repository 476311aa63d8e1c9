#include "input/pinyin_ime.h"

#include <rime_api.h>

#include <filesystem>
#include <fstream>

namespace gridledger::kiosk {
namespace {

namespace fs = std::filesystem;

RimeApi* Api() { return rime_get_api(); }

// RIME's traits must outlive setup/initialize; keep the strings here.
struct Traits {
  std::string shared, user;
  RimeTraits traits;
};

Traits& GlobalTraits() {
  static Traits t;
  return t;
}

bool setup_done = false;

void FillTraits(const std::string& shared, const std::string& user) {
  Traits& t = GlobalTraits();
  t.shared = shared;
  t.user = user;
  RIME_STRUCT_INIT(RimeTraits, t.traits);
  t.traits.shared_data_dir = t.shared.c_str();
  t.traits.user_data_dir = t.user.c_str();
  t.traits.distribution_name = "GridLedger";
  t.traits.distribution_code_name = "gridledger";
  t.traits.distribution_version = "1";
  t.traits.app_name = "rime.gridledger-kiosk";
  t.traits.min_log_level = 3;  // FATAL only: no log files with typed text
}

}  // namespace

PinyinIme::PinyinIme(std::string shared_dir, std::string user_dir)
    : shared_dir_(std::move(shared_dir)), user_dir_(std::move(user_dir)) {}

PinyinIme::~PinyinIme() {
  if (starter_.joinable()) starter_.join();
  if (ready_.load()) {
    if (session_) Api()->destroy_session(session_);
    Api()->finalize();
  }
}

void PinyinIme::Start() {
  starter_ = std::thread([this] { Deploy(); });
}

void PinyinIme::WaitReady() {
  if (starter_.joinable()) starter_.join();
}

void PinyinIme::Deploy() {
  std::error_code ec;
  fs::create_directories(user_dir_, ec);
  {
    std::ofstream f(user_dir_ + "/default.yaml");
    f << "config_version: 'gridledger-1'\n"
         "schema_list:\n  - schema: pinyin_simp\n"
         "menu:\n  page_size: 8\n";
    if (!f) {
      failed_ = true;
      return;
    }
  }
  WipeUserDictionary();
  FillTraits(shared_dir_, user_dir_);
  if (!setup_done) {
    Api()->setup(&GlobalTraits().traits);
    setup_done = true;
  }
  Api()->initialize(&GlobalTraits().traits);
  if (Api()->start_maintenance(False)) Api()->join_maintenance_thread();
  OpenSession();
  if (!session_) {
    failed_ = true;
    Api()->finalize();
    return;
  }
  ready_ = true;
}

void PinyinIme::OpenSession() {
  session_ = Api()->create_session();
  if (session_) Api()->select_schema(session_, "pinyin_simp");
}

void PinyinIme::WipeUserDictionary() {
  std::error_code ec;
  for (auto it = fs::directory_iterator(user_dir_, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.find(".userdb") != std::string::npos || name == "user.yaml")
      fs::remove_all(it->path(), ec);
  }
}

void PinyinIme::Key(char letter) {
  if (!ready_ || letter < 'a' || letter > 'z') return;
  Api()->process_key(session_, letter, 0);
  Refresh();
}

void PinyinIme::Backspace() {
  if (!ready_ || preedit_.empty()) return;
  Api()->process_key(session_, 0xff08 /* XK_BackSpace */, 0);
  Refresh();
}

void PinyinIme::NextPage() {
  if (!ready_) return;
  Api()->process_key(session_, 0xff56 /* XK_Page_Down */, 0);
  Refresh();
}

void PinyinIme::PrevPage() {
  if (!ready_) return;
  Api()->process_key(session_, 0xff55 /* XK_Page_Up */, 0);
  Refresh();
}

std::string PinyinIme::Select(int index) {
  if (!ready_) return {};
  std::string committed;
  if (Api()->select_candidate_on_current_page(session_, index)) {
    RIME_STRUCT(RimeCommit, commit);
    if (Api()->get_commit(session_, &commit)) {
      if (commit.text) committed = commit.text;
      Api()->free_commit(&commit);
    }
  }
  Refresh();
  return committed;
}

void PinyinIme::Refresh() {
  preedit_.clear();
  candidates_.clear();
  RIME_STRUCT(RimeContext, ctx);
  if (!Api()->get_context(session_, &ctx)) return;
  if (ctx.composition.length > 0 && ctx.composition.preedit) preedit_ = ctx.composition.preedit;
  for (int i = 0; i < ctx.menu.num_candidates; ++i)
    candidates_.emplace_back(ctx.menu.candidates[i].text);
  Api()->free_context(&ctx);
}

void PinyinIme::Reset() {
  preedit_.clear();
  candidates_.clear();
  if (!ready_) return;
  Api()->destroy_session(session_);
  session_ = 0;
  Api()->finalize();
  WipeUserDictionary();
  Api()->initialize(&GlobalTraits().traits);
  OpenSession();
  if (!session_) {
    ready_ = false;
    failed_ = true;
  }
}

}  // namespace gridledger::kiosk
