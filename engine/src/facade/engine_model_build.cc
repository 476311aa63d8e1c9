// The background build of the read models: what a store that has history
// but no usable stored read models (written before they were stored, or
// of another read-model schema version) does at a writable open when
// EngineOptions::read_models_build is kBackground.
//
// The contract (engine.h): Open returns at once; the log takes appends
// while the build runs; every command and query answers kUnavailable with
// the build's progress until the new generation is live. The build writes
// its generation's rows and checkpoint chunk by chunk (each chunk one
// atomic write), under the meta key kReadModelsBuildingKey, so a close or
// a crash mid-way resumes from the last chunk at the next open. The switch
// is the rebuild's: with no commit group in flight and new ones held back,
// the tail the log took meanwhile is applied, and one durable write makes
// the generation live and ends the build.

#include <algorithm>

#include "common/thread_name.h"
#include "facade/engine_impl.h"
#include "facade/model_build_seam.h"
#include "storage/keys.h"

namespace gridledger {

namespace {
constexpr auto kProgressEvery = std::chrono::milliseconds(200);
}  // namespace

ModelBuildSeam& TestingModelBuildSeam() {
  static ModelBuildSeam seam;
  return seam;
}

Status EngineImpl::StartBackgroundBuild(uint32_t old_live, uint32_t generation, bool resume) {
  RocksStore& store = log_->store();
  auto family = store.Extra(ReadModels::kFamily);
  if (!family.ok()) return family.error();
  auto fresh = std::make_unique<RocksModelStore>(&store, *family, generation);
  if (!resume) {
    GL_RETURN_IF_ERROR(fresh->DropAll());  // what a build of another version left
    GL_RETURN_IF_ERROR(store.Put(Family::kMeta, keys::kReadModelsBuildingKey,
                                 GenerationValue(generation), /*sync=*/false,
                                 "starting the read models' build"));
  }
  auto building = NewBuildModels(std::move(fresh));
  if (resume) GL_RETURN_IF_ERROR(building->LoadRegistry());
  auto checkpoint = building->Checkpoint();
  if (!checkpoint.ok()) return checkpoint.error();
  build_position_.store(checkpoint->value, std::memory_order_relaxed);
  build_target_.store(log_->Committed().value, std::memory_order_relaxed);
  models_ready_.store(false, std::memory_order_release);
  builder_ = std::thread([this, b = std::move(building), old_live, generation]() mutable {
    NameThisThread("gl-model-build");
    BuildLoop(std::move(b), old_live, generation);
  });
  return Status::Ok();
}

void EngineImpl::BuildLoop(std::unique_ptr<ReadModels> building, uint32_t old_live,
                           uint32_t generation) {
  const ModelBuildSeam& seam = TestingModelBuildSeam();
  auto keep_going = [this, &seam](Position reached) {
    build_position_.store(reached.value, std::memory_order_relaxed);
    build_target_.store(std::max(reached.value, log_->Committed().value),
                        std::memory_order_relaxed);
    build_cv_.notify_all();
    if (seam.after_chunk && !seam.after_chunk(reached.value))
      build_stop_.store(true, std::memory_order_release);
    return !build_stop_.load(std::memory_order_acquire);
  };
  Status s = CatchUp(*building, log_->Committed(), keep_going,
                     seam.events_per_chunk ? seam.events_per_chunk : kEventsPerChunk);
  // What was built is kept, stopped or not: the next open resumes there.
  Status spilled = building->SpillBuild();
  if (s.ok()) s = spilled;
  if (s.ok()) {
    std::unique_lock rebuild(rebuild_mu_);
    rebuild_cv_.wait(rebuild, [&] { return !group_in_flight_; });
    s = CatchUpToObserved(*building);
    if (s.ok()) s = building->EndBuild(options_.read_model_cache_bytes);
    if (s.ok()) s = SwitchGeneration(generation);
    if (s.ok()) {
      std::unique_lock lock(models_mu_);
      models_ = std::move(building);
      generation_ = generation;
      models_ready_.store(true, std::memory_order_release);
    }
  }
  if (s.ok() && old_live != 0) {
    auto family = log_->store().Extra(ReadModels::kFamily);
    // Best effort: a generation left behind is dropped by the next rebuild.
    if (family.ok()) (void)RocksModelStore(&log_->store(), *family, old_live).DropAll();
  }
  {
    std::lock_guard lock(build_mu_);
    if (!s.ok() && !build_stop_.load(std::memory_order_acquire))
      build_error_ = Status(s.code(), "building the read models failed: " + s.message());
  }
  build_cv_.notify_all();
}

Status EngineImpl::ModelsReady() const {
  if (models_ready_.load(std::memory_order_acquire)) return Status::Ok();
  {
    std::lock_guard lock(build_mu_);
    if (!build_error_.ok()) return build_error_;
  }
  const uint64_t done = build_position_.load(std::memory_order_relaxed);
  const uint64_t total = std::max<uint64_t>(build_target_.load(std::memory_order_relaxed), 1);
  const uint64_t percent = std::min<uint64_t>(99, done * 100 / total);
  return Status::Unavailable("the read models are being built from the log (event " +
                             std::to_string(done) + " of " + std::to_string(total) + ", " +
                             std::to_string(percent) + "%); try again shortly");
}

Status EngineImpl::AwaitReadModels(std::chrono::milliseconds timeout,
                                   const BuildProgress& progress) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(build_mu_);
  for (;;) {
    if (models_ready_.load(std::memory_order_acquire)) return Status::Ok();
    if (!build_error_.ok()) return build_error_;
    if (progress) {
      const uint64_t done = build_position_.load(std::memory_order_relaxed);
      const uint64_t total = build_target_.load(std::memory_order_relaxed);
      lock.unlock();
      progress(done, total);
      lock.lock();
    }
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    build_cv_.wait_for(
        lock, std::min<std::chrono::steady_clock::duration>(deadline - now, kProgressEvery));
  }
  lock.unlock();
  return ModelsReady();
}

void EngineImpl::StopBuild() {
  build_stop_.store(true, std::memory_order_release);
  if (builder_.joinable()) builder_.join();
}

}  // namespace gridledger
