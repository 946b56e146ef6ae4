// The mailbox: FIFO order, a million queued messages, the MPSC stress
// (several producer threads against one consumer: nothing lost, nothing
// duplicated, each producer's order kept), and the save queue of
// selective receive.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "actor/mailbox.h"
#include "core/object.h"
#include "core/string.h"

namespace batuta::actor {
namespace {

MailNode* message(int64_t producer, int64_t seq) {
  // The payload is a fixnum pair packed in one: producer * 2^24 + seq.
  return new_mail_node(MailKind::Message, Value::fixnum(producer * (int64_t{1} << 24) + seq));
}

TEST(Mailbox, EmptyInboxPopsNothing) {
  Mailbox mb;
  EXPECT_FALSE(mb.inbox_pending());
  EXPECT_EQ(mb.pop_inbox(), nullptr);
  EXPECT_EQ(mb.size(), 0u);
}

TEST(Mailbox, MillionQueuedMessagesComeOutInOrder) {
  Mailbox mb;
  constexpr int64_t kCount = 1'000'000;
  for (int64_t i = 0; i < kCount; ++i) mb.push(new_mail_node(MailKind::Message, Value::fixnum(i)));
  EXPECT_EQ(mb.size(), static_cast<size_t>(kCount));
  EXPECT_TRUE(mb.inbox_pending());
  for (int64_t i = 0; i < kCount; ++i) {
    MailNode* n = mb.pop_inbox();
    ASSERT_NE(n, nullptr) << "at " << i;
    ASSERT_EQ(n->value.as_fixnum(), i);
    mb.consumed();
    free_mail_node(n);
  }
  EXPECT_EQ(mb.pop_inbox(), nullptr);
  EXPECT_FALSE(mb.inbox_pending());
  EXPECT_EQ(mb.size(), 0u);
}

TEST(Mailbox, InterleavedPushAndPopAcrossTheStub) {
  Mailbox mb;
  // One message at a time makes every pop go through the stub re-insertion.
  for (int64_t i = 0; i < 1000; ++i) {
    mb.push(new_mail_node(MailKind::Message, Value::fixnum(i)));
    MailNode* n = mb.pop_inbox();
    ASSERT_NE(n, nullptr);
    EXPECT_EQ(n->value.as_fixnum(), i);
    free_mail_node(n);
    EXPECT_EQ(mb.pop_inbox(), nullptr);
  }
}

TEST(Mailbox, ProducerThreadsAgainstOneConsumer) {
  Mailbox mb;
  constexpr int kProducers = 4;
  constexpr int64_t kPerProducer = 250'000;
  std::atomic<bool> go{false};
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      while (!go.load()) {
      }
      for (int64_t s = 0; s < kPerProducer; ++s) mb.push(message(p, s));
    });
  }
  go.store(true);
  std::vector<int64_t> next(kProducers, 0);
  int64_t received = 0;
  while (received < kProducers * kPerProducer) {
    MailNode* n = mb.pop_inbox();
    if (n == nullptr) continue;  // empty, or a push half done: look again
    int64_t v = n->value.as_fixnum();
    int64_t p = v >> 24, s = v & ((int64_t{1} << 24) - 1);
    ASSERT_GE(p, 0);
    ASSERT_LT(p, kProducers);
    ASSERT_EQ(s, next[p]) << "producer " << p << ": lost, duplicated or reordered";
    ++next[p];
    ++received;
    free_mail_node(n);
  }
  for (auto& t : producers) t.join();
  EXPECT_EQ(mb.pop_inbox(), nullptr);
  for (int p = 0; p < kProducers; ++p) EXPECT_EQ(next[p], kPerProducer);
}

TEST(Mailbox, SaveQueueKeepsOrderAroundATakenMessage) {
  Mailbox mb;
  for (int64_t i = 0; i < 5; ++i) mb.save(new_mail_node(MailKind::Message, Value::fixnum(i)));
  EXPECT_EQ(mb.saved_size(), 5u);
  // Take 2 from the middle (its predecessor is 1).
  MailNode* prev = mb.saved_head()->next.load();
  MailNode* two = prev->next.load();
  mb.unlink_saved(prev, two);
  free_mail_node(two);
  // Then the head and the tail.
  MailNode* head = mb.saved_head();
  mb.unlink_saved(nullptr, head);
  free_mail_node(head);
  std::vector<int64_t> left;
  MailNode* last = nullptr;
  for (MailNode* n = mb.saved_head(); n != nullptr; n = n->next.load()) {
    left.push_back(n->value.as_fixnum());
    if (n->next.load() == nullptr) last = n;
  }
  EXPECT_EQ(left, (std::vector<int64_t>{1, 3, 4}));
  EXPECT_EQ(mb.saved_tail(), last);
  MailNode* before_last = mb.saved_head()->next.load();
  mb.unlink_saved(before_last, last);
  free_mail_node(last);
  EXPECT_EQ(mb.saved_tail(), before_last);
  EXPECT_EQ(mb.saved_size(), 2u);
}

TEST(Mailbox, CursorTellsWhatArrivedSinceTheLastScan) {
  Mailbox mb;
  EXPECT_FALSE(mb.unscanned());
  mb.save(new_mail_node(MailKind::Message, Value::fixnum(1)));
  EXPECT_TRUE(mb.unscanned());
  mb.set_cursor(mb.saved_tail());  // a scan looked at everything
  EXPECT_FALSE(mb.unscanned());
  mb.save(new_mail_node(MailKind::Message, Value::fixnum(2)));
  EXPECT_TRUE(mb.unscanned());
  EXPECT_EQ(mb.cursor()->next.load()->value.as_fixnum(), 2);
}

TEST(Mailbox, QueuedMessagesAreFreedWithTheMailbox) {
  AllocationStats before = allocation_stats();
  {
    Mailbox mb;
    for (int i = 0; i < 100; ++i) mb.push(new_mail_node(MailKind::Message, make_string_from_utf8("a message")));
    mb.save(new_mail_node(MailKind::Message, make_string_from_utf8("saved")));
    EXPECT_GT(allocation_stats().bytes_live, before.bytes_live);
  }
  // The messages' strings are released (ASan/LSan checks the nodes too).
  EXPECT_EQ(allocation_stats().bytes_live, before.bytes_live);
}

}  // namespace
}  // namespace batuta::actor
