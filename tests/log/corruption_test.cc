// Bad bytes: a stored value that fails to decode yields kCorruption naming
// its position, through every read path, and never crashes or is silently
// skipped. Also the codec itself: every payload round-trips, and garbage,
// truncated or random bytes give kCorruption, never a crash.
#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "codec/event_codec.h"
#include "gridledger/event_view.h"
#include "log/log_test_util.h"
#include "log/raw_store.h"

namespace gridledger {
namespace {

using namespace std::chrono_literals;
using testing::Note;
using testing::OpenLog;
using testing::RawStore;
using testing::TempDir;

// ---- the codec ------------------------------------------------------------

Timestamp At(int64_t us) { return FromMicros(us); }

SealedField Sealed(const std::string& who) {
  return {who, std::string(24, '\x07'), std::string("cipher\0\xff text", 13) + who};
}

Location Place() { return {"411302001001", "bldg-7", "幸福路 12 号", 32990001, 112528002}; }

// One fully populated value of every EventPayload alternative, in the
// variant's order (the test checks that every index is covered).
std::vector<EventPayload> OneOfEachPayload() {
  std::vector<EventPayload> all;
  all.push_back(OpaqueEvent{"external.thing", std::string("bin\0ary\xff", 8)});
  all.push_back(
      GridDefined{"411302001001", "幸福社区第一网格", GridKind::kMicroGrid, "411302001", 321});
  all.push_back(
      PlaceRegistered{"bldg-7", "411302001001", "7 号楼", PlaceKind::kSchool, "compound-1"});
  all.push_back(WorkerAssigned{"w-9", "王芳", Role::kGridLeader, "411302001001", "城管"});
  all.push_back(WorkerReleased{"w-9", "411302001001"});
  {
    CaseFiled v;
    v.category = "环境卫生";
    v.source = CaseSource::kSensor;
    v.description = "楼道堆放杂物";
    v.location = Place();
    v.reporter = Sealed("person-1");
    v.resident_key = "rk";
    v.query_code_hash = "qch";
    v.kind = CaseKind::kMicroWish;
    v.external_id = "ext-1";
    v.media_url = "media://1";
    all.push_back(v);
  }
  all.push_back(CaseRegistered{Priority::kEmergency, At(1700000000000000), At(1699990000000000)});
  all.push_back(CaseRejected{RejectReason::kDuplicate, "same as before", "case-0001"});
  all.push_back(CaseDispatched{AssigneeLevel::kDepartment, "dept-water", "411302001001", "急"});
  all.push_back(CaseReturned{"not ours"});
  all.push_back(CaseAcknowledged{"w-9"});
  all.push_back(CaseHandled{"cleaned", {"photo-1", "photo-2"}});
  all.push_back(CaseReported{"done"});
  all.push_back(CaseVerified{true, "looks good"});
  all.push_back(CaseClosed{false, "late"});
  all.push_back(CaseFollowedUp{4, "thanks", false});
  all.push_back(CaseReopened{"came back"});
  all.push_back(DeadlineExtended{At(1700000000000001), At(1700000000000002), "rain", "leader"});
  all.push_back(CaseSuspended{"waiting for parts"});
  all.push_back(CaseResumed{At(1700000000000003), At(1700000000000004)});
  all.push_back(CaseEscalated{AssigneeLevel::kStreet, "too big"});
  all.push_back(DeadlineWarned{At(1700000000000005)});
  all.push_back(CaseOverdue{At(-5)});
  all.push_back(CaseMerged{"case-0002"});
  all.push_back(PatrolRecorded{"411302001001", "all quiet", {"p1"}, {"case-3", "case-4"}, 17});
  all.push_back(InspectionRecorded{"shop-1",
                                   "小卖部",
                                   {{"fire exits", false, "blocked"}, {"extinguisher", true, ""}},
                                   {"case-5"}});
  all.push_back(MediationOpened{"noise", {Sealed("p-a"), Sealed("p-b")}, "neighbours"});
  all.push_back(MediationSession{"first talk"});
  all.push_back(MediationConcluded{true, "agreed to quiet hours"});
  all.push_back(MicroWishCollected{"a wheelchair ramp", Sealed("p-c")});
  all.push_back(MicroWishPlanned{"build ramp", "sponsor co."});
  all.push_back(MicroWishFulfilled{"built"});
  all.push_back(MicroWishRevisited{"happy", false});
  all.push_back(CareVisitRecorded{Sealed("p-d"), Sealed("p-d"), true});
  all.push_back(PolicyOutreachRecorded{"pension", 12, 30});
  all.push_back(SensorAlarmRaised{"smoke-1", "smoke", Place(), "case-6"});
  return all;
}

NewEvent FullEvent(EventPayload payload) {
  NewEvent e;
  e.payload = std::move(payload);
  e.occurred_at = At(1690000000123456);
  e.actor = "worker-7";
  e.grid_code = "411302001001";
  e.correlation_id = EventId{1, 2};
  e.causation_id = EventId{3, 4};
  return e;
}

codec::EncodedEvent EncodeAndSeal(const NewEvent& e, Position p = Position{42}) {
  auto encoded = codec::Encode(StreamId{"case-rt"}, e, EventId{0xabc, 0xdef});
  EXPECT_TRUE(encoded.ok());
  codec::Seal(*encoded, StreamVersion{7}, p, At(1695000000000000), Hash256{});
  return *encoded;
}

TEST(Codec, OneOfEachPayloadCoversEveryAlternative) {
  std::set<size_t> indices;
  for (const auto& p : OneOfEachPayload()) indices.insert(p.index());
  EXPECT_EQ(indices.size(), std::variant_size_v<EventPayload>);
}

TEST(Codec, EveryPayloadRoundTripsThroughEncodeSealDecode) {
  for (const auto& payload : OneOfEachPayload()) {
    SCOPED_TRACE(std::string(EventTypeName(payload)));
    NewEvent event = FullEvent(payload);
    auto decoded = codec::Decode(EncodeAndSeal(event).bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(decoded->payload.index(), payload.index());
    EXPECT_TRUE(decoded->payload == payload);
  }
}

TEST(Codec, EnvelopeFieldsRoundTrip) {
  NewEvent event = FullEvent(CaseReturned{"x"});
  Hash256 prev{};
  prev[0] = 9;
  auto encoded = codec::Encode(StreamId{"case-rt"}, event, EventId{0xabc, 0xdef});
  ASSERT_TRUE(encoded.ok());
  Hash256 hash = codec::Seal(*encoded, StreamVersion{7}, Position{42}, At(1695000000000000), prev);
  auto decoded = codec::Decode(encoded->bytes);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->id, (EventId{0xabc, 0xdef}));
  EXPECT_EQ(decoded->stream, StreamId{"case-rt"});
  EXPECT_EQ(decoded->version, StreamVersion{7});
  EXPECT_EQ(decoded->position, Position{42});
  EXPECT_EQ(decoded->recorded_at, At(1695000000000000));
  EXPECT_EQ(decoded->occurred_at, At(1690000000123456));
  EXPECT_EQ(decoded->actor, "worker-7");
  EXPECT_EQ(decoded->grid_code, "411302001001");
  EXPECT_EQ(decoded->correlation_id, (EventId{1, 2}));
  EXPECT_EQ(decoded->causation_id, (EventId{3, 4}));
  EXPECT_EQ(decoded->schema_version, codec::kSchemaVersion);
  EXPECT_EQ(decoded->hash, hash);
  // The chain hash can be recomputed from the stored bytes alone.
  auto checked = codec::DecodeAndHash(encoded->bytes, prev);
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked->computed, hash);
}

TEST(Codec, UnsetOccurredTimeDefaultsToTheRecordedTime) {
  NewEvent event = Note("x");
  auto decoded = codec::Decode(EncodeAndSeal(event).bytes);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->occurred_at, At(1695000000000000));
}

