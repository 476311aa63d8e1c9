// The place tree: its levels, and that it is built once, when the service
// opens, not while the place step is drawn.
#include "app/place_tree.h"

#include <gtest/gtest.h>

#include "test_env.h"

namespace gridledger::kiosk::testing {
namespace {

std::vector<PlaceChoice> Community() {
  return {
      {"c1", "g1", "翠园小区", true},
      {"c1-b3", "g1", "翠园小区 3号楼", false, "c1", "3号楼"},
      {"c1-b3-u1", "g1", "翠园小区 3号楼 1单元", false, "c1-b3", "1单元"},
      {"c2", "g2", "新华城市广场", true},
      {"lost", "g2", "无主楼", false, "gone"},  // its parent is not a place
  };
}

std::vector<std::string> Ids(const std::vector<const PlaceChoice*>& places) {
  std::vector<std::string> ids;
  for (const PlaceChoice* p : places) ids.push_back(p->place_id);
  return ids;
}

TEST(PlaceTreeTest, LevelsPartsAndPaths) {
  PlaceTree tree(Community());
  EXPECT_EQ(Ids(tree.PartsOf("")), (std::vector<std::string>{"c1", "c2", "lost"}));
  EXPECT_EQ(Ids(tree.PartsOf("c1")), (std::vector<std::string>{"c1-b3"}));
  EXPECT_EQ(Ids(tree.PartsOf("c1-b3")), (std::vector<std::string>{"c1-b3-u1"}));
  EXPECT_TRUE(tree.PartsOf("c2").empty());
  EXPECT_TRUE(tree.HasParts("c1"));
  EXPECT_TRUE(tree.HasParts("c1-b3"));
  EXPECT_FALSE(tree.HasParts("c1-b3-u1"));
  EXPECT_FALSE(tree.HasParts("gone"));
  EXPECT_EQ(tree.LevelAbove("c1-b3-u1"), "c1-b3");
  EXPECT_EQ(tree.LevelAbove("c1-b3"), "c1");
  EXPECT_EQ(tree.LevelAbove("c1"), "");
  EXPECT_EQ(tree.LevelAbove("lost"), "");  // an unknown parent is the top
  EXPECT_EQ(tree.PathTo(tree.Find("c1-b3-u1")),
            (std::vector<std::string>{"翠园小区", "3号楼", "1单元"}));
  EXPECT_TRUE(tree.PathTo(nullptr).empty());
  EXPECT_EQ(tree.Find(""), nullptr);
  EXPECT_EQ(tree.Find("nowhere"), nullptr);
}

class NestedPlacesService : public FakeCaseService {
 public:
  std::vector<PlaceChoice> Places() override { return Community(); }
};

class PlaceStepTest : public KioskTest {
 protected:
  void SetUp() override {
    KioskTest::SetUp();
    ReopenWith(std::make_shared<NestedPlacesService>());
  }
};

TEST_F(PlaceStepTest, DrawingThePlaceStepBuildsNoTree) {
  const uint64_t built = PlaceTree::built();
  const PlaceTree* tree = &app_->controller().places();
  ASSERT_EQ(ui_->TapAll({"start/file", "cat/sewer"}), "");
  ASSERT_EQ(app_->screen(), Screen::kPlace);
  for (int i = 0; i < 30; ++i) ui_->Frame();
  // Down into the compound and its building, and back up: each level drawn.
  ASSERT_EQ(ui_->TapAll({"place/c1", "place/c1-b3"}), "");
  EXPECT_TRUE(ui_->Has("place/c1-b3-u1"));
  ASSERT_TRUE(ui_->Tap("nav/back"));
  EXPECT_TRUE(ui_->Has("place/c1-b3"));
  ASSERT_TRUE(ui_->Tap("nav/back"));
  EXPECT_TRUE(ui_->Has("place/lost"));
  for (int i = 0; i < 30; ++i) ui_->Frame();
  EXPECT_EQ(app_->screen(), Screen::kPlace);
  EXPECT_EQ(PlaceTree::built(), built);  // not one tree for all those frames
  EXPECT_EQ(&app_->controller().places(), tree);
}

}  // namespace
}  // namespace gridledger::kiosk::testing
