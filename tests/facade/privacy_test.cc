// Personal data at rest: names and phones never reach the store in clear.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "facade/engine_fixture.h"

namespace gridledger {
namespace {

using testing::EngineFixture;

class Privacy : public EngineFixture {
 protected:
  // True when any file of the data directory (SST, WAL, MANIFEST...)
  // contains `needle` as raw bytes.
  bool StoreContains(const std::string& needle) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buf;
      buf << in.rdbuf();
      if (buf.str().find(needle) != std::string::npos) return true;
    }
    return false;
  }
};

TEST_F(Privacy, RawStoreFilesHoldNoNameOrPhoneInClear) {
  FileCase f;
  f.category = "noise";
  f.description = "夜间施工噪音";
  f.location.place_id = "p1";
  f.reporter_phone = "13912345678";
  f.reporter_name = "王秀英";
  ASSERT_TRUE(engine_->File(Actor::Resident(), f).ok());
  ASSERT_TRUE(
      engine_
          ->Record(Actor::Worker("w1"),
                   cmd::RecordCareVisit{kGrid1, "孙桂兰", "13787654321", "独居，腿脚不便", true})
          .ok());
  ASSERT_TRUE(engine_->log().Compact().ok());  // SST files as well as the WAL
  engine_.reset();                             // everything flushed and closed
  EXPECT_FALSE(StoreContains("13912345678"));
  EXPECT_FALSE(StoreContains("王秀英"));
  EXPECT_FALSE(StoreContains("孙桂兰"));
  EXPECT_FALSE(StoreContains("13787654321"));
  EXPECT_FALSE(StoreContains("独居，腿脚不便"));
  EXPECT_TRUE(StoreContains("夜间施工噪音"));  // the matter itself is not personal
}

TEST_F(Privacy, ErasedPersonCannotBeDecryptedEvenAfterReopen) {
  auto r = FileSewer("13912345678");
  ASSERT_TRUE(engine_->ErasePerson("13912345678").ok());
  Reopen();
  auto v = engine_->GetCase(Actor::Worker("w1"), r.case_id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->masked_phone, "");
  EXPECT_FALSE(engine_->LookupByPhone("13912345678", r.query_code).ok());
  // The case itself stays on the ledger, and can still be found by its code.
  EXPECT_TRUE(engine_->LookupCase(r.case_id, r.query_code).ok());
  // The same resident may come back later: a fresh identity, unlinked from
  // the erased cases.
  auto again = FileSewer("13912345678");
  auto mine = engine_->LookupByPhone("13912345678", again.query_code);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().case_id, again.case_id);
  EXPECT_EQ(mine->front().masked_phone, "139****5678");
}

}  // namespace
}  // namespace gridledger
