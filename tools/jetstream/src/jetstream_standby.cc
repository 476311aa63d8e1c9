// JetStreamStandbySource: what a standby follows, and the lease it watches
// (jetstream.h, gridledger/standby.h).
//
// Follow runs on the Standby's follow thread with a connection of its own
// (FollowJetStream). Last and Claim run on its watch thread and share one
// connection, opened when needed and dropped after any error.

#include <nats/nats.h>

#include "gridledger/jetstream.h"
#include "nats_connection.h"

namespace gridledger {
namespace {

using jetstream_internal::Connection;
using jetstream_internal::LeaseBucket;
using jetstream_internal::LeaseSpan;
using jetstream_internal::NatsError;
using jetstream_internal::StreamInfo;
using jetstream_internal::StreamStateRaw;

class JetStreamStandbySource final : public StandbySource {
 public:
  // `claims`: false for a replica that only reads (MakeJetStreamFollowSource).
  JetStreamStandbySource(JetStreamOptions options, bool take_over, bool claims = true)
      : options_(std::move(options)), take_over_(take_over), claims_(claims) {}
  ~JetStreamStandbySource() override { Drop(); }

  Status Follow(Position from, const std::function<Status(std::vector<StoredEvent>)>& deliver,
                const std::function<bool()>& stop) override {
    return FollowJetStream(options_, from, deliver, stop);
  }

  Result<Position> Last() override {
    GL_RETURN_IF_ERROR(Connect());
    auto raw = StreamInfo(conn_.js, options_);
    if (!raw.ok()) {
      Drop();
      return raw.error();
    }
    if (!raw->found) return Status::NotFound("stream " + options_.stream + " does not exist");
    return Position{raw->state.last_sequence};
  }

  Result<LeaseClaim> Claim() override {
    if (!claims_) return LeaseClaim{};
    GL_RETURN_IF_ERROR(Connect());
    if (kv_ == nullptr) {
      auto kv = LeaseBucket(conn_.js, options_);
      if (!kv.ok()) {
        Drop();
        return kv.error();
      }
      kv_ = *kv;
    }
    LeaseClaim claim;
    const char* key = options_.district.c_str();
    kvEntry* e = nullptr;
    natsStatus s = kvStore_Get(&e, kv_, key);
    if (s == NATS_OK) {
      claim.ours = options_.lease_holder == kvEntry_ValueString(e);
      kvEntry_Destroy(e);
    } else if (s != NATS_NOT_FOUND) {
      Status error = Status::Unavailable(NatsError("reading the lease", s));
      Drop();
      return error;
    } else if (take_over_) {
      // Lapsed: take it only if nobody else did in between (the create
      // fails when the key exists again).
      uint64_t revision = 0;
      claim.ours =
          kvStore_CreateString(&revision, kv_, key, options_.lease_holder.c_str()) == NATS_OK;
    }
    // Every holder vouches for at most half the bucket's TTL past its last
    // renewal, which came before this node's claim.
    if (claim.ours) claim.others_may_write_for = LeaseSpan(kv_, options_);
    return claim;
  }

  std::string Describe() const override {
    return "jetstream:" + options_.stream + "@" + options_.servers;
  }

 private:
  Status Connect() {
    if (conn_.nc != nullptr) return Status::Ok();
    return conn_.Open(options_, nullptr, nullptr);
  }
  void Drop() {
    if (kv_ != nullptr) kvStore_Destroy(kv_);
    kv_ = nullptr;
    conn_.Close();
  }

  JetStreamOptions options_;
  bool take_over_;
  bool claims_;
  Connection conn_;
  kvStore* kv_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<StandbySource>> MakeJetStreamFollowSource(JetStreamOptions options) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions valid, ValidateJetStreamOptions(std::move(options)));
  return std::unique_ptr<StandbySource>(std::make_unique<JetStreamStandbySource>(
      std::move(valid), /*take_over=*/false, /*claims=*/false));
}

Result<std::unique_ptr<StandbySource>> MakeJetStreamStandbySource(JetStreamOptions options,
                                                                  bool take_over) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions valid, ValidateJetStreamOptions(std::move(options)));
  if (valid.lease_bucket.empty() || valid.lease_holder.empty())
    return Status::InvalidArgument(
        "JetStream: a standby needs the lease bucket and its own name in the lease");
  return std::unique_ptr<StandbySource>(
      std::make_unique<JetStreamStandbySource>(std::move(valid), take_over));
}

}  // namespace gridledger
