// Records the rectangle of every touch target drawn in a frame, by id, so
// tests can tap widgets at their real positions and check their sizes.
// Cleared at the start of each frame; holds the last frame's targets.
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

namespace gridledger::kiosk {

struct TouchTarget {
  std::string id;
  ImVec2 min, max;          // the whole target
  ImVec2 vis_min, vis_max;  // the part not clipped away (inside a scroll area)
  bool enabled = true;
  // What the widget drew inside it (layout tests): the box of its words
  // (empty when none) and of its "selected" tick badge (when shown).
  ImVec2 label_min{}, label_max{};
  bool has_badge = false;
  ImVec2 badge_min{}, badge_max{};
  float Width() const { return max.x - min.x; }
  float Height() const { return max.y - min.y; }
  // Where a finger taps: the middle of the visible part.
  ImVec2 Center() const { return ImVec2((vis_min.x + vis_max.x) / 2, (vis_min.y + vis_max.y) / 2); }
};

class TouchTargets {
 public:
  void BeginFrame() {
    targets_.clear();
    progress_ = -1;
  }
  // A progress bar drawn this frame and how full (layout tests); -1: none.
  void NoteProgress(float fraction) { progress_ = fraction; }
  float progress() const { return progress_; }
  void Add(std::string id, ImVec2 min, ImVec2 max, ImVec2 vis_min, ImVec2 vis_max,
           bool enabled = true) {
    targets_.push_back({std::move(id), min, max, vis_min, vis_max, enabled});
  }
  // The target recorded last (to add what it drew).
  TouchTarget* last() { return targets_.empty() ? nullptr : &targets_.back(); }
  // The last target recorded with `id`, or null.
  const TouchTarget* Find(const std::string& id) const {
    for (auto it = targets_.rbegin(); it != targets_.rend(); ++it)
      if (it->id == id) return &*it;
    return nullptr;
  }
  const std::vector<TouchTarget>& all() const { return targets_; }

 private:
  std::vector<TouchTarget> targets_;
  float progress_ = -1;
};

}  // namespace gridledger::kiosk