TEST(Codec, TheHashDependsOnThePredecessor) {
  NewEvent event = Note("x");
  auto a = codec::Encode(StreamId{"s"}, event, EventId{1, 1});
  auto b = a;
  Hash256 prev_a{}, prev_b{};
  prev_b[31] = 1;
  EXPECT_NE(codec::Seal(*a, StreamVersion{1}, Position{1}, At(1), prev_a),
            codec::Seal(*b, StreamVersion{1}, Position{1}, At(1), prev_b));
}

void ExpectCorruption(std::string_view bytes, const std::string& what) {
  auto decoded = codec::Decode(bytes);
  ASSERT_FALSE(decoded.ok()) << what << " decoded";
  EXPECT_TRUE(decoded.error().IsCorruption()) << what << ": " << decoded.error().ToString();
  auto view = ViewStoredEvent(bytes);
  ASSERT_FALSE(view.ok()) << what << " viewed";
  EXPECT_TRUE(view.error().IsCorruption()) << what << ": " << view.error().ToString();
}

// The view of `bytes` gives every envelope field as the decoder does, and
// the chain hash the decoder's check computes.
void ExpectViewAgrees(const std::string& bytes, const Hash256& prev = Hash256{}) {
  auto checked = codec::DecodeAndHash(bytes, prev);
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  const RecordedEvent& e = checked->event;
  auto view = ViewStoredEvent(bytes);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  const EventView& v = *view;
  EXPECT_EQ(v.id, e.id);
  EXPECT_EQ(v.stream, e.stream.value);
  EXPECT_EQ(v.version, e.version);
  EXPECT_EQ(v.position, e.position);
  EXPECT_EQ(v.recorded_at, e.recorded_at);
  EXPECT_EQ(v.occurred_at, e.occurred_at);
  EXPECT_EQ(v.actor, e.actor);
  EXPECT_EQ(v.grid_code, e.grid_code);
  EXPECT_EQ(v.correlation_id, e.correlation_id);
  EXPECT_EQ(v.causation_id, e.causation_id);
  EXPECT_EQ(v.schema_version, e.schema_version);
  EXPECT_EQ(v.type, EventTypeName(e.payload));
  EXPECT_EQ(v.hash, e.hash);
  EXPECT_EQ(v.ChainHash(prev), checked->computed);
  EXPECT_EQ(v.bytes.data(), bytes.data());
  auto decoded = v.Decode();
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded->payload == e.payload);
}

