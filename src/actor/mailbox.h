// mailbox.h: an actor's mailbox: a lock-free multi-producer,
// single-consumer inbox and the save queue of selective receive.
//
// Inbox (Vyukov's intrusive MPSC queue with a stub node): push is one
// atomic exchange and one store, never blocks, never allocates beyond the
// node the sender made, and keeps each producer's messages in the order it
// pushed them (so messages from one actor to another arrive in the order
// sent). Only the owning actor's thread pops. A pop can briefly see
// nothing while a push is half done (exchanged, not yet linked); the
// pusher then wakes the owner after linking, so no message is lost.
//
// Save queue: the consumer moves nodes from the inbox to an ordered list,
// which selective receive scans; a matched node is unlinked from the
// middle, the others stay in arrival order. A scan cursor remembers how far
// the current receive has looked, so waking for a new message scans only
// what arrived since.
//
// Nodes carry a kind: user messages and call requests are what receive
// sees; replies are for `call` (and `inspect`) only; exit signals, monitor
// downs and inspect requests are handled by the runtime before the actor
// looks at its messages.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "core/value.h"

namespace batuta::actor {

enum class MailKind : uint8_t {
  Message,  // value: the message
  Request,  // value: the message; extra: the caller's pid; ref: the call's reference
  Reply,    // value: the reply; ref: the call's reference
  Exit,     // value: the reason; extra: the sender's pid; ref: 1 when sent by a link
  Down,     // value: the reason; extra: the monitored pid; ref: the monitor's reference
  Inspect,  // value: the status the inspector saw; extra: the inspector's pid; ref: its reference
};

struct MailNode {
  std::atomic<MailNode*> next{nullptr};
  MailKind kind = MailKind::Message;
  int64_t ref = 0;
  Value value;
  Value extra;
};

// Nodes are recycled (mailbox.cpp): a per-thread list of freed ones,
// exchanged in batches through a shared pool, so a message costs no
// malloc and free, whether its receiver runs on the sender's thread
// (ping-pong, rings) or on another one (a producer and its consumers).
MailNode* new_mail_node(MailKind kind, Value value, Value extra = Value(), int64_t ref = 0);
void free_mail_node(MailNode* n);

class Mailbox {
 public:
  Mailbox();
  ~Mailbox();  // frees every node still queued
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  // --- any thread ---------------------------------------------------------------
  // Appends n (its value must already be marked shared). Thread-safe, lock-free.
  void push(MailNode* n);
  // Messages pushed and not yet consumed (approximate while pushes race).
  size_t size() const {
    size_t consumed = consumed_.load(std::memory_order_relaxed);
    size_t pushed = pushed_.load(std::memory_order_relaxed);
    return pushed > consumed ? pushed - consumed : 0;
  }

  // --- the owner's thread only -------------------------------------------------
  // The oldest node of the inbox, or nullptr (empty, or a push in progress).
  MailNode* pop_inbox();
  // True when the inbox may hold a node (a push may be in progress).
  bool inbox_pending() const;

  // The save queue.
  void save(MailNode* n);
  MailNode* saved_head() const { return saved_head_; }
  size_t saved_size() const { return saved_size_; }
  // Unlinks n, whose predecessor in the save queue is prev (nullptr: n is the head).
  void unlink_saved(MailNode* prev, MailNode* n);
  MailNode* saved_tail() const { return saved_tail_; }
  // The last node the current scan has looked at (nullptr: none, scan from
  // the head). Every scan ends by setting it (to the tail when nothing
  // matched, to nullptr after taking a node), so unscanned() tells whether
  // something arrived since.
  MailNode* cursor() const { return cursor_; }
  void set_cursor(MailNode* last_scanned) { cursor_ = last_scanned; }
  bool unscanned() const { return cursor_ == nullptr ? saved_size_ > 0 : cursor_ != saved_tail_; }
  // Counts unlink_saved calls: a receive that keeps a position in the save
  // queue across Batuta code (its patterns' guards) compares it to know
  // that no node was unlinked meanwhile, so its position is still valid.
  uint32_t unlinks() const { return unlinks_; }  // wraps; compare for equality
  // A consumed node (taken from the inbox or the save queue) lowers size().
  // Only the owner writes consumed_: a plain store, no locked instruction.
  void consumed() { consumed_.store(consumed_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }

 private:
  // Links n at the head of the inbox (push without counting: the stub).
  void link(MailNode* n);

  // Layout: what the owner writes on every message first, what senders
  // write last, with 48 bytes between them that neither writes per
  // message (the stub's fields other than `next`, and padding). Whatever
  // 16-byte boundary the block starts at, no 64-byte cache line then holds
  // both an owner's field and head_ or pushed_, so a sender on another
  // core and the owner do not take the line from each other for fields
  // the other does not use (a producer feeding a consumer on another core
  // pays one line transfer per message, not three). The Actor places
  // fields senders only read after the mailbox (actor.h).
  //
  // --- the owner's ---
  MailNode* tail_;  // inbox: the consumer's end
  // size() is pushed_ - consumed_: producers count up, the owner counts
  // up what it consumed (two counters, so the owner never needs an atomic
  // read-modify-write per message).
  std::atomic<size_t> consumed_{0};
  // Save queue (owner only).
  MailNode* saved_head_ = nullptr;
  MailNode* saved_tail_ = nullptr;
  size_t saved_size_ = 0;
  MailNode* cursor_ = nullptr;
  uint32_t unlinks_ = 0;
  // --- neither, per message (stub_.next: only when the inbox runs empty) ---
  MailNode stub_;
  [[maybe_unused]] uint64_t padding_ = 0;  // completes the 48 bytes with stub_
  // --- the senders' ---
  std::atomic<MailNode*> head_;  // inbox: producers exchange it
  std::atomic<size_t> pushed_{0};
};

}  // namespace batuta::actor
