// mailbox.cpp: see mailbox.h.
#include "actor/mailbox.h"

#include <new>

#include "core/object.h"

namespace batuta::actor {

MailNode* new_mail_node(MailKind kind, Value value, Value extra, int64_t ref) {
  auto* n = new MailNode();
  n->kind = kind;
  n->ref = ref;
  n->value = std::move(value);
  n->extra = std::move(extra);
  return n;
}

void free_mail_node(MailNode* n) { delete n; }

Mailbox::Mailbox() : head_(&stub_), tail_(&stub_) {}

Mailbox::~Mailbox() {
  for (MailNode* n = saved_head_; n != nullptr;) {
    MailNode* next = n->next.load(std::memory_order_relaxed);
    free_mail_node(n);
    n = next;
  }
  // The owner is gone and so are the producers (they held the actor alive).
  while (MailNode* n = pop_inbox()) free_mail_node(n);
}

void Mailbox::push(MailNode* n) {
  count_.fetch_add(1, std::memory_order_relaxed);
  n->next.store(nullptr, std::memory_order_relaxed);
  // seq_cst: the exchange must be ordered before the pusher's read of the
  // owner's scheduling flag (scheduler.cpp, wake-up protocol).
  MailNode* prev = head_.exchange(n, std::memory_order_seq_cst);
  prev->next.store(n, std::memory_order_release);
}

MailNode* Mailbox::pop_inbox() {
  MailNode* tail = tail_;
  MailNode* next = tail->next.load(std::memory_order_acquire);
  if (tail == &stub_) {
    if (next == nullptr) return nullptr;
    tail_ = next;
    tail = next;
    next = next->next.load(std::memory_order_acquire);
  }
  if (next != nullptr) {
    tail_ = next;
    return tail;
  }
  if (tail != head_.load(std::memory_order_acquire)) return nullptr;  // a push is half done
  // tail is the last node: put the stub back behind it so tail can be taken.
  push(&stub_);
  count_.fetch_sub(1, std::memory_order_relaxed);  // the stub is not a message
  next = tail->next.load(std::memory_order_acquire);
  if (next != nullptr) {
    tail_ = next;
    return tail;
  }
  return nullptr;
}

bool Mailbox::inbox_pending() const {
  MailNode* tail = tail_;
  if (tail != &stub_) return true;
  return tail->next.load(std::memory_order_acquire) != nullptr || head_.load(std::memory_order_seq_cst) != &stub_;
}

void Mailbox::save(MailNode* n) {
  n->next.store(nullptr, std::memory_order_relaxed);
  if (saved_tail_ == nullptr) {
    saved_head_ = n;
  } else {
    saved_tail_->next.store(n, std::memory_order_relaxed);
  }
  saved_tail_ = n;
  ++saved_size_;
}

void Mailbox::unlink_saved(MailNode* prev, MailNode* n) {
  MailNode* next = n->next.load(std::memory_order_relaxed);
  if (prev == nullptr) {
    saved_head_ = next;
  } else {
    prev->next.store(next, std::memory_order_relaxed);
  }
  if (saved_tail_ == n) saved_tail_ = prev;
  --saved_size_;
  ++unlinks_;
  n->next.store(nullptr, std::memory_order_relaxed);
}

}  // namespace batuta::actor