// The same message as two segments (the second empty): valid Cap'n Proto
// that GridLedger never writes, so the view's slow path reads it.
std::string AsTwoSegments(const std::string& one_segment) {
  uint32_t words;
  std::memcpy(&words, one_segment.data() + 4, 4);
  std::string out(16, '\0');
  uint32_t table[3] = {1, words, 0};
  std::memcpy(out.data(), table, sizeof table);
  out += one_segment.substr(8);
  return out;
}

TEST(Codec, TheViewAgreesWithTheDecoderOnEveryPayload) {
  Hash256 prev{};
  prev[3] = 0x5a;
  for (const auto& payload : OneOfEachPayload()) {
    SCOPED_TRACE(std::string(EventTypeName(payload)));
    auto encoded = codec::Encode(StreamId{"case-v"}, FullEvent(payload), EventId{5, 6});
    ASSERT_TRUE(encoded.ok());
    codec::Seal(*encoded, StreamVersion{3}, Position{9}, At(1695000000000000), prev);
    ExpectViewAgrees(encoded->bytes, prev);
    // In place: the stream's text lies inside the stored bytes.
    auto view = ViewStoredEvent(encoded->bytes);
    ASSERT_TRUE(view.ok());
    EXPECT_GE(view->stream.data(), encoded->bytes.data());
    EXPECT_LT(view->stream.data(), encoded->bytes.data() + encoded->bytes.size());
    EXPECT_EQ(view->copy, nullptr);
  }
}

