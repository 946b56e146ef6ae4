// mailbox.cpp: see mailbox.h.
#include "actor/mailbox.h"

#include <algorithm>
#include <new>
#include <vector>

#include "actor/platform_threads.h"
#include "core/object.h"
#include "core/platform.h"

namespace batuta::actor {

namespace {

// Node recycling. A message node is made by the sender's thread and freed
// by the receiver's, often another one (a producer and its consumer), so
// a cache per thread alone would fill on one side and stay empty on the
// other. Each thread keeps a stack of free nodes; when it holds two
// batches it hands one batch (kBatch pointers) to a shared pool, and a
// thread whose stack is empty takes a batch back: one lock per kBatch
// nodes. Free nodes are kept as arrays of pointers, not chained through
// the nodes: taking one then reads no memory another core last wrote.
constexpr size_t kBatch = 256;
constexpr size_t kPoolBatches = 64;  // at most 16,384 idle nodes (40 bytes each) in the pool

struct NodeBatch {
  MailNode* nodes[kBatch];
};

struct NodePool {
  SpinLock lock;
  std::vector<NodeBatch*> batches;
};

// Never destroyed: a node may be freed during exit, after static
// destructors ran; its batches stay reachable, not leaked.
NodePool& node_pool() {
  static NodePool* pool = new NodePool();
  return *pool;
}

struct NodeCache {
  MailNode* nodes[2 * kBatch];
  size_t count = 0;
  bool closed = false;  // the thread is ending: nodes freed from now on are deleted
  ~NodeCache() {
    while (count > 0) delete nodes[--count];
    closed = true;
  }
};

BATUTA_THREAD_LOCAL NodeCache t_node_cache;

// Moves the newest kBatch nodes of a full cache to the pool (or deletes
// them when the pool is full).
void give_batch(NodeCache& cache) {
  auto* batch = new NodeBatch();
  cache.count -= kBatch;
  std::copy(cache.nodes + cache.count, cache.nodes + cache.count + kBatch, batch->nodes);
  NodePool& pool = node_pool();
  {
    SpinGuard g(pool.lock);
    if (pool.batches.size() < kPoolBatches) {
      pool.batches.push_back(batch);
      return;
    }
  }
  for (MailNode* n : batch->nodes) delete n;
  delete batch;
}

// Refills an empty cache with a batch from the pool; false when it has none.
bool take_batch(NodeCache& cache) {
  NodeBatch* batch = nullptr;
  NodePool& pool = node_pool();
  {
    SpinGuard g(pool.lock);
    if (pool.batches.empty()) return false;
    batch = pool.batches.back();
    pool.batches.pop_back();
  }
  std::copy(batch->nodes, batch->nodes + kBatch, cache.nodes);
  cache.count = kBatch;
  delete batch;
  return true;
}

}  // namespace

MailNode* new_mail_node(MailKind kind, Value value, Value extra, int64_t ref) {
  NodeCache& cache = t_node_cache;
  MailNode* n;
  if (cache.count > 0 || (!cache.closed && take_batch(cache))) {
    n = cache.nodes[--cache.count];
  } else {
    n = new MailNode();
  }
  n->next.store(nullptr, std::memory_order_relaxed);
  n->kind = kind;
  n->ref = ref;
  // A free node's values are nil (free_mail_node cleared them): they are
  // constructed over, not assigned, since an assignment first loads the
  // old value to release it, a cache miss on a node another core freed.
  new (&n->value) Value(std::move(value));
  new (&n->extra) Value(std::move(extra));
  return n;
}

void free_mail_node(MailNode* n) {
  // Values first: releasing them may free other nodes (a message that held
  // the last reference to an actor).
  n->value = Value();
  n->extra = Value();
  NodeCache& cache = t_node_cache;
  if (cache.closed) {
    delete n;
    return;
  }
  cache.nodes[cache.count++] = n;
  if (cache.count == 2 * kBatch) give_batch(cache);
}

Mailbox::Mailbox() : tail_(&stub_), head_(&stub_) {}

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
  pushed_.fetch_add(1, std::memory_order_relaxed);
  link(n);
}

void Mailbox::link(MailNode* n) {
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
  link(&stub_);  // the stub is not a message: not counted
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
