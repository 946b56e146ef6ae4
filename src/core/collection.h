// collection.h: Clojure's collection functions over every collection kind.
//
// Each kind has its own typed API (list.h, vector.h, map.h, hash_set.h,
// sorted_map.h, sorted_set.h, tuple.h, string.h); these functions dispatch
// on the kind so the VM and the standard library have one entry point per
// operation with Clojure's behaviour, nil punning included ((conj nil 1) is
// (1), (get nil :k) is nil, (count nil) is 0). Like the typed APIs they
// consume the collection they update, so a uniquely held collection is
// updated in place.
//
// Errors name the operation and the offending value:
//   conj: can't conj onto 42 (an integer)
//   nth: index 3 out of range for a vector of 3 elements
#pragma once

#include <cstddef>

#include "core/status.h"
#include "core/value.h"

namespace batuta {

bool is_collection(const Value& v);  // list, vector, map, set, sorted map/set, tuple

Result<size_t> count(const Value& coll);               // also strings (characters) and nil
Result<Value> conj(Value coll, Value x);               // lists at the front, vectors at the end, maps take [k v]
Result<Value> assoc(Value coll, Value key, Value val);  // maps, sorted maps, vectors (index <= count), nil
Result<Value> dissoc(Value coll, const Value& key);     // maps, sorted maps, nil
Result<Value> disj(Value coll, const Value& x);         // sets, sorted sets, nil
// get never fails: a key that is absent, or a collection that has no keys,
// gives not_found (as Clojure's get does).
Value get(const Value& coll, const Value& key, const Value& not_found = Value());
Result<bool> contains(const Value& coll, const Value& key);  // keys of maps, members of sets, indices of vectors
Result<Value> nth(const Value& coll, int64_t index);         // vectors, lists, tuples, strings; nil gives nil
Result<Value> peek(const Value& coll);                       // last of a vector, first of a list; nil when empty
Result<Value> pop(Value coll);                               // errors on an empty vector or list

}  // namespace batuta