TEST(Codec, AMessageInSeveralSegmentsIsViewedFromACopyThatTheViewKeeps) {
  std::string a = AsTwoSegments(EncodeAndSeal(FullEvent(CaseReturned{"a"})).bytes);
  ASSERT_TRUE(codec::Decode(a).ok());
  ExpectViewAgrees(a);
  auto first = ViewStoredEvent(a);
  ASSERT_TRUE(first.ok());
  EXPECT_NE(first->copy, nullptr);
  // Another slow-path view (a different, larger event) and the first
  // view's stored bytes overwritten: its fields still read what it saw.
  NewEvent big = FullEvent(CaseReturned{std::string(4096, 'r')});
  big.actor = "another-actor";
  auto encoded = codec::Encode(StreamId{"case-second"}, big, EventId{1, 9});
  ASSERT_TRUE(encoded.ok());
  codec::Seal(*encoded, StreamVersion{1}, Position{1}, At(1), Hash256{});
  std::string b = AsTwoSegments(encoded->bytes);
  auto second = ViewStoredEvent(b);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->stream, "case-second");
  std::fill(a.begin(), a.end(), '\0');
  EXPECT_EQ(first->stream, "case-rt");
  EXPECT_EQ(first->actor, "worker-7");
  EXPECT_EQ(first->grid_code, "411302001001");
}

// Every envelope field of two views, and what they were read from.
void ExpectSameView(const EventView& a, const EventView& b) {
  testing::ExpectSameEnvelope(a, b);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.hash_offset, b.hash_offset);
  EXPECT_EQ(a.bytes.data(), b.bytes.data());
}

TEST(Codec, OneViewReadIntoForEventAfterEventHoldsOnlyTheLastOne) {
  // As the log's scans use it: one view, read into for every event. A
  // full event, a sparse one (no actor, grid or correlation), one read the
  // slow way (two segments) and a fast one after it.
  std::string full = EncodeAndSeal(FullEvent(CaseReturned{"full"})).bytes;
  NewEvent sparse_event{.payload = CaseReturned{"sparse"}};
  auto sparse_encoded = codec::Encode(StreamId{"case-sparse"}, sparse_event, EventId{3, 4});
  ASSERT_TRUE(sparse_encoded.ok());
  codec::Seal(*sparse_encoded, StreamVersion{2}, Position{5}, At(7), Hash256{});
  std::string sparse = sparse_encoded->bytes;
  std::string split = AsTwoSegments(EncodeAndSeal(FullEvent(CaseReturned{"split"})).bytes);
  EventView reused;
  for (const std::string* bytes : {&full, &sparse, &split, &sparse, &full}) {
    ASSERT_TRUE(codec::ViewInto(*bytes, &reused).ok());
    auto fresh = ViewStoredEvent(*bytes);
    ASSERT_TRUE(fresh.ok());
    ExpectSameView(reused, *fresh);
    EXPECT_EQ(reused.copy == nullptr, bytes != &split) << "a copy only for the slow way";
  }
  EXPECT_EQ(reused.actor, "worker-7");
}

