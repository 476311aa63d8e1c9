// EventLogImpl::ReadAllInto: a chunk of the global log decoded into the
// vector of the chunk read before it (the read models' build reuses its
// chunks' memory this way).
#include "log/event_log_impl.h"
#include "log/log_test_util.h"

namespace gridledger {
namespace {

using testing::Note;
using testing::NoteText;
using testing::TempDir;

TEST(ReadAllInto, AReusedChunkHoldsExactlyTheEventsReadIntoIt) {
  TempDir dir;
  auto opened = EventLogImpl::OpenImpl(dir.path(), {}, {});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto& log = **opened;
  // Long stream names and notes (heap strings) in the first chunk, short
  // ones after: nothing of the longer events may show through.
  for (int i = 1; i <= 10; ++i) {
    const std::string name = i <= 5 ? "a-stream-name-long-enough-for-the-heap-" + std::to_string(i)
                                    : "s" + std::to_string(i);
    const std::string note = i <= 5 ? std::string(100, 'x') + std::to_string(i) : std::to_string(i);
    ASSERT_TRUE(log.Append(StreamId{name}, ExpectedVersion::Any(), {Note(note)}, {}).ok());
  }
  std::vector<RecordedEvent> chunk;
  ASSERT_TRUE(log.ReadAllInto(Position{1}, 5, &chunk).ok());
  ASSERT_EQ(chunk.size(), 5u);
  EXPECT_EQ(chunk[4].position, Position{5});

  // The next chunk into the same vector, then a shorter one, then past the
  // end: each time exactly what ReadAll gives.
  for (auto [from, limit, expected] : {std::tuple{6u, 5u, 5u}, {9u, 5u, 2u}, {11u, 5u, 0u}}) {
    ASSERT_TRUE(log.ReadAllInto(Position{from}, limit, &chunk).ok());
    auto fresh = log.ReadAll(Position{from}, limit);
    ASSERT_TRUE(fresh.ok());
    ASSERT_EQ(chunk.size(), expected) << "from " << from;
    ASSERT_EQ(fresh->size(), expected);
    for (size_t i = 0; i < expected; ++i) {
      testing::ExpectSameEnvelope(chunk[i], (*fresh)[i]);
      EXPECT_EQ(NoteText(chunk[i]), NoteText((*fresh)[i]));
    }
  }
  ASSERT_TRUE(log.ReadAllInto(Position{6}, 1, &chunk).ok());
  ASSERT_EQ(chunk.size(), 1u);
  EXPECT_EQ(chunk[0].stream.value, "s6");
  EXPECT_EQ(NoteText(chunk[0]), "6");
}

}  // namespace
}  // namespace gridledger
