// SpillingModelStore, the store a read-model build writes to: rows beyond
// its budget go to the store as sorted table files; every read sees the
// latest row whether it is held or written out (a delete hides a row
// written out earlier); what was written out survives a close, what was
// only held does not; a table file a crash left half-written is removed at
// the next open; the commit path is refused.
#include "projections/spilling_model_store.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "testing/temp_dir.h"

namespace gridledger {
namespace {

std::unique_ptr<RocksStore> OpenStore(const std::string& dir) {
  StoreOptions options;
  options.extra_families = {"readmodels"};
  auto store = RocksStore::Open(dir, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return std::move(store).value();
}

std::unique_ptr<RocksModelStore> Generation(RocksStore& store, uint32_t generation) {
  return std::make_unique<RocksModelStore>(&store, store.Extra("readmodels").value(), generation);
}

std::map<std::string, std::string> ScanAll(const ModelStore& store, std::string_view lower = "",
                                           std::string_view upper = "") {
  std::map<std::string, std::string> rows;
  EXPECT_TRUE(store
                  .Scan(lower, upper,
                        [&](std::string_view k, std::string_view v) {
                          EXPECT_TRUE(rows.emplace(k, v).second) << "twice: " << k;
                          return true;
                        })
                  .ok());
  return rows;
}

TEST(SpillingModelStore, ReadsSeeTheLatestRowWhetherHeldOrWrittenOut) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path());
  // Generation 1 holds rows of its own: a build of generation 2 never sees them.
  ASSERT_TRUE(Generation(*store, 1)->WriteNow({{"c-1", std::string("old generation")}}).ok());
  SpillingModelStore building(Generation(*store, 2), /*budget_bytes=*/4096);
  std::map<std::string, std::string> model;
  std::mt19937 random(7);
  for (int group = 0; group < 300; ++group) {
    ModelRows rows;
    for (int i = 0; i < 8; ++i) {
      std::string key = "c-" + std::to_string(random() % 400);
      if (random() % 5 == 0) {
        rows[key] = std::nullopt;
        model.erase(key);
      } else {
        std::string value = "v" + std::to_string(group) + "-" + std::to_string(i);
        rows[key] = value;
        model[key] = value;
      }
    }
    ASSERT_TRUE(group % 2 ? building.Absorb(std::move(rows)).ok() : building.WriteNow(rows).ok());
    if (group % 37 == 0) {
      for (int k = 0; k < 400; ++k) {
        std::string key = "c-" + std::to_string(k), value;
        auto found = building.Get(key, &value);
        ASSERT_TRUE(found.ok());
        auto want = model.find(key);
        ASSERT_EQ(*found, want != model.end()) << key;
        if (*found) {
          EXPECT_EQ(value, want->second) << key;
        }
      }
      EXPECT_EQ(ScanAll(building), model);
      const std::map<std::string, std::string> range(model.lower_bound("c-2"),
                                                     model.lower_bound("c-3"));
      EXPECT_EQ(ScanAll(building, "c-2", "c-3"), range);
    }
  }
  EXPECT_GT(building.spills(), 10u) << "a 4 KiB budget writes table files often";
  EXPECT_LE(building.held_bytes(), 4096u + 8 * 200);
  // A visitor that stops is not called again.
  int visited = 0;
  ASSERT_TRUE(
      building.Scan("", "", [&](std::string_view, std::string_view) { return ++visited < 3; })
          .ok());
  EXPECT_EQ(visited, 3);
  auto target = building.Finish();
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(ScanAll(**target), model);
  std::string value;
  ASSERT_TRUE(Generation(*store, 1)->Get("c-1", &value).value());
  EXPECT_EQ(value, "old generation");
}

TEST(SpillingModelStore, WhatWasWrittenOutSurvivesAndWhatWasHeldDoesNot) {
  testing::TempDir dir;
  {
    auto store = OpenStore(dir.path());
    SpillingModelStore building(Generation(*store, 1), /*budget_bytes=*/1u << 20);
    ASSERT_TRUE(building.WriteNow({{"a", std::string("written out")}}).ok());
    ASSERT_TRUE(building.Spill().ok());
    ASSERT_TRUE(building.WriteNow({{"a", std::nullopt}, {"b", std::string("only held")}}).ok());
    EXPECT_EQ(building.spills(), 1u);
    // Closed without Finish, as a crash would leave it.
  }
  // A half-written table file of a killed build, left in the directory.
  const auto leftover =
      std::filesystem::path(dir.path()) / (std::string(RocksStore::kIngestFilePrefix) + "9-1.sst");
  std::ofstream(leftover) << "half a table file";
  auto store = OpenStore(dir.path());
  EXPECT_FALSE(std::filesystem::exists(leftover));
  const std::map<std::string, std::string> want = {{"a", "written out"}};
  EXPECT_EQ(ScanAll(*Generation(*store, 1)), want);
}

TEST(SpillingModelStore, ALargeSpillIsWrittenInKeyRangesAtOnceAndReadsBackWhole) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path());
  // Rows written out earlier, some of which the large spill deletes or
  // replaces: the ranges' files are newer than them, all of them.
  ASSERT_TRUE(Generation(*store, 1)
                  ->WriteNow({{"k-000007", std::string("stale")},
                              {"k-099999", std::string("stale")},
                              {"k-050000", std::string("kept")}})
                  .ok());
  SpillingModelStore building(Generation(*store, 1), /*budget_bytes=*/1u << 30,
                              /*spill_threads=*/3);
  std::map<std::string, std::string> want = {{"k-050000", "kept"}};
  std::mt19937 random(11);
  ModelRows rows;
  for (int i = 0; i < 110000; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "k-%06d", static_cast<int>(random() % 1000000));
    if (std::string_view(key) == "k-050000") continue;
    rows[key] = std::string(key) + "-value";
    want[key] = std::string(key) + "-value";
  }
  rows["k-000007"] = std::nullopt;
  want.erase("k-000007");
  rows["k-099999"] = std::string("fresh");
  want["k-099999"] = "fresh";
  const size_t held = rows.size();
  ASSERT_GE(held, 3 * SpillingModelStore::kMinRowsPerSpillThread);
  ASSERT_TRUE(building.Absorb(std::move(rows)).ok());
  ASSERT_TRUE(building.Spill().ok());
  EXPECT_EQ(building.files(), 3u) << "three key ranges, a file each";
  EXPECT_EQ(building.held_bytes(), 0u);
  auto target = std::move(building.Finish()).value();
  EXPECT_EQ(ScanAll(*target), want);
  std::string value;
  ASSERT_TRUE(*target->Get("k-099999", &value));
  EXPECT_EQ(value, "fresh");
  EXPECT_FALSE(*target->Get("k-000007", &value));
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_NE(entry.path().filename().string().rfind(RocksStore::kIngestFilePrefix, 0), 0u)
        << "left behind: " << entry.path();
}

TEST(SpillingModelStore, RefusesTheCommitPath) {
  testing::TempDir dir;
  auto store = OpenStore(dir.path());
  SpillingModelStore building(Generation(*store, 1), 1u << 20);
  StoreBatch batch = store->NewBatch();
  building.Stage({{"a", std::string("x")}}, &batch);
  EXPECT_EQ(building.WriteNow({{"b", std::string("y")}}).code(), StatusCode::kInternal);
  EXPECT_EQ(building.Finish().status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace gridledger