TEST(Codec, OneEventDecodedIntoForEventAfterEventHoldsOnlyTheLastOne) {
  // As a scan and the read models' build use it: one RecordedEvent decoded
  // into again and again. Every payload, each after a full and a sparse
  // event (no actor, grid or correlation: nothing of the one before may
  // stay), compared with a fresh decode.
  NewEvent sparse_event{.payload = CaseReturned{"sparse"}};
  auto sparse_encoded = codec::Encode(StreamId{"case-sparse"}, sparse_event, EventId{3, 4});
  ASSERT_TRUE(sparse_encoded.ok());
  codec::Seal(*sparse_encoded, StreamVersion{2}, Position{5}, At(7), Hash256{});
  const std::string sparse = sparse_encoded->bytes;
  RecordedEvent reused;
  for (const auto& payload : OneOfEachPayload()) {
    const std::string full = EncodeAndSeal(FullEvent(payload)).bytes;
    for (const std::string* bytes : {&full, &sparse, &full}) {
      ASSERT_TRUE(codec::DecodeInto(*bytes, &reused).ok());
      auto fresh = codec::Decode(*bytes);
      ASSERT_TRUE(fresh.ok());
      testing::ExpectSameEnvelope(reused, *fresh);
      EXPECT_TRUE(reused.payload == fresh->payload) << EventTypeName(fresh->payload);
    }
  }
  ASSERT_TRUE(codec::DecodeInto(sparse, &reused).ok());
  EXPECT_EQ(reused.actor, "");
  EXPECT_EQ(reused.grid_code, "");
  EXPECT_EQ(reused.stream.value, "case-sparse");
}

TEST(Codec, GarbageIsCorruption) {
  ExpectCorruption("", "empty");
  ExpectCorruption("not an event", "text");
  ExpectCorruption(std::string(64, '\xff'), "all ones");
  ExpectCorruption(std::string(64, '\0'), "all zeros");  // a null root: no hash
  // A segment table claiming a segment far larger than the value.
  std::string huge(16, '\0');
  huge[4] = '\xff';
  huge[5] = '\xff';
  ExpectCorruption(huge, "oversized segment");
  // Trailing bytes after a valid message.
  std::string valid = EncodeAndSeal(Note("x")).bytes;
  ExpectCorruption(valid + std::string(8, '\0'), "trailing word");
}

TEST(Codec, EveryTruncationOfAValidValueIsCorruption) {
  std::string valid = EncodeAndSeal(FullEvent(OneOfEachPayload()[5])).bytes;
  ASSERT_TRUE(codec::Decode(valid).ok());
  for (size_t n = 0; n < valid.size(); ++n)
    ExpectCorruption(std::string_view(valid).substr(0, n), "first " + std::to_string(n) + " bytes");
}

TEST(Codec, RandomBytesNeverCrashAndFailAsCorruption) {
  std::mt19937_64 rng(20261123);
  int decoded_ok = 0;
  for (int i = 0; i < 5000; ++i) {
    size_t size = rng() % 512;
    std::string bytes(size, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng());
    // Half the time, make the segment table plausible so that decoding
    // reaches the pointers instead of failing on the first word.
    if (i % 2 && size >= 16) {
      size &= ~size_t{7};
      bytes.resize(size);
      uint32_t words = static_cast<uint32_t>(size / 8 - 1);
      std::memset(bytes.data(), 0, 4);
      std::memcpy(bytes.data() + 4, &words, 4);
    }
    auto decoded = codec::Decode(bytes);
    if (decoded.ok()) {
      ++decoded_ok;
    } else {
      EXPECT_TRUE(decoded.error().IsCorruption()) << decoded.error().ToString();
    }
  }
  EXPECT_LT(decoded_ok, 50);  // random bytes are almost never an envelope
}

TEST(Codec, RandomlyFlippedBytesOfValidValuesNeverCrash) {
  std::mt19937_64 rng(7);
  auto payloads = OneOfEachPayload();
  for (int i = 0; i < 3000; ++i) {
    std::string bytes = EncodeAndSeal(FullEvent(payloads[i % payloads.size()])).bytes;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f)
      bytes[rng() % bytes.size()] ^= static_cast<char>(1 + rng() % 255);
    auto decoded = codec::Decode(bytes);  // may still decode: text bytes changed
    if (!decoded.ok()) {
      EXPECT_TRUE(decoded.error().IsCorruption()) << decoded.error().ToString();
    } else {
      ExpectViewAgrees(bytes);  // and then the view reads the same
    }
    auto view = ViewStoredEvent(bytes);
    if (!view.ok()) {
      EXPECT_TRUE(view.error().IsCorruption()) << view.error().ToString();
    }
  }
}

