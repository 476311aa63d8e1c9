// Statistics kept per China day and per level of the grid hierarchy, so
// that Stats over a year reads one row per day instead of every case.
//
// Every fact counts once, on the day it is anchored to: a case on the day it
// was filed (its counts change as the case moves on: the projection adds
// the difference between the case's contribution after and before each
// event), a mediation on the day it opened, a micro-wish on the day it was
// collected, a work record on the day it was done. A fact in grid G is
// added to the bucket of G and of every prefix of G whose length is a
// bucketed level (BucketLevels), so Stats for such a scope reads the
// scope's own rows; other scopes fall back to the facts themselves.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case_model.h"
#include "projections/records.h"

namespace gridledger {

struct StatsBucket {
  int64_t filed = 0, closed = 0, closed_on_time = 0, rejected = 0, overdue_open = 0;
  int64_t rated = 0, satisfied = 0, mediations = 0, mediations_concluded = 0;
  int64_t mediations_agreed = 0, patrols = 0, inspections = 0, hazards_found = 0;
  int64_t micro_wishes = 0, care_visits = 0, people_informed = 0;
  int64_t responded = 0, response_us = 0, resolution_us = 0;
  std::map<std::string, int64_t> by_category, by_state;

  // this += sign * other; entries that reach zero are removed, so a bucket
  // depends only on the facts in it, never on the order they changed in.
  void Add(const StatsBucket& other, int sign);
  bool Empty() const;
  std::string Pack() const;
  static bool Unpack(std::string_view in, StatsBucket* out);
  // Adds the counts to `s` (rates and averages are set by Finish).
  void AddTo(Statistics& s) const;
};

// Sets `s`'s rates and average hours from its counts and the sums.
void FinishStats(Statistics& s, int64_t responded, int64_t response_us, int64_t resolution_us);

StatsBucket CaseContribution(const domain::CaseModel& m);
// True when `a` and `b` contribute the same to statistics: every field
// CaseContribution reads is equal (a cheap test that spares building two
// contributions for the events that change nothing counted).
bool SameCaseContribution(const domain::CaseModel& a, const domain::CaseModel& b);
StatsBucket MediationContribution(const MediationRecord& m);
StatsBucket WishContribution();
StatsBucket WorkContribution(const WorkRecord& w);

// The scopes whose buckets a fact in `grid_code` is added to: "" (all),
// each prefix of a bucketed length, and the code itself.
std::vector<std::string> BucketScopes(std::string_view grid_code);
// True when Stats for `scope` can be read from its buckets.
bool IsBucketedScope(std::string_view scope);

}  // namespace gridledger
