#include "jetstream/stream_copy.h"

#include <gtest/gtest.h>
#include <nats/nats.h>

#include <thread>

#include "gridledger/event_log.h"
#include "gridledger/event_payloads.h"

namespace gridledger::testing {
namespace {

std::string Header(natsMsg* m, const char* key) {
  const char* v = nullptr;
  return natsMsgHeader_Get(m, key, &v) == NATS_OK && v != nullptr ? std::string(v) : "";
}

// natsOptions for every URL of a comma-separated list.
natsStatus SetServers(natsOptions* no, const std::string& servers) {
  std::vector<std::string> urls;
  size_t start = 0;
  while (start < servers.size()) {
    size_t comma = servers.find(',', start);
    if (comma == std::string::npos) comma = servers.size();
    urls.push_back(servers.substr(start, comma - start));
    start = comma + 1;
  }
  std::vector<const char*> c;
  for (const auto& u : urls) c.push_back(u.c_str());
  return natsOptions_SetServers(no, c.data(), static_cast<int>(c.size()));
}

}  // namespace

uint64_t StreamLastSequence(const JetStreamOptions& options) {
  auto st = ReadJetStreamState(options);
  return st.ok() ? st->last_sequence : 0;
}

int StreamLeaderIndex(const JetStreamOptions& options) {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  int leader = -1;
  natsOptions* no = nullptr;
  natsStatus s = natsOptions_Create(&no);
  if (s == NATS_OK) s = SetServers(no, options.servers);
  if (s == NATS_OK) s = natsConnection_Connect(&nc, no);
  if (s == NATS_OK) s = natsConnection_JetStream(&js, nc, nullptr);
  jsStreamInfo* si = nullptr;
  jsErrCode jerr = jsErrCode(0);
  if (s == NATS_OK) s = js_GetStreamInfo(&si, js, options.stream.c_str(), nullptr, &jerr);
  if (s == NATS_OK && si->Cluster != nullptr && si->Cluster->Leader != nullptr &&
      si->Cluster->Leader[0] == 'n')
    leader = std::atoi(si->Cluster->Leader + 1) - 1;
  if (si != nullptr) jsStreamInfo_Destroy(si);
  if (js != nullptr) jsCtx_Destroy(js);
  if (nc != nullptr) natsConnection_Destroy(nc);
  if (no != nullptr) natsOptions_Destroy(no);
  return leader;
}

uint64_t StoreCommitted(const std::string& data_dir) {
  LogOptions o;
  o.read_only = true;
  auto log = EventLog::Open(data_dir, o);
  return log.ok() ? (*log)->Committed().value : 0;
}

Result<std::vector<StreamMessage>> ReadWholeStream(const JetStreamOptions& given,
                                                   std::chrono::milliseconds deadline) {
  GL_ASSIGN_OR_RETURN(JetStreamOptions options, ValidateJetStreamOptions(given));
  GL_ASSIGN_OR_RETURN(JetStreamState state, ReadJetStreamState(options));
  std::vector<StreamMessage> out;
  natsOptions* no = nullptr;
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  natsSubscription* sub = nullptr;
  natsStatus s = natsOptions_Create(&no);
  if (s == NATS_OK) s = SetServers(no, options.servers);
  if (s == NATS_OK) s = natsConnection_Connect(&nc, no);
  if (s == NATS_OK) s = natsConnection_JetStream(&js, nc, nullptr);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = options.stream.c_str();
  so.Ordered = true;
  std::string subject = options.subject_prefix + "." + options.district + ".>";
  jsErrCode jerr = jsErrCode(0);
  if (s == NATS_OK) s = js_SubscribeSync(&sub, js, subject.c_str(), nullptr, &so, &jerr);
  auto until = std::chrono::steady_clock::now() + deadline;
  while (s == NATS_OK && out.size() < state.messages) {
    if (std::chrono::steady_clock::now() > until) {
      s = NATS_TIMEOUT;
      break;
    }
    natsMsg* m = nullptr;
    natsStatus r = natsSubscription_NextMsg(&m, sub, 1000);
    if (r == NATS_TIMEOUT) continue;
    if (r != NATS_OK) {
      s = r;
      break;
    }
    StreamMessage sm;
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
      sm.sequence = meta->Sequence.Stream;
      jsMsgMetaData_Destroy(meta);
    }
    sm.subject = natsMsg_GetSubject(m);
    sm.msg_id = Header(m, "Nats-Msg-Id");
    sm.position = Header(m, kHeaderPosition.data());
    sm.stream = Header(m, kHeaderStream.data());
    sm.type = Header(m, kHeaderType.data());
    sm.body.assign(natsMsg_GetData(m), natsMsg_GetDataLength(m));
    natsMsg_Destroy(m);
    out.push_back(std::move(sm));
  }
  if (sub != nullptr) natsSubscription_Destroy(sub);
  if (js != nullptr) jsCtx_Destroy(js);
  if (nc != nullptr) natsConnection_Destroy(nc);
  if (no != nullptr) natsOptions_Destroy(no);
  if (s != NATS_OK)
    return Status::Unavailable(std::string("reading the stream: ") + natsStatus_GetText(s) + " (" +
                               std::to_string(out.size()) + " of " +
                               std::to_string(state.messages) + " messages)");
  return out;
}

void ExpectExactCopy(const std::string& data_dir, const JetStreamOptions& given) {
  auto options = ValidateJetStreamOptions(given);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  LogOptions lo;
  lo.read_only = true;
  auto log = EventLog::Open(data_dir, lo);
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  const uint64_t committed = (*log)->Committed().value;
  auto state = ReadJetStreamState(*options);
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->messages, committed) << "one message per committed event";
  EXPECT_EQ(state->last_sequence, committed);
  if (committed > 0) {
    EXPECT_EQ(state->first_sequence, 1u);
  }
  auto stored = (*log)->ReadAllStored(Position{1}, committed + 1);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), committed);
  auto messages = ReadWholeStream(*options);
  ASSERT_TRUE(messages.ok()) << messages.status().ToString();
  ASSERT_EQ(messages->size(), committed);
  size_t reported = 0;
  for (uint64_t i = 0; i < committed; ++i) {
    const StreamMessage& m = (*messages)[i];
    const StoredEvent& s = (*stored)[i];
    auto event = DecodeStoredEvent(s.bytes);
    ASSERT_TRUE(event.ok()) << event.status().ToString();
    bool same =
        m.sequence == s.position.value && m.body == s.bytes && m.msg_id == event->id.ToString() &&
        m.position == std::to_string(s.position.value) && m.stream == event->stream.value &&
        m.subject == JetStreamSubject(*options, event->grid_code, EventTypeName(event->payload)) &&
        !m.type.empty();
    EXPECT_TRUE(same) << "position " << s.position.value << ": sequence " << m.sequence << ", id "
                      << m.msg_id << " vs " << event->id.ToString() << ", subject " << m.subject
                      << ", body " << (m.body == s.bytes ? "equal" : "differs");
    if (!same && ++reported > 10) FAIL() << "too many differences";
  }
}

}  // namespace gridledger::testing