// ---- bad bytes in a stored log --------------------------------------------

constexpr uint64_t kBad = 5;
constexpr int kEvents = 8;

EventId IdOf(int p) { return EventId{0x1000, static_cast<uint64_t>(p)}; }

// Writes kEvents events (ids IdOf(1..8), all in stream "case-x" so that the
// stream version equals the position) into a fresh log in `dir`.
void FillLog(const std::string& dir) {
  auto log = OpenLog(dir);
  ASSERT_NE(log, nullptr);
  for (int p = 1; p <= kEvents; ++p)
    ASSERT_TRUE(log->Append(StreamId{"case-x"}, {}, {Note("n" + std::to_string(p), IdOf(p))},
                            {.durability = Durability::kBuffered})
                    .ok());
}

void ExpectCorruptionAtBad(const Status& s) {
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("position " + std::to_string(kBad)), std::string::npos)
      << s.ToString();
}

struct Damage {
  const char* name;
  std::string (*make)(const std::string& original, const std::string& other);
};

const Damage kDamages[] = {
    {"Garbage",
     [](const std::string&, const std::string&) {
       return std::string("\x01\x02garbage bytes, not an envelope\xff\xfe");
     }},
    {"Empty", [](const std::string&, const std::string&) { return std::string(); }},
    {"Truncated",
     [](const std::string& v, const std::string&) { return v.substr(0, v.size() / 2); }},
    {"ZeroFilled",
     [](const std::string& v, const std::string&) { return std::string(v.size(), '\0'); }},
    {"AnotherPositionsEvent", [](const std::string&, const std::string& other) { return other; }},
};

// Each test gets a copy of one pristine log (filled once per suite, for
// speed) whose value at kBad is replaced by GetParam()'s damage.
class StoredDamage : public ::testing::TestWithParam<Damage> {
 protected:
  static void SetUpTestSuite() {
    pristine_ = new TempDir();
    FillLog(pristine_->Sub("db"));
  }
  static void TearDownTestSuite() {
    delete pristine_;
    pristine_ = nullptr;
  }

  void SetUp() override {
    std::filesystem::copy(pristine_->Sub("db"), dir_.Sub("db"),
                          std::filesystem::copy_options::recursive);
    {
      RawStore raw(dir_.Sub("db"));
      ASSERT_TRUE(raw.ok());
      auto original = raw.GetValue(kBad);
      auto other = raw.GetValue(2);
      ASSERT_TRUE(original.has_value() && other.has_value());
      raw.PutValue(kBad, GetParam().make(*original, *other));
    }
    log_ = OpenLog(dir_.Sub("db"));
    ASSERT_NE(log_, nullptr);
  }

  static TempDir* pristine_;
  TempDir dir_;
  std::unique_ptr<EventLog> log_;
};
TempDir* StoredDamage::pristine_ = nullptr;

TEST_P(StoredDamage, ReadStreamIsCorruptionNamingThePosition) {
  auto r = log_->ReadStream(StreamId{"case-x"}, StreamVersion{1}, ReadDirection::kForward, 100);
  ASSERT_FALSE(r.ok());
  ExpectCorruptionAtBad(r.error());
  auto back = log_->ReadStream(StreamId{"case-x"}, StreamVersion{UINT64_MAX},
                               ReadDirection::kBackward, 100);
  ASSERT_FALSE(back.ok());
  ExpectCorruptionAtBad(back.error());
  // Events before the damage are still readable.
  auto before =
      log_->ReadStream(StreamId{"case-x"}, StreamVersion{1}, ReadDirection::kForward, kBad - 1);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(before->size(), kBad - 1);
}

TEST_P(StoredDamage, ReadAllIsCorruptionNamingThePosition) {
  auto r = log_->ReadAll(Position{1}, 100);
  ASSERT_FALSE(r.ok());
  ExpectCorruptionAtBad(r.error());
  auto after = log_->ReadAll(Position{kBad + 1}, 100);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->size(), kEvents - kBad);
}

TEST_P(StoredDamage, ScanAllStopsWithCorruptionAfterVisitingTheGoodPrefix) {
  uint64_t visited = 0;
  Status s = log_->ScanAll(Position{1}, Position{0}, [&](const RecordedEvent&) {
    ++visited;
    return Status::Ok();
  });
  ExpectCorruptionAtBad(s);
  EXPECT_EQ(visited, kBad - 1);  // no silent skip past the damage
}

TEST_P(StoredDamage, ScanViewsStopsWithCorruptionAfterVisitingTheGoodPrefix) {
  uint64_t visited = 0;
  Status s = log_->ScanViews(Position{1}, Position{0}, [&](const EventView& v) {
    EXPECT_EQ(v.position, Position{visited + 1});
    ++visited;
    return Status::Ok();
  });
  ExpectCorruptionAtBad(s);
  EXPECT_EQ(visited, kBad - 1);
}

TEST_P(StoredDamage, AViewSubscriptionFailsWithCorruptionNamingThePosition) {
  std::vector<uint64_t> seen;
  auto sub = log_->SubscribeViews({}, [&](const EventView& v) {
    seen.push_back(v.position.value);
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok());
  EXPECT_FALSE((*sub)->WaitUntilHandled(Position{kEvents}, 10s));
  (*sub)->Stop();
  ExpectCorruptionAtBad((*sub)->status());
  EXPECT_EQ((*sub)->LastHandled(), Position{kBad - 1});
}

TEST_P(StoredDamage, ReadEventIsCorruptionNamingThePosition) {
  auto r = log_->ReadEvent(IdOf(kBad));
  ASSERT_FALSE(r.ok());
  ExpectCorruptionAtBad(r.error());
  EXPECT_TRUE(log_->ReadEvent(IdOf(kBad + 1)).ok());
}

TEST_P(StoredDamage, SubscriptionFailsWithCorruptionNamingThePosition) {
  std::vector<uint64_t> seen;
  auto sub = log_->Subscribe({}, [&](const RecordedEvent& e) {
    seen.push_back(e.position.value);
    return Status::Ok();
  });
  ASSERT_TRUE(sub.ok());
  EXPECT_FALSE((*sub)->WaitUntilHandled(Position{kEvents}, 10s));
  (*sub)->Stop();
  ExpectCorruptionAtBad((*sub)->status());
  EXPECT_EQ((*sub)->LastHandled(), Position{kBad - 1});
}

TEST_P(StoredDamage, VerifyNamesThePosition) {
  auto report = log_->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->first_bad_position, Position{kBad}) << report->problem;
}

TEST_P(StoredDamage, DeduplicationAgainstADamagedEventIsAnErrorNotACrash) {
  auto r = log_->Append(StreamId{"case-x"}, {}, {Note("n5", IdOf(kBad))});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().IsCorruption() || r.error().IsConflict()) << r.error().ToString();
  EXPECT_EQ(log_->Committed(), Position{kEvents});
}

INSTANTIATE_TEST_SUITE_P(Log, StoredDamage, ::testing::ValuesIn(kDamages),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(StoredGarbage, AGarbageLastValueRefusesToOpenWithCorruption) {
  TempDir dir;
  {
    auto log = OpenLog(dir.path());
    ASSERT_TRUE(log->Append(StreamId{"s"}, {}, {Note("a"), Note("b")}).ok());
  }
  {
    RawStore raw(dir.path());
    raw.PutValue(2, "garbage");
  }
  auto log = EventLog::Open(dir.path());
  ASSERT_FALSE(log.ok());
  EXPECT_TRUE(log.error().IsCorruption()) << log.error().ToString();
  EXPECT_NE(log.error().message().find("position 2"), std::string::npos);
}

}  // namespace
}  // namespace gridledger
